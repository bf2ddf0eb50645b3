/**
 * After a browser restart a job's states are gone (storage.session) and only its plan and evidence
 * are left: what was sent is unknown for every app. "Retry failed" then must not run the job again,
 * which would make a second key for every app that has one; Recover looks first. (Found by the
 * model-based test, ./jobs.model.test.ts.)
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import browser, { resetBrowser } from '../../fakes/browser.ts';
import * as jobs from '../../../src/privileged/jobs.ts';
import * as vault from '../../../src/privileged/vault.ts';
import { apps, fakeApi, PAT } from '../support/jobs-fake-api.ts';

const PROFILE = { userId: 'demo', name: 'Demo', scopes: ['All'], verifiedAt: '' };

beforeEach(async () => {
  resetBrowser();
  vi.unstubAllGlobals();
  jobs.tuning.ratePerSecond = 1000;
  await vault.store(PAT, PROFILE);
});

async function status(id: string, want: string) {
  await vi.waitFor(async () => expect((await jobs.progress(id)).status).toBe(want), { timeout: 5000, interval: 5 });
}

describe('Retry failed after a browser restart', () => {
  it('sends nothing until Recover has looked, and then makes no second key', async () => {
    const api = fakeApi();
    const { jobId } = await jobs.startJob({ op: 'startBulkJob', apps: apps(3), scopes: ['Predict'], template: '{app_id}' });
    await status(jobId, 'done');
    browser.storage.session._reset(); // the browser closed: memory is gone, the plan in storage.local stays
    await vault.store(PAT, PROFILE);
    const sent = api.requests.length;

    await expect(jobs.retryFailed(jobId)).rejects.toMatchObject({ message: expect.stringMatching(/Recover/) });
    await new Promise((r) => setTimeout(r, 50));
    expect(api.requests.slice(sent)).toEqual([]);

    await jobs.recover(jobId);
    await jobs.checked(jobId);
    expect(await jobs.progress(jobId)).toMatchObject({ status: 'done', created: 3 });
    await jobs.retryFailed(jobId);
    await status(jobId, 'done');
    expect([...api.perApp().values()]).toEqual([1, 1, 1]);
  });
});
