/**
 * "Forget token" and a lock stop a running job at once: nothing more is sent with the PAT, the
 * answers of requests already sent are still recorded, and the job is interrupted and resumable.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { resetBrowser } from '../../fakes/browser.ts';
import * as jobs from '../../../src/privileged/jobs.ts';
import { handlers } from '../../../src/privileged/operations.ts';
import * as vault from '../../../src/privileged/vault.ts';
import { apps, fakeApi, heldPosts, PAT } from '../support/jobs-fake-api.ts';

const page = { caller: 'page' as const };
const N = 12;

beforeEach(async () => {
  resetBrowser();
  vi.unstubAllGlobals();
  jobs.tuning.ratePerSecond = 1000;
  await vault.store(PAT, { userId: 'demo', name: 'Demo', scopes: ['All'], verifiedAt: '' });
});

async function status(id: string, want: string) {
  await vi.waitFor(async () => expect((await jobs.progress(id)).status).toBe(want), { timeout: 5000, interval: 5 });
  return jobs.progress(id);
}

describe.each([
  [
    'Forget token',
    async () => void (await handlers.forgetPat({ op: 'forgetPat' }, page)),
    async () => void (await handlers.setPat({ op: 'setPat', pat: PAT }, page)),
  ],
  [
    'a lock',
    async () => void (await handlers.lock({ op: 'lock' }, page)),
    async () => void (await handlers.unlock({ op: 'unlock', passphrase: 'correct horse' }, page)),
  ],
])('%s during a job', (_name, stop, restore) => {
  it('sends nothing more, records what was in flight, leaves the job interrupted, and Resume finishes it with one key per app', async () => {
    await vault.remember('correct horse');
    await vault.touch();
    const h = heldPosts();
    const { jobId } = await jobs.startJob({ op: 'startBulkJob', apps: apps(N), scopes: ['Predict'], template: '{app_id}' });
    await vi.waitFor(() => expect(h.held()).toBeGreaterThanOrEqual(3), { timeout: 5000, interval: 2 });
    const inFlight = h.held();

    await stop();
    const sentBefore = h.api.requests.length;
    h.release();
    const p = await status(jobId, 'interrupted');
    expect(h.api.requests.slice(sentBefore)).toEqual([]); // not one request after the stop
    expect(h.api.requests.every((r) => r.token === PAT)).toBe(true);
    // Every key made by a request already sent is recorded; nothing was marked failed.
    expect(p).toMatchObject({ created: inFlight, failed: 0, resumable: true });
    expect(p.stopped).toMatch(/token/i);

    await restore();
    await jobs.control(jobId, 'resume');
    expect(await status(jobId, 'done')).toMatchObject({ created: N, failed: 0 });
    expect([...h.api.perApp().values()]).toEqual(Array(N).fill(1));
  });

  it('sends nothing more from requests that were waiting for their turn in the rate limiter (a real rate, a throttle pause)', async () => {
    // At 1000/s no request ever waits for its turn; at a real rate, and after a throttle, most do.
    jobs.tuning.ratePerSecond = 5;
    await vault.remember('correct horse');
    await vault.touch();
    let first = true;
    const throttled = () =>
      new Response(JSON.stringify({ status: { code: 11005, description: 'Too many requests' } }), { status: 429, headers: { 'retry-after': '1' } });
    const api = fakeApi({ post: () => (first ? ((first = false), { response: throttled, commit: false }) : undefined) });
    const { jobId } = await jobs.startJob({ op: 'startBulkJob', apps: apps(N), scopes: ['Predict'], template: '{app_id}' });
    // The first PostKeys was throttled: every request of the worker waits a second, the job's others in the limiter.
    await vi.waitFor(() => expect(api.posts.length).toBeGreaterThanOrEqual(1), { timeout: 5000, interval: 2 });
    await new Promise((r) => setTimeout(r, 50));

    await stop();
    const sentBefore = api.requests.length;
    const p = await status(jobId, 'interrupted');
    await new Promise((r) => setTimeout(r, 2500)); // past the pause and the window: a queued request would have gone by now
    expect(api.requests.slice(sentBefore).map((r) => `${r.method} ${r.path}`)).toEqual([]);
    expect(p).toMatchObject({ failed: 0, resumable: true });

    await restore();
    await jobs.control(jobId, 'resume');
    await vi.waitFor(async () => expect((await jobs.progress(jobId)).status).toBe('done'), { timeout: 20_000, interval: 20 });
    expect(await jobs.progress(jobId)).toMatchObject({ created: N, failed: 0 });
    expect([...api.perApp().values()]).toEqual(Array(N).fill(1));
  }, 40_000);
});
