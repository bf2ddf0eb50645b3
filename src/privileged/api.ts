/** The worker's Clarifai client, made with the PAT from the vault and the configured API address. */
import { ClarifaiClient } from '../pure/clarifai/client.ts';
import { OperationError } from './errors.ts';
import * as settings from './settings.ts';
import * as vault from './vault.ts';

export async function clientFor(pat: string): Promise<ClarifaiClient> {
  const { apiBaseUrl } = await settings.getSettings();
  return new ClarifaiClient({ token: pat, baseUrl: apiBaseUrl, fetch: (input, init) => fetch(input, init) });
}

export async function requirePat(): Promise<string> {
  await vault.lockIfIdle();
  const pat = await vault.getPat();
  if (!pat && (await vault.isRemembered())) throw new OperationError('no-token', 'Keysmith is locked: enter your passphrase on its options page to unlock the token.');
  if (pat) await vault.touch();
  if (!pat) throw new OperationError('no-token', 'No Personal Access Token is set: add one on Keysmith’s options page.');
  return pat;
}

