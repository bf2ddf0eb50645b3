/**
 * Recover (or the sweep) asked for at the moment a new worker resumes a job the dead one left
 * running: the check claims the job first, finds it running and declines, and the resume found
 * the job claimed. The job must still go on, not stay marked running with nothing running it.
 * (Found by the model-based test, ./jobs.model.test.ts.)
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import browser, { resetBrowser } from '../../fakes/browser.ts';
import * as jobs from '../../../src/privileged/jobs.ts';
import * as vault from '../../../src/privileged/vault.ts';
import { apps, fakeApi, PAT } from '../support/jobs-fake-api.ts';

beforeEach(async () => {
  resetBrowser();
  vi.unstubAllGlobals();
  jobs.tuning.ratePerSecond = 1000;
  await vault.store(PAT, { userId: 'demo', name: 'Demo', scopes: ['All'], verifiedAt: '' });
});

describe('a check asked for while a new worker resumes the job', () => {
  it.each(['recover', 'findDuplicates'] as const)('%s declines, and the job still goes on to its end', async (check) => {
    const api = fakeApi();
    // As a worker that died mid-job leaves it.
    const id = '00000000-0000-4000-8000-00000000beef';
    const items = apps(3).map((a) => ({ owner: a.owner, appId: a.id, appName: a.id, description: `key for ${a.id}` }));
    const plan = { id, createdAt: new Date().toISOString(), scopes: ['Predict'], template: 'key for {app_id}', items, leftOut: [], ratePerSecond: 15 };
    await browser.storage.local.set({ [`job:${id}:plan`]: plan });
    await browser.storage.session.set({ [`job:${id}:plan`]: plan, [`job:${id}:control`]: { status: 'running', startedAt: Date.now() } });

    const resumed = jobs.resumeJobs(); // the new worker's top level
    await expect(jobs[check](id)).rejects.toThrow(/still running/);
    await resumed;
    await vi.waitFor(async () => expect(await jobs.progress(id)).toMatchObject({ status: 'done', created: 3 }), { timeout: 3000, interval: 5 });
    expect([...api.perApp().values()]).toEqual([1, 1, 1]);
  });
});
