/**
 * Storage fills up: fifty kept plans and their history for 5,000-app jobs would pass Chrome's
 * 10 MiB for storage.local. What jobs keep is budgeted (the oldest finished go first, never a
 * running or resumable job); a write the browser still refuses for room is said in words that
 * lead to "Clear old jobs", which works on a full storage; and no job is left marked running
 * because its end could not be written.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import browser, { resetBrowser } from '../../fakes/browser.ts';
import * as jobs from '../../../src/privileged/jobs.ts';
import * as budget from '../../../src/privileged/job-budget.ts';
import * as store from '../../../src/privileged/job-store.ts';
import { controlKey, planKey, type JobControl, type JobPlan } from '../../../src/privileged/job-types.ts';
import { storageFull } from '../../../src/privileged/errors.ts';
import { handlers } from '../../../src/privileged/operations.ts';
import { createRouter } from '../../../src/privileged/router.ts';
import * as vault from '../../../src/privileged/vault.ts';
import { apps, fakeApi, heldPosts, PAT } from '../support/jobs-fake-api.ts';

/** Chrome's storage.local quota for an extension without unlimitedStorage (QUOTA_BYTES). */
const CHROME_LOCAL_QUOTA = 10 * 1024 * 1024;
const self = { id: 'keysmith-test-id', origin: 'chrome-extension://keysmith-test-id' };
const optionsPage = {
  id: 'keysmith-test-id',
  url: 'chrome-extension://keysmith-test-id/src/pages/results/index.html',
  origin: 'chrome-extension://keysmith-test-id',
  tab: { id: 3 },
  frameId: 0,
};
/** Sends a message as the results page does and answers what the page receives. */
const ask = (message: object) => createRouter(handlers, self)(message, optionsPage as never);
const job = (n: number) => ({ op: 'startBulkJob' as const, apps: apps(n), scopes: ['Predict'], template: '{app_id} key' });

beforeEach(async () => {
  resetBrowser();
  vi.unstubAllGlobals();
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  jobs.tuning.ratePerSecond = 1000;
  await vault.store(PAT, { userId: 'demo', name: 'Demo', scopes: ['All'], verifiedAt: '' });
});

let seq = 0;
/** A job of `n` apps as the job manager keeps it, ended (`status`), `ageMs` old. */
async function pastJob(n: number, status: 'done' | 'interrupted' | 'running', ageMs: number): Promise<JobPlan> {
  const id = `00000000-0000-4000-8000-${String(++seq).padStart(12, '0')}`;
  const createdAt = new Date(Date.now() - ageMs).toISOString();
  const plan: JobPlan = {
    id,
    createdAt,
    scopes: ['Predict'],
    presetName: 'Predict only',
    template: '{preset} key for {app_id} ({date})',
    ratePerSecond: 15,
    items: Array.from({ length: n }, (_, i) => ({
      owner: 'demo-user',
      appId: `app-${String(i).padStart(4, '0')}`,
      appName: `App ${i}`,
      pick: i,
      description: `Predict only key for app-${String(i).padStart(4, '0')} (${createdAt.slice(0, 10)})`,
    })),
  };
  await budget.writePlan(plan);
  await store.writeControl(id, { status, startedAt: Date.parse(createdAt), finishedAt: status === 'running' ? undefined : Date.now() });
  await budget.recordHistory(
    plan,
    status,
    plan.items.map(() => ({ status: 'created', attempts: 1 })),
  );
  return plan;
}

const localPlans = () => Object.keys(browser.storage.local._dump()).filter((k) => /^job:.*:plan$/.test(k));

