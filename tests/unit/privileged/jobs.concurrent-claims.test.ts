/**
 * Two jobs of this browser running at once, with the same preset on the same day, on the same app:
 * when one has an unknown outcome and looks the app up, the key it lists may be the other's, made
 * by a request still on its way or recorded a moment ago. It never adopts that key: the other job's
 * claims are taken after the listing (not before), and while the other job has an attempt with the
 * same fields on that app that is sending or uncertain, no key is adopted (it looks again later).
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { resetBrowser } from '../../fakes/browser.ts';
import * as jobs from '../../../src/privileged/jobs.ts';
import * as vault from '../../../src/privileged/vault.ts';
import { apps, fakeApi, PAT } from '../support/jobs-fake-api.ts';

const job = { op: 'startBulkJob' as const, apps: apps(1), scopes: ['Predict'], template: '{preset} key for {app_id} ({date})', presetName: 'Predict only' };
const ok = (b: object) => new Response(JSON.stringify({ status: { code: 10000 }, ...b }), { status: 200 });
const lost = () => Promise.reject(new TypeError('Failed to fetch')) as never; // no answer, nothing made

beforeEach(async () => {
  resetBrowser();
  vi.unstubAllGlobals();
  jobs.tuning.ratePerSecond = 1000;
  await vault.store(PAT, { userId: 'demo', name: 'Demo', scopes: ['All'], verifiedAt: '' });
});

function later() {
  let open!: () => void;
  const p = new Promise<void>((r) => (open = r));
  return { p, open };
}

async function done(id: string) {
  await vi.waitFor(async () => expect((await jobs.progress(id)).status).toBe('done'), { timeout: 15_000, interval: 5 });
  return (await jobs.results(id)).rows[0]!;
}

const isLookup = (url: URL, init: RequestInit) => (init.method ?? 'GET') === 'GET' && url.pathname === '/v2/users/demo/apps/app-0/keys';

describe('two jobs at once on one app', () => {
  it('a look-up does not adopt the key the other job’s request is making at that moment', async () => {
    const bPosted = later();
    const bAnswer = later();
    let posts = 0;
    const api = fakeApi({
      // A's first PostKeys is lost; B's makes its key at once, and its answer comes later.
      post: () => {
        posts++;
        if (posts === 1) return { response: lost, commit: false };
        if (posts === 2) {
          bPosted.open();
          return { response: (() => bAnswer.p.then(() => ok({ keys: [api.keys.at(-1)] }))) as never, commit: true };
        }
        return undefined;
      },
      // A looks app-0 up only once B's key is there and B is waiting for its answer.
      gate: (url, init) => (isLookup(url, init) ? bPosted.p : undefined),
    });
    const a = (await jobs.startJob(job)).jobId;
    await vi.waitFor(() => expect(posts).toBe(1), { timeout: 5000, interval: 2 });
    const b = (await jobs.startJob(job)).jobId;
    await bPosted.p;
    await vi.waitFor(() => expect(api.requests.filter((r) => isLookup(new URL(`https://x${r.path}`), r)).length).toBeGreaterThanOrEqual(1), {
      timeout: 5000,
      interval: 2,
    });
    await new Promise((r) => setTimeout(r, 100)); // A has listed B's key while B's request is on its way
    bAnswer.open();
    const [ra, rb] = [await done(a), await done(b)];
    expect(rb).toMatchObject({ status: 'created', keyId: api.keys[0]!.id });
    expect(ra.status).toBe('created');
    expect(ra.keyId).not.toBe(rb.keyId);
    expect(ra.adopted).toBeFalsy();
    expect(api.keys).toHaveLength(2); // one each
  }, 30_000);

  it('a look-up takes the other job’s claims after listing: a key the other recorded meanwhile is not adopted', async () => {
    const listed = later();
    let posts = 0;
    const api = fakeApi({
      post: () => (++posts === 1 ? { response: lost, commit: false } : undefined),
      // A's look-up is held: B runs from start to end meanwhile.
      gate: (url, init) => (isLookup(url, init) ? listed.p : undefined),
    });
    const a = (await jobs.startJob(job)).jobId;
    await vi.waitFor(() => expect(api.requests.some((r) => r.path === '/v2/users/demo/apps/app-0/keys')).toBe(true), { timeout: 5000, interval: 2 });
    const b = (await jobs.startJob(job)).jobId;
    const rb = await done(b);
    listed.open(); // A's listing now holds B's key, which B has recorded
    const ra = await done(a);
    expect(rb).toMatchObject({ status: 'created', keyId: api.keys[0]!.id });
    expect(ra.status).toBe('created');
    expect(ra.keyId).not.toBe(rb.keyId);
    expect(ra.adopted).toBeFalsy();
    expect(api.keys).toHaveLength(2);
  }, 30_000);

  it('claims read from storage before another job ended are read again: its key is not adopted after it left', async () => {
    const listed = later();
    let posts = 0;
    const api = fakeApi({
      post: () => (++posts <= 2 ? { response: lost, commit: false } : undefined), // A's two first PostKeys are lost
      // A's look-up of app-0 is held; its look-up of app-1 goes (and reads the other jobs' claims: none yet).
      gate: (url, init) => (isLookup(url, init) ? listed.p : undefined),
    });
    const a = (await jobs.startJob({ ...job, apps: apps(2) })).jobId;
    await vi.waitFor(async () => expect((await jobs.results(a)).rows[1]!.status).toBe('created'), { timeout: 5000, interval: 2 });
    const b = (await jobs.startJob(job)).jobId; // app-0 only
    const rb = await done(b);
    listed.open();
    const ra = await done(a);
    expect(ra.keyId).not.toBe(rb.keyId);
    expect(ra.adopted).toBeFalsy();
    expect(api.perApp().get('app-0')).toBe(2);
  }, 30_000);
});
