/**
 * A storage write that fails stops the run, and the job says it stopped only once nothing of the
 * run is left going: Resume then finishes the job with one key per app, never a second.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import browser, { resetBrowser } from '../../fakes/browser.ts';
import * as jobs from '../../../src/privileged/jobs.ts';
import * as vault from '../../../src/privileged/vault.ts';
import { apps, fakeApi, PAT } from '../support/jobs-fake-api.ts';

const N = 20;

beforeEach(async () => {
  resetBrowser();
  vi.unstubAllGlobals();
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  jobs.tuning.ratePerSecond = 20; // slow enough that apps are still queued when the write fails
  await vault.store(PAT, { userId: 'demo', name: 'Demo', scopes: ['All'], verifiedAt: '' });
});

describe('a storage write that fails during a job', () => {
  it('stops the run before the job says so, and Resume makes no key twice', async () => {
    const api = fakeApi();
    const set = browser.storage.session.set.bind(browser.storage.session);
    let failed = false;
    browser.storage.session.set = (async (items: Record<string, unknown>) => {
      const k = Object.keys(items).find((x) => /:item:3$/.test(x));
      if (k && !failed && (items[k] as { status: string }).status === 'created') {
        failed = true;
        throw new Error('QUOTA_BYTES quota exceeded');
      }
      return set(items);
    }) as typeof browser.storage.session.set;
    const { jobId } = await jobs.startJob({ op: 'startBulkJob', apps: apps(N), scopes: ['Predict'], template: '{app_id}' });
    await vi.waitFor(async () => expect((await jobs.progress(jobId)).status).toBe('interrupted'), { timeout: 8000, interval: 5 });
    const postsAtStop = api.posts.length;
    expect(postsAtStop).toBeLessThan(N);
    await new Promise((r) => setTimeout(r, 500));
    expect(api.posts.length).toBe(postsAtStop); // nothing of the stopped run is still sending

    await jobs.control(jobId, 'resume');
    await vi.waitFor(async () => expect((await jobs.progress(jobId)).status).toBe('done'), { timeout: 10_000, interval: 10 });
    expect(await jobs.progress(jobId)).toMatchObject({ created: N, failed: 0 });
    expect([...api.perApp()].filter(([, n]) => n > 1)).toEqual([]);
    expect(api.perApp().size).toBe(N);
    // The app whose `created` was not saved was looked up and its key adopted, not made again.
    expect((await jobs.results(jobId)).rows[3]).toMatchObject({ status: 'created', adopted: true });
  }, 20_000);
});
