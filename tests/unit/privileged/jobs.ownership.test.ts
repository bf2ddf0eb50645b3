/**
 * A key is adopted, recovered or flagged as a duplicate only when it provably belongs to this job's
 * own attempt on that app: it matches the job's fields, it was not among the app's keys listed
 * before the attempt, it appeared by the end of the attempt, and no other job of this browser
 * recorded it. Two jobs with the same preset on the same day (the default template is day-precise,
 * so their descriptions are equal) never claim each other's keys.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import browser, { resetBrowser } from '../../fakes/browser.ts';
import * as jobs from '../../../src/privileged/jobs.ts';
import * as vault from '../../../src/privileged/vault.ts';
import { apps, fakeApi, PAT, type FakeKey } from '../support/jobs-fake-api.ts';

const TEMPLATE = '{preset} key for {app_id} ({date})'; // the form's default: day-precise
const job = { op: 'startBulkJob' as const, apps: apps(3), scopes: ['Predict'], template: TEMPLATE, presetName: 'Predict only' };

beforeEach(async () => {
  resetBrowser();
  vi.unstubAllGlobals();
  jobs.tuning.ratePerSecond = 1000;
  await vault.store(PAT, { userId: 'demo', name: 'Demo', scopes: ['All'], verifiedAt: '' });
});

async function done(id: string) {
  await vi.waitFor(async () => expect((await jobs.progress(id)).status).toBe('done'), { timeout: 5000, interval: 5 });
  return jobs.results(id);
}

const keyIds = async (id: string) => (await jobs.results(id)).rows.map((r) => r.keyId);
/** Recover and the sweep run in the background: start one, wait for its end. */
async function recovered(id: string) {
  await jobs.recover(id);
  await jobs.checked(id);
  return jobs.progress(id);
}
async function duplicatesOf(id: string) {
  await jobs.findDuplicates(id);
  await jobs.checked(id);
  return (await jobs.results(id)).sweep!.duplicates;
}
const tick = () => new Promise((r) => setTimeout(r, 5));

describe('two jobs with the same preset on the same day', () => {
  it('do not flag each other’s keys as duplicates, and Delete duplicates deletes none of them', async () => {
    const api = fakeApi();
    const first = (await jobs.startJob(job)).jobId;
    await done(first);
    await tick();
    const second = (await jobs.startJob(job)).jobId;
    await done(second);
    expect(api.keys).toHaveLength(6);
    expect(await duplicatesOf(first)).toEqual([]);
    expect(await duplicatesOf(second)).toEqual([]);
    expect(await jobs.deleteDuplicates(first)).toBe(0);
    expect(await jobs.deleteDuplicates(second)).toBe(0);
    expect(api.keys).toHaveLength(6);
  });

  it('an unknown outcome in the second job does not adopt the first job’s key', async () => {
    const api = fakeApi({
      // The second job's first request for app-0 is lost before Clarifai makes anything.
      post: (app, n) => (app === 'app-0' && n === 2 ? { response: () => Promise.reject(new TypeError('Failed to fetch')) as never, commit: false } : undefined),
    });
    const first = (await jobs.startJob(job)).jobId;
    await done(first);
    await tick();
    const second = (await jobs.startJob(job)).jobId;
    await done(second);
    const [a, b] = [await keyIds(first), await keyIds(second)];
    expect(b[0]).toBeDefined();
    expect(b[0]).not.toBe(a[0]);
    expect((await jobs.results(second)).rows[0]).toMatchObject({ status: 'created' });
    expect((await jobs.results(second)).rows[0]!.adopted).toBeFalsy();
    expect(api.perApp().get('app-0')).toBe(2); // one each: the second job made its own
  });

  it('after a browser restart, Recover gives each job its own keys', async () => {
    fakeApi();
    const first = (await jobs.startJob(job)).jobId;
    const mine = (await done(first)).rows.map((r) => r.keyId);
    await tick();
    const second = (await jobs.startJob(job)).jobId;
    const theirs = (await done(second)).rows.map((r) => r.keyId);
    browser.storage.session._reset(); // the browser closed: memory is gone, storage.local stays
    await vault.store(PAT, { userId: 'demo', name: 'Demo', scopes: ['All'], verifiedAt: '' });
    expect(await recovered(first)).toMatchObject({ created: 3 });
    expect(await keyIds(first)).toEqual(mine);
    expect(await recovered(second)).toMatchObject({ created: 3 });
    expect(await keyIds(second)).toEqual(theirs);
  });
});

describe('Check for duplicates', () => {
  it('still finds a key the browser made twice for one request, and not a look-alike made before the job', async () => {
    const api = fakeApi();
    // A key with the same fields made a few seconds before the job (by an earlier run of the same preset).
    const earlier: FakeKey = {
      id: 'e'.repeat(32),
      description: `Predict only key for app-2 (${new Date().toISOString().slice(0, 10)})`,
      scopes: ['Predict'],
      apps: [{ id: 'app-2', user_id: 'demo' }],
      created_at: new Date(Date.now() - 10_000).toISOString(),
    };
    api.keys.push(earlier);
    const id = (await jobs.startJob(job)).jobId;
    const r = await done(id);
    // Chromium re-sent app-1's POST on a closed connection: a second key, same fields, no answer seen.
    const recorded = api.keys.find((k) => k.id === r.rows[1]!.keyId)!;
    api.keys.push({ ...recorded, id: 'd'.repeat(32) });
    expect(await duplicatesOf(id)).toEqual([{ owner: 'demo', appId: 'app-1', keyId: 'd'.repeat(32) }]);
    expect(await jobs.deleteDuplicates(id)).toBe(1);
    expect(api.keys.map((k) => k.id)).toContain(earlier.id);
    expect(api.keys.map((k) => k.id)).not.toContain('d'.repeat(32));
  });
});
