/**
 * The PAT vault. The PAT lives here and nowhere else: in `storage.session` (memory only, forgotten
 * when the browser closes), which content scripts cannot read (access level TRUSTED_CONTEXTS, the
 * default, set again explicitly). It is never written to `storage.local` or `storage.sync`, never
 * logged, and never leaves the worker in a message.
 */
import browser from 'webextension-polyfill';

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
