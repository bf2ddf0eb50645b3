/**
 * What the jobs keep in storage.local (plans, evidence, history) can be written by Keysmith's
 * content script, beside a page Keysmith does not trust: it is read through its declared validator
 * (src/privileged/storage/) like a message, and a key is deleted only on evidence this browser
 * session kept itself in storage.session, which no content script can write.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import browser, { resetBrowser } from '../../fakes/browser.ts';
import * as jobs from '../../../src/privileged/jobs.ts';
import * as vault from '../../../src/privileged/vault.ts';
import { apps, fakeApi, PAT } from '../support/jobs-fake-api.ts';

const job = (n: number) => ({ op: 'startBulkJob' as const, apps: apps(n), scopes: ['Predict'], template: '{app_id}' });

beforeEach(async () => {
  resetBrowser();
  vi.unstubAllGlobals();
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  jobs.tuning.ratePerSecond = 1000;
  await vault.store(PAT, { userId: 'demo', name: 'Demo', scopes: ['All'], verifiedAt: '' });
});

async function doneThenRestart(n: number) {
  const api = fakeApi();
  const { jobId } = await jobs.startJob(job(n));
  await vi.waitFor(async () => expect((await jobs.progress(jobId)).status).toBe('done'), { timeout: 5000, interval: 5 });
  browser.storage.session._reset(); // the browser closed: memory is gone, storage.local stays
  await vault.store(PAT, { userId: 'demo', name: 'Demo', scopes: ['All'], verifiedAt: '' });
  return { api, jobId };
}

describe('a job’s plan in storage.local', () => {
  it.each([
    ['items that are not a list', { items: 'all of them' }],
    ['an app that is not text', { items: [{ owner: 42, appId: 'app-0', description: 'x' }] }],
    ['no scopes', { scopes: undefined }],
    ['the id of another job', { id: '00000000-0000-4000-8000-000000000999' }],
    ['an id that names no job', { id: 'x'.repeat(36) }],
  ])('with %s (changed after a restart) is not a job Keysmith knows, never a crash', async (_name, change) => {
    const { jobId } = await doneThenRestart(2);
    const key = `job:${jobId}:plan`;
    const plan = browser.storage.local._dump()[key] as Record<string, unknown>;
    await browser.storage.local.set({ [key]: { ...plan, ...change } });
    await expect(jobs.results(jobId)).rejects.toMatchObject({ kind: 'invalid', message: expect.stringMatching(/not known/) });
    await expect(jobs.progress(jobId)).rejects.toMatchObject({ kind: 'invalid' });
  });
});

describe('the job history in storage.local', () => {
  it('leaves out lines that are not job lines', async () => {
    const { jobId } = await doneThenRestart(1);
    const lines = browser.storage.local._dump()['jobs:history'] as unknown[];
    await browser.storage.local.set({ 'jobs:history': [{ junk: true }, 42, 'line', ...lines, { id: { $ne: 1 }, createdAt: 5, status: 'done' }] });
    expect((await jobs.listJobs()).map((e) => e.id)).toEqual([jobId]);
  });
});

describe('Delete duplicates', () => {
  it('deletes nothing on evidence from storage.local: after a restart, a changed evidence cannot make it delete a key', async () => {
    const { api, jobId } = await doneThenRestart(2);
    // Someone's own key with the job's fields for app-0, made long before the job.
    api.keys.push({
      id: 'e'.repeat(32),
      description: 'app-0',
      scopes: ['Predict'],
      apps: [{ id: 'app-0', user_id: 'demo' }],
      created_at: new Date(Date.now() - 3_600_000).toISOString(),
    });
    // The evidence on disk is changed: app-0's first attempt "began" two hours before the job, nothing was listed before it.
    const key = `job:${jobId}:evidence`;
    const ev = browser.storage.local._dump()[key] as { items: unknown[][] };
    await browser.storage.local.set({ [key]: { ...ev, items: [[-7200, ev.items[0]![1], []], ev.items[1]] } });
    await jobs.recover(jobId);
    await vi.waitFor(async () => expect((await jobs.progress(jobId)).recover?.status).toBe('done'), { timeout: 5000, interval: 5 });
    await jobs.findDuplicates(jobId);
    await vi.waitFor(async () => expect((await jobs.progress(jobId)).sweep?.status).toBe('done'), { timeout: 5000, interval: 5 });
    const before = api.keys.map((k) => k.id).sort();
    await expect(jobs.deleteDuplicates(jobId)).rejects.toMatchObject({ kind: 'invalid', message: expect.stringMatching(/this browser session/) });
    expect(api.keys.map((k) => k.id).sort()).toEqual(before);
    expect(api.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
  });
});

describe('an item’s state in storage.session that does not read as one', () => {
  it('is failed with its outcome unknown, never sent again blindly: nothing is sent for its app until Recover or Retry failed looks', async () => {
    const api = fakeApi();
    // A job whose first app's request left and made a key, and whose state for it then reads as no state.
    const { jobId } = await jobs.startJob(job(2));
    await vi.waitFor(async () => expect((await jobs.progress(jobId)).status).toBe('done'), { timeout: 5000, interval: 5 });
    await jobs.whenIdle();
    const states = browser.storage.session._dump();
    // (Read as it says, `pending` would send again: a second key.)
    await browser.storage.session.set({ [`job:${jobId}:item:0`]: { status: 'pending', attempts: 'one' } });
    const control = states[`job:${jobId}:control`] as Record<string, unknown>;
    await browser.storage.session.set({ [`job:${jobId}:control`]: { ...control, status: 'running', finishedAt: undefined } });
    const posts = api.posts.length;
    await jobs.resumeJobs();
    await vi.waitFor(async () => expect((await jobs.progress(jobId)).status).toBe('done'), { timeout: 5000, interval: 5 });
    expect(api.posts.length).toBe(posts); // nothing sent again
    expect([...api.perApp().values()]).toEqual([1, 1]);
    expect(await jobs.progress(jobId)).toMatchObject({ created: 1, failed: 1 });
    const [row] = (await jobs.results(jobId)).rows;
    expect(row).toMatchObject({ status: 'failed', uncertain: true, error: expect.stringContaining('does not know whether its key was made') });
  });
});
