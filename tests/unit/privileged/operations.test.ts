import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import browser, { resetBrowser } from '../../fakes/browser.ts';
import { handlers } from '../../../src/privileged/operations.ts';
import { parseRequest } from '../../../src/pure/protocol/index.ts';
import { CLIPBOARD_CLEAR_SECONDS, LOCK_AFTER_MINUTES } from '../../../src/pure/settings.ts';
import { DEMO_USER_ID, ORG_APP_COUNT, ORG_ID } from '../../../sandbox/state.ts';
import { addPat, workerSandbox, type WorkerSandbox } from '../support/worker-sandbox.ts';

/** demo-user's PAT with a few of the scopes Keysmith needs (added to the sandbox in beforeEach). */
const PAT = '0123456789abcdef0123456789abcdef';
const PAT_SCOPES = ['Apps:Get', 'Workflows:Get', 'Keys:Get'];
const page = { caller: 'page' as const };
const content = { caller: 'content' as const, tabId: 5 };

let ws: WorkerSandbox;
beforeAll(async () => {
  ws = await workerSandbox();
});
afterAll(() => ws.close());

beforeEach(() => {
  resetBrowser();
  vi.unstubAllGlobals();
  ws.sb.reset();
  addPat(ws.sb, DEMO_USER_ID, PAT, PAT_SCOPES);
  ws.stub();
});

describe('setPat', () => {
  it('keeps a working PAT in session storage only, with its owner', async () => {
    const view = await handlers.setPat({ op: 'setPat', pat: PAT }, page);
    expect(view).toMatchObject({ hasToken: true, user: { id: 'demo-user', name: 'Dana Demo' }, tokenHint: 'cdef' });
    expect(JSON.stringify(browser.storage.session._dump())).toContain(PAT);
    expect(JSON.stringify(browser.storage.local._dump())).not.toContain(PAT);
    expect(JSON.stringify(browser.storage.sync._dump())).not.toContain(PAT);
  });

  it('names the scopes Keysmith needs that the PAT lacks', async () => {
    const view = await handlers.setPat({ op: 'setPat', pat: PAT }, page);
    expect(view.missingScopes).toEqual(expect.arrayContaining(['Keys:Add', 'Collaborators:Get', 'Keys:Delete']));
    expect(view.missingScopes).not.toContain('Apps:Get');
  });

  it('refuses a wrong PAT with a clear message and keeps nothing', async () => {
    await expect(handlers.setPat({ op: 'setPat', pat: 'f'.repeat(32) }, page)).rejects.toMatchObject({
      kind: 'auth',
      message: expect.stringMatching(/did not accept this Personal Access Token/),
    });
    expect(browser.storage.session._dump()).toEqual({});
  });

  it('falls back to myscopes when users/me is not available to a PAT', async () => {
    ws.sb.switches.getUserEnabled = false; // GET /v2/users/me answers 11101
    const view = await handlers.setPat({ op: 'setPat', pat: PAT }, page);
    expect(view.hasToken).toBe(true);
    expect(view.user?.id).toBe('me');
  });
});

describe('getSession', () => {
  it('never gives a content script the PAT or its last characters', async () => {
    await handlers.setPat({ op: 'setPat', pat: PAT }, page);
    const view = await handlers.getSession({ op: 'getSession' }, content);
    expect(view.tokenHint).toBeUndefined();
    expect(JSON.stringify(view)).not.toContain(PAT.slice(-4));
    expect(view.user?.id).toBe('demo-user');
  });

  it('says so when no PAT is set', async () => {
    expect(await handlers.getSession({ op: 'getSession' }, content)).toEqual({ hasToken: false });
  });
});

describe('listApps', () => {
  it('follows pagination to the end for an organization', async () => {
    await handlers.setPat({ op: 'setPat', pat: PAT }, page);
    const list = await handlers.listApps({ op: 'listApps', owner: ORG_ID }, content);
    expect(list).toHaveLength(ORG_APP_COUNT);
    const first = ws.sb.app(ORG_ID, 'acme-0001')!;
    expect(list[0]).toMatchObject({ id: first.id, name: first.name, owner: ORG_ID });
    expect(list.map((a) => a.id)).toEqual(
      ws.sb
        .appsOf(ORG_ID)
        .map((a) => a.id)
        .sort(),
    );
    const listings = ws.sb.requests((e) => e.rpc === 'ListApps' && e.path === `/v2/users/${ORG_ID}/apps`);
    expect(listings.map((e) => new URLSearchParams(e.query).get('page'))).toEqual(['1', '2']);
  });

  it('asks for a token first when none is set', async () => {
    await expect(handlers.listApps({ op: 'listApps' }, content)).rejects.toMatchObject({ kind: 'no-token' });
  });
});

