/**
 * Recover and "Check for duplicates" go app by app: an app deleted since the job, or one whose keys
 * Clarifai refuses to list, is named with the reason and the others go on; throttles are tried
 * again. Neither needs one message to outlive the browser's event time limit: the message starts
 * the check and answers at once, each app's finding is written as it is found, and a worker that
 * dies midway is followed by one that goes on where the record says.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import browser, { resetBrowser } from '../../fakes/browser.ts';
import * as jobs from '../../../src/privileged/jobs.ts';
import { handlers } from '../../../src/privileged/operations.ts';
import * as vault from '../../../src/privileged/vault.ts';
import { apps, fakeApi, PAT } from '../support/jobs-fake-api.ts';

const page = { caller: 'page' as const };
const job = (n: number) => ({ op: 'startBulkJob' as const, apps: apps(n), scopes: ['Predict'], template: '{app_id} key' });
const clarifai = (http: number, code: number, description: string) => new Response(JSON.stringify({ status: { code, description } }), { status: http });
const isListOf = (url: URL, app: string) => url.pathname.endsWith(`/apps/${app}/keys`);

beforeEach(async () => {
  resetBrowser();
  vi.unstubAllGlobals();
  jobs.tuning.ratePerSecond = 1000;
  await vault.store(PAT, { userId: 'demo', name: 'Demo', scopes: ['All'], verifiedAt: '' });
});

/** Runs a job to its end, then closes the browser (memory gone, storage.local kept) and enters the token again. */
async function jobThenRestart(n: number): Promise<string> {
  const { jobId } = await jobs.startJob(job(n));
  await vi.waitFor(async () => expect((await jobs.progress(jobId)).status).toBe('done'), { timeout: 5000, interval: 5 });
  browser.storage.session._reset();
  await vault.store(PAT, { userId: 'demo', name: 'Demo', scopes: ['All'], verifiedAt: '' });
  return jobId;
}

async function checkEnds(id: string, which: 'recover' | 'sweep', status = 'done') {
  await vi.waitFor(async () => expect((await jobs.progress(id))[which]?.status).toBe(status), { timeout: 10_000, interval: 5 });
  return jobs.progress(id);
}

/** Holds every listing of `app`'s keys until `release()`. */
function holding(app: string) {
  const waiting: (() => void)[] = [];
  let open = false;
  return {
    gate: (url: URL, init: RequestInit) => (!open && init.method !== 'POST' && isListOf(url, app) ? new Promise<void>((r) => waiting.push(r)) : undefined),
    held: () => waiting.length,
    release() {
      open = true;
      for (const r of waiting.splice(0)) r();
    },
  };
}

/**
 * A service worker of its own: fresh module state on the same storage (as a browser starts a new
 * worker). What a worker abandoned stays in its own modules, out of the next one's way.
 */
async function spawnWorker(): Promise<typeof jobs> {
  vi.resetModules();
  const fresh = (await import('../../fakes/browser.ts')).default;
  for (const name of ['local', 'session', 'sync'] as const) {
    const from = browser.storage[name] as unknown as Record<string, unknown>;
    const to = fresh.storage[name] as unknown as Record<string, unknown>;
    for (const m of ['get', 'set', 'remove', 'clear']) to[m] = from[m];
  }
  fresh._alarms = browser._alarms; // alarms belong to the browser
  const w = await import('../../../src/privileged/jobs.ts');
  w.tuning.ratePerSecond = 1000;
  return w;
}

const timedOut = (ms: number) => new Promise<'timed out'>((r) => setTimeout(() => r('timed out'), ms));