describe('what jobs keep in storage.local', () => {
  it('fifty 5,000-app jobs fit in Chrome’s 10 MiB: the oldest finished go first, never a running or resumable one, and a new job still starts', async () => {
    browser.storage.local._quota(CHROME_LOCAL_QUOTA);
    // The two oldest are still going: one interrupted with its memory kept (resumable), one running.
    const resumable = await pastJob(5000, 'interrupted', 60 * 86_400_000);
    const running = await pastJob(5000, 'running', 59 * 86_400_000);
    for (let i = 0; i < 48; i++) await pastJob(5000, 'done', (48 - i) * 3_600_000);
    const local = browser.storage.local._dump();
    expect(browser.storage.local._bytes()).toBeLessThanOrEqual(budget.JOBS_BUDGET_BYTES + 2048);
    expect(localPlans().length).toBeLessThanOrEqual(budget.PLANS_KEPT);
    expect(local[planKey(resumable.id)]).toBeDefined();
    expect(local[planKey(running.id)]).toBeDefined();
    // History lines for all fifty, each small: the first app ids and the count.
    const lines = await jobs.listJobs();
    expect(lines).toHaveLength(50);
    for (const l of lines) expect(l.apps.length).toBeLessThanOrEqual(budget.HISTORY_APPS);
    expect(lines[0]).toMatchObject({ total: 5000 });

    fakeApi();
    const { jobId } = await jobs.startJob(job(3));
    await vi.waitFor(async () => expect((await jobs.progress(jobId)).status).toBe('done'), { timeout: 5000, interval: 5 });
    expect(browser.storage.local._dump()[planKey(jobId)]).toBeDefined();
    expect(browser.storage.local._dump()[planKey(resumable.id)]).toBeDefined();
  }, 60_000);
});

describe('a full storage', () => {
  it('is said in words when starting a job, remembering a token or saving a preset, and Clear old jobs frees it', async () => {
    fakeApi();
    for (let i = 0; i < 3; i++) await pastJob(2000, 'done', (3 - i) * 3_600_000);
    browser.storage.local._quota(browser.storage.local._bytes() + 100); // full, within the jobs' budget
    const full = { ok: false, error: { kind: 'quota', message: storageFull() } };
    expect(await ask({ op: 'setPat', pat: PAT, remember: true, passphrase: 'correct horse battery' })).toEqual(full);
    expect(await ask({ op: 'savePreset', name: 'Mine', scopes: ['Predict'] })).toEqual(full);
    const before = Object.keys(browser.storage.session._dump()).filter((k) => k.endsWith(':control')).length;
    expect(await ask(job(2))).toEqual(full);
    // Nothing of the refused job is left to run: no control record, no running line.
    expect(Object.keys(browser.storage.session._dump()).filter((k) => k.endsWith(':control')).length).toBe(before);
    expect((await jobs.listJobs()).filter((l) => l.status === 'running')).toEqual([]);

    expect(await ask({ op: 'clearOldJobs' })).toEqual({ ok: true, value: { cleared: 3 } });
    expect(await jobs.listJobs()).toEqual([]);
    expect((await ask({ op: 'setPat', pat: PAT, remember: true, passphrase: 'correct horse battery' })).ok).toBe(true);
    expect((await ask({ op: 'savePreset', name: 'Mine', scopes: ['Predict'] })).ok).toBe(true);
    const started = await ask(job(2));
    expect(started.ok).toBe(true);
  });

  it('leaves running and resumable jobs alone when old jobs are cleared', async () => {
    const kept = await pastJob(10, 'interrupted', 3_600_000);
    const running = await pastJob(10, 'running', 1_800_000);
    const old = await pastJob(10, 'done', 7_200_000);
    expect(await jobs.clearOld()).toEqual({ cleared: 1 });
    const ids = (await jobs.listJobs()).map((l) => l.id);
    expect(ids).toEqual(expect.arrayContaining([kept.id, running.id]));
    expect(ids).not.toContain(old.id);
    expect(browser.storage.local._dump()[planKey(kept.id)]).toBeDefined();
  });
});

describe('the history', () => {
  it('never holds more lines than it can read back, even when every job in it is still going', async () => {
    for (let i = 0; i < budget.HISTORY_MAX + 2; i++) await pastJob(2, 'running', (60 - i) * 60_000);
    expect(await jobs.listJobs()).toHaveLength(budget.HISTORY_MAX); // more would read back as no history at all
  });
});

