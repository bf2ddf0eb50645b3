/** The worker's job manager with the in-memory extension fake and a small fake Clarifai on `fetch`. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import browser, { resetBrowser } from '../fakes/browser.ts';
import * as jobs from '../../src/privileged/jobs.ts';
import * as vault from '../../src/privileged/vault.ts';

const PAT = '0123456789abcdef0123456789abcdef';
const SCOPES = ['Predict'];

function fakeApi(opts: { myScopes?: string[] } = {}) {
  const keys: { id: string; description: string; scopes: string[]; apps: { id: string; user_id: string }[]; created_at: string }[] = [];
  const posts: string[] = [];
  let n = 0;
  vi.stubGlobal('fetch', async (input: string, init: RequestInit) => {
    const url = new URL(input);
    const ok = (b: object) => new Response(JSON.stringify({ status: { code: 10000 }, ...b }), { status: 200 });
    if (url.pathname === '/v2/users/me/myscopes') return ok({ scopes: opts.myScopes ?? ['All'] });
    if (init.method === 'POST' && url.pathname.endsWith('/keys')) {
      const k = (JSON.parse(String(init.body)) as { keys: (typeof keys)[number][] }).keys[0]!;
      const key = { ...k, id: String(++n).padStart(32, 'a'), created_at: new Date().toISOString() };
      keys.push(key);
      posts.push(k.apps[0]!.id);
      return ok({ keys: [key] });
    }
    const m = /\/apps\/([^/]+)\/keys$/.exec(url.pathname);
    if (m) return ok({ keys: keys.filter((k) => k.apps[0]!.id === m[1]) });
    const app = /\/apps\/app-(\d+)$/.exec(url.pathname);
    if (app) return ok({ app: { id: `app-${app[1]}`, name: `App ${app[1]}` } });
    return new Response(JSON.stringify({ status: { code: 11101 } }), { status: 404 });
  });
  return { keys, posts };
}

const apps = (n: number) => Array.from({ length: n }, (_, i) => ({ owner: 'demo', id: `app-${i}` }));

async function finished(id: string) {
  await vi.waitFor(async () => expect((await jobs.progress(id)).status).toBe('done'), { timeout: 5000 });
  return jobs.progress(id);
}

beforeEach(async () => {
  resetBrowser();
  vi.unstubAllGlobals();
  await vault.store(PAT, { userId: 'demo', name: 'Demo', scopes: ['All'], verifiedAt: '' });
});

describe('bulk jobs in the worker', () => {
  it('refuse a PAT without Keys:Add before sending anything', async () => {
    const api = fakeApi({ myScopes: ['Apps:Get', 'Keys:Get'] });
    await expect(jobs.startJob({ op: 'startBulkJob', apps: apps(2), scopes: SCOPES, template: '{app_id}' })).rejects.toMatchObject({
      kind: 'scopes',
      message: expect.stringContaining('lacks Keys:Add'),
    });
    expect(api.posts).toEqual([]);
  });

  it('make one key for an app picked twice, and refuse an expiry in the past', async () => {
    const api = fakeApi();
    const { jobId } = await jobs.startJob({ op: 'startBulkJob', apps: [...apps(1), ...apps(1)], scopes: SCOPES, template: 'x' });
    await finished(jobId);
    expect(api.posts).toEqual(['app-0']);
    expect((await jobs.results(jobId)).leftOut).toEqual([{ owner: 'demo', appId: 'app-0', reason: 'It was picked twice; the job makes one key for it.' }]);
    await expect(jobs.startJob({ op: 'startBulkJob', apps: apps(1), scopes: SCOPES, template: 'x', expiresAt: '2001-01-01T00:00:00Z' })).rejects.toThrow(
      /future/,
    );
  });

  it('create one key per app, keep key ids in session storage only, and record a history without secrets', async () => {
    const api = fakeApi();
    const { jobId } = await jobs.startJob({ op: 'startBulkJob', apps: apps(5), scopes: SCOPES, template: '{app_name} key', presetName: 'P' });
    const p = await finished(jobId);
    expect(p).toMatchObject({ created: 5, failed: 0, left: 0 });
    expect(api.posts.sort()).toEqual(
      apps(5)
        .map((a) => a.id)
        .sort(),
    );
    const r = await jobs.results(jobId);
    expect(r.rows.map((row) => row.description)).toEqual(apps(5).map((_, i) => `App ${i} key`));
    const local = JSON.stringify(browser.storage.local._dump());
    for (const k of api.keys) {
      expect(local).not.toContain(k.id);
      expect(JSON.stringify(browser.storage.session._dump())).toContain(k.id);
    }
    const [h] = await jobs.listJobs();
    expect(h).toMatchObject({ id: jobId, status: 'done', created: 5, total: 5, presetName: 'P' });
  });

  it('resume a job a dead worker left mid-request, adopting the key it had already created', async () => {
    const api = fakeApi();
    const { jobId } = await jobs.startJob({ op: 'startBulkJob', apps: apps(3), scopes: SCOPES, template: '{app_id}' });
    await finished(jobId);
    // Rewind as if the worker died after Clarifai created app-1's key but before it was saved.
    await browser.storage.session.set({
      [`job:${jobId}:item:1`]: { status: 'sending', attempts: 1, since: Date.now() - 1000 },
      [`job:${jobId}:control`]: { status: 'running', startedAt: Date.now() - 2000 },
    });
    await jobs.resumeJobs();
    const p = await finished(jobId);
    expect(p.created).toBe(3);
    expect(api.posts.filter((id) => id === 'app-1')).toHaveLength(1);
    expect((await jobs.results(jobId)).rows[1]).toMatchObject({ status: 'created', adopted: true });
  });

  it('after a browser restart shows the job as interrupted, and Recover finds its keys', async () => {
    const api = fakeApi();
    const { jobId } = await jobs.startJob({ op: 'startBulkJob', apps: apps(3), scopes: SCOPES, template: '{app_id}' });
    await finished(jobId);
    browser.storage.session._reset(); // the browser closed: memory is gone, the plan in storage.local stays
    await vault.store(PAT, { userId: 'demo', name: 'Demo', scopes: ['All'], verifiedAt: '' });
    expect(await jobs.progress(jobId)).toMatchObject({ status: 'interrupted', created: 0 });
    await jobs.recover(jobId); // answers at once; Recover goes on in the background
    await jobs.checked(jobId);
    expect(await jobs.progress(jobId)).toMatchObject({ status: 'done', created: 3, failed: 0, recover: { status: 'done', found: 3 } });
    expect((await jobs.results(jobId)).rows.map((r) => r.keyId).sort()).toEqual(api.keys.map((k) => k.id).sort());
  });
});
