/**
 * The PAT vault. The PAT lives here and nowhere else: in `storage.session` (memory only, forgotten
 * when the browser closes), which content scripts cannot read (access level TRUSTED_CONTEXTS, the
 * default, set again explicitly). It is never written to `storage.local` or `storage.sync` in the
 * clear, never logged, and never leaves the worker in a message.
 *
 * "Remember on this device" (opt-in) also keeps it in `storage.local` sealed with a key derived from
 * a passphrase (../pure/crypto/seal.ts). After a browser restart, or after the idle time, the vault
 * is "locked": the sealed copy is there, the PAT in memory is not, until the passphrase is entered.
 */
import browser from 'webextension-polyfill';
import { isSealed, open, seal, type Sealed } from '../pure/crypto/seal.ts';

const SEALED_KEY = 'vault:sealed';
const LAST_USE_KEY = 'vault:lastUse';
const IDLE_KEY = 'vault:idleMinutes';
export const DEFAULT_IDLE_MINUTES = 30;

const KEY = 'vault';

export interface Profile {
  userId: string;
  name: string;
  /** Every scope the PAT has, per myscopes. */
  scopes: string[];
  verifiedAt: string;
}

interface Stored {
  pat: string;
  profile?: Profile;
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
  return v && typeof v.pat === 'string' ? v : undefined;
}

export async function getPat(): Promise<string | undefined> {
  return (await read())?.pat;
}

export async function getProfile(): Promise<Profile | undefined> {
  return (await read())?.profile;
}

export async function store(pat: string, profile: Profile): Promise<void> {
  await browser.storage.session.set({ [KEY]: { pat, profile } satisfies Stored });
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

/** Opens the sealed copy into memory. A wrong passphrase throws WrongPassphrase and changes nothing. */
export async function unlock(passphrase: string): Promise<void> {
  const sealed = await readSealed();
  if (!sealed) throw new Error('nothing remembered');
  const stored = JSON.parse(await open(sealed, passphrase)) as Stored;
  await browser.storage.session.set({ [KEY]: stored });
  await touch();
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
  await browser.storage.session.remove(KEY);
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
