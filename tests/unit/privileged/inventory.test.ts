/**
 * The key inventory, against the sandbox: the token owner's own keys (ListKeys), then the keys of
 * the organizations' apps and of the apps shared with the user (ListAppKeys), read in the
 * background, one read at a time, kept in storage.session only, stopped by a token that is wrong
 * or gone, cancelled, and going on after the worker's death with the apps not read yet.
 */
import { describe, expect, it, vi } from 'vitest';
import browser from '../../fakes/browser.ts';
import * as inventory from '../../../src/privileged/inventory.ts';
import { tuning } from '../../../src/privileged/limiter.ts';
import { handlers } from '../../../src/privileged/operations.ts';
import { DEMO_USER_ID, PARTNER_USER_ID, SANDBOX_PAT, SANDBOX_PAT_READONLY } from '../../../sandbox/state.ts';
import {
  addOrg as addOrgTo,
  addOrgWith,
  appKey as appKeyIn,
  appKeysPath,
  holding as holdingIn,
  ORG,
  ORG_APPS,
  SHARED,
  sentTo,
  readToEnd,
  useInventoryWorld,
} from '../support/inventory-world.ts';

const page = { caller: 'page' as const };

const world = useInventoryWorld();
const sent = (path: string) => sentTo(world(), path);
const addOrg = () => addOrgTo(world());
const appKey = (owner: string, appId: string, description: string) => appKeyIn(world(), owner, appId, description);
const holding = (match: (path: string) => boolean) => holdingIn(world(), match);

describe('readInventory', () => {
  it('answers at once with status reading, then lists the token owner’s own keys with their app, scopes and expiry', async () => {
    const first = await handlers.readInventory({ op: 'readInventory' }, page);
    expect(first).toMatchObject({ status: 'reading', keys: [] });
    await inventory.settled();
    const view = await handlers.getInventory({ op: 'getInventory' }, page);
    expect(view.status).toBe('done');
    const own = [...world().sb.keys.values()].filter((k) => k.ownerId === DEMO_USER_ID && k.type === 'app_specific_key');
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
    // The PATs ListKeys also lists are kept as such, with no app, and never with their token:
    // only a numbered stand-in ending in the token's last four characters.
    const pats = view.keys.filter((k) => k.kind === 'pat');
    expect(pats.map((k) => k.keyId.replace(/^pat-\d+-/, '')).sort()).toEqual([SANDBOX_PAT.slice(-4), SANDBOX_PAT_READONLY.slice(-4)].sort());
    expect(new Set(pats.map((k) => k.keyId)).size).toBe(2);
    for (const token of [SANDBOX_PAT, SANDBOX_PAT_READONLY]) expect(JSON.stringify(view)).not.toContain(token);
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
    world().sb.switches.collaboratorAppKeysListed = true; // unknown in reality: a collaboration granting Keys:Get (or All) may
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
    world().stub({
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
    world().sb.keys.delete(SANDBOX_PAT); // the token was deleted in the portal after it was set
    const view = await readToEnd();
    expect(view.status).toBe('stopped');
    expect(view.message).toMatch(/^Clarifai did not accept this Personal Access Token/);
    expect(view.keys).toEqual([]);
  });

  it('stops, and forgets what it read, when the token is forgotten midway', async () => {
    addOrg();
    await handlers.setOrgs({ op: 'setOrgs', ids: [ORG] }, page);
    const gate = holding((p) => p.startsWith(`/v2/users/${ORG}/apps/`));
    await handlers.readInventory({ op: 'readInventory' }, page);
    await vi.waitFor(() => expect(gate.held()).toBeGreaterThan(0), { timeout: 5000, interval: 5 });
    const before = world().starts.length;
    await handlers.forgetPat({ op: 'forgetPat' }, page);
    gate.release();
    await inventory.settled();
    expect(await handlers.getInventory({ op: 'getInventory' }, page)).toMatchObject({ status: 'empty', keys: [] });
    expect(world().starts.length).toBe(before); // nothing more was sent with the forgotten token
    expect(JSON.stringify(browser.storage.session._dump())).not.toMatch(/inventory/);
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
    const count = world().starts.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(world().starts.length).toBe(count);
    expect(await handlers.getInventory({ op: 'getInventory' }, page)).toMatchObject({ status: 'cancelled', appsRead: view.appsRead });
    gate.release();
  });

  it('takes every request’s turn from the worker’s one limiter: at most 15 starts in any rolling second', async () => {
    addOrgWith(
      world(),
      Array.from({ length: 30 }, (_, i) => `w-${i + 1}`),
    );
    await handlers.setOrgs({ op: 'setOrgs', ids: [ORG] }, page);
    tuning.ratePerSecond = 15;
    world().stub();
    const view = await readToEnd();
    expect(view).toMatchObject({ status: 'done', appsRead: 34, appsTotal: 34 });
    const at = world().starts.map((s) => s.at);
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
