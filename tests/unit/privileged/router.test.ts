/**
 * The worker's door: sender, then schema, then whether that sender may ask for that operation.
 * One row per branch, hostile senders and messages first.
 */
import { describe, expect, it, vi } from 'vitest';
import { OPERATIONS, parseRequest, type OpName } from '../../../src/pure/protocol/index.ts';
import { createRouter, type AnyHandlers } from '../../../src/privileged/router.ts';
import { classifySender } from '../../../src/privileged/sender.ts';

const self = { id: 'ext-id', origin: 'chrome-extension://ext-id' };
const optionsPage = {
  id: 'ext-id',
  url: 'chrome-extension://ext-id/src/pages/options/index.html',
  origin: 'chrome-extension://ext-id',
  tab: { id: 3 },
  frameId: 0,
};
const popup = { id: 'ext-id', url: 'chrome-extension://ext-id/src/pages/popup/index.html', origin: 'chrome-extension://ext-id' };
const portalTab = { id: 'ext-id', url: 'https://clarifai.com/demo/app/settings', origin: 'https://clarifai.com', tab: { id: 7 }, frameId: 0 };
const oldPortalTab = { id: 'ext-id', url: 'https://portal.clarifai.com/apps/x/details', tab: { id: 8 }, frameId: 0 }; // Firefox: no origin

const hostileSenders: [string, unknown][] = [
  ['no sender at all', undefined],
  ['another extension', { ...optionsPage, id: 'evil-ext' }],
  ['another extension claiming our origin', { ...portalTab, id: 'evil-ext' }],
  ['a content script in a sub-frame of the portal', { ...portalTab, frameId: 2 }],
  ['a content script in a tab of another site', { ...portalTab, url: 'https://evil.example/', origin: 'https://evil.example' }],
  ['a look-alike host', { ...portalTab, url: 'https://clarifai.com.evil.example/', origin: 'https://clarifai.com.evil.example' }],
  ['plain http portal', { ...portalTab, url: 'http://clarifai.com/', origin: 'http://clarifai.com' }],
  ['a portal page without a tab', { ...portalTab, tab: undefined }],
  ['an opaque origin', { ...portalTab, origin: 'null', url: 'about:blank' }],
  ['our page framed inside another tab', { ...optionsPage, frameId: 4 }],
  ['a sender with an unparsable url and no origin', { id: 'ext-id', url: 'not a url', tab: { id: 1 }, frameId: 0 }],
];

describe('classifySender', () => {
  it.each(hostileSenders)('refuses %s', (_name, sender) => {
    expect(classifySender(sender as never, self)).toBeNull();
  });

  it.each([
    ['the options page in a tab', optionsPage, 'page'],
    ['the popup', popup, 'page'],
    ['the content script on clarifai.com', portalTab, 'content'],
    ['the content script on portal.clarifai.com (Firefox, url only)', oldPortalTab, 'content'],
  ] as const)('accepts %s as %s', (_n, sender, caller) => {
    expect(classifySender(sender as never, self)).toBe(caller);
  });
});

function handlersSpy() {
  const calls: string[] = [];
  const handlers = Object.fromEntries(Object.keys(OPERATIONS).map((op) => [op, vi.fn(async () => (calls.push(op), `${op}-done`))])) as unknown as AnyHandlers;
  return { handlers, calls };
}

