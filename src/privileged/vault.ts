/**
 * The PAT vault. The PAT lives here and nowhere else: in `storage.session` (memory only, forgotten
 * when the browser closes), which content scripts cannot read (access level TRUSTED_CONTEXTS, the
 * default, set again explicitly). It is never written to `storage.local` or `storage.sync` in the
 * clear, never logged, and never leaves the worker in a message.
 *
 * "Remember on this device" (opt-in) also keeps it in `storage.local` sealed with a key derived from
 * a passphrase (../pure/crypto/seal.ts). After a browser restart, or after the idle time, the vault
 * is "locked": the sealed copy is there, the PAT in memory is not, until the passphrase is entered.
 *
 * The PAT is bound to the API address it was verified against (`apiBaseUrl`, kept beside it in
 * memory and inside the sealed copy): ./api.ts sends it nowhere else (see there).
 *
 * Every item is declared in ./storage.ts and read back through its validator: a corrupt record is
 * "no token" (or "nothing remembered"), never a crash.
 */
import * as v from 'valibot';
import { DEFAULT_BASE_URL } from '../pure/clarifai/client.ts';
import { open, seal } from '../pure/crypto/seal.ts';
import * as storage from './storage.ts';
import { ProfileSchema, VAULT, VAULT_IDLE_MINUTES, VAULT_LAST_USE, VAULT_NOTICE, VAULT_SEALED, VaultRecordSchema } from './storage.ts';

export { DEFAULT_IDLE_MINUTES } from './storage.ts';

/** Why Keysmith forgot the token by itself, said once on the options page. */
export type Notice = 'address-changed';

export type Profile = v.InferOutput<typeof ProfileSchema>;
export type Stored = v.InferOutput<typeof VaultRecordSchema>;

/** What a sealed copy holds once opened: a record of the vault (before the binding: no address). */
const SealedPlainSchema = v.pipe(
  v.string(),
  v.maxLength(100_000),
  v.transform((s) => {
    try {
      return JSON.parse(s) as unknown;
    } catch {
      return undefined;
    }
  }),
  v.object({ ...VaultRecordSchema.entries, apiBaseUrl: v.optional(VaultRecordSchema.entries.apiBaseUrl, DEFAULT_BASE_URL) }),
);

/** The sealed copy opened, but not readable as a token: it is forgotten (see ./operations.ts). */
export class UnreadableSealed extends Error {}

export const lockDownSessionStorage = storage.lockDownSession;

async function read(): Promise<Stored | undefined> {
  return storage.read(VAULT);
}

/** The PAT in memory with the address it is bound to. */
export async function current(): Promise<Stored | undefined> {
  return read();
}

export async function getPat(): Promise<string | undefined> {
  return (await read())?.pat;
}

export async function getProfile(): Promise<Profile | undefined> {
  return (await read())?.profile;
}

export async function store(pat: string, profile: Profile, apiBaseUrl = DEFAULT_BASE_URL): Promise<void> {
  await storage.write(VAULT, { pat, profile, apiBaseUrl });
  await storage.remove(VAULT_NOTICE);
}

export async function notice(): Promise<Notice | undefined> {
  return storage.read(VAULT_NOTICE);
}

export async function setNotice(n: Notice): Promise<void> {
  await storage.write(VAULT_NOTICE, n);
}

export async function forget(): Promise<void> {
  await storage.remove(VAULT);
}

// --- remembered (sealed) token -------------------------------------------------------------

export async function isRemembered(): Promise<boolean> {
  return (await storage.read(VAULT_SEALED)) !== undefined;
}

/** Seals the PAT in memory (and its profile and address) under a passphrase in storage.local. */
export async function remember(passphrase: string): Promise<void> {
  const cur = await read();
  if (!cur) throw new Error('no token');
  await storage.write(VAULT_SEALED, await seal(JSON.stringify(cur), passphrase));
}

/**
 * Opens the sealed copy into memory. A wrong passphrase throws WrongPassphrase and changes nothing.
 * A copy bound to another address than `apiBaseUrl` (the one configured now) is not opened into
 * memory: the answer says so, and the caller forgets it. A copy that opens but holds no token
 * Keysmith can read throws UnreadableSealed.
 */
export async function unlock(passphrase: string, apiBaseUrl: string): Promise<'unlocked' | 'address-changed'> {
  const sealed = await storage.read(VAULT_SEALED);
  if (!sealed) throw new Error('nothing remembered');
  const opened = v.safeParse(SealedPlainSchema, await open(sealed, passphrase));
  if (!opened.success) throw new UnreadableSealed();
  if (opened.output.apiBaseUrl !== apiBaseUrl) return 'address-changed';
  await storage.write(VAULT, opened.output);
  await touch();
  return 'unlocked';
}

/** Re-seals under a new passphrase (the old one must open it first). */
export async function changePassphrase(oldPassphrase: string, newPassphrase: string): Promise<void> {
  const sealed = await storage.read(VAULT_SEALED);
  if (!sealed) throw new Error('nothing remembered');
  const plain = await open(sealed, oldPassphrase);
  await storage.write(VAULT_SEALED, await seal(plain, newPassphrase));
}

/** Drops the PAT from memory; a remembered copy stays sealed. */
export async function lock(): Promise<void> {
  await storage.remove(VAULT);
}

/** Wipes every copy: memory and the sealed one. */
export async function forgetEverywhere(): Promise<void> {
  await storage.remove(VAULT, VAULT_NOTICE, VAULT_SEALED);
}

// --- idle lock -----------------------------------------------------------------------------

export async function touch(): Promise<void> {
  await storage.write(VAULT_LAST_USE, Date.now());
}

export async function idleMinutes(): Promise<number> {
  return storage.read(VAULT_IDLE_MINUTES);
}

export async function setIdleMinutes(m: number): Promise<void> {
  await storage.write(VAULT_IDLE_MINUTES, m);
}

/** Locks a remembered token that has not been used for the idle time. Returns whether it locked. */
export async function lockIfIdle(now = Date.now()): Promise<boolean> {
  if (!(await isRemembered()) || !(await read())) return false;
  const last = await storage.read(VAULT_LAST_USE);
  const idle = (await idleMinutes()) * 60_000;
  // A last use "in the future" is not trusted to keep it open.
  if (last !== undefined && last <= now && now - last < idle) return false;
  await lock();
  return true;
}
