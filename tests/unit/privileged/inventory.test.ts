/**
 * The key inventory, against the sandbox: the token owner's own keys (ListKeys), then the keys of
 * the organizations' apps and of the apps shared with the user (ListAppKeys), read in the
 * background, one read at a time, kept in storage.session only, stopped by a token that is wrong
 * or gone, cancelled, and going on after the worker's death with the apps not read yet.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import browser, { resetBrowser } from '../../fakes/browser.ts';
import * as inventory from '../../../src/privileged/inventory.ts';
import { tuning } from '../../../src/privileged/limiter.ts';
import { handlers } from '../../../src/privileged/operations.ts';
import type { InventoryView } from '../../../src/pure/protocol/inventory.ts';
import { DEMO_USER_ID, PARTNER_USER_ID, SANDBOX_PAT, SANDBOX_PAT_READONLY } from '../../../sandbox/state.ts';
import type { KeyRec } from '../../../sandbox/state.ts';
import { addApp, workerSandbox, type WorkerSandbox } from '../support/worker-sandbox.ts';

const page = { caller: 'page' as const };
const ORG = 'tiny-org';
const ORG_APPS = ['t-1', 't-2', 't-3', 't-4', 't-5'];
/** The apps shared with demo-user in the seed (sandbox/seed.ts). */
const SHARED = ['pp-vision-lab', 'pp-retail-audit', 'pp-moderation', 'pp-receipts-ocr'];

let ws: WorkerSandbox;
beforeAll(async () => {
  ws = await workerSandbox();
});
afterAll(() => ws.close());

/** An app key in the sandbox, under the app's owner. */
function appKey(owner: string, appId: string, description: string, scopes = ['Predict']): KeyRec {
  const key: KeyRec = {
    id: ws.sb.newKeyId(),
    type: 'app_specific_key',
    ownerId: owner,
    description,
    scopes,
    endpoints: [],
    apps: [{ id: appId, userId: owner }],
    createdAt: ws.sb.now(),
  };
  ws.sb.keys.set(key.id, key);
  return key;
}

/** A small organization demo-user belongs to: five apps, a key on each of the first three. */
function addOrg(): KeyRec[] {
  ws.sb.users.set(ORG, { id: ORG, kind: 'org', firstName: '', lastName: '', companyName: 'Tiny', createdAt: ws.sb.now(), members: [DEMO_USER_ID] });
  for (const id of ORG_APPS) addApp(ws.sb, ORG, id, `Tiny ${id}`);
  return ORG_APPS.slice(0, 3).map((id) => appKey(ORG, id, `key of ${id}`));
}

/** Holds every request whose path matches until released (or the request is aborted); `held()` counts those waiting. */
function holding(match: (path: string) => boolean) {
  const waiting: (() => void)[] = [];
  let on = true;
  ws.stub({
    intercept: (url, init) => {
      if (!on || !match(url.pathname)) return undefined;
      return new Promise<undefined>((resolve, reject) => {
        waiting.push(() => resolve(undefined));
        init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      });
    },
  });
  return {
    held: () => waiting.length,
    release() {
      on = false;
      for (const go of waiting.splice(0)) go();
    },
  };
}

const appKeysPath = (owner: string, app: string) => `/v2/users/${owner}/apps/${app}/keys`;
const sent = (path: string) => ws.starts.filter((s) => s.path === path).length;

async function readToEnd(refresh = false): Promise<InventoryView> {
  await handlers.readInventory({ op: 'readInventory', refresh }, page);
  await inventory.settled();
  return handlers.getInventory({ op: 'getInventory' }, page);
}

beforeEach(async () => {
  resetBrowser();
  vi.unstubAllGlobals();
  ws.sb.reset();
  ws.sb.switches.rateLimitPerSecond = 0;
  tuning.ratePerSecond = 1000;
  ws.stub();
  await handlers.setPat({ op: 'setPat', pat: SANDBOX_PAT }, page);
});

afterEach(async () => {
  await inventory.cancel(); // a test that failed midway leaves no read for the next
  tuning.ratePerSecond = 15;
});

