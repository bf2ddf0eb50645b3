import { describe, expect, it, vi } from 'vitest';
import browser from '../../fakes/browser.ts';
import { open, PBKDF2_ITERATIONS, seal, WrongPassphrase } from '../../../src/pure/crypto/seal.ts';
import { handlers } from '../../../src/privileged/operations.ts';
import * as vault from '../../../src/privileged/vault.ts';
import { PARTNER_PAT as OTHER, SANDBOX_PAT as PAT } from '../../../sandbox/state.ts';
import { useWorkerSandbox } from '../support/worker-sandbox.ts';

const page = { caller: 'page' as const };

const world = useWorkerSandbox();

describe('seal', () => {
  it('uses at least 600,000 PBKDF2 iterations and opens with the right passphrase only', async () => {
    expect(PBKDF2_ITERATIONS).toBeGreaterThanOrEqual(600_000);
    const s = await seal('secret', 'correct horse', 1000);
    expect(JSON.stringify(s)).not.toContain('secret');
    expect(await open(s, 'correct horse')).toBe('secret');
    await expect(open(s, 'wrong horse')).rejects.toBeInstanceOf(WrongPassphrase);
  });

  it('uses a fresh salt and IV every time', async () => {
    const a = await seal('x', 'pass phrase', 1000);
    const b = await seal('x', 'pass phrase', 1000);
    expect(a.salt).not.toBe(b.salt);
    expect(a.iv).not.toBe(b.iv);
  });
});

describe('the remembered token', () => {
  it('is stored sealed, locks on a browser restart, and unlocks with the passphrase', async () => {
    await handlers.setPat({ op: 'setPat', pat: PAT, remember: true, passphrase: 'correct horse' }, page);
    expect(JSON.stringify(browser.storage.local._dump())).not.toContain(PAT);
    expect(JSON.stringify(browser.storage.local._dump())).toContain('PBKDF2-SHA256');
    browser.storage.session._reset(); // browser restart
    expect(await handlers.getSession({ op: 'getSession' }, page)).toEqual({ hasToken: false, locked: true, remembered: true });
    await expect(handlers.listApps({ op: 'listApps' }, page)).rejects.toThrow(/locked/);
    await expect(handlers.unlock({ op: 'unlock', passphrase: 'wrong horse' }, page)).rejects.toThrow(/passphrase is wrong/);
    expect(await vault.isRemembered()).toBe(true); // a wrong passphrase destroys nothing
    const v = await handlers.unlock({ op: 'unlock', passphrase: 'correct horse' }, page);
    expect(v).toMatchObject({ hasToken: true, remembered: true, user: { id: 'demo-user' } });
  }, 20_000);

  it('re-seals under a new passphrase', async () => {
    await handlers.setPat({ op: 'setPat', pat: PAT, remember: true, passphrase: 'correct horse' }, page);
    await expect(handlers.changePassphrase({ op: 'changePassphrase', oldPassphrase: 'nope nope', newPassphrase: 'battery staple' }, page)).rejects.toThrow(
      /current passphrase is wrong/,
    );
    await handlers.changePassphrase({ op: 'changePassphrase', oldPassphrase: 'correct horse', newPassphrase: 'battery staple' }, page);
    await handlers.lock({ op: 'lock' }, page);
    await expect(handlers.unlock({ op: 'unlock', passphrase: 'correct horse' }, page)).rejects.toThrow(/wrong/);
    expect((await handlers.unlock({ op: 'unlock', passphrase: 'battery staple' }, page)).hasToken).toBe(true);
  }, 30_000);

  it('locks after the idle time', async () => {
    await handlers.setPat({ op: 'setPat', pat: PAT, remember: true, passphrase: 'correct horse' }, page);
    expect(await vault.lockIfIdle(Date.now() + 5 * 60_000)).toBe(false);
    expect(await vault.lockIfIdle(Date.now() + 31 * 60_000)).toBe(true);
    expect((await handlers.getSession({ op: 'getSession' }, page)).locked).toBe(true);
  }, 20_000);

  it('a token kept in memory only is never locked by idleness', async () => {
    await handlers.setPat({ op: 'setPat', pat: PAT }, page);
    expect(await vault.lockIfIdle(Date.now() + 999 * 60_000)).toBe(false);
  });

  it('forget wipes every copy', async () => {
    await handlers.setPat({ op: 'setPat', pat: PAT, remember: true, passphrase: 'correct horse' }, page);
    await handlers.forgetPat({ op: 'forgetPat' }, page);
    expect(JSON.stringify(browser.storage.local._dump())).not.toContain('PBKDF2');
    expect(await handlers.getSession({ op: 'getSession' }, page)).toEqual({ hasToken: false });
  }, 20_000);

  it('asks for a passphrase before remembering', async () => {
    await expect(handlers.setPat({ op: 'setPat', pat: PAT, remember: true }, page)).rejects.toThrow(/passphrase/);
  });
});

/** Resolves once PBKDF2 has begun: the slow half-second in which a race can happen. */
function pbkdf2Started(): Promise<void> {
  const derive = crypto.subtle.deriveKey.bind(crypto.subtle);
  return new Promise((started) => {
    vi.spyOn(crypto.subtle, 'deriveKey').mockImplementation(((...args: Parameters<typeof derive>) => {
      started();
      return derive(...args);
    }) as typeof derive);
  });
}

