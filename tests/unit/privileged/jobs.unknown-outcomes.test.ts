/**
 * Answers that do not say whether a key was made are unknown outcomes, never certain failures: a
 * success status without the key, a 2xx that is not JSON, an answer too large to read. Like a
 * dropped connection, the app's keys are looked up before any retry, and a key found is adopted.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { resetBrowser } from '../../fakes/browser.ts';
import * as jobs from '../../../src/privileged/jobs.ts';
import * as vault from '../../../src/privileged/vault.ts';
import { MAX_RESPONSE_BYTES } from '../../../src/pure/clarifai/answer.ts';
import { apps, fakeApi, PAT } from '../support/jobs-fake-api.ts';

beforeEach(async () => {
  resetBrowser();
  vi.unstubAllGlobals();
  jobs.tuning.ratePerSecond = 1000;
  await vault.store(PAT, { userId: 'demo', name: 'Demo', scopes: ['All'], verifiedAt: '' });
});

async function settled(id: string) {
  await vi.waitFor(async () => expect(['done', 'interrupted']).toContain((await jobs.progress(id)).status), { timeout: 10_000, interval: 10 });
  return jobs.progress(id);
}

const ANSWERS: [string, () => Response][] = [
  ['a success status without the key', () => new Response(JSON.stringify({ status: { code: 10000 }, keys: [] }), { status: 200 })],
  [
    'a success status with a key that has no id',
    () => new Response(JSON.stringify({ status: { code: 10000 }, keys: [{ description: 'x' }] }), { status: 200 }),
  ],
  ['a 200 that is not JSON', () => new Response('<html>gateway</html>', { status: 200 })],
  ['a 200 without a status', () => new Response(JSON.stringify({ keys: [] }), { status: 200 })],
  ['an answer larger than Keysmith reads', () => new Response('{}', { status: 200, headers: { 'content-length': String(MAX_RESPONSE_BYTES + 1) } })],
];

describe('an answer that does not say whether the key was made', () => {
  it.each(ANSWERS)('after %s, the key Clarifai made is found and adopted: one key, recorded', async (_name, answer) => {
    const api = fakeApi({ post: (_app, n) => (n === 1 ? { response: answer, commit: true } : undefined) });
    const { jobId } = await jobs.startJob({ op: 'startBulkJob', apps: apps(2), scopes: ['Predict'], template: '{app_id}' });
    expect(await settled(jobId)).toMatchObject({ status: 'done', created: 2, failed: 0 });
    expect([...api.perApp().values()]).toEqual([1, 1]);
    const rows = (await jobs.results(jobId)).rows;
    expect(rows.map((r) => [r.status, r.adopted])).toEqual([
      ['created', true],
      ['created', true],
    ]);
    expect(rows.map((r) => r.keyId).sort()).toEqual(api.keys.map((k) => k.id).sort());
  });

  it.each(ANSWERS)('after %s with no key made, the app is looked up, then created once', async (_name, answer) => {
    const api = fakeApi({ post: (_app, n) => (n === 1 ? { response: answer, commit: false } : undefined) });
    const { jobId } = await jobs.startJob({ op: 'startBulkJob', apps: apps(1), scopes: ['Predict'], template: '{app_id}' });
    expect(await settled(jobId)).toMatchObject({ created: 1, failed: 0 });
    expect(api.perApp().get('app-0')).toBe(1);
    // (The first GET lists the owner's keys before anything is sent: the evidence.)
    const order = api.requests.filter((r) => r.method === 'POST' || r.path.includes('/apps/')).map((r) => r.method);
    expect(order).toEqual(['POST', 'GET', 'POST']); // looked before posting again
  });

  it('a failure whose outcome stayed unknown is looked up by Retry failed before anything is posted again', async () => {
    // The first answer is unreadable and every look-up fails too: the app ends failed, outcome unknown.
    let lookups = false;
    const api = fakeApi({
      post: (_app, n) => (n === 1 ? { response: () => new Response('not json', { status: 200 }), commit: true } : undefined),
      respond: (url, init) =>
        !lookups && init.method === 'GET' && url.pathname.endsWith('/keys')
          ? new Response(JSON.stringify({ status: { code: 11007, description: 'Insufficient scopes' }, keys: [] }), { status: 403 })
          : undefined,
    });
    const { jobId } = await jobs.startJob({ op: 'startBulkJob', apps: apps(1), scopes: ['Predict'], template: '{app_id}' });
    expect(await settled(jobId)).toMatchObject({ failed: 1 });
    expect((await jobs.results(jobId)).rows[0]).toMatchObject({ status: 'failed', uncertain: true });
    lookups = true;
    await jobs.retryFailed(jobId);
    expect(await settled(jobId)).toMatchObject({ created: 1, failed: 0 });
    expect(api.posts).toEqual(['app-0']); // never posted again: the key was there
    expect((await jobs.results(jobId)).rows[0]).toMatchObject({ status: 'created', adopted: true, keyId: api.keys[0]!.id });
  }, 30_000);

  it('a series whose first attempt may have made a key keeps its evidence when a later attempt fails for sure: Retry failed looks first and adopts that key', async () => {
    // Attempt 1: a proxy's 502 (no Clarifai status) after the key was made; the listing right after
    // does not show it yet. Attempt 2: refused outright, a certain failure. The key shows up later.
    let listingBehind = true;
    let n = 0;
    const api = fakeApi({
      post: () => {
        n++;
        if (n === 1) return { response: () => new Response('<html>502 Bad Gateway</html>', { status: 502 }), commit: true };
        if (n === 2)
          return {
            response: () => new Response(JSON.stringify({ status: { code: 11100, description: 'Bad request format' } }), { status: 400 }),
            commit: false,
          };
        return undefined;
      },
      respond: (url, init) =>
        listingBehind && (init.method ?? 'GET') === 'GET' && url.pathname.endsWith('/apps/app-0/keys')
          ? new Response(JSON.stringify({ status: { code: 10000 }, keys: [] }), { status: 200 })
          : undefined,
    });
    const { jobId } = await jobs.startJob({ op: 'startBulkJob', apps: apps(1), scopes: ['Predict'], template: '{app_id}' });
    expect(await settled(jobId)).toMatchObject({ status: 'done', failed: 1 });
    // The row says a key may exist, so nobody takes the failure for certain.
    expect((await jobs.results(jobId)).rows[0]).toMatchObject({ status: 'failed', uncertain: true });
    listingBehind = false;
    await jobs.retryFailed(jobId);
    expect(await settled(jobId)).toMatchObject({ created: 1, failed: 0 });
    expect(api.posts).toEqual(['app-0', 'app-0']); // not a third time: attempt 1's key was looked up and adopted
    expect(api.keys).toHaveLength(1);
    expect((await jobs.results(jobId)).rows[0]).toMatchObject({ status: 'created', adopted: true, keyId: api.keys[0]!.id });
  }, 30_000);
});
