/**
 * Hostile or odd data from the API never blocks a bulk job: the page sends app references only, the
 * worker names the apps itself, serves every app it can and says, in plain words, which it left out.
 * Runs the worker's real handlers behind the real router against the sandbox's strict fake API.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import browser, { resetBrowser } from '../../fakes/browser.ts';
import { handlers } from '../../../src/privileged/operations.ts';
import { createRouter } from '../../../src/privileged/router.ts';
import * as jobs from '../../../src/privileged/jobs.ts';
import * as vault from '../../../src/privileged/vault.ts';
import type { AppSummary } from '../../../src/pure/protocol/apps.ts';
import type { JobProgress, JobResults } from '../../../src/pure/protocol/jobs.ts';
import type { Reply } from '../../../src/pure/protocol/index.ts';
import { DEMO_USER_ID, ORG_ID, SANDBOX_PAT } from '../../../sandbox/state.ts';
import { addApp, workerSandbox, type WorkerSandbox } from '../support/worker-sandbox.ts';

const self = { id: browser.runtime.id, origin: 'chrome-extension://keysmith-test-id' };
const page = {
  id: browser.runtime.id,
  url: 'chrome-extension://keysmith-test-id/src/pages/results/index.html',
  origin: self.origin,
  tab: { id: 3 },
  frameId: 0,
};
const route = createRouter(handlers, self);

async function ask<T>(message: object): Promise<T> {
  const r = (await route(message, page as never)) as Reply<T>;
  if (!r.ok) throw new Error(`refused: ${r.error.message}`);
  return r.value;
}

const LONG_NAME = 'A very long app name '.repeat(60); // 1,260 characters, as the API returned it
const ODD_IDS = ['__proto__', 'has.dot', 'x'.repeat(40)];

let ws: WorkerSandbox;
beforeAll(async () => {
  ws = await workerSandbox();
});
afterAll(() => ws.close());

beforeEach(async () => {
  resetBrowser();
  vi.unstubAllGlobals();
  ws.sb.reset();
  ws.sb.switches.rateLimitPerSecond = 0;
  ws.stub();
  jobs.tuning.ratePerSecond = 1000; // pacing has its own tests; these are about data
  addApp(ws.sb, DEMO_USER_ID, 'long-name', LONG_NAME);
  addApp(ws.sb, DEMO_USER_ID, 'constructor', 'Object-ish id');
  addApp(ws.sb, DEMO_USER_ID, 'hasOwnProperty', 'Another object-ish id');
  for (const id of ODD_IDS) addApp(ws.sb, DEMO_USER_ID, id, `Odd ${id.slice(0, 10)}`);
  await vault.store(SANDBOX_PAT, { userId: DEMO_USER_ID, name: 'Dana Demo', scopes: ['All'], verifiedAt: '' });
});

async function finished(jobId: string): Promise<JobProgress> {
  await vi.waitFor(async () => expect((await ask<JobProgress>({ op: 'getJob', jobId })).status).toBe('done'), { timeout: 20_000, interval: 50 });
  return ask<JobProgress>({ op: 'getJob', jobId });
}

describe('a 120-app job with hostile and odd apps', () => {
  it('runs for every app it can serve and names, in plain words, each app it left out', async () => {
    const mine = await ask<AppSummary[]>({ op: 'listApps' });
    const org = await ask<AppSummary[]>({ op: 'listApps', owner: ORG_ID });
    expect(mine.map((a) => a.id)).toEqual(expect.arrayContaining(['long-name', ...ODD_IDS]));
    const picked = [...mine, ...org.slice(0, 120 - mine.length)];
    expect(picked).toHaveLength(120);

    const { jobId } = await ask<{ jobId: string }>({
      op: 'startBulkJob',
      apps: picked.map((a) => ({ owner: a.owner, id: a.id })),
      scopes: ['Predict'],
      template: '{app_name} via {app_id}',
    });
    const p = await finished(jobId);
    expect(p).toMatchObject({ total: 117, created: 117, failed: 0, leftOut: 3 });

    const r = await ask<JobResults>({ op: 'getJobResults', jobId });
    expect(r.leftOut.map((l) => l.appId).sort()).toEqual([...ODD_IDS].sort());
    for (const l of r.leftOut) expect(l.reason).toMatch(/^Its id is not a valid Clarifai app id/);
    // One key per served app, no key for an app left out.
    const perApp = ws.sb.keysCreatedPerApp();
    for (const row of r.rows) expect(perApp.get(`${row.owner}/${row.appId}`), row.appId).toBe(1);
    for (const id of ODD_IDS) expect(perApp.get(`${DEMO_USER_ID}/${id}`)).toBeUndefined();
    // The worker named the apps itself, from what it listed: the long name fills the description.
    const long = r.rows.find((row) => row.appId === 'long-name')!;
    expect(long.description).toHaveLength(200);
    expect(long.description.startsWith('A very long app name A very long')).toBe(true);
    expect(r.rows.find((row) => row.appId === 'constructor')).toMatchObject({ status: 'created', description: 'Object-ish id via constructor' });
  });

  it('names apps it never listed with GetApp, and leaves out an app deleted since', async () => {
    const { jobId } = await ask<{ jobId: string }>({
      op: 'startBulkJob',
      apps: [
        { owner: DEMO_USER_ID, id: 'long-name' },
        { owner: DEMO_USER_ID, id: 'app-002' },
        { owner: DEMO_USER_ID, id: 'gone-app' },
        { owner: DEMO_USER_ID, id: '__proto__' },
      ],
      scopes: ['Predict'],
      template: '{app_name}',
    });
    const p = await finished(jobId);
    expect(p).toMatchObject({ created: 2, failed: 0 });
    const r = await ask<JobResults>({ op: 'getJobResults', jobId });
    expect(r.rows.find((row) => row.appId === 'app-002')?.description).toBe(ws.sb.app(DEMO_USER_ID, 'app-002')!.name);
    expect(r.leftOut).toEqual([
      { owner: DEMO_USER_ID, appId: 'gone-app', reason: expect.stringMatching(/^Clarifai says this app does not exist/) },
      { owner: DEMO_USER_ID, appId: '__proto__', reason: expect.stringMatching(/^Its id is not a valid Clarifai app id/) },
    ]);
  });

  it('refuses a job only when it can serve none of the apps, saying why in words', async () => {
    const r = await route(
      { op: 'startBulkJob', apps: ODD_IDS.map((id) => ({ owner: DEMO_USER_ID, id })), scopes: ['Predict'], template: '{app_id}' },
      page as never,
    );
    expect(r).toMatchObject({ ok: false, error: { kind: 'invalid', message: expect.stringMatching(/^None of the 3 picked apps can get a key/) } });
    expect(ws.starts.filter((s) => s.method === 'POST')).toEqual([]);
  });
});

describe('a message the worker cannot read', () => {
  it('is refused in plain words, never with a schema path; the details go to a debug log without values', async () => {
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => {});
    const secretish = 'hunter2-value-that-must-not-be-logged';
    const r = await route(
      { op: 'startBulkJob', apps: [{ owner: DEMO_USER_ID, id: secretish, extra: secretish }], scopes: ['Predict'], template: 'x' },
      page as never,
    );
    expect(r).toMatchObject({ ok: false, error: { kind: 'invalid' } });
    const message = (r as { error: { message: string } }).error.message;
    expect(message).toBe('Keysmith could not read that request; nothing was done. Reload the page and try again.');
    expect(JSON.stringify(debug.mock.calls)).toContain('apps.0');
    expect(JSON.stringify(debug.mock.calls)).not.toContain(secretish);
  });

  it('keeps the sentence a person can act on when the schema has one', async () => {
    const r = await route({ op: 'setPat', pat: 'abc' }, page as never);
    expect(r).toMatchObject({ ok: false, error: { kind: 'invalid', message: 'That is too short to be a Personal Access Token.' } });
  });
});