describe('forgetPat', () => {
  it('wipes the PAT', async () => {
    await handlers.setPat({ op: 'setPat', pat: PAT }, page);
    expect(await handlers.forgetPat({ op: 'forgetPat' }, page)).toEqual({ hasToken: false });
    expect(JSON.stringify(browser.storage.session._dump())).not.toContain(PAT);
  });
});

describe('reportAttach', () => {
  it('marks the tab quietly when the content script could not attach', async () => {
    await handlers.reportAttach({ op: 'reportAttach', attached: false, reason: 'no scope checkboxes found' }, content);
    expect(browser._badge[5]).toBe('?');
    expect(browser._title[5]).toMatch(/could not attach/);
  });

  it('keeps the tab’s outline for the popup, redacting anything key-like the page slipped into it', async () => {
    const key = '0123456789abcdef0123456789abcdef';
    await handlers.reportAttach(
      { op: 'reportAttach', attached: false, reason: 'no scope checkboxes found', outline: `dialog "Create API Key"\n  button "${key}"` },
      content,
    );
    const report = await handlers.getAttachReport({ op: 'getAttachReport', tabId: 5 }, page);
    expect(report).toMatchObject({ attached: false, reason: 'no scope checkboxes found' });
    expect(report?.outline).toContain('dialog "Create API Key"');
    expect(report?.outline).not.toContain(key);
    expect(await handlers.getAttachReport({ op: 'getAttachReport', tabId: 6 }, page)).toBeNull();
  });
});

describe('settings', () => {
  it('keep the API address for a private deployment once the host is allowed', async () => {
    expect(await handlers.setApiAddress({ op: 'setApiAddress', apiBaseUrl: 'https://clarifai.corp.test/' }, page)).toEqual({
      apiBaseUrl: 'https://clarifai.corp.test',
    });
    expect(await handlers.getSettings({ op: 'getSettings' }, page)).toMatchObject({ apiBaseUrl: 'https://clarifai.corp.test' });
  });

  it('keep the idle-lock time for a remembered token, with the default until one is set', async () => {
    expect((await handlers.getSettings({ op: 'getSettings' }, page)).lockAfterMinutes).toBe(LOCK_AFTER_MINUTES.default);
    expect(await handlers.setLockAfter({ op: 'setLockAfter', minutes: 5 }, page)).toEqual({ lockAfterMinutes: 5 });
    expect(await handlers.getSettings({ op: 'getSettings' }, page)).toEqual({
      apiBaseUrl: 'https://api.clarifai.com',
      lockAfterMinutes: 5,
      clipboardClearSeconds: CLIPBOARD_CLEAR_SECONDS.default,
    });
  });

  it('keep how long copied keys stay on the clipboard, 0 for never, and refuse a time out of bounds at the door', async () => {
    expect(await handlers.setClipboardClear({ op: 'setClipboardClear', seconds: 0 }, page)).toEqual({ clipboardClearSeconds: 0 });
    expect((await handlers.getSettings({ op: 'getSettings' }, page)).clipboardClearSeconds).toBe(0);
    for (const seconds of [-1, CLIPBOARD_CLEAR_SECONDS.max + 1, 1.5]) expect(parseRequest({ op: 'setClipboardClear', seconds })).toMatchObject({ ok: false });
    expect(parseRequest({ op: 'setClipboardClear', seconds: 30 })).toMatchObject({ ok: true });
  });

  it('refuse a lock time out of bounds at the door, as a malformed message', async () => {
    for (const minutes of [0, LOCK_AFTER_MINUTES.max + 1, 2.5]) expect(parseRequest({ op: 'setLockAfter', minutes })).toMatchObject({ ok: false });
    expect(parseRequest({ op: 'setLockAfter', minutes: LOCK_AFTER_MINUTES.max })).toMatchObject({ ok: true });
  });

  it('refuse a host the user did not allow, and a non-https address, clearly, and keep the address', async () => {
    vi.spyOn(browser.permissions, 'contains').mockResolvedValue(false);
    await expect(handlers.setApiAddress({ op: 'setApiAddress', apiBaseUrl: 'https://evil.test' }, page)).rejects.toMatchObject({
      kind: 'refused',
      message: expect.stringMatching(/no permission to reach https:\/\/evil.test/),
    });
    await expect(handlers.setApiAddress({ op: 'setApiAddress', apiBaseUrl: 'http://api.clarifai.com' }, page)).rejects.toMatchObject({
      kind: 'invalid',
      message: expect.stringMatching(/https/),
    });
    expect(await handlers.getSettings({ op: 'getSettings' }, page)).toMatchObject({ apiBaseUrl: 'https://api.clarifai.com' });
  });
});