describe('a change under way does not bring an old token back', () => {
  it('when the token is forgotten while the passphrase is being changed', async () => {
    await handlers.setPat({ op: 'setPat', pat: PAT, remember: true, passphrase: 'correct horse' }, page);
    const started = pbkdf2Started();
    const change = handlers.changePassphrase({ op: 'changePassphrase', oldPassphrase: 'correct horse', newPassphrase: 'battery staple' }, page);
    await started;
    await handlers.forgetPat({ op: 'forgetPat' }, page);
    await expect(change).rejects.toMatchObject({
      kind: 'no-token',
      message: expect.stringMatching(/forgotten or replaced meanwhile; the passphrase was not changed/),
    });
    expect(await vault.isRemembered()).toBe(false);
    expect(JSON.stringify(browser.storage.local._dump())).not.toContain('PBKDF2');
    expect(await handlers.getSession({ op: 'getSession' }, page)).toEqual({ hasToken: false });
  }, 30_000);

  it('when the token is replaced while the passphrase is being changed', async () => {
    await handlers.setPat({ op: 'setPat', pat: PAT, remember: true, passphrase: 'correct horse' }, page);
    const started = pbkdf2Started();
    const change = handlers.changePassphrase({ op: 'changePassphrase', oldPassphrase: 'correct horse', newPassphrase: 'battery staple' }, page);
    await started;
    await handlers.setPat({ op: 'setPat', pat: OTHER }, page); // a new token, kept in memory only
    await expect(change).rejects.toThrow(/forgotten or replaced meanwhile/);
    expect(await vault.isRemembered()).toBe(false);
    expect(await vault.getPat()).toBe(OTHER);
  }, 30_000);

  it('when the token is forgotten while it is being remembered', async () => {
    const started = pbkdf2Started();
    const save = handlers.setPat({ op: 'setPat', pat: PAT, remember: true, passphrase: 'correct horse' }, page);
    await started;
    await handlers.forgetPat({ op: 'forgetPat' }, page);
    await expect(save).rejects.toThrow(/forgotten or replaced meanwhile, so it was not remembered/);
    expect(await vault.isRemembered()).toBe(false);
    expect(await vault.getPat()).toBeUndefined();
  }, 30_000);

  it('when the token is forgotten while it is being unlocked', async () => {
    await handlers.setPat({ op: 'setPat', pat: PAT, remember: true, passphrase: 'correct horse' }, page);
    browser.storage.session._reset(); // browser restart: locked
    const started = pbkdf2Started();
    const unlocking = handlers.unlock({ op: 'unlock', passphrase: 'correct horse' }, page);
    await started;
    await handlers.forgetPat({ op: 'forgetPat' }, page);
    await expect(unlocking).rejects.toThrow(/forgotten or replaced meanwhile; nothing was unlocked/);
    expect(await vault.getPat()).toBeUndefined();
    expect(await vault.isRemembered()).toBe(false);
  }, 30_000);

  it('when the token is forgotten while it is being tested', async () => {
    await handlers.setPat({ op: 'setPat', pat: PAT }, page);
    let answer!: () => void;
    const held = new Promise<void>((r) => (answer = r));
    // The test's request is held before it reaches the sandbox, until the token is forgotten.
    world().stub({ intercept: () => held.then(() => undefined) });
    const test = handlers.testPat({ op: 'testPat' }, page);
    await vi.waitFor(() => expect(world().starts).toHaveLength(1)); // its request is on its way
    await handlers.forgetPat({ op: 'forgetPat' }, page);
    answer();
    await expect(test).rejects.toMatchObject({ kind: 'no-token' });
    expect(await vault.getPat()).toBeUndefined();
  });
});

describe('the idle lock', () => {
  const content = { caller: 'content' as const, tabId: 5 };
  const at = (t0: number, minutes: number) => vi.setSystemTime(t0 + minutes * 60_000);

  it('is not kept open by a portal page that opens a fake dialog every few minutes', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const t0 = Date.now();
      await handlers.setPat({ op: 'setPat', pat: PAT, remember: true, passphrase: 'correct horse' }, page);
      // What the panel asks for each time a dialog opens, from the content script.
      for (const m of [9, 18, 27]) {
        at(t0, m);
        await handlers.getSession({ op: 'getSession' }, content);
        await handlers.listPresets({ op: 'listPresets' }, content);
        await handlers.listAppsPage({ op: 'listAppsPage', page: 1 }, content);
        await handlers.listApps({ op: 'listApps' }, content);
      }
      at(t0, 31); // 31 minutes since the options page last used it
      await expect(handlers.listAppsPage({ op: 'listAppsPage', page: 1 }, content)).rejects.toThrow(/Keysmith is locked/);
      expect((await handlers.getSession({ op: 'getSession' }, page)).locked).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  }, 20_000);

  it('is kept open by an extension page’s use of the token', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const t0 = Date.now();
      await handlers.setPat({ op: 'setPat', pat: PAT, remember: true, passphrase: 'correct horse' }, page);
      at(t0, 20);
      await handlers.listApps({ op: 'listApps' }, page);
      at(t0, 45);
      expect(await vault.lockIfIdle()).toBe(false);
      await handlers.listAppsPage({ op: 'listAppsPage', page: 1 }, content); // works, but is no use
      at(t0, 51);
      expect(await vault.lockIfIdle()).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  }, 20_000);

  it('is not kept open by the worker’s own work either (a job’s requests)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const t0 = Date.now();
      await handlers.setPat({ op: 'setPat', pat: PAT, remember: true, passphrase: 'correct horse' }, page);
      const { requirePat } = await import('../../../src/privileged/api.ts');
      at(t0, 25);
      await requirePat();
      at(t0, 31);
      expect(await vault.lockIfIdle()).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  }, 20_000);
});