describe('readInventory', () => {
  it('answers at once with status reading, then lists the token owner’s own keys with their app, scopes and expiry', async () => {
    const first = await handlers.readInventory({ op: 'readInventory' }, page);
    expect(first).toMatchObject({ status: 'reading', keys: [] });
    await inventory.settled();
    const view = await handlers.getInventory({ op: 'getInventory' }, page);
    expect(view.status).toBe('done');
    const own = [...ws.sb.keys.values()].filter((k) => k.ownerId === DEMO_USER_ID && k.type === 'app_specific_key');
    expect(
      view.keys
        .filter((k) => k.kind === 'app')
        .map((k) => k.keyId)
        .sort(),
    ).toEqual(own.map((k) => k.id).sort());
    const expired = own.find((k) => k.description === 'Old demo (expired)')!;
    expect(view.keys.find((k) => k.keyId === expired.id)).toMatchObject({
      kind: 'app',
      owner: DEMO_USER_ID,
      appId: 'app-001',
      scopes: ['Predict'],
      expiresAt: '2024-01-01T00:00:00.000000Z',
    });
    const ci = own.find((k) => k.description === 'CI pipeline')!;
    expect(view.keys.find((k) => k.keyId === ci.id)).toMatchObject({ appId: 'app-001', scopes: ['All'], expiresAt: undefined });
    // The PATs ListKeys also lists are kept as such, with no app.
    const pats = view.keys.filter((k) => k.kind === 'pat');
    expect(pats.map((k) => k.keyId).sort()).toEqual([SANDBOX_PAT, SANDBOX_PAT_READONLY].sort());
    expect(pats.every((k) => k.owner === '' && k.appId === '')).toBe(true);
    expect(view.readAt).toEqual(expect.any(String));
  });

  it('reads each app of an organization added with ListAppKeys, the progress reaching the apps to read', async () => {
    const orgKeys = addOrg();
    await handlers.setOrgs({ op: 'setOrgs', ids: [ORG] }, page);
    // The last app waits: the view shows the others read, that one not yet.
    const gate = holding((p) => p === appKeysPath(ORG, 't-5'));
    await handlers.readInventory({ op: 'readInventory' }, page);
    await vi.waitFor(() => expect(gate.held()).toBe(1), { timeout: 5000, interval: 5 });
    await vi.waitFor(async () => expect((await handlers.getInventory({ op: 'getInventory' }, page)).appsRead).toBe(ORG_APPS.length + SHARED.length - 1), {
      timeout: 5000,
      interval: 5,
    });
    const midway = await handlers.getInventory({ op: 'getInventory' }, page);
    expect(midway).toMatchObject({ status: 'reading', appsTotal: ORG_APPS.length + SHARED.length });
    gate.release();
    await inventory.settled();
    const view = await handlers.getInventory({ op: 'getInventory' }, page);
    expect(view).toMatchObject({ status: 'done', appsRead: view.appsTotal, appsTotal: ORG_APPS.length + SHARED.length });
    for (const k of orgKeys) {
      const app = k.apps[0]!.id;
      expect(view.keys.find((x) => x.keyId === k.id)).toMatchObject({
        kind: 'app',
        owner: ORG,
        appId: app,
        appName: `Tiny ${app}`,
        description: `key of ${app}`,
      });
    }
    for (const id of ORG_APPS) expect(sent(appKeysPath(ORG, id)), id).toBe(1);
  });

  it('reads an app shared with the user where Clarifai lets a collaborator list its keys, and says why not elsewhere', async () => {
    ws.sb.switches.collaboratorAppKeysListed = true; // unknown in reality: a collaboration granting Keys:Get (or All) may
    const shared = appKey(PARTNER_USER_ID, 'pp-retail-audit', 'partner’s key'); // that collaboration grants All
    const view = await readToEnd();
    expect(view.keys.find((k) => k.keyId === shared.id)).toMatchObject({ owner: PARTNER_USER_ID, appId: 'pp-retail-audit', appName: 'Retail audit' });
    const unreadable = view.unreadable.map((u) => u.appId).sort();
    expect(unreadable).toEqual(SHARED.filter((a) => a !== 'pp-retail-audit').sort());
    for (const u of view.unreadable) {
      expect(u.owner).toBe(PARTNER_USER_ID);
      expect(u.reason).toMatch(/^Clarifai does not let this token read these keys/);
    }
    expect(view).toMatchObject({ status: 'done', appsRead: SHARED.length, appsTotal: SHARED.length });
  });

  it('puts an app whose listing fails three times in unreadable, in words, and reads the rest', async () => {
    const orgKeys = addOrg();
    await handlers.setOrgs({ op: 'setOrgs', ids: [ORG] }, page);
    let faults = 0;
    ws.stub({
      intercept: (url) => {
        if (url.pathname !== appKeysPath(ORG, 't-2')) return undefined;
        faults++;
        return new Response('<html>Internal Server Error</html>', { status: 500 }); // a gateway's: no Clarifai status
      },
    });
    const view = await readToEnd();
    expect(faults).toBe(3); // tried again after each passing fault, three tries in all
    const t2 = view.unreadable.find((u) => u.appId === 't-2');
    expect(t2).toMatchObject({ owner: ORG });
    expect(t2!.reason).toMatch(/^Clarifai is temporarily unavailable \(HTTP 500\)/);
    expect(t2!.reason).not.toMatch(/<|\/v2\//);
    expect(view.status).toBe('done');
    expect(view.appsRead).toBe(view.appsTotal);
    const read = view.keys.map((k) => k.keyId);
    expect(read).toEqual(expect.arrayContaining([orgKeys[0]!.id, orgKeys[2]!.id]));
    expect(read).not.toContain(orgKeys[1]!.id);
  });

  it('stops with a plain message when Clarifai refuses the token', async () => {
    ws.sb.keys.delete(SANDBOX_PAT); // the token was deleted in the portal after it was set
    const view = await readToEnd();
    expect(view.status).toBe('stopped');
    expect(view.message).toMatch(/^Clarifai did not accept this Personal Access Token/);
    expect(view.keys).toEqual([]);
  });

  it('stops with the vault’s words when the token is forgotten midway', async () => {
    addOrg();
    await handlers.setOrgs({ op: 'setOrgs', ids: [ORG] }, page);
    const gate = holding((p) => p.startsWith(`/v2/users/${ORG}/apps/`));
    await handlers.readInventory({ op: 'readInventory' }, page);
    await vi.waitFor(() => expect(gate.held()).toBeGreaterThan(0), { timeout: 5000, interval: 5 });
    await handlers.forgetPat({ op: 'forgetPat' }, page);
    gate.release();
    await inventory.settled();
    const view = await handlers.getInventory({ op: 'getInventory' }, page);
    expect(view.status).toBe('stopped');
    expect(view.message).toMatch(/No Personal Access Token is set/);
    expect(view.keys.length).toBeGreaterThan(0); // the own keys read before are kept
  });

  it('runs one read at a time: asking again while it reads answers its view', async () => {
    addOrg();
    await handlers.setOrgs({ op: 'setOrgs', ids: [ORG] }, page);
    const gate = holding((p) => p.startsWith(`/v2/users/${ORG}/apps/`));
    const [a, b] = await Promise.all([handlers.readInventory({ op: 'readInventory' }, page), handlers.readInventory({ op: 'readInventory' }, page)]);
    await vi.waitFor(() => expect(gate.held()).toBeGreaterThan(0), { timeout: 5000, interval: 5 });
    const c = await handlers.readInventory({ op: 'readInventory', refresh: true }, page);
    for (const v of [a, b, c]) expect(v.status).toBe('reading');
    gate.release();
    await inventory.settled();
    expect(sent('/v2/users/me/keys')).toBe(1);
    expect(sent(`/v2/users/${ORG}/apps`)).toBe(1);
    for (const id of ORG_APPS) expect(sent(appKeysPath(ORG, id)), id).toBe(1);
  });

  it('is cancelled: the read stops, what was read is kept, and nothing more is sent', async () => {
    addOrg();
    await handlers.setOrgs({ op: 'setOrgs', ids: [ORG] }, page);
    const gate = holding((p) => p.startsWith(`/v2/users/${ORG}/apps/t-`));
    await handlers.readInventory({ op: 'readInventory' }, page);
    await vi.waitFor(() => expect(gate.held()).toBeGreaterThan(0), { timeout: 5000, interval: 5 });
    const view = await handlers.cancelInventory({ op: 'cancelInventory' }, page);
    expect(view.status).toBe('cancelled');
    expect(view.keys.filter((k) => k.owner === DEMO_USER_ID).length).toBeGreaterThan(0);
    expect(view.appsRead).toBeLessThan(view.appsTotal);
    const count = ws.starts.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(ws.starts.length).toBe(count);
    expect(await handlers.getInventory({ op: 'getInventory' }, page)).toMatchObject({ status: 'cancelled', appsRead: view.appsRead });
    gate.release();
  });

  it('takes every request’s turn from the worker’s one limiter: at most 15 starts in any rolling second', async () => {
    ws.sb.users.set(ORG, { id: ORG, kind: 'org', firstName: '', lastName: '', companyName: 'Tiny', createdAt: ws.sb.now(), members: [DEMO_USER_ID] });
    for (let i = 1; i <= 30; i++) addApp(ws.sb, ORG, `w-${i}`, `App ${i}`);
    await handlers.setOrgs({ op: 'setOrgs', ids: [ORG] }, page);
    tuning.ratePerSecond = 15;
    ws.stub();
    const view = await readToEnd();
    expect(view).toMatchObject({ status: 'done', appsRead: 34, appsTotal: 34 });
    const at = ws.starts.map((s) => s.at);
    expect(at.length).toBeGreaterThan(30);
    for (const t of at) expect(at.filter((u) => u >= t && u < t + 1000).length).toBeLessThanOrEqual(15);
  }, 15_000);

  it('keeps the view in storage.session only: no key id in storage.local or storage.sync', async () => {
    addOrg();
    await handlers.setOrgs({ op: 'setOrgs', ids: [ORG] }, page);
    const view = await readToEnd();
    expect(view.keys.filter((k) => k.kind === 'app').length).toBeGreaterThanOrEqual(8);
    const local = JSON.stringify(browser.storage.local._dump());
    const sync = JSON.stringify(browser.storage.sync._dump());
    const session = JSON.stringify(browser.storage.session._dump());
    for (const k of view.keys) {
      expect(local).not.toContain(k.keyId);
      expect(sync).not.toContain(k.keyId);
      expect(session).toContain(k.keyId);
    }
  });
});

describe('a read the worker’s death stopped', () => {
  /** A new worker: the modules afresh (no read running), the storage the dead one left (session survives a worker's death). */
  async function newWorker() {
    const session = structuredClone(browser.storage.session._dump());
    const local = structuredClone(browser.storage.local._dump());
    vi.resetModules();
    const fake = await import('../../fakes/browser.ts');
    fake.resetBrowser();
    await fake.default.storage.session.set(session);
    await fake.default.storage.local.set(local);
    (await import('../../../src/privileged/limiter.ts')).tuning.ratePerSecond = 1000;
    return {
      handlers: (await import('../../../src/privileged/operations.ts')).handlers,
      inventory: await import('../../../src/privileged/inventory.ts'),
      browser: fake.default,
    };
  }

  it('shows as stopped, interrupted, and goes on with the apps not read yet', async () => {
    const orgKeys = addOrg();
    await handlers.setOrgs({ op: 'setOrgs', ids: [ORG] }, page);
    // t-4 and t-5 never answer this worker; the others are read and saved.
    const gate = holding((p) => p === appKeysPath(ORG, 't-4') || p === appKeysPath(ORG, 't-5'));
    await handlers.readInventory({ op: 'readInventory' }, page);
    await vi.waitFor(() => expect(gate.held()).toBe(2), { timeout: 5000, interval: 5 });
    // Wait for the save that follows the other apps (at most once a second while reading).
    await vi.waitFor(() => expect(JSON.stringify(browser.storage.session._dump().inventory)).toContain(orgKeys[2]!.id), { timeout: 5000, interval: 20 });

    const worker = await newWorker();
    const stopped = await worker.handlers.getInventory({ op: 'getInventory' }, page);
    expect(stopped).toMatchObject({ status: 'stopped', message: inventory.INTERRUPTED, appsTotal: ORG_APPS.length + SHARED.length });
    expect(stopped.appsRead).toBeLessThan(stopped.appsTotal);

    ws.stub(); // the new worker's requests are answered
    await worker.handlers.readInventory({ op: 'readInventory' }, page);
    await worker.inventory.settled();
    const view = await worker.handlers.getInventory({ op: 'getInventory' }, page);
    expect(view).toMatchObject({ status: 'done', appsRead: ORG_APPS.length + SHARED.length, appsTotal: ORG_APPS.length + SHARED.length });
    expect(view.keys.map((k) => k.keyId)).toEqual(expect.arrayContaining(orgKeys.map((k) => k.id)));
    expect(new Set(view.keys.map((k) => k.keyId)).size).toBe(view.keys.length);
    // Only the apps not read yet were asked for again: not the own keys, not the listing, not t-1…t-3.
    expect(sent('/v2/users/me/keys')).toBe(0);
    expect(sent(`/v2/users/${ORG}/apps`)).toBe(0);
    for (const id of ['t-1', 't-2', 't-3']) expect(sent(appKeysPath(ORG, id)), id).toBe(0);
    for (const id of ['t-4', 't-5']) expect(sent(appKeysPath(ORG, id)), id).toBe(1);
    await inventory.cancel(); // the dead worker's read, still waiting on its requests
  });
});
