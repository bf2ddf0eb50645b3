/**
 * One run of a job at a time in a worker: "this job is running here" is claimed synchronously,
 * before the first await, so callers that race (the keep-alive alarm's resume and the top-level
 * resume of a worker that just woke; two Resume clicks; two "Retry failed") cannot both run it.
 */
import fc from 'fast-check';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import browser, { resetBrowser } from '../../fakes/browser.ts';
import * as jobs from '../../../src/privileged/jobs.ts';
import * as vault from '../../../src/privileged/vault.ts';
import { apps, fakeApi, PAT } from '../support/jobs-fake-api.ts';

const SCOPES = ['Predict'];
const refused = () => new Response(JSON.stringify({ status: { code: 11100, description: 'Bad request format' } }), { status: 400 });

beforeEach(async () => {
  resetBrowser();
  vi.unstubAllGlobals();
  jobs.tuning.ratePerSecond = 1000;
  await vault.store(PAT, { userId: 'demo', name: 'Demo', scopes: ['All'], verifiedAt: '' });
});

async function settled(id: string, status = 'done') {
  await vi.waitFor(async () => expect((await jobs.progress(id)).status).toBe(status), { timeout: 5000, interval: 5 });
}

/** A job whose every PostKeys was refused outright: done, every app failed with a certain outcome. */
async function failedJob(n: number) {
  let failing = true;
  const api = fakeApi({ post: () => (failing ? { response: refused, commit: false } : undefined) });
  const { jobId } = await jobs.startJob({ op: 'startBulkJob', apps: apps(n), scopes: SCOPES, template: '{app_id}' });
  await settled(jobId);
  expect((await jobs.progress(jobId)).failed).toBe(n);
  api.posts.length = 0;
  failing = false;
  return { api, jobId };
}

/** Rewinds a finished job as a worker that died mid-run leaves it: control `status`, every item pending. */
async function asLeftByADeadWorker(jobId: string, n: number, status: 'running' | 'paused') {
  const items: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) items[`job:${jobId}:item:${i}`] = { status: 'pending', attempts: 0 };
  await browser.storage.session.set({ ...items, [`job:${jobId}:control`]: { status, startedAt: Date.now() } });
}

function expectOneKeyPerApp(api: ReturnType<typeof fakeApi>, n: number) {
  expect([...api.posts].sort()).toEqual(
    apps(n)
      .map((a) => a.id)
      .sort(),
  );
}

describe('one run of a job at a time', () => {
  it('two resumes without awaiting between (the alarm and the top level of a woken worker) run the job once', async () => {
    const { api, jobId } = await failedJob(4);
    await asLeftByADeadWorker(jobId, 4, 'running');
    const a = jobs.resumeJobs();
    const b = jobs.resumeJobs();
    await Promise.all([a, b]);
    await settled(jobId);
    expectOneKeyPerApp(api, 4);
    expect((await jobs.progress(jobId)).created).toBe(4);
  });

  it('two Resume clicks on a job paused by a dead worker run it once', async () => {
    const { api, jobId } = await failedJob(4);
    await asLeftByADeadWorker(jobId, 4, 'paused');
    await Promise.all([jobs.control(jobId, 'resume'), jobs.control(jobId, 'resume')]);
    await settled(jobId);
    expectOneKeyPerApp(api, 4);
  });

  it('two "Retry failed" at once run the failed apps once', async () => {
    const { api, jobId } = await failedJob(4);
    const results = await Promise.allSettled([jobs.retryFailed(jobId), jobs.retryFailed(jobId)]);
    expect(results.filter((r) => r.status === 'fulfilled').length).toBeGreaterThanOrEqual(1);
    await settled(jobId);
    expectOneKeyPerApp(api, 4);
  });

  it('a pause that lands while the run is still reading storage is not lost', async () => {
    const { api, jobId } = await failedJob(3);
    await asLeftByADeadWorker(jobId, 3, 'running');
    const resumed = jobs.resumeJobs();
    await jobs.control(jobId, 'pause');
    await resumed;
    await new Promise((r) => setTimeout(r, 50));
    expect((await jobs.progress(jobId)).status).toBe('paused');
    expect(api.posts).toEqual([]);
    await jobs.control(jobId, 'resume');
    await settled(jobId);
    expectOneKeyPerApp(api, 3);
  });

  it('property: any interleaving of resumes, Resume, Pause and Retry failed gives at most one key per app', async () => {
    type Op = 'resumeJobs' | 'resume' | 'pause' | 'retry';
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.array(fc.constantFrom<Op>('resumeJobs', 'resume', 'pause', 'retry'), { minLength: 2, maxLength: 5 }),
        async (s, ops) => {
          resetBrowser();
          await vault.store(PAT, { userId: 'demo', name: 'Demo', scopes: ['All'], verifiedAt: '' });
          const { api, jobId } = await failedJob(3);
          await asLeftByADeadWorker(jobId, 3, 'running');
          // Every storage read and write resolves in an order the scheduler picks.
          const session = browser.storage.session;
          const orig = { get: session.get, set: session.set };
          session.get = s.scheduleFunction(orig.get);
          session.set = s.scheduleFunction(orig.set);
          // The scheduler releases them in the background while the calls race.
          let pumping = true;
          const pump = (async () => {
            while (pumping) {
              await s.waitAll();
              await new Promise((r) => setTimeout(r, 1));
            }
          })();
          try {
            await Promise.all(
              ops.map((op) => (op === 'resumeJobs' ? jobs.resumeJobs() : op === 'retry' ? jobs.retryFailed(jobId) : jobs.control(jobId, op)).catch(() => {})),
            );
            // Whatever run was started finishes, resumed if the last word was a pause.
            await jobs.control(jobId, 'resume').catch(() => {});
            await settled(jobId);
            await jobs.whenIdle(); // its end is written by now (with the scheduler still releasing its storage calls)
          } finally {
            pumping = false;
            await pump;
            session.get = orig.get;
            session.set = orig.set;
          }
          const perApp = api.perApp();
          for (const [app, count] of perApp) expect(count, app).toBe(1);
          expect(perApp.size).toBe(3);
        },
      ),
      { numRuns: 40 },
    );
  }, 60_000);
});