describe('Recover', () => {
  it('answers at once, records each key as it is found, and keeps the job alive with the alarm', async () => {
    const hold = holding('app-3');
    const api = fakeApi({ gate: hold.gate });
    const id = await jobThenRestart(6);
    // One app's listing hangs: the message must not wait for it (nor for any of the lookups).
    const answer = await Promise.race([jobs.recover(id), timedOut(2000)]);
    expect(answer).not.toBe('timed out');
    expect(answer).toMatchObject({ recover: { status: 'running', total: 6 } });
    // The five others are found and written to storage as they come, while app-3 still hangs.
    await vi.waitFor(async () => expect((await jobs.progress(id)).created).toBe(5), { timeout: 5000, interval: 5 });
    expect(hold.held()).toBe(1);
    const p = await jobs.progress(id);
    expect(p.recover).toMatchObject({ status: 'running', found: 5 });
    expect(browser._alarms.has(jobs.KEEPALIVE_ALARM)).toBe(true);
    const session = JSON.stringify(browser.storage.session._dump());
    for (const k of api.keys.filter((k) => k.apps[0]!.id !== 'app-3')) expect(session).toContain(k.id);
    hold.release();
    expect(await checkEnds(id, 'recover')).toMatchObject({ status: 'done', created: 6, failed: 0, recover: { done: 6, total: 6, found: 6, unchecked: 0 } });
    expect((await jobs.results(id)).rows.map((r) => r.keyId).sort()).toEqual(api.keys.map((k) => k.id).sort());
  });

  it('goes on where it stopped when the worker died midway: the next worker resumes it, and no key is lost', async () => {
    let dead = false;
    const hold = holding('app-2');
    const api = fakeApi({ gate: (url, init) => (dead ? undefined : hold.gate(url, init)) });
    const id = await jobThenRestart(8);
    const first = await spawnWorker();
    await first.recover(id);
    await vi.waitFor(async () => expect((await first.progress(id)).created).toBe(7), { timeout: 5000, interval: 5 });
    // The worker dies with app-2's listing unanswered (it never will be): a new worker starts on the same storage.
    dead = true;
    const next = await spawnWorker();
    const before = api.requests.length;
    await next.resumeJobs(); // what the keep-alive alarm, or the new worker's first lines, do
    expect(await next.progress(id)).toMatchObject({ recover: { status: 'running' } });
    await next.checked(id);
    expect(await next.progress(id)).toMatchObject({ status: 'done', created: 8, recover: { status: 'done', found: 8 } });
    expect((await next.results(id)).rows.map((r) => r.keyId).sort()).toEqual(api.keys.map((k) => k.id).sort());
    // It went on from the first app not yet finished: apps found before the death were not looked up again.
    const lookedUp = api.requests.slice(before).flatMap((r) => /\/apps\/(app-\d+)\/keys$/.exec(r.path)?.[1] ?? []);
    expect(lookedUp).toContain('app-2');
    expect(lookedUp).not.toContain('app-0');
    expect(lookedUp).not.toContain('app-1');
  });

  it('does not stop for an app deleted since the job, one whose keys Clarifai refuses to list, or a throttled answer', async () => {
    let throttled = 0;
    const api = fakeApi({
      respond: (url, init) => {
        if (init.method === 'POST') return undefined;
        if (isListOf(url, 'app-1')) return clarifai(404, 11101, 'Resource does not exist');
        if (isListOf(url, 'app-2')) return clarifai(403, 11007, 'Insufficient scopes');
        if (isListOf(url, 'app-3') && throttled++ === 0) return clarifai(429, 11005, 'Making too many requests');
        return undefined;
      },
    });
    const id = await jobThenRestart(5);
    await jobs.recover(id);
    const p = await checkEnds(id, 'recover');
    expect(p).toMatchObject({ status: 'done', created: 3, failed: 2, recover: { done: 5, found: 3, unchecked: 1 } });
    const rows = (await jobs.results(id)).rows;
    expect(rows.map((r) => r.status)).toEqual(['created', 'failed', 'failed', 'created', 'created']);
    // Gone: said in plain words, and certain (its keys went with it).
    expect(rows[1]).toMatchObject({ uncertain: false, error: expect.stringMatching(/^This app no longer exists on Clarifai/) });
    // Refused: said, and still unknown, so Retry failed and Recover look again before anything is sent.
    expect(rows[2]).toMatchObject({ uncertain: true, error: expect.stringMatching(/^Clarifai refused to list this app’s keys.*still unknown/) });
    expect(throttled).toBeGreaterThan(1); // the throttled listing was tried again
    const made = new Map(api.keys.map((k) => [k.apps[0]!.id, k.id]));
    expect(rows.map((r) => r.keyId)).toEqual([made.get('app-0'), undefined, undefined, made.get('app-3'), made.get('app-4')]);
  });

  it('ends, and keeps its record, when Clarifai refuses a listing in words of any length', async () => {
    fakeApi({
      respond: (url, init) =>
        init.method !== 'POST' && isListOf(url, 'app-1') ? clarifai(403, 11007, `Insufficient scopes: ${'a very long reason '.repeat(300)}`) : undefined,
    });
    const id = await jobThenRestart(3);
    await jobs.recover(id);
    const p = await checkEnds(id, 'recover');
    expect(p).toMatchObject({ status: 'done', recover: { done: 3, unchecked: 1 } });
    const row = (await jobs.results(id)).rows[1]!;
    expect(row).toMatchObject({ status: 'failed', uncertain: true, error: expect.stringMatching(/^Clarifai refused to list this app’s keys/) });
    expect(row.error!.length).toBeLessThan(1000);
  });

  it('leaves out a listed key whose id is not a key id (the API’s data): Recover finds the job’s own and nothing breaks', async () => {
    const api = fakeApi();
    const id = await jobThenRestart(2);
    api.keys.push({ ...api.keys[0]!, id: '../../not a key' });
    await jobs.recover(id);
    const p = await checkEnds(id, 'recover');
    expect(p).toMatchObject({ status: 'done', created: 2, recover: { done: 2, found: 2 } });
    expect((await jobs.results(id)).rows.map((r) => r.keyId)).toEqual(api.keys.slice(0, 2).map((k) => k.id));
  });

  it('stops at once on "Forget token", says why, keeps what it found, and goes on from there when pressed again', async () => {
    const hold = holding('app-3');
    const api = fakeApi({ gate: hold.gate });
    const id = await jobThenRestart(6);
    await jobs.recover(id);
    await vi.waitFor(async () => expect((await jobs.progress(id)).created).toBe(5), { timeout: 5000, interval: 5 });
    await handlers.forgetPat({ op: 'forgetPat' }, page);
    const stopped = await checkEnds(id, 'recover', 'stopped');
    expect(stopped.recover!.stopped).toMatch(/^The token was forgotten.*press Recover to go on where it stopped/);
    expect(stopped.created).toBe(5);
    await jobs.checked(id);
    await expect(jobs.recover(id)).rejects.toMatchObject({ kind: 'no-token' }); // said at once, nothing started
    await handlers.setPat({ op: 'setPat', pat: PAT }, page);
    hold.release();
    await jobs.recover(id);
    expect(await checkEnds(id, 'recover')).toMatchObject({ status: 'done', created: 6, failed: 0 });
    expect((await jobs.results(id)).rows.map((r) => r.keyId).sort()).toEqual(api.keys.map((k) => k.id).sort());
  });

  it('left running by a dead worker while the token is gone, stops and says why instead of seeming to run for ever', async () => {
    fakeApi();
    const id = await jobThenRestart(2);
    const total = 2;
    await browser.storage.session.set({
      [`job:${id}:check:recover`]: {
        kind: 'recover',
        status: 'running',
        next: 1,
        total,
        remembered: false,
        found: 1,
        duplicates: [],
        unchecked: [],
        startedAt: Date.now(),
      },
    });
    await handlers.forgetPat({ op: 'forgetPat' }, page);
    await jobs.resumeJobs();
    const p = await checkEnds(id, 'recover', 'stopped');
    expect(p.recover).toMatchObject({ done: 1, stopped: expect.stringMatching(/^No Personal Access Token is set.*press Recover to go on where it stopped/i) });
  });

  it('keeps Resume and Retry failed away from a job while it is being recovered', async () => {
    const hold = holding('app-1');
    fakeApi({ gate: hold.gate });
    const { jobId } = await jobs.startJob(job(2));
    await vi.waitFor(async () => expect((await jobs.progress(jobId)).status).toBe('done'), { timeout: 5000, interval: 5 });
    // Interrupted with its memory kept (as after "Forget token" mid-request): Recover is offered, and Resume too.
    await browser.storage.session.set({
      [`job:${jobId}:control`]: { status: 'interrupted', startedAt: Date.now() },
      [`job:${jobId}:item:1`]: { status: 'sending', attempts: 1, since: Date.now() - 1000 },
    });
    await jobs.recover(jobId);
    await expect(jobs.control(jobId, 'resume')).rejects.toThrow(/checking this job/);
    await expect(jobs.retryFailed(jobId)).rejects.toThrow(/checking this job/);
    hold.release();
    expect(await checkEnds(jobId, 'recover')).toMatchObject({ status: 'done', created: 2 });
  });
});

