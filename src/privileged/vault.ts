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
 */
import browser from 'webextension-polyfill';
import { DEFAULT_BASE_URL } from '../pure/clarifai/client.ts';
import { isSealed, open, seal, type Sealed } from '../pure/crypto/seal.ts';

const SEALED_KEY = 'vault:sealed';
const LAST_USE_KEY = 'vault:lastUse';
const IDLE_KEY = 'vault:idleMinutes';
export const DEFAULT_IDLE_MINUTES = 30;

const KEY = 'vault';
const NOTICE_KEY = 'vault:notice';

/** Why Keysmith forgot the token by itself, said once on the options page. */
export type Notice = 'address-changed';

export interface Profile {
  userId: string;
  name: string;
  /** Every scope the PAT has, per myscopes. */
  scopes: string[];
  verifiedAt: string;
}

export interface Stored {
  pat: string;
  profile?: Profile;
  /** The API address the PAT was verified against; it is sent nowhere else. */
  apiBaseUrl: string;
}

export async function lockDownSessionStorage(): Promise<void> {
  const session = browser.storage.session as typeof browser.storage.session & {
    setAccessLevel?: (o: { accessLevel: string }) => Promise<void>;
  };
  // Chrome: make sure content scripts cannot read session storage (it is the default; say it anyway).
  // Firefox never exposes storage.session to content scripts and has no setAccessLevel.
  await session.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' });
}

async function read(): Promise<Stored | undefined> {
  const got = await browser.storage.session.get(KEY);
  const v = got[KEY] as Stored | undefined;
  // A record from before the binding was verified against the default address, the only one then.
  return v && typeof v.pat === 'string' ? { ...v, apiBaseUrl: typeof v.apiBaseUrl === 'string' ? v.apiBaseUrl : DEFAULT_BASE_URL } : undefined;
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
  await browser.storage.session.set({ [KEY]: { pat, profile, apiBaseUrl } satisfies Stored });
  await browser.storage.session.remove(NOTICE_KEY);
}

export async function notice(): Promise<Notice | undefined> {
  const v = (await browser.storage.session.get(NOTICE_KEY))[NOTICE_KEY];
  return v === 'address-changed' ? v : undefined;
}

export async function setNotice(n: Notice): Promise<void> {
  await browser.storage.session.set({ [NOTICE_KEY]: n });
}

export async function forget(): Promise<void> {
  await browser.storage.session.remove(KEY);
}

// --- remembered (sealed) token -------------------------------------------------------------

async function readSealed(): Promise<Sealed | undefined> {
  const v = (await browser.storage.local.get(SEALED_KEY))[SEALED_KEY];
  return isSealed(v) ? v : undefined;
}

export async function isRemembered(): Promise<boolean> {
  return (await readSealed()) !== undefined;
}

/** Seals the PAT in memory (and its profile) under a passphrase in storage.local. */
export async function remember(passphrase: string): Promise<void> {
  const cur = await read();
  if (!cur) throw new Error('no token');
  await browser.storage.local.set({ [SEALED_KEY]: await seal(JSON.stringify(cur), passphrase) });
}

/**
 * Opens the sealed copy into memory. A wrong passphrase throws WrongPassphrase and changes nothing.
 * A copy bound to another address than `apiBaseUrl` (the one configured now) is not opened into
 * memory: the answer says so, and the caller forgets it.
 */
export async function unlock(passphrase: string, apiBaseUrl: string): Promise<'unlocked' | 'address-changed'> {
  const sealed = await readSealed();
  if (!sealed) throw new Error('nothing remembered');
  const opened = JSON.parse(await open(sealed, passphrase)) as Partial<Stored>;
  const stored = { ...opened, apiBaseUrl: opened.apiBaseUrl ?? DEFAULT_BASE_URL } as Stored;
  if (stored.apiBaseUrl !== apiBaseUrl) return 'address-changed';
  await browser.storage.session.set({ [KEY]: stored });
  await touch();
  return 'unlocked';
}

/** Re-seals under a new passphrase (the old one must open it first). */
export async function changePassphrase(oldPassphrase: string, newPassphrase: string): Promise<void> {
  const sealed = await readSealed();
  if (!sealed) throw new Error('nothing remembered');
  const plain = await open(sealed, oldPassphrase);
  await browser.storage.local.set({ [SEALED_KEY]: await seal(plain, newPassphrase) });
}

/** Drops the PAT from memory; a remembered copy stays sealed. */
export async function lock(): Promise<void> {
  await browser.storage.session.remove(KEY);
}

/** Wipes every copy: memory and the sealed one. */
export async function forgetEverywhere(): Promise<void> {
  await browser.storage.session.remove([KEY, NOTICE_KEY]);
  await browser.storage.local.remove(SEALED_KEY);
}

// --- idle lock -----------------------------------------------------------------------------

export async function touch(): Promise<void> {
  await browser.storage.session.set({ [LAST_USE_KEY]: Date.now() });
}

export async function idleMinutes(): Promise<number> {
  const v = (await browser.storage.local.get(IDLE_KEY))[IDLE_KEY];
  return typeof v === 'number' && v > 0 ? v : DEFAULT_IDLE_MINUTES;
}

export async function setIdleMinutes(m: number): Promise<void> {
  await browser.storage.local.set({ [IDLE_KEY]: m });
}

/** Locks a remembered token that has not been used for the idle time. Returns whether it locked. */
export async function lockIfIdle(now = Date.now()): Promise<boolean> {
  if (!(await isRemembered()) || !(await read())) return false;
  const last = (await browser.storage.session.get(LAST_USE_KEY))[LAST_USE_KEY];
  const idle = (await idleMinutes()) * 60_000;
  if (typeof last === 'number' && now - last < idle) return false;
  await lock();
  return true;
}
