/**
 * A key inventory read that the worker's death stopped (a service worker restart, simulated as
 * the other worker-restart tests do: the modules afresh, storage.session as the dead worker left
 * it): it shows as stopped, interrupted, and readInventory goes on with the apps not read yet.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import browser, { resetBrowser } from '../../fakes/browser.ts';
import * as inventory from '../../../src/privileged/inventory.ts';
import { tuning } from '../../../src/privileged/limiter.ts';
import { handlers } from '../../../src/privileged/operations.ts';
import { SANDBOX_PAT } from '../../../sandbox/state.ts';
import { workerSandbox, type WorkerSandbox } from '../support/worker-sandbox.ts';
import { addOrg, appKeysPath, holding, ORG, ORG_APPS, SHARED, sentTo } from '../support/inventory-world.ts';

const page = { caller: 'page' as const };

let ws: WorkerSandbox;
beforeAll(async () => {
  ws = await workerSandbox();
});
afterAll(() => ws.close());

const sent = (path: string) => sentTo(ws, path);

beforeEach(async () => {
  resetBrowser();
  vi.unstubAllGlobals();
  ws.sb.reset();
  ws.sb.switches.rateLimitPerSecond = 0;
  tuning.ratePerSecond = 1000;
  ws.stub();
  await handlers.setPat({ op: 'setPat', pat: SANDBOX_PAT }, page);
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
    const orgKeys = addOrg(ws);
    await handlers.setOrgs({ op: 'setOrgs', ids: [ORG] }, page);
    // t-4 and t-5 never answer this worker; the others are read and saved.
    const gate = holding(ws, (p) => p === appKeysPath(ORG, 't-4') || p === appKeysPath(ORG, 't-5'));
    await handlers.readInventory({ op: 'readInventory' }, page);
    await vi.waitFor(() => expect(gate.held()).toBe(2), { timeout: 5000, interval: 5 });
    // Wait for the save that follows the other apps (at most once a second while reading).
    await vi.waitFor(() => expect(JSON.stringify(browser.storage.session._dump().inventory)).toContain(orgKeys[2]!.id), { timeout: 5000, interval: 20 });

    const worker = await newWorker();
    const stopped = await worker.handlers.getInventory({ op: 'getInventory' }, page);
    expect(stopped).toMatchObject({ status: 'stopped', message: inventory.interrupted(), appsTotal: ORG_APPS.length + SHARED.length });
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
