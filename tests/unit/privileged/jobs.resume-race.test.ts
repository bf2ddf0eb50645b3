/**
 * Resume while the run stops by itself (the token was forgotten): Resume first looks whether
 * Recover or the sweep is at work on the job, and the run may end meanwhile. The job must end
 * interrupted and resumable, not marked running with nothing running it (no run, no keep-alive
 * alarm: blocked until the worker happens to restart). (Found by the model-based test,
 * ./jobs.model.test.ts.)
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import browser, { resetBrowser } from '../../fakes/browser.ts';
import * as jobs from '../../../src/privileged/jobs.ts';
import * as vault from '../../../src/privileged/vault.ts';
import { apps, heldPosts, PAT } from '../support/jobs-fake-api.ts';

const PROFILE = { userId: 'demo', name: 'Demo', scopes: ['All'], verifiedAt: '' };

beforeEach(async () => {
  resetBrowser();
  vi.unstubAllGlobals();
  jobs.tuning.ratePerSecond = 1000;
  await vault.store(PAT, PROFILE);
});

describe('Resume while the run stops', () => {
  it('leaves the job interrupted and resumable, and Resume then finishes it', async () => {
    // Every PostKeys waits until released: the run is busy when the token goes.
    const { api, held, release } = heldPosts();
    const { jobId } = await jobs.startJob({ op: 'startBulkJob', apps: apps(3), scopes: ['Predict'], template: '{app_id}' });
    await vi.waitFor(() => expect(held()).toBeGreaterThan(0), { timeout: 5000, interval: 2 });

    // Resume is pressed; its look at the checks' records is slow.
    const get = browser.storage.session.get.bind(browser.storage.session);
    let looked!: () => void;
    const slow = new Promise<void>((r) => (looked = r));
    vi.spyOn(browser.storage.session, 'get').mockImplementation(async (keys?: string | string[] | null) => {
      if (typeof keys === 'string' && keys.includes(':check:')) await slow;
      return get(keys);
    });
    const resumed = jobs.control(jobId, 'resume');
    await new Promise((r) => setTimeout(r, 10));
    // Meanwhile the token is forgotten, and the run ends once the answers on their way are in.
    await vault.forgetEverywhere();
    jobs.interruptAll('The token was forgotten.');
    release();
    await new Promise((r) => setTimeout(r, 50));
    looked();
    await resumed;
    vi.mocked(browser.storage.session.get).mockRestore();

    await vi.waitFor(async () => expect(await jobs.progress(jobId)).toMatchObject({ status: 'interrupted', resumable: true }), { timeout: 2000, interval: 5 });
    await vault.store(PAT, PROFILE);
    await jobs.control(jobId, 'resume');
    await vi.waitFor(async () => expect(await jobs.progress(jobId)).toMatchObject({ status: 'done', created: 3 }), { timeout: 2000, interval: 5 });
    expect([...api.perApp().values()]).toEqual([1, 1, 1]);
  });
});
