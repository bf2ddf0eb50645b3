/** The worker's job manager with the in-memory extension fake, against the sandbox's strict fake Clarifai. */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import browser, { resetBrowser } from '../../fakes/browser.ts';
import * as jobs from '../../../src/privileged/jobs.ts';
import * as vault from '../../../src/privileged/vault.ts';
import { DEMO_USER_ID, SANDBOX_PAT as PAT, SANDBOX_PAT_READONLY } from '../../../sandbox/state.ts';
import { workerSandbox, type WorkerSandbox } from '../support/worker-sandbox.ts';

const SCOPES = ['Predict'];
const PROFILE = { userId: DEMO_USER_ID, name: 'Dana Demo', scopes: ['All'], verifiedAt: '' };

let ws: WorkerSandbox;
beforeAll(async () => {
  ws = await workerSandbox();
});
afterAll(() => ws.close());

/** demo-user's seeded apps app-001 … */
const apps = (n: number) => Array.from({ length: n }, (_, i) => ({ owner: DEMO_USER_ID, id: `app-${String(i + 1).padStart(3, '0')}` }));
const nameOf = (id: string) => ws.sb.app(DEMO_USER_ID, id)!.name;
/** The app of every key the sandbox created, in order. */
const posted = () => ws.sb.keyEvents.filter((e) => e.kind === 'created').map((e) => e.app!.id);
/** The ids of the keys the sandbox created. */
const created = () => ws.sb.keyEvents.filter((e) => e.kind === 'created').map((e) => e.keyId);

async function finished(id: string) {
  await vi.waitFor(async () => expect((await jobs.progress(id)).status).toBe('done'), { timeout: 5000 });
  return jobs.progress(id);
}

beforeEach(async () => {
  resetBrowser();
  vi.unstubAllGlobals();
  ws.sb.reset();
  ws.stub();
  await vault.store(PAT, PROFILE);
});

describe('bulk jobs in the worker', () => {
  it('refuse a PAT without Keys:Add before sending anything', async () => {
    await vault.store(SANDBOX_PAT_READONLY, PROFILE); // demo-user's PAT without Keys:Add
    await expect(jobs.startJob({ op: 'startBulkJob', apps: apps(2), scopes: SCOPES, template: '{app_id}' })).rejects.toMatchObject({
      kind: 'scopes',
      message: expect.stringContaining('lacks Keys:Add'),
    });
    expect(ws.sb.requests((e) => e.rpc === 'PostKeys')).toEqual([]);
  });

  it('make one key for an app picked twice, and refuse an expiry in the past', async () => {
    const { jobId } = await jobs.startJob({ op: 'startBulkJob', apps: [...apps(1), ...apps(1)], scopes: SCOPES, template: 'x' });
    await finished(jobId);
    expect(posted()).toEqual(['app-001']);
    expect((await jobs.results(jobId)).leftOut).toEqual([
      { owner: DEMO_USER_ID, appId: 'app-001', reason: 'It was picked twice; the job makes one key for it.' },
    ]);
    await expect(jobs.startJob({ op: 'startBulkJob', apps: apps(1), scopes: SCOPES, template: 'x', expiresAt: '2001-01-01T00:00:00Z' })).rejects.toThrow(
      /future/,
    );
  });

  it('create one key per app, keep key ids in session storage only, and record a history without secrets', async () => {
    const { jobId } = await jobs.startJob({ op: 'startBulkJob', apps: apps(5), scopes: SCOPES, template: '{app_name} key', presetName: 'P' });
    const p = await finished(jobId);
    expect(p).toMatchObject({ created: 5, failed: 0, left: 0 });
    expect(posted().sort()).toEqual(
      apps(5)
        .map((a) => a.id)
        .sort(),
    );
    const r = await jobs.results(jobId);
    expect(r.rows.map((row) => row.description)).toEqual(apps(5).map((a) => `${nameOf(a.id)} key`));
    const local = JSON.stringify(browser.storage.local._dump());
    expect(created()).toHaveLength(5);
    for (const id of created()) {
      expect(local).not.toContain(id);
      expect(JSON.stringify(browser.storage.session._dump())).toContain(id);
    }
    const [h] = await jobs.listJobs();
    expect(h).toMatchObject({ id: jobId, status: 'done', created: 5, total: 5, presetName: 'P' });
  });

  it('resume a job a dead worker left mid-request, adopting the key it had already created', async () => {
    const { jobId } = await jobs.startJob({ op: 'startBulkJob', apps: apps(3), scopes: SCOPES, template: '{app_id}' });
    await finished(jobId);
    // Rewind as if the worker died after Clarifai created app-002's key but before it was saved.
    await browser.storage.session.set({
      [`job:${jobId}:item:1`]: { status: 'sending', attempts: 1, since: Date.now() - 1000 },
      [`job:${jobId}:control`]: { status: 'running', startedAt: Date.now() - 2000 },
    });
    await jobs.resumeJobs();
    const p = await finished(jobId);
    expect(p.created).toBe(3);
    expect(posted().filter((id) => id === 'app-002')).toHaveLength(1);
    expect((await jobs.results(jobId)).rows[1]).toMatchObject({ status: 'created', adopted: true });
  });

  it('after a browser restart shows the job as interrupted, and Recover finds its keys', async () => {
    const { jobId } = await jobs.startJob({ op: 'startBulkJob', apps: apps(3), scopes: SCOPES, template: '{app_id}' });
    await finished(jobId);
    browser.storage.session._reset(); // the browser closed: memory is gone, the plan in storage.local stays
    await vault.store(PAT, PROFILE);
    expect(await jobs.progress(jobId)).toMatchObject({ status: 'interrupted', created: 0 });
    await jobs.recover(jobId); // answers at once; Recover goes on in the background
    await jobs.checked(jobId);
    expect(await jobs.progress(jobId)).toMatchObject({ status: 'done', created: 3, failed: 0, recover: { status: 'done', found: 3 } });
    expect((await jobs.results(jobId)).rows.map((r) => r.keyId).sort()).toEqual(created().sort());
  });
});
