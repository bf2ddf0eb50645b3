/**
 * The picker's listings ride out a passing fault: a throttled answer (arrival jitter can put a
 * sixteenth request into Clarifai's second), a 5xx or a dropped connection is tried again in the
 * worker's pace, so one such answer never leaves an owner's apps out of the picker; an API that
 * stays down is said within seconds. A refusal is not tried again.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetBrowser } from '../../../fakes/browser.ts';
import { handlers } from '../../../../src/privileged/operations.ts';
import { DEMO_USER_ID, ORG_ID, SANDBOX_PAT } from '../../../../sandbox/state.ts';
import { addPat, workerSandbox, type WorkerSandbox } from '../../support/worker-sandbox.ts';

const page = { caller: 'page' as const };

let ws: WorkerSandbox;
beforeAll(async () => {
  ws = await workerSandbox();
});
afterAll(() => ws.close());

/**
 * The sandbox, with `faults` answered (in order) instead of the next listings; returns the path of
 * every listing sent, faulted or not. (The token's verification is not a listing.)
 */
function api(faults: (() => Response | Promise<Response>)[]) {
  const listed: string[] = [];
  ws.stub({
    intercept: (url) => {
      if (url.pathname.startsWith('/v2/users/me/myscopes') || url.pathname === '/v2/users/me') return undefined;
      listed.push(url.pathname);
      return faults.shift()?.();
    },
  });
  return listed;
}

/** As the sandbox's rate limit answers (sandbox/ratelimit.ts). */
const throttled = () =>
  new Response(JSON.stringify({ status: { code: 11005, description: 'Making too many requests', details: 'exceeded limit of 15 requests per second' } }), {
    status: 429,
  });
/** A gateway's answer: HTML, no status (as the sandbox's errorRate fault sends one). */
const unavailable = () => new Response('<html>Bad gateway</html>', { status: 502 });
const dropped = () => Promise.reject(new TypeError('Failed to fetch'));

/** The first page of an owner's apps as the sandbox holds them (the picker sorts by id). */
const firstPage = (owner: string) =>
  ws.sb
    .appsOf(owner)
    .map((a) => a.id)
    .sort()
    .slice(0, 1000);

beforeEach(async () => {
  resetBrowser();
  vi.unstubAllGlobals();
  ws.sb.reset();
  api([]);
  await handlers.setPat({ op: 'setPat', pat: SANDBOX_PAT }, page);
});

describe('the picker’s listings', () => {
  it('a page of an organization’s apps comes through a throttled answer and a 5xx, or a dropped connection', async () => {
    let listed = api([throttled, unavailable]);
    const r = await handlers.listAppsPage({ op: 'listAppsPage', page: 1, owner: ORG_ID }, page);
    expect(r.apps.map((a) => a.id)).toEqual(firstPage(ORG_ID));
    expect(listed).toEqual(Array(3).fill(`/v2/users/${ORG_ID}/apps`));
    listed = api([dropped]);
    expect((await handlers.listAppsPage({ op: 'listAppsPage', page: 1, owner: ORG_ID }, page)).apps.map((a) => a.id)).toEqual(firstPage(ORG_ID));
    expect(listed).toHaveLength(2);
  }, 20_000);

  it('an API that stays down is said after three tries, not after a minute of them', async () => {
    const listed = api([]);
    ws.sb.switches.apiDown = true; // every connection is reset before an answer
    await expect(handlers.listAppsPage({ op: 'listAppsPage', page: 1, owner: ORG_ID }, page)).rejects.toMatchObject({ kind: 'network' });
    expect(listed).toHaveLength(3);
  }, 20_000);

  it('all of the user’s apps, and the apps shared with them, come through a throttled answer', async () => {
    api([throttled]);
    expect((await handlers.listApps({ op: 'listApps' }, page)).map((a) => a.id)).toEqual(firstPage(DEMO_USER_ID));
    api([throttled]);
    const shared = ws.sb.collaborations.filter((c) => c.userId === DEMO_USER_ID).map((c) => c.appId);
    expect(shared.length).toBeGreaterThan(0);
    expect((await handlers.listSharedApps({ op: 'listSharedApps' }, page)).map((a) => a.id).sort()).toEqual(shared.sort());
  }, 20_000);

  it('an answer that cannot be read is not tried again: the picker says so at once', async () => {
    const listed = api([]);
    ws.sb.switches.corruptAppLists = 'malformed-json'; // ListApps answers are cut off mid-way
    await expect(handlers.listAppsPage({ op: 'listAppsPage', page: 1, owner: ORG_ID }, page)).rejects.toThrow();
    expect(listed).toHaveLength(1);
  });

  it('a refusal is not tried again: the picker says so at once', async () => {
    const noAppsGet = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
    addPat(ws.sb, DEMO_USER_ID, noAppsGet, ['Keys:Get']);
    await handlers.setPat({ op: 'setPat', pat: noAppsGet }, page);
    const listed = api([]);
    await expect(handlers.listAppsPage({ op: 'listAppsPage', page: 1, owner: ORG_ID }, page)).rejects.toThrow();
    expect(ws.sb.requests((e) => e.rpc === 'ListApps').map((e) => e.code)).toEqual([11007]); // the sandbox's refusal: Apps:Get is missing
    expect(listed).toHaveLength(1);
  });
});
