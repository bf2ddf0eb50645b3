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
 * Every item is declared in ./storage/items.ts and read back through its validator: a corrupt record is
 * "no token" (or "nothing remembered"), never a crash.
 *
 * Changes are made one at a time (`serial`), and the slow part of a change (PBKDF2, half a second)
 * runs before it, outside: a change that sealed or opened a token writes it only if the token is
 * still the one it started from. So forgetting or replacing the token while a passphrase is being
 * changed, a token remembered or unlocked never brings the old token back.
 */
import * as v from 'valibot';
import { DEFAULT_BASE_URL } from '../pure/clarifai/client.ts';
import { open, seal, type Sealed } from '../pure/crypto/seal.ts';
import * as storage from './storage/access.ts';
import { VAULT, VAULT_IDLE_MINUTES, VAULT_LAST_USE, VAULT_NOTICE, VAULT_SEALED } from './storage/items.ts';
import { ProfileSchema, VaultRecordSchema } from './storage/schemas.ts';

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

/** The sealed copy opened, but not readable as a token: it is forgotten (see ./operations/token.ts). */
export class UnreadableSealed extends Error {}

/** The token was forgotten, locked or replaced while a change to it was under way: nothing was written. */
export class TokenChanged extends Error {}

let queue: Promise<unknown> = Promise.resolve();

/** Runs vault changes one after another, never two at once. */
function serial<T>(change: () => Promise<T>): Promise<T> {
  const run = queue.then(change, change);
  queue = run.catch(() => {});
  return run;
}

const sameSealed = (a: Sealed | undefined, b: Sealed) => !!a && a.salt === b.salt && a.iv === b.iv && a.data === b.data;

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

export function store(pat: string, profile: Profile, apiBaseUrl = DEFAULT_BASE_URL): Promise<void> {
  return serial(async () => {
    await storage.write(VAULT, { pat, profile, apiBaseUrl });
    await storage.remove(VAULT_NOTICE);
  });
}

/** A new profile for the token in memory, if it still is `pat`. */
export function updateProfile(pat: string, profile: Profile): Promise<void> {
  return serial(async () => {
    const cur = await read();
    if (cur?.pat !== pat) throw new TokenChanged();
    await storage.write(VAULT, { ...cur, profile });
  });
}

export async function notice(): Promise<Notice | undefined> {
  return storage.read(VAULT_NOTICE);
}

export async function setNotice(n: Notice): Promise<void> {
  await storage.write(VAULT_NOTICE, n);
}

export function forget(): Promise<void> {
  return serial(() => storage.remove(VAULT));
}

// --- remembered (sealed) token -------------------------------------------------------------

export async function isRemembered(): Promise<boolean> {
  return (await storage.read(VAULT_SEALED)) !== undefined;
}

/** Seals the PAT in memory (and its profile and address) under a passphrase in storage.local. */
export async function remember(passphrase: string): Promise<void> {
  const cur = await read();
  if (!cur) throw new TokenChanged();
  const sealed = await seal(JSON.stringify(cur), passphrase);
  await serial(async () => {
    const now = await read();
    if (now?.pat !== cur.pat || now.apiBaseUrl !== cur.apiBaseUrl) throw new TokenChanged();
    await storage.write(VAULT_SEALED, sealed);
  });
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
  return serial(async () => {
    // Forgotten or replaced while PBKDF2 ran: what was opened is not the token any more.
    if (!sameSealed(await storage.read(VAULT_SEALED), sealed)) throw new TokenChanged();
    await storage.write(VAULT, opened.output);
    await touch();
    return 'unlocked' as const;
  });
}

/** Re-seals under a new passphrase (the old one must open it first). */
export async function changePassphrase(oldPassphrase: string, newPassphrase: string): Promise<void> {
  const sealed = await storage.read(VAULT_SEALED);
  if (!sealed) throw new Error('nothing remembered');
  const resealed = await seal(await open(sealed, oldPassphrase), newPassphrase);
  await serial(async () => {
    // Forgotten or replaced meanwhile: writing the old token back would resurrect it.
    if (!sameSealed(await storage.read(VAULT_SEALED), sealed)) throw new TokenChanged();
    await storage.write(VAULT_SEALED, resealed);
  });
}

/** Drops the PAT from memory; a remembered copy stays sealed. */
export function lock(): Promise<void> {
  return serial(() => storage.remove(VAULT));
}

/** Wipes every copy: memory and the sealed one. */
export function forgetEverywhere(): Promise<void> {
  return serial(() => storage.remove(VAULT, VAULT_NOTICE, VAULT_SEALED));
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