describe('router', () => {
  it.each(hostileSenders)('refuses every operation from %s without running it', async (_n, sender) => {
    const { handlers, calls } = handlersSpy();
    const route = createRouter(handlers, self);
    for (const op of Object.keys(OPERATIONS)) {
      const r = await route({ op }, sender as never);
      expect(r).toMatchObject({ ok: false, error: { kind: 'refused' } });
    }
    expect(calls).toEqual([]);
  });

  const badMessages: [string, unknown][] = [
    ['not an object', 'getSession'],
    ['null', null],
    ['an unknown operation', { op: 'fetch', url: 'https://evil.example' }],
    ['an extra key', { op: 'getSession', extra: 1 }],
    ['a prototype-polluting key', JSON.parse('{"op":"getSession","__proto__":{"x":1}}')],
    ['a wrong-typed field', { op: 'listApps', owner: 42 }],
    ['an owner id with a path in it', { op: 'listApps', owner: '../keys' }],
    ['an array', [{ op: 'getSession' }]],
    ['a PAT with spaces', { op: 'setPat', pat: 'abc def 0123456789abcdef0123' }],
    ['a PAT too short', { op: 'setPat', pat: 'abc' }],
    ['a PAT of the wrong type', { op: 'setPat', pat: { toString: 'x' } }],
  ];

  it.each(badMessages)('refuses %s from a legitimate page', async (_n, message) => {
    const { handlers, calls } = handlersSpy();
    const r = await createRouter(handlers, self)(message, optionsPage as never);
    expect(r).toMatchObject({ ok: false, error: { kind: 'invalid' } });
    expect(calls).toEqual([]);
  });

  it('does not echo the refused input in its answer', async () => {
    const { handlers } = handlersSpy();
    const secret = 'f'.repeat(20) + ' secret';
    const r = await createRouter(handlers, self)({ op: 'setPat', pat: secret }, optionsPage as never);
    expect(JSON.stringify(r)).not.toContain('secret');
  });

  /** A valid message for each operation, so a refusal can only come from who sent it. */
  const VALID_FIELDS: Partial<Record<OpName, object>> = {
    setPat: { pat: 'a'.repeat(32) },
    unlock: { passphrase: 'correct horse' },
    changePassphrase: { oldPassphrase: 'correct horse', newPassphrase: 'battery staple' },
    setApiAddress: { apiBaseUrl: 'https://x.test' },
    setLockAfter: { minutes: 5 },
    setClipboardClear: { seconds: 30 },
    setBatching: { enabled: true, cap: 20 },
    savePreset: { name: 'n', scopes: ['All'] },
    confirmPendingPreset: { id: '00000000-0000-4000-8000-000000000000' },
    discardPendingPreset: { id: '00000000-0000-4000-8000-000000000000' },
    updatePreset: { id: 'user:1', name: 'n' },
    deletePreset: { id: 'user:1' },
    restorePreset: { id: 'user:1', name: 'n', scopes: ['All'], index: 0 },
    reorderPresets: { ids: ['user:1'] },
    importPresets: { text: '{}' },
    setPresetSync: { enabled: true },
    readInventory: { refresh: true },
    startKeyChange: { kind: 'scopes', keyIds: ['a'.repeat(32)], scopes: ['Predict'], presetName: 'Predict only' },
    getJobResults: { jobId: '00000000-0000-4000-8000-000000000000' },
    getAttachReport: { tabId: 5 },
    retryFailed: { jobId: '00000000-0000-4000-8000-000000000000' },
    recoverJob: { jobId: '00000000-0000-4000-8000-000000000000' },
    clearJob: { jobId: '00000000-0000-4000-8000-000000000000' },
    findDuplicates: { jobId: '00000000-0000-4000-8000-000000000000' },
    deleteDuplicates: { jobId: '00000000-0000-4000-8000-000000000000' },
    startRotation: { keyIds: ['0123456789abcdef0123456789abcdef'] },
    confirmRotation: { jobId: '00000000-0000-4000-8000-000000000000' },
    startBulkJob: { apps: [{ owner: 'demo', id: 'app-1' }], scopes: ['Predict'], template: '{app_id}' },
    getProposal: { id: '00000000-0000-4000-8000-000000000000' },
    confirmProposal: { id: '00000000-0000-4000-8000-000000000000' },
    discardProposal: { id: '00000000-0000-4000-8000-000000000000' },
  };

  const pageOnly = (Object.keys(OPERATIONS) as OpName[]).filter((op) => !(OPERATIONS[op].from as readonly string[]).includes('content'));

  it('has a valid sample message for every page-only operation', () => {
    for (const op of pageOnly) expect(parseRequest({ op, ...VALID_FIELDS[op] }).ok, op).toBe(true);
  });

  it('keeps token and settings operations away from content scripts', () => {
    expect(pageOnly).toEqual(
      expect.arrayContaining(['setPat', 'testPat', 'forgetPat', 'setApiAddress', 'setLockAfter', 'setClipboardClear', 'getSettings', 'getJobResults']),
    );
  });

  it('keeps every change of existing keys away from content scripts', () => {
    expect(pageOnly).toEqual(expect.arrayContaining(['startKeyChange', 'getKeyChange', 'cancelKeyChange', 'resumeKeyChange', 'dismissKeyChange']));
  });

  it('refuses a change of keys with no key selected, in a sentence', () => {
    expect(parseRequest({ op: 'startKeyChange', kind: 'delete', keyIds: [] })).toMatchObject({ ok: false, reason: 'Select at least one key.' });
  });

  it('lets a content script propose a bulk job but never start, confirm or discard one', () => {
    expect(pageOnly).toEqual(expect.arrayContaining(['startBulkJob', 'confirmProposal', 'discardProposal', 'getProposal']));
    expect(OPERATIONS.proposeBulkJob.from).toEqual(['content']);
  });

  it('refuses confirmProposal from the content script before its handler runs, and runs it from an extension page', async () => {
    const { handlers, calls } = handlersSpy();
    const route = createRouter(handlers, self);
    const message = { op: 'confirmProposal', id: '00000000-0000-4000-8000-000000000000' };
    expect(await route(message, portalTab as never)).toMatchObject({ ok: false, error: { kind: 'refused' } });
    expect(await route(message, oldPortalTab as never)).toMatchObject({ ok: false, error: { kind: 'refused' } });
    expect(calls).toEqual([]);
    expect(await route(message, optionsPage as never)).toEqual({ ok: true, value: 'confirmProposal-done' });
    expect(calls).toEqual(['confirmProposal']);
  });

  it.each(pageOnly)('refuses page-only %s from the content script', async (op) => {
    const { handlers, calls } = handlersSpy();
    const message = { op, ...VALID_FIELDS[op] };
    const r = await createRouter(handlers, self)(message, portalTab as never);
    expect(r).toMatchObject({ ok: false, error: { kind: 'refused' } });
    expect(calls).toEqual([]);
  });

  it('runs a valid operation from an allowed sender and passes who called', async () => {
    const { handlers } = handlersSpy();
    const r = await createRouter(handlers, self)({ op: 'listApps', owner: 'acme-org' }, portalTab as never);
    expect(r).toEqual({ ok: true, value: 'listApps-done' });
    expect(handlers.listApps).toHaveBeenCalledWith({ op: 'listApps', owner: 'acme-org' }, { caller: 'content', tabId: 7 });
  });

  it('turns an unexpected exception into a generic error without its text', async () => {
    const { handlers } = handlersSpy();
    handlers.getSession = async () => {
      throw new Error('internal detail with a token abcdef');
    };
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const r = await createRouter(handlers, self)({ op: 'getSession' }, popup as never);
    expect(r).toMatchObject({ ok: false, error: { kind: 'internal' } });
    expect(JSON.stringify(r)).not.toContain('abcdef');
  });
});
