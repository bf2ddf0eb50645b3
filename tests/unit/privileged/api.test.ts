/**
 * The PAT goes only where the person sent it: to the API address it was verified against, while the
 * browser still grants that host, checked before every request.
 */
import { describe, expect, it, vi } from 'vitest';
import browser from '../../fakes/browser.ts';
import { clientFor } from '../../../src/privileged/api.ts';
import { handlers } from '../../../src/privileged/operations.ts';
import * as vault from '../../../src/privileged/vault.ts';
import { SANDBOX_PAT as PAT } from '../../../sandbox/state.ts';
import { useWorkerSandbox } from '../support/worker-sandbox.ts';

const page = { caller: 'page' as const };
const content = { caller: 'content' as const, tabId: 5 };
const FORGOTTEN = /The API address changed, so Keysmith forgot your token; paste it again/;

const world = useWorkerSandbox();

/** Every request the worker sent since the last `forgetSent()`. */
const sent = () => world().starts;
const forgetSent = () => {
  world().starts.length = 0;
};
const hosts = () => sent().map((r) => r.host);

describe('the PAT is bound to the API address it was verified against', () => {
  it('is sent nowhere when the stored address is forged, and is forgotten with a clear message', async () => {
    await handlers.setPat({ op: 'setPat', pat: PAT }, page);
    expect(hosts().every((h) => h === 'api.clarifai.com')).toBe(true);
    // Anything that can write storage.local (a content script can) points the address elsewhere.
    await browser.storage.local.set({ settings: { apiBaseUrl: 'https://evil.test' } });
    forgetSent();
    await expect(handlers.listApps({ op: 'listApps' }, content)).rejects.toMatchObject({ kind: 'no-token', message: expect.stringMatching(FORGOTTEN) });
    expect(sent()).toEqual([]);
    expect(JSON.stringify(browser.storage.session._dump())).not.toContain(PAT);
    expect(await handlers.getSession({ op: 'getSession' }, page)).toEqual({ hasToken: false, notice: expect.stringMatching(FORGOTTEN) });
    // And it stays said, for the next call too.
    await expect(handlers.listApps({ op: 'listApps' }, content)).rejects.toThrow(FORGOTTEN);
    expect(sent()).toEqual([]);
  });

  it('checks before every request, so a client made before the change sends nothing more', async () => {
    await handlers.setPat({ op: 'setPat', pat: PAT }, page);
    const client = await clientFor(PAT);
    await client.listApps('me');
    await browser.storage.local.set({ settings: { apiBaseUrl: 'https://evil.test' } });
    forgetSent();
    await expect(client.listApps('me')).rejects.toThrow(FORGOTTEN);
    await expect(client.postKeys('me', [{ description: 'x', scopes: ['All'], apps: [{ id: 'app-001', user_id: 'me' }] }])).rejects.toThrow(FORGOTTEN);
    expect(sent()).toEqual([]);
  });

  it('sends nothing more with a client made before "Forget token"', async () => {
    await handlers.setPat({ op: 'setPat', pat: PAT }, page);
    const client = await clientFor(PAT);
    await handlers.forgetPat({ op: 'forgetPat' }, page);
    forgetSent();
    await expect(client.listApps('me')).rejects.toMatchObject({ kind: 'no-token' });
    expect(sent()).toEqual([]);
  });

  it.each([
    ['Forget token', () => handlers.forgetPat({ op: 'forgetPat' }, page)],
    ['a lock', () => handlers.lock({ op: 'lock' }, page)],
  ])(
    'sends nothing when %s lands while the request’s own checks are under way',
    async (_name, stop) => {
      await handlers.setPat({ op: 'setPat', pat: PAT, remember: true, passphrase: 'correct horse' }, page);
      const client = await clientFor(PAT);
      // The permission check is the guard's last wait: the token goes while it is on its way.
      let answer!: (v: boolean) => void;
      const contains = browser.permissions.contains;
      browser.permissions.contains = () => new Promise<boolean>((r) => (answer = r));
      forgetSent();
      const request = client.listApps('me');
      await vi.waitFor(() => expect(answer).toBeDefined());
      await stop();
      answer(true);
      browser.permissions.contains = contains;
      await expect(request).rejects.toMatchObject({ kind: 'no-token' });
      expect(sent()).toEqual([]);
    },
    20_000,
  );

  it('stops at once when the host permission is revoked, with a clear message', async () => {
    await handlers.setPat({ op: 'setPat', pat: PAT }, page);
    const client = await clientFor(PAT);
    vi.spyOn(browser.permissions, 'contains').mockResolvedValue(false);
    forgetSent();
    await expect(handlers.listApps({ op: 'listApps' }, content)).rejects.toMatchObject({
      kind: 'refused',
      message: expect.stringMatching(/no longer has permission to reach https:\/\/api\.clarifai\.com, so it sent nothing/),
    });
    await expect(client.listApps('me')).rejects.toThrow(/no longer has permission/);
    expect(sent()).toEqual([]);
  });

  it('does not verify a new token against a host the browser does not grant', async () => {
    await browser.storage.local.set({ settings: { apiBaseUrl: 'https://evil.test' } });
    vi.spyOn(browser.permissions, 'contains').mockImplementation(
      (async (p: { origins?: string[] }) => !p.origins?.some((o) => o.includes('evil.test'))) as never,
    );
    await expect(handlers.setPat({ op: 'setPat', pat: PAT }, page)).rejects.toThrow(/no longer has permission to reach https:\/\/evil\.test/);
    expect(sent()).toEqual([]);
    expect(browser.storage.session._dump()).toEqual({});
  });

  it('forgets the token when the person changes the address, and says so', async () => {
    await handlers.setPat({ op: 'setPat', pat: PAT }, page);
    const same = await handlers.setApiAddress({ op: 'setApiAddress', apiBaseUrl: 'https://api.clarifai.com/' }, page);
    expect(same.tokenForgotten).toBeUndefined();
    expect((await handlers.getSession({ op: 'getSession' }, page)).hasToken).toBe(true);
    const moved = await handlers.setApiAddress({ op: 'setApiAddress', apiBaseUrl: 'https://clarifai.corp.test' }, page);
    expect(moved).toMatchObject({ apiBaseUrl: 'https://clarifai.corp.test', tokenForgotten: true });
    expect(await handlers.getSession({ op: 'getSession' }, page)).toEqual({ hasToken: false, notice: expect.stringMatching(FORGOTTEN) });
    // A token pasted again is bound to the new address, and the notice goes.
    forgetSent();
    expect((await handlers.setPat({ op: 'setPat', pat: PAT }, page)).notice).toBeUndefined();
    expect(new Set(hosts())).toEqual(new Set(['clarifai.corp.test']));
    expect((await vault.current())?.apiBaseUrl).toBe('https://clarifai.corp.test');
  });

  it('keeps the binding in the sealed copy: a remembered token does not unlock for another address', async () => {
    await handlers.setPat({ op: 'setPat', pat: PAT, remember: true, passphrase: 'correct horse' }, page);
    browser.storage.session._reset(); // browser restart
    await browser.storage.local.set({ settings: { apiBaseUrl: 'https://evil.test' } });
    forgetSent();
    await expect(handlers.unlock({ op: 'unlock', passphrase: 'correct horse' }, page)).rejects.toThrow(FORGOTTEN);
    expect(JSON.stringify(browser.storage.session._dump())).not.toContain(PAT);
    expect(await vault.isRemembered()).toBe(false);
    expect(sent()).toEqual([]);
  }, 20_000);
});
