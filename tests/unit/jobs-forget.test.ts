/**
 * "Forget token" and a lock stop a running job at once: nothing more is sent with the PAT, the
 * answers of requests already sent are still recorded, and the job is interrupted and resumable.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { resetBrowser } from '../fakes/browser.ts';
import * as jobs from '../../src/privileged/jobs.ts';
import { handlers } from '../../src/privileged/operations.ts';
import * as vault from '../../src/privileged/vault.ts';
import { apps, fakeApi, PAT } from './jobs-fake-api.ts';

const page = { caller: 'page' as const };
const N = 12;

beforeEach(async () => {
  resetBrowser();
  vi.unstubAllGlobals();
  jobs.tuning.ratePerSecond = 1000;
  await vault.store(PAT, { userId: 'demo', name: 'Demo', scopes: ['All'], verifiedAt: '' });
});

/** A fake API that holds PostKeys until `release()`: a job stopped while requests are in flight. */
function heldApi() {
  const waiting: (() => void)[] = [];
  let open = false;
  const api = fakeApi({
    gate: (url, init) => (init.method === 'POST' && url.pathname.endsWith('/keys') && !open ? new Promise<void>((r) => waiting.push(r)) : undefined),
  });
  return {
    api,
    held: () => waiting.length,
    release() {
      open = true;
      for (const r of waiting.splice(0)) r();
    },
  };
}

async function status(id: string, want: string) {
  await vi.waitFor(async () => expect((await jobs.progress(id)).status).toBe(want), { timeout: 5000, interval: 5 });
  return jobs.progress(id);
}

describe.each([
  ['Forget token', async () => void (await handlers.forgetPat({ op: 'forgetPat' }, page)), async () => void (await handlers.setPat({ op: 'setPat', pat: PAT }, page))],
  ['a lock', async () => void (await handlers.lock({ op: 'lock' }, page)), async () => void (await handlers.unlock({ op: 'unlock', passphrase: 'correct horse' }, page))],
])('%s during a job', (_name, stop, restore) => {
  it('sends nothing more, records what was in flight, leaves the job interrupted, and Resume finishes it with one key per app', async () => {
    await vault.remember('correct horse');
    await vault.touch();
    const h = heldApi();
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
});
