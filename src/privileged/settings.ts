/** Settings that are not secret, in `storage.local`. */
import browser from 'webextension-polyfill';
import { DEFAULT_BASE_URL, normalizeBaseUrl } from '../pure/clarifai/client.ts';
import type { Settings } from '../pure/protocol.ts';

const KEY = 'settings';

export async function getSettings(): Promise<Settings> {
  const got = (await browser.storage.local.get(KEY))[KEY] as Partial<Settings> | undefined;
  let apiBaseUrl = DEFAULT_BASE_URL;
  try {
    if (got?.apiBaseUrl) apiBaseUrl = normalizeBaseUrl(got.apiBaseUrl);
  } catch {
    // A broken stored value falls back to the default rather than breaking every call.
  }
  return { apiBaseUrl };
}

export async function setSettings(next: Settings): Promise<Settings> {
  const apiBaseUrl = normalizeBaseUrl(next.apiBaseUrl || DEFAULT_BASE_URL);
  await browser.storage.local.set({ [KEY]: { apiBaseUrl } satisfies Settings });
  return { apiBaseUrl };
}
