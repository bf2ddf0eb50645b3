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
  // lockAfterMinutes belongs to the vault; only the API address is kept here.
  await browser.storage.local.set({ [KEY]: { apiBaseUrl } satisfies Settings });
  return { apiBaseUrl };
}

const ORGS_KEY = 'orgs';

/** Organization ids the user added to the app picker. Not secret. */
export async function getOrgs(): Promise<string[]> {
  const v = (await browser.storage.local.get(ORGS_KEY))[ORGS_KEY];
  return Array.isArray(v) ? (v as string[]) : [];
}

export async function setOrgs(ids: readonly string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  await browser.storage.local.set({ [ORGS_KEY]: unique });
  return unique;
}
