/**
 * A worker that takes over a job from one that died: that one may have sent a second's worth of
 * requests just before it died, which Clarifai still counts and this worker's limiter never saw.
 * Nothing leaves for one window, so the two together stay within 15 in any rolling second. A
 * paused job counts too: requests already on their way when it was paused still left.
 * (Found by the model-based test, ./jobs.model.test.ts: 19 starts in one second.)
 */
import { describe, expect, it, vi } from 'vitest';
import { apps, fakeApi, PAT } from '../support/jobs-fake-api.ts';

/** A new worker: this test's modules afresh (its limiter has seen nothing), the storage a dead one left. */
async function newWorker() {
  vi.resetModules();
  const fake = await import('../../fakes/browser.ts');
  fake.resetBrowser();
  vi.unstubAllGlobals();
  const jobs = await import('../../../src/privileged/jobs.ts');
  const vault = await import('../../../src/privileged/vault.ts');
  jobs.tuning.ratePerSecond = 15;
  await vault.store(PAT, { userId: 'demo', name: 'Demo', scopes: ['All'], verifiedAt: '' });
  return { browser: fake.default, jobs };
}

describe('a worker that takes over a job left', () => {
  it.each(['running', 'paused'] as const)('%s sends nothing for one rolling second first', async (status) => {
    const { browser, jobs } = await newWorker();
    const api = fakeApi();
    const id = '00000000-0000-4000-8000-00000000abcd';
    const items = apps(3).map((a) => ({ owner: a.owner, appId: a.id, appName: a.id, description: `key for ${a.id}` }));
    const plan = { id, createdAt: new Date().toISOString(), scopes: ['Predict'], template: 'key for {app_id}', items, leftOut: [], ratePerSecond: 15 };
    await browser.storage.local.set({ [`job:${id}:plan`]: plan });
    await browser.storage.session.set({ [`job:${id}:plan`]: plan, [`job:${id}:control`]: { status, startedAt: Date.now() } });

    const t0 = Date.now();
    await jobs.resumeJobs();
    if (status === 'paused') await jobs.control(id, 'resume');
    await vi.waitFor(async () => expect((await jobs.progress(id)).status).toBe('done'), { timeout: 4000, interval: 10 });
    expect(api.requests[0]!.at - t0).toBeGreaterThanOrEqual(1000);
    expect(api.perApp().size).toBe(3);
  });
});