describe('a job whose end cannot be written', () => {
  it('nothing fits at all: the end is not written, and the job reads as interrupted, never as running', async () => {
    const plan = await pastJob(3, 'running', 1000);
    browser.storage.session._quota(0);
    browser.storage.local._quota(0);
    const control: JobControl = { status: 'done', startedAt: Date.now() - 1000, finishedAt: Date.now() };
    expect(await budget.recordEnd(plan.id, control, plan, [])).toBe(false); // and it did not throw
    expect(browser.storage.session._dump()[controlKey(plan.id)]).toBeUndefined();
    expect(await jobs.progress(plan.id)).toMatchObject({ status: 'interrupted' });
    expect((await jobs.listJobs()).find((l) => l.id === plan.id)).toMatchObject({ status: 'interrupted' });
  });

  it('storage.local full at the end: the job ends done, and its line does not say running for ever', async () => {
    const h = heldPosts();
    const { jobId } = await jobs.startJob(job(4));
    await vi.waitFor(() => expect(h.held()).toBe(4), { timeout: 5000, interval: 2 });
    browser.storage.local._quota(browser.storage.local._bytes()); // nothing more fits
    h.release();
    await vi.waitFor(async () => expect((await jobs.progress(jobId)).status).toBe('done'), { timeout: 5000, interval: 5 });
    await new Promise((r) => setTimeout(r, 20)); // the run's end is written (or not) by now
    expect(await jobs.progress(jobId)).toMatchObject({ status: 'done', created: 4 });
    expect((await jobs.listJobs()).find((l) => l.id === jobId)).toMatchObject({ status: 'done' });
  });

  // Once skipped as a bug under load: a run that the scenario "a full storage" left going sent its
  // requests (and made two keys) into this scenario's fake API. Every scenario now ends with no run
  // going (../support/jobs-fake-api.ts).
  it(
    'storage.session full mid-job: the run stops, the job is interrupted (not running) with the reason, a new worker does not run it, and Resume finishes it once there is room',
    { timeout: 20_000 },
    async () => {
      const h = heldPosts();
      const { jobId } = await jobs.startJob(job(6));
      await vi.waitFor(() => expect(h.held()).toBe(6), { timeout: 5000, interval: 2 });
      // Nearly full: a few bytes left, fewer than a `created` state (its key id and claim) adds.
      browser.storage.session._quota(browser.storage.session._bytes() + 60);
      h.release();
      await vi.waitFor(async () => expect((await jobs.progress(jobId)).status).toBe('interrupted'), { timeout: 5000, interval: 5 });
      await new Promise((r) => setTimeout(r, 20));
      const p = await jobs.progress(jobId);
      expect(p).toMatchObject({ status: 'interrupted', resumable: true });
      expect(p.stopped).toContain(storageFull());
      // What storage says, as the next worker reads it: not running.
      expect((browser.storage.session._dump()[controlKey(jobId)] as JobControl).status).toBe('interrupted');
      const sent = h.api.requests.length;
      await jobs.resumeJobs(); // the keep-alive alarm, or a new worker's first lines
      await new Promise((r) => setTimeout(r, 50));
      expect(h.api.requests.length).toBe(sent);
      expect((await jobs.listJobs()).find((l) => l.id === jobId)).toMatchObject({ status: 'interrupted' });

      browser.storage.session._quota(Infinity);
      await jobs.control(jobId, 'resume');
      await vi.waitFor(async () => expect((await jobs.progress(jobId)).status).toBe('done'), { timeout: 5000, interval: 5 });
      expect(await jobs.progress(jobId)).toMatchObject({ created: 6, failed: 0 });
      expect([...h.api.perApp().values()]).toEqual(Array(6).fill(1)); // the keys made before the stop were adopted, none made twice
    },
  );
});
