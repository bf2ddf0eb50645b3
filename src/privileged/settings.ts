/**
 * Settings that are not secret, in `storage.local` (declared in ./storage/items.ts). Read back through
 * their validators: a broken or hostile stored value gives the default, never a wrong host (and the
 * PAT is bound to the address it was verified against anyway, see ./api.ts).
 */
import { DEFAULT_BASE_URL, normalizeBaseUrl } from '../pure/clarifai/client.ts';
import type { Settings } from '../pure/protocol/settings.ts';
import * as storage from './storage/access.ts';
import { ORGS, SETTINGS } from './storage/items.ts';

export async function getSettings(): Promise<Settings> {
  const { apiBaseUrl } = await storage.read(SETTINGS);
  return { apiBaseUrl };
}

export async function setSettings(next: Settings): Promise<Settings> {
  const apiBaseUrl = normalizeBaseUrl(next.apiBaseUrl || DEFAULT_BASE_URL);
  // lockAfterMinutes belongs to the vault; only the API address is kept here.
  await storage.write(SETTINGS, { apiBaseUrl });
  return { apiBaseUrl };
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