describe('Check for duplicates', () => {
  it('answers at once, goes app by app past a throttle, a refusal and a deleted app, names what it could not check, and finds the duplicate', async () => {
    let throttled = 0;
    let sweeping = false;
    const api = fakeApi({
      respond: (url, init) => {
        if (init.method !== 'GET') return undefined;
        if (!sweeping) return undefined;
        if (isListOf(url, 'app-1') && throttled++ === 0) return clarifai(429, 11005, 'Making too many requests');
        if (isListOf(url, 'app-2')) return clarifai(403, 11007, 'Insufficient scopes');
        if (isListOf(url, 'app-3')) return clarifai(404, 11101, 'Resource does not exist');
        return undefined;
      },
    });
    const { jobId } = await jobs.startJob(job(5));
    await vi.waitFor(async () => expect((await jobs.progress(jobId)).status).toBe('done'), { timeout: 5000, interval: 5 });
    // Chromium re-sent app-4's POST on a closed connection: a second key, no answer seen.
    const r = await jobs.results(jobId);
    const recorded = api.keys.find((k) => k.id === r.rows[4]!.keyId)!;
    api.keys.push({ ...recorded, id: 'd'.repeat(32) });
    sweeping = true;
    const answer = await jobs.findDuplicates(jobId);
    expect(answer.sweep).toMatchObject({ total: 5 });
    const p = await checkEnds(jobId, 'sweep');
    expect(p.sweep).toMatchObject({ status: 'done', done: 5, found: 1, unchecked: 1 });
    const { sweep } = await jobs.results(jobId);
    expect(sweep!.duplicates).toEqual([{ owner: 'demo', appId: 'app-4', keyId: 'd'.repeat(32) }]);
    expect(sweep!.unchecked).toEqual([
      { owner: 'demo', appId: 'app-2', reason: expect.stringMatching(/^Clarifai refused to list this app’s keys.*not checked for a second key/) },
    ]);
    expect(throttled).toBeGreaterThan(1);
    // Delete duplicates deletes what the sweep found, looked up again first: the twin, not the recorded key.
    expect(await jobs.deleteDuplicates(jobId)).toBe(1);
    expect(api.keys.map((k) => k.id)).not.toContain('d'.repeat(32));
    expect(api.keys.map((k) => k.id)).toContain(recorded.id);
    expect((await jobs.results(jobId)).sweep!.duplicates).toEqual([]);
  });

  it('a worker that dies mid-sweep is followed by one that goes on from the record', async () => {
    let dead = false;
    const hold = holding('app-2');
    const api = fakeApi({ gate: (url, init) => (dead ? undefined : hold.gate(url, init)) });
    const { jobId } = await jobs.startJob(job(4));
    await vi.waitFor(async () => expect((await jobs.progress(jobId)).status).toBe('done'), { timeout: 5000, interval: 5 });
    const recorded = api.keys.find((k) => k.apps[0]!.id === 'app-3')!;
    api.keys.push({ ...recorded, id: 'd'.repeat(32) });
    const first = await spawnWorker();
    await first.findDuplicates(jobId);
    await vi.waitFor(() => expect(hold.held()).toBe(1), { timeout: 5000, interval: 5 });
    await vi.waitFor(async () => expect((await first.progress(jobId)).sweep?.done).toBe(2), { timeout: 5000, interval: 5 });
    dead = true;
    const next = await spawnWorker();
    await next.resumeJobs();
    await next.checked(jobId);
    expect((await next.progress(jobId)).sweep).toMatchObject({ status: 'done', done: 4, found: 1 });
    expect((await next.results(jobId)).sweep!.duplicates).toEqual([{ owner: 'demo', appId: 'app-3', keyId: 'd'.repeat(32) }]);
  });
});
