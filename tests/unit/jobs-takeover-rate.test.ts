/**
 * A worker that takes over a job from one that died: that one may have sent a second's worth of
 * requests just before it died, which Clarifai still counts and this worker's limiter never saw.
 * Nothing leaves for one window, so the two together stay within 15 in any rolling second.
 * (Found by the model-based test, ./jobs-model.test.ts: 19 starts in one second.)
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import browser, { resetBrowser } from '../fakes/browser.ts';
import * as jobs from '../../src/privileged/jobs.ts';
import * as vault from '../../src/privileged/vault.ts';
import { apps, fakeApi, PAT } from './jobs-fake-api.ts';

beforeEach(async () => {
  resetBrowser();
  vi.unstubAllGlobals();
  jobs.tuning.ratePerSecond = 15;
  await vault.store(PAT, { userId: 'demo', name: 'Demo', scopes: ['All'], verifiedAt: '' });
});

describe('a worker that takes over a running job', () => {
  it('sends nothing for one rolling second first', async () => {
    const api = fakeApi();
    // As a worker that died mid-job leaves it (this test file's worker has sent nothing yet).
    const id = '00000000-0000-4000-8000-00000000abcd';
    const items = apps(3).map((a) => ({ owner: a.owner, appId: a.id, appName: a.id, description: `key for ${a.id}` }));
    const plan = { id, createdAt: new Date().toISOString(), scopes: ['Predict'], template: 'key for {app_id}', items, leftOut: [], ratePerSecond: 15 };
    await browser.storage.local.set({ [`job:${id}:plan`]: plan });
    await browser.storage.session.set({ [`job:${id}:plan`]: plan, [`job:${id}:control`]: { status: 'running', startedAt: Date.now() } });

    const t0 = Date.now();
    await jobs.resumeJobs();
    await vi.waitFor(async () => expect((await jobs.progress(id)).status).toBe('done'), { timeout: 4000, interval: 10 });
    expect(api.requests[0]!.at - t0).toBeGreaterThanOrEqual(1000);
    expect(api.perApp().size).toBe(3);
  });
});
