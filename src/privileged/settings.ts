/**
 * Settings that are not secret, in `storage.local` (declared in ./storage/items.ts). Read back through
 * their validators: a broken or hostile stored value gives the default, never a wrong host (and the
 * PAT is bound to the address it was verified against anyway, see ./api.ts).
 */
import { DEFAULT_BASE_URL, normalizeBaseUrl } from '../pure/clarifai/client.ts';
import * as storage from './storage/access.ts';
import { CLIPBOARD_CLEAR, ORGS, SETTINGS } from './storage/items.ts';

/** The API address the token is sent to (the one it was verified against: ./api.ts). */
export async function apiAddress(): Promise<string> {
  return (await storage.read(SETTINGS)).apiBaseUrl;
}

/** Keeps the address normalized (https, no trailing slash), Clarifai's when given none; returns it. */
export async function setApiAddress(url: string): Promise<string> {
  const apiBaseUrl = normalizeBaseUrl(url || DEFAULT_BASE_URL);
  await storage.write(SETTINGS, { apiBaseUrl });
  return apiBaseUrl;
}

/** Seconds after a copy of key ids until the results page clears the clipboard (0: never). */
export async function clipboardClearSeconds(): Promise<number> {
  return storage.read(CLIPBOARD_CLEAR);
}

export async function setClipboardClearSeconds(seconds: number): Promise<number> {
  await storage.write(CLIPBOARD_CLEAR, seconds);
  return seconds;
}

/** Organization ids the user added to the app picker. Not secret. */
export async function getOrgs(): Promise<string[]> {
  return storage.read(ORGS);
}

export async function setOrgs(ids: readonly string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  await storage.write(ORGS, unique);
  return unique;
}
