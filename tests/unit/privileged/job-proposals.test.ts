/**
 * A bulk job asked for from the portal page is only a proposal: a page script can drive the panel,
 * so nothing is sent to Clarifai until the person starts the plan on Keysmith's jobs page, and
 * then exactly that plan runs, once, if it has not expired. Through the real router, with the
 * portal's content script and an extension page as senders.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import browser, { resetBrowser } from '../../fakes/browser.ts';
import * as jobs from '../../../src/privileged/jobs.ts';
import { PROPOSAL_TTL_MS } from '../../../src/privileged/job-proposals.ts';
import { handlers } from '../../../src/privileged/operations.ts';
import * as presets from '../../../src/privileged/presets-store.ts';
import { createRouter } from '../../../src/privileged/router.ts';
import * as vault from '../../../src/privileged/vault.ts';
import { BUILTIN_PRESETS } from '../../../src/pure/presets/builtins.ts';
import type { JobProgress, JobResults } from '../../../src/pure/protocol/jobs.ts';
import type { ProposalState, ProposalView } from '../../../src/pure/protocol/proposals.ts';
import type { Reply } from '../../../src/pure/protocol/index.ts';
import { apps, fakeApi, PAT } from '../support/jobs-fake-api.ts';

const self = { id: browser.runtime.id, origin: 'chrome-extension://keysmith-test-id' };
const portalTab = { id: browser.runtime.id, url: 'https://clarifai.com/demo/app/settings', origin: 'https://clarifai.com', tab: { id: 7 }, frameId: 0 };
const jobsPage = {
  id: browser.runtime.id,
  url: 'chrome-extension://keysmith-test-id/src/pages/results/index.html',
  origin: self.origin,
  tab: { id: 3 },
  frameId: 0,
};
const route = createRouter(handlers, self);
const fromPortal = (m: object) => route(m, portalTab as never);
const fromPage = (m: object) => route(m, jobsPage as never);

async function value<T>(r: Promise<Reply<unknown>>): Promise<T> {
  const got = await r;
  if (!got.ok) throw new Error(`refused: ${got.error.message}`);
  return got.value as T;
}

const PREDICT_ONLY = BUILTIN_PRESETS.find((p) => p.name === 'Predict only')!;
const ask = {
  op: 'proposeBulkJob',
  apps: apps(4),
  scopes: [...PREDICT_ONLY.scopes],
  template: '{preset}: {app_id} by {owner}',
  expiresAt: '2999-01-01T23:59:59.000Z',
};

async function propose(message: object = ask): Promise<string> {
  return (await value<{ proposalId: string }>(fromPortal(message))).proposalId;
}

async function finished(jobId: string): Promise<JobProgress> {
  await vi.waitFor(async () => expect((await jobs.progress(jobId)).status).toBe('done'), { timeout: 5000, interval: 5 });
  return jobs.progress(jobId);
}

beforeEach(async () => {
  resetBrowser();
  vi.unstubAllGlobals();
  await vault.store(PAT, { userId: 'demo', name: 'Demo', scopes: ['All'], verifiedAt: '' });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('a bulk job asked for from the portal page', () => {
  it('sends nothing to Clarifai and writes no job: it waits, and the jobs page opens on it', async () => {
    const api = fakeApi();
    const id = await propose();
    expect(api.requests).toEqual([]);
    expect(browser._calls).toEqual([`tabs.create chrome-extension://keysmith-test-id/src/pages/results/index.html#confirm=${id}`]);
    expect(await value<ProposalState>(fromPortal({ op: 'getProposalState', id }))).toEqual({ state: 'waiting' });
    // No job, no history, nothing in storage.local; the plan waits in storage.session.
    expect(await jobs.listJobs()).toEqual([]);
    // (The fake API turned batches off, as a person may: that setting is all storage.local holds.)
    expect(Object.keys(browser.storage.local._dump())).toEqual(['batching']);
    expect(Object.keys(browser.storage.session._dump()).filter((k) => k.startsWith('job:'))).toEqual([]);
    expect(Object.keys(browser.storage.session._dump())).toContain(`proposal:${id}`);
  });

  it('cannot be started by the content script: not directly, not by confirming, and it cannot read or discard the plan', async () => {
    const api = fakeApi();
    const id = await propose();
    for (const message of [
      { ...ask, op: 'startBulkJob' },
      { op: 'confirmProposal', id },
      { op: 'discardProposal', id },
      { op: 'getProposal', id },
    ]) {
      expect(await fromPortal(message), message.op).toMatchObject({ ok: false, error: { kind: 'refused' } });
    }
    expect(api.requests).toEqual([]);
    expect(await value<ProposalState>(fromPage({ op: 'getProposalState', id }))).toEqual({ state: 'waiting' });
  });

  it('is shown whole on the jobs page: apps, owners, scopes and their preset, descriptions, expiry, and the apps left out', async () => {
    fakeApi();
    const id = await propose({ ...ask, apps: [...apps(3), ...apps(2, 'acme-org'), { owner: 'demo', id: '__proto__' }, { owner: 'demo', id: 'app-0' }] });
    const shown = await value<ProposalView>(fromPage({ op: 'getProposal', id }));
    expect(shown).toMatchObject({
      id,
      state: 'waiting',
      owners: [
        { owner: 'demo', apps: 3 },
        { owner: 'acme-org', apps: 2 },
      ],
      scopes: PREDICT_ONLY.scopes,
      enables: expect.stringMatching(/^enables \d+ endpoints/),
      preset: { name: 'Predict only', builtIn: true },
      template: '{preset}: {app_id} by {owner}',
      examples: ['Predict only: app-0 by demo', 'Predict only: app-1 by demo', 'Predict only: app-2 by demo'],
      keysExpireAt: '2999-01-01T23:59:59.000Z',
    });
    expect(shown.apps.map((a) => `${a.owner}/${a.appId}`)).toEqual(['demo/app-0', 'demo/app-1', 'demo/app-2', 'acme-org/app-0', 'acme-org/app-1']);
    expect(shown.leftOut).toEqual([
      { owner: 'demo', appId: '__proto__', reason: expect.stringMatching(/^Its id is not a valid Clarifai app id/) },
      { owner: 'demo', appId: 'app-0', reason: 'It was picked twice; the job makes one key for it.' },
    ]);
    expect(Date.parse(shown.decideBy) - Date.parse(shown.askedAt)).toBe(PROPOSAL_TTL_MS);
  });

  it('names the preset the scopes are, as the worker finds it, not as the page says', async () => {
    const api = fakeApi();
    await presets.create({ name: 'Mine', scopes: ['Inputs:Add'] });
    const claimed = await propose({ ...ask, scopes: ['All'], presetName: 'Predict only' });
    expect(await value<ProposalView>(fromPage({ op: 'getProposal', id: claimed }))).toMatchObject({
      preset: { name: 'Full access', builtIn: true },
      examples: ['Full access: app-0 by demo', expect.anything(), expect.anything()],
    });
    const mine = await propose({ ...ask, scopes: ['Inputs:Add', 'Inputs:Get'], presetName: 'Predict only' });
    expect(await value<ProposalView>(fromPage({ op: 'getProposal', id: mine }))).toMatchObject({ preset: { name: 'Mine', builtIn: false } });
    const custom = await propose({ ...ask, scopes: ['Predict', 'Models:Get'], presetName: 'Predict only' });
    const view = await value<ProposalView>(fromPage({ op: 'getProposal', id: custom }));
    expect(view.preset).toBeUndefined();
    expect(view.examples[0]).toBe('custom: app-0 by demo');
    expect(api.requests).toEqual([]);
  });

  it('starts exactly the proposed plan when the jobs page confirms it', async () => {
    const api = fakeApi();
    const id = await propose();
    const shown = await value<ProposalView>(fromPage({ op: 'getProposal', id }));
    const { jobId } = await value<{ jobId: string }>(fromPage({ op: 'confirmProposal', id }));
    expect(await value<ProposalState>(fromPortal({ op: 'getProposalState', id }))).toEqual({ state: 'started', jobId });
    expect(await finished(jobId)).toMatchObject({ created: 4, failed: 0, total: 4 });

    const r = await value<JobResults>(fromPage({ op: 'getJobResults', jobId }));
    expect(r.rows.map((row) => `${row.owner}/${row.appId}`)).toEqual(shown.apps.map((a) => `${a.owner}/${a.appId}`));
    expect(r.rows.slice(0, 3).map((row) => row.description)).toEqual(shown.examples);
    expect(r.plan).toMatchObject({ scopes: shown.scopes, template: shown.template, expiresAt: shown.keysExpireAt, presetName: 'Predict only' });
    // What Clarifai was sent: one key per shown app, with the shown scopes, description and expiry.
    expect(api.posts.sort()).toEqual(shown.apps.map((a) => a.appId).sort());
    for (const k of api.keys) {
      expect(k.scopes).toEqual(shown.scopes);
      expect(k.expires_at).toBe(shown.keysExpireAt);
      expect(k.description).toBe(`Predict only: ${k.apps[0]!.id} by demo`);
    }
  });

  it('is started once only: a second Start, or two at the same time, start no second job', async () => {
    const api = fakeApi();
    const id = await propose();
    const both = await Promise.all([fromPage({ op: 'confirmProposal', id }), fromPage({ op: 'confirmProposal', id })]);
    expect(both.filter((r) => r.ok)).toHaveLength(1);
    expect(both.find((r) => !r.ok)).toMatchObject({ error: { kind: 'invalid', message: expect.stringMatching(/started already/) } });
    const { jobId } = (both.find((r) => r.ok) as { value: { jobId: string } }).value;
    await finished(jobId);
    expect(await fromPage({ op: 'confirmProposal', id })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/started already/) } });
    expect(await jobs.listJobs()).toHaveLength(1);
    expect(api.posts).toHaveLength(4);
  });

  it('is not started again when the worker died after starting it and before writing that down', async () => {
    const api = fakeApi();
    const id = await propose();
    // The stored plan started behind the proposal's back, as a worker that stopped in between leaves it.
    const stored = browser.storage.session._dump()[`proposal:${id}`] as { plan: Parameters<typeof jobs.startPlanned>[0] };
    const { jobId } = await jobs.startPlanned(stored.plan);
    await finished(jobId);
    expect(await fromPage({ op: 'confirmProposal', id })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/started already/) } });
    expect(await value<ProposalState>(fromPortal({ op: 'getProposalState', id }))).toEqual({ state: 'started', jobId });
    expect(api.posts).toHaveLength(4);
  });

  it('expires: after ten minutes it is refused, and nothing is sent', async () => {
    const api = fakeApi();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-05-01T10:00:00Z'));
    const id = await propose();
    vi.setSystemTime(new Date(Date.parse('2030-05-01T10:00:00Z') + PROPOSAL_TTL_MS + 1000));
    expect(await fromPage({ op: 'confirmProposal', id })).toMatchObject({
      ok: false,
      error: { kind: 'invalid', message: expect.stringMatching(/waited more than 10 minutes/) },
    });
    expect(await value<ProposalState>(fromPortal({ op: 'getProposalState', id }))).toEqual({ state: 'expired' });
    expect(api.requests).toEqual([]);
    expect(await jobs.listJobs()).toEqual([]);
  });

  it('is gone once discarded: Start is refused and nothing is sent', async () => {
    const api = fakeApi();
    const id = await propose();
    expect(await fromPage({ op: 'discardProposal', id })).toEqual({ ok: true, value: null });
    expect(await value<ProposalState>(fromPortal({ op: 'getProposalState', id }))).toEqual({ state: 'discarded' });
    expect(await fromPage({ op: 'confirmProposal', id })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/discarded/) } });
    expect(api.requests).toEqual([]);
    // Its plan is dropped; only the outcome stays, for the panel that asked.
    expect(JSON.stringify(browser.storage.session._dump())).not.toContain('app-1');
  });

  it('an unknown proposal is refused in words', async () => {
    fakeApi();
    const id = '00000000-0000-4000-8000-000000000000';
    expect(await fromPage({ op: 'confirmProposal', id })).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/^Keysmith knows no such plan/) },
    });
    expect(await value<ProposalState>(fromPortal({ op: 'getProposalState', id }))).toEqual({ state: 'gone' });
  });

  it('keeps waiting, with the reason, when Start finds a token that cannot create keys; it starts once the token can', async () => {
    let scopes = ['Apps:Get', 'Keys:Get'];
    const api = fakeApi({
      respond: (url) =>
        url.pathname === '/v2/users/me/myscopes' ? new Response(JSON.stringify({ status: { code: 10000 }, scopes }), { status: 200 }) : undefined,
    });
    const id = await propose();
    expect(await fromPage({ op: 'confirmProposal', id })).toMatchObject({
      ok: false,
      error: { kind: 'scopes', message: expect.stringContaining('lacks Keys:Add') },
    });
    expect(await value<ProposalState>(fromPortal({ op: 'getProposalState', id }))).toEqual({
      state: 'waiting',
      error: expect.stringContaining('lacks Keys:Add'),
    });
    expect(api.posts).toEqual([]);
    scopes = ['All'];
    const { jobId } = await value<{ jobId: string }>(fromPage({ op: 'confirmProposal', id }));
    expect(await finished(jobId)).toMatchObject({ created: 4 });
    expect(api.posts).toHaveLength(4);
  });

  it('refuses an expiry that has passed while it waited', async () => {
    const api = fakeApi();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-05-01T23:58:00Z'));
    const id = await propose({ ...ask, expiresAt: '2030-05-01T23:59:59.000Z' });
    vi.setSystemTime(new Date('2030-05-02T00:01:00Z'));
    expect(await fromPage({ op: 'confirmProposal', id })).toMatchObject({ ok: false, error: { message: 'The expiry must be in the future.' } });
    expect(api.requests.filter((r) => r.method === 'POST')).toEqual([]);
  });

  it('keeps at most three waiting: the oldest is discarded, and its plan dropped', async () => {
    fakeApi();
    const ids = [await propose(), await propose(), await propose(), await propose()];
    const states = await Promise.all(ids.map(async (id) => (await value<ProposalState>(fromPage({ op: 'getProposalState', id }))).state));
    expect(states).toEqual(['discarded', 'waiting', 'waiting', 'waiting']);
  });
});

describe('a bulk job asked for from Keysmith’s own page', () => {
  it('starts at once, as before', async () => {
    const api = fakeApi();
    const { jobId } = await value<{ jobId: string }>(fromPage({ ...ask, op: 'startBulkJob' }));
    expect(await finished(jobId)).toMatchObject({ created: 4 });
    expect(api.posts).toHaveLength(4);
    expect(browser._calls).toEqual([]);
  });
});
