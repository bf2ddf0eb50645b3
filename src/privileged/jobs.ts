/**
 * Bulk jobs in the service worker: plan, run, persist, resume, recover.
 *
 * Where things live, and why:
 * - `storage.session` (memory, trusted contexts only): each job's plan and every item's state,
 *   including created key ids (secrets). Survives the worker's death, not the browser's.
 * - `storage.local`: the job's plan without secrets (apps, descriptions, scopes, when it began) and
 *   a history entry, so that after a browser restart the job is shown with what is known and
 *   "Recover" can find the keys it created through the API.
 * Each item is saved as `sending` before its request leaves, so a worker that dies mid-request
 * resumes by looking before it tries again (see ../pure/bulk/runner.ts).
 */
import browser from 'webextension-polyfill';
import pLimit from 'p-limit';
import { collectPages, isValidId, isValidKeyId } from '../pure/clarifai/client.ts';
import { ClarifaiError } from '../pure/clarifai/errors.ts';
import type { ApiKey } from '../pure/clarifai/types.ts';
import { backoffMs, Pacer, runJob, tally, THROTTLE_PAUSE_MS, type ItemState, type JobItem } from '../pure/bulk/runner.ts';
import { plainText, renderDescription, today, usesAppName } from '../pure/bulk/template.ts';
import { sameScopes } from '../pure/presets/model.ts';
import type { JobProgress, JobResultRow, JobSummary, LeftOutApp, Request } from '../pure/protocol.ts';
import * as appDirectory from './app-directory.ts';
import { PAT_SCOPES_NEEDED } from '../pure/scopes/catalogue.ts';
import { OperationError } from './errors.ts';
import { clientFor, requirePat } from './api.ts';

export const MAX_APPS_PER_JOB = 5000;
/** Requests per second (Clarifai: 15 per user). Tests that need no real pacing raise it. */
export const tuning = { ratePerSecond: 15 };
const CONCURRENCY = 6;
const MAX_ATTEMPTS = 8;
const HISTORY_KEY = 'jobs:history';
const HISTORY_MAX = 50;
const ALARM = 'keysmith-job-keepalive';

export interface JobPlan {
  id: string;
  createdAt: string;
  scopes: string[];
  presetName?: string | undefined;
  template: string;
  expiresAt?: string | undefined;
  items: PlanItem[];
  /** Picked apps the job does not serve, and why (`pick`: the position in the person's pick). */
  leftOut?: (LeftOutApp & { pick: number })[];
  ratePerSecond: number;
}

type PlanItem = JobItem & {
  appName: string;
  pick?: number;
  /** The name is not known yet (the worker never listed the app): looked up before anything is sent. */
  unnamed?: boolean;
};

/** Clarifai app ids: 1 to 32 letters, digits, `-` and `_`, starting with a letter or a digit. */
const APP_ID_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;

/** An id as a person may read it in a list of reasons: one line, not endless. */
function shownId(id: string): string {
  const t = plainText(id, 64);
  return t.length < id.length ? `${t}…` : t || '(empty id)';
}

type JobStatus = 'running' | 'paused' | 'cancelled' | 'done' | 'interrupted';

interface JobControl {
  status: JobStatus;
  /** Why the job stopped by itself (interrupted), in words a person reads. */
  stopped?: string;
  /** The app being worked on last, for the progress line. */
  current?: string;
  startedAt: number;
  finishedAt?: number;
}

const planKey = (id: string) => `job:${id}:plan`;
const controlKey = (id: string) => `job:${id}:control`;
const itemKey = (id: string, i: number) => `job:${id}:item:${i}`;

/** What this worker is doing with a job now: running it, or checking it (Recover, duplicates). */
interface Active {
  kind: 'run' | 'check';
  /** A run's latest states and control, in memory once it has read them from storage. */
  states?: ItemState[];
  control?: JobControl;
  /** Paused tasks waiting for Resume. */
  wake: (() => void)[];
  /** Aborted to stop a run at once ("Forget token", a lock), with the reason as a sentence. */
  halt?: AbortController;
}

/** Jobs this worker instance is running or checking now. See `claim`. */
const active = new Map<string, Active>();
const locks = new Map<string, Promise<void>>();

async function readPlan(id: string): Promise<JobPlan | undefined> {
  const s = (await browser.storage.session.get(planKey(id)))[planKey(id)] as JobPlan | undefined;
  if (s) return s;
  return (await browser.storage.local.get(planKey(id)))[planKey(id)] as JobPlan | undefined;
}

async function readControl(id: string): Promise<JobControl | undefined> {
  return (await browser.storage.session.get(controlKey(id)))[controlKey(id)] as JobControl | undefined;
}

async function writeControl(id: string, c: JobControl) {
  await browser.storage.session.set({ [controlKey(id)]: c });
}

async function readStates(plan: JobPlan): Promise<ItemState[]> {
  const keys = plan.items.map((_, i) => itemKey(plan.id, i));
  const got = await browser.storage.session.get(keys);
  return keys.map((k) => (got[k] as ItemState | undefined) ?? { status: 'pending', attempts: 0 });
}

async function history(): Promise<JobSummary[]> {
  const h = (await browser.storage.local.get(HISTORY_KEY))[HISTORY_KEY];
  return Array.isArray(h) ? (h as JobSummary[]) : [];
}

async function recordHistory(plan: JobPlan, status: JobStatus | 'recovered', states: readonly ItemState[]) {
  const t = tally(states);
  const entry: JobSummary = {
    id: plan.id,
    createdAt: plan.createdAt,
    endedAt: status === 'running' || status === 'paused' ? undefined : new Date().toISOString(),
    status,
    scopes: plan.scopes,
    presetName: plan.presetName,
    apps: plan.items.map((it) => `${it.owner}/${it.appId}`),
    created: t.created,
    failed: t.failed,
    total: t.total,
  };
  const h = (await history()).filter((e) => e.id !== plan.id);
  const next = [entry, ...h].slice(0, HISTORY_MAX);
  // Plans of jobs that fell off the history go too.
  const dropped = [entry, ...h].slice(HISTORY_MAX).map((e) => planKey(e.id));
  await browser.storage.local.set({ [HISTORY_KEY]: next });
  if (dropped.length) await browser.storage.local.remove(dropped);
}

function keyMatches(k: ApiKey, item: JobItem, scopes: readonly string[], since: number): boolean {
  const created = k.created_at ? Date.parse(k.created_at) : NaN;
  return k.description === item.description && sameScopes(k.scopes ?? [], scopes) && k.apps?.[0]?.id === item.appId && !(created < since);
}

async function findKeyFor(client: Awaited<ReturnType<typeof clientFor>>, item: JobItem, scopes: readonly string[], since: number): Promise<string | undefined> {
  const keys = await collectPages((page, per) => client.listAppKeys(item.owner, item.appId, page, per));
  return keys.find((k) => keyMatches(k, item, scopes, since))?.id;
}

/** Checks the PAT up front: a wrong or under-scoped token fails the whole job before anything is sent. */
async function preflight() {
  const pat = await requirePat();
  const client = await clientFor(pat);
  const { scopes } = await client.myScopes('me');
  if (!scopes.includes('All')) {
    const missing = PAT_SCOPES_NEEDED.createKeys.filter((s) => !scopes.includes(s));
    if (missing.length) throw new OperationError('scopes', `The Personal Access Token lacks ${missing.join(', ')}, which creating keys needs. Nothing was created.`);
  }
  return client;
}

export async function startJob(req: Request<'startBulkJob'>): Promise<{ jobId: string }> {
  if (req.apps.length === 0) throw new OperationError('invalid', 'Pick at least one app.');
  if (req.apps.length > MAX_APPS_PER_JOB) throw new OperationError('invalid', `A job may cover at most ${MAX_APPS_PER_JOB} apps.`);
  if (req.expiresAt && !(Date.parse(req.expiresAt) > Date.now())) throw new OperationError('invalid', 'The expiry must be in the future.');
  // Every app the job can address is served; the others are named with the reason, not refused.
  const leftOut: (LeftOutApp & { pick: number })[] = [];
  const served: { owner: string; appId: string; pick: number }[] = [];
  const seen = new Set<string>();
  req.apps.forEach((a, pick) => {
    const out = (reason: string) => leftOut.push({ owner: shownId(a.owner), appId: shownId(a.id), reason, pick });
    if (!isValidId(a.owner)) return out('Its owner’s id is not a valid Clarifai user or organization id, so Keysmith cannot address it.');
    if (!APP_ID_RE.test(a.id)) return out('Its id is not a valid Clarifai app id (1 to 32 letters, digits, - and _), so Keysmith cannot address it.');
    const k = `${a.owner}/${a.id}`;
    if (seen.has(k)) return out('It was picked twice; the job makes one key for it.');
    seen.add(k);
    served.push({ owner: a.owner, appId: a.id, pick });
  });
  if (!served.length) {
    const why = leftOut.slice(0, 3).map((l) => `${l.owner}/${l.appId}: ${l.reason}`).join(' ');
    throw new OperationError('invalid', `None of the ${req.apps.length} picked apps can get a key, so nothing was sent. ${why}`);
  }
  await preflight();
  const id = crypto.randomUUID();
  const date = today();
  const names = await appDirectory.namesOf(served);
  const needName = usesAppName(req.template);
  const plan: JobPlan = {
    id,
    createdAt: new Date().toISOString(),
    scopes: [...req.scopes],
    presetName: req.presetName,
    template: req.template,
    expiresAt: req.expiresAt,
    ratePerSecond: tuning.ratePerSecond,
    leftOut,
    items: served.map((a, i) => {
      const name = names[i];
      const item: PlanItem = { owner: a.owner, appId: a.appId, appName: name ?? a.appId, pick: a.pick, description: '' };
      if (name === undefined && needName) item.unnamed = true;
      else item.description = describe(plan0(req), item, date);
      return item;
    }),
  };
  await browser.storage.local.set({ [planKey(id)]: plan });
  await browser.storage.session.set({ [planKey(id)]: plan });
  await writeControl(id, { status: 'running', startedAt: Date.now() });
  await recordHistory(plan, 'running', plan.items.map(() => ({ status: 'pending', attempts: 0 })));
  void run(id);
  return { jobId: id };
}

const plan0 = (req: Request<'startBulkJob'>) => ({ template: req.template, presetName: req.presetName });

function describe(plan: Pick<JobPlan, 'template' | 'presetName'>, item: PlanItem, date: string): string {
  return renderDescription(plan.template, { app_id: item.appId, app_name: item.appName, owner: item.owner, date, preset: plan.presetName ?? 'custom' });
}

/**
 * Names the apps the worker never listed (GetApp), before anything is sent: an app Clarifai says
 * does not exist, or that cannot be looked up, is left out with the reason. The plan is written
 * once, with the apps it serves; nothing was sent yet, so no item state moves.
 */
async function nameUnlisted(plan: JobPlan, client: Awaited<ReturnType<typeof clientFor>>): Promise<JobPlan> {
  const pacer = new Pacer(plan.ratePerSecond, { now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) });
  const date = plan.createdAt.slice(0, 10);
  const leftOut = [...(plan.leftOut ?? [])];
  const items: PlanItem[] = [];
  const limit = pLimit(CONCURRENCY);
  const named = await Promise.all(
    plan.items.map((item) =>
      limit(async (): Promise<PlanItem | LeftOutApp> => {
        if (!item.unnamed) return item;
        for (let attempt = 1; ; attempt++) {
          await pacer.take();
          try {
            const app = await client.getApp(item.owner, item.appId);
            const appName = typeof app.name === 'string' && app.name ? plainText(app.name, 256) : item.appId;
            const next: PlanItem = { ...item, appName, unnamed: undefined };
            next.description = describe(plan, next, date);
            return next;
          } catch (e) {
            if (!(e instanceof ClarifaiError)) throw e;
            if (e.kind === 'auth') throw e; // the token is gone: the job stops, resumable
            if (e.retryable && attempt < MAX_ATTEMPTS) {
              if (e.kind === 'throttled') pacer.penalize(THROTTLE_PAUSE_MS);
              await new Promise((r) => setTimeout(r, backoffMs(attempt, Math.random())));
              continue;
            }
            const reason =
              e.kind === 'not-found'
                ? 'Clarifai says this app does not exist (it may have been deleted since it was listed).'
                : `Keysmith could not look this app up on Clarifai to name it: ${e.message}`;
            return { owner: item.owner, appId: item.appId, reason };
          }
        }
      }),
    ),
  );
  named.forEach((n, i) => {
    if ('reason' in n) leftOut.push({ ...n, pick: plan.items[i]!.pick ?? 0 });
    else items.push(n);
  });
  const next: JobPlan = { ...plan, items, leftOut };
  await browser.storage.local.set({ [planKey(plan.id)]: next });
  await browser.storage.session.set({ [planKey(plan.id)]: next });
  return next;
}

/**
 * Claims "this job is running (or being checked) in this worker", synchronously: callers that race
 * (the keep-alive alarm's resume and the top-level resume of a worker that just woke, two Resume
 * clicks, two "Retry failed") cannot both get it, because no await comes between the check and the
 * claim. Released in a `finally` by whoever got it.
 */
function claim(id: string, kind: Active['kind']): Active | undefined {
  if (active.has(id)) return undefined;
  const job: Active = { kind, wake: [] };
  active.set(id, job);
  return job;
}

function release(id: string, job: Active) {
  if (active.get(id) === job) active.delete(id);
  if (![...active.values()].some((j) => j.kind === 'run')) void browser.alarms?.clear(ALARM);
}

/**
 * Runs `fn` after every earlier `exclusive` call for this job has finished: the run's reading of
 * its state and its final write, and each pause, resume or cancel, happen one at a time, so a
 * pause that lands while a run is still reading storage is read by that run, not lost.
 */
function exclusive<T>(id: string, fn: () => Promise<T>): Promise<T> {
  const prev = locks.get(id) ?? Promise.resolve();
  const next = prev.then(fn, fn);
  const tail = next.then(
    () => {},
    () => {},
  );
  locks.set(id, tail);
  void tail.then(() => {
    if (locks.get(id) === tail) locks.delete(id);
  });
  return next;
}

interface RunOptions {
  /** Failed and cancelled apps go again ("Retry failed"). */
  retry?: boolean;
  /** Called once the run has read its state (or found nothing to run). */
  onReady?: () => void;
}

/** Starts a run of the job unless one is running in this worker. Resolves when the run has ended. */
function run(id: string): Promise<void> {
  const job = claim(id, 'run');
  if (!job) return Promise.resolve();
  return launch(id, job, {});
}

function launch(id: string, job: Active, opts: RunOptions): Promise<void> {
  return runClaimed(id, job, opts).finally(() => {
    opts.onReady?.();
    release(id, job);
  });
}

async function runClaimed(id: string, job: Active, opts: RunOptions): Promise<void> {
  const setup = await exclusive(id, async () => {
    const plan = await readPlan(id);
    if (!plan) return undefined;
    if (opts.retry) {
      // A failure whose outcome was unknown keeps `uncertain`: it is looked up before any retry.
      const before = await readStates(plan);
      const updates: Record<string, ItemState> = {};
      before.forEach((st, i) => {
        if (st.status === 'failed' || st.status === 'cancelled') updates[itemKey(id, i)] = { ...st, status: 'pending', error: undefined, attempts: 0 };
      });
      await browser.storage.session.set({ ...updates, [planKey(id)]: plan });
      await writeControl(id, { status: 'running', startedAt: Date.now() });
    }
    const control = await readControl(id);
    if (!control || (control.status !== 'running' && control.status !== 'paused')) return undefined;
    job.states = await readStates(plan);
    job.control = control;
    return { plan, control, states: job.states };
  });
  opts.onReady?.();
  if (!setup) return;
  let plan = setup.plan;
  const control = setup.control;
  let states = setup.states;
  const halt = (job.halt = new AbortController());
  await browser.alarms?.create(ALARM, { periodInMinutes: 0.5 });
  try {
    const client = await clientFor(await requirePat());
    if (plan.items.some((it) => it.unnamed)) {
      plan = await nameUnlisted(plan, client);
      states = job.states = plan.items.map(() => ({ status: 'pending', attempts: 0 }));
    }
    const items = plan.items;
    const scopes = plan.scopes;
    const expiresAt = plan.expiresAt;
    await runJob(
      items,
      states,
      {
        now: () => Date.now(),
        sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
        random: Math.random,
        async createKey(item) {
          control.current = `${item.owner}/${item.appId}`;
          const [key] = await client.postKeys(item.owner, [
            { description: item.description, scopes, apps: [{ id: item.appId, user_id: item.owner }], ...(expiresAt ? { expires_at: expiresAt } : {}) },
          ]);
          // A success without a usable key says nothing about whether one was made: unknown, looked up.
          if (!key || !isValidKeyId(key.id)) throw new ClarifaiError('failed', 'Clarifai answered that it worked but did not send the new key.', undefined, undefined, [], undefined, true);
          return key.id;
        },
        findKey: (item, since) => findKeyFor(client, item, scopes, since),
        save: (i, st) => browser.storage.session.set({ [itemKey(id, i)]: st }),
      },
      {
        ratePerSecond: plan.ratePerSecond,
        concurrency: CONCURRENCY,
        maxAttempts: MAX_ATTEMPTS,
        isCancelled: () => control.status === 'cancelled',
        whenRunning: () => (control.status === 'paused' ? new Promise<void>((r) => job.wake.push(r)) : Promise.resolve()),
        stopsJob,
        signal: halt.signal,
      },
    );
    if (control.status !== 'cancelled') control.status = 'done';
  } catch (e) {
    // The token is gone (forgotten, locked, replaced, refused) or storage failed: stop, keep what
    // is known; the job is interrupted and resumable once the token is back.
    control.status = 'interrupted';
    control.stopped = stopReason(e, halt.signal);
    console.warn('Keysmith: bulk job stopped', e instanceof Error ? e.name : typeof e);
  } finally {
    const finalPlan = plan;
    await exclusive(id, async () => {
      control.finishedAt = Date.now();
      control.current = undefined;
      await writeControl(id, control);
      await recordHistory(finalPlan, control.status, job.states ?? states);
    });
  }
}

/** A token that is gone, or refused by Clarifai, stops the whole job: no app fails for it. */
function stopsJob(e: unknown): boolean {
  return e instanceof OperationError || (e instanceof ClarifaiError && e.kind === 'auth');
}

function stopReason(e: unknown, halt: AbortSignal): string {
  const why = halt.aborted && typeof halt.reason === 'string' ? halt.reason : e instanceof OperationError || e instanceof ClarifaiError ? e.message : 'Keysmith hit an internal error.';
  return `${why} The job stopped and sent nothing more; once the token is back, press Resume.`;
}

/**
 * Stops every run in this worker at once ("Forget token", a lock): no request is sent after this,
 * answers already on their way are recorded, and each job is left interrupted and resumable. (Each
 * request also checks the vault before it leaves: see ./api.ts.)
 */
export function interruptAll(reason: string): void {
  for (const job of active.values()) if (job.kind === 'run') job.halt?.abort(reason);
}

/** Called when the worker starts and by the keep-alive alarm: continue jobs a dead worker left. */
export async function resumeJobs(): Promise<void> {
  const all = await browser.storage.session.get(null);
  for (const [k, v] of Object.entries(all)) {
    const m = /^job:([0-9a-f-]+):control$/.exec(k);
    const c = v as JobControl;
    if (m && (c.status === 'running' || c.status === 'paused')) void run(m[1]!);
  }
}

export const KEEPALIVE_ALARM = ALARM;

/** The run in this worker that has read its state, if any: its memory is newer than storage. */
function live(id: string): Active | undefined {
  const job = active.get(id);
  return job?.kind === 'run' && job.control ? job : undefined;
}

async function statesOf(id: string, plan: JobPlan) {
  return live(id)?.states ?? (await readStates(plan));
}

export async function progress(id: string): Promise<JobProgress> {
  const plan = await readPlan(id);
  if (!plan) throw new OperationError('invalid', 'That job is not known (it may have been cleared).');
  const control = live(id)?.control ?? (await readControl(id));
  const states = await statesOf(id, plan);
  const t = tally(states);
  // After a browser restart the plan is known but session storage is empty: the job was interrupted.
  let status: JobProgress['status'] = control?.status ?? 'interrupted';
  // Requests already sent may still create keys: not final until the run has ended.
  if (status === 'cancelled' && active.get(id)?.kind === 'run') status = 'cancelling';
  const elapsed = control ? (control.finishedAt ?? Date.now()) - control.startedAt : 0;
  return {
    id,
    status,
    total: t.total,
    created: t.created,
    failed: t.failed,
    cancelled: t.cancelled,
    left: t.left,
    current: control?.current,
    secondsLeft: status === 'running' ? Math.ceil(t.left / plan.ratePerSecond) : 0,
    elapsedSeconds: Math.round(elapsed / 1000),
    leftOut: plan.leftOut?.length ?? 0,
    // Its state is in this browser's memory: Resume goes on (after a restart only Recover can).
    resumable: status === 'interrupted' && !!control && !active.has(id),
    stopped: status === 'interrupted' ? control?.stopped : undefined,
  };
}

export async function control(id: string, action: 'pause' | 'resume' | 'cancel'): Promise<JobProgress> {
  await exclusive(id, async () => {
    // A run that has read its state is told in memory; otherwise storage is the truth (a run
    // claimed but not yet set up reads it after this, in order).
    const job = live(id);
    const c = job?.control ?? (await readControl(id));
    if (!c) throw new OperationError('invalid', 'That job is not running.');
    if (c.status === 'done' || c.status === 'cancelled') return;
    // An interrupted job (its token was gone) goes on when resumed; nothing else changes it.
    if (c.status === 'interrupted' && (action !== 'resume' || job)) return;
    c.status = action === 'pause' ? 'paused' : action === 'resume' ? 'running' : 'cancelled';
    c.stopped = undefined;
    c.finishedAt = undefined;
    await writeControl(id, c);
    if (job && action !== 'pause') for (const w of job.wake.splice(0)) w();
    if (!active.has(id) && c.status === 'running') void run(id);
  });
  return progress(id);
}

export async function results(id: string): Promise<{ plan: Omit<JobPlan, 'items' | 'leftOut'>; rows: JobResultRow[]; leftOut: LeftOutApp[]; progress: JobProgress }> {
  const plan = await readPlan(id);
  if (!plan) throw new OperationError('invalid', 'That job is not known (it may have been cleared).');
  const states = await statesOf(id, plan);
  const rows: JobResultRow[] = plan.items.map((it, i) => {
    const s = states[i]!;
    return {
      owner: it.owner,
      appId: it.appId,
      appName: it.appName,
      description: it.description,
      status: s.status,
      keyId: s.keyId,
      adopted: s.adopted,
      uncertain: s.uncertain,
      error: s.status === 'failed' ? s.error?.message : undefined,
    };
  });
  const { items: _items, leftOut: out = [], ...rest } = plan;
  const leftOut = [...out].sort((a, b) => a.pick - b.pick).map(({ owner, appId, reason }) => ({ owner, appId, reason }));
  return { plan: rest, rows, leftOut, progress: await progress(id) };
}

export async function retryFailed(id: string): Promise<JobProgress> {
  const job = claim(id, 'run');
  if (!job) throw new OperationError('invalid', 'The job is still running.');
  if (!(await readPlan(id).catch(() => undefined))) {
    release(id, job);
    throw new OperationError('invalid', 'That job is not known.');
  }
  await new Promise<void>((ready) => void launch(id, job, { retry: true, onReady: ready }));
  return progress(id);
}

/** Runs an after-job check with the job claimed, so that no run starts meanwhile (and no second check). */
function checking<T>(id: string, fn: () => Promise<T>): Promise<T> {
  const job = claim(id, 'check');
  if (!job) return Promise.reject(new OperationError('invalid', active.get(id)?.kind === 'run' ? 'The job is still running.' : 'Keysmith is already checking this job.'));
  return fn().finally(() => release(id, job));
}

/** After a browser restart: find, through the API, the keys this job created. */
export function recover(id: string): Promise<JobProgress> {
  return checking(id, () => recoverClaimed(id));
}

async function recoverClaimed(id: string): Promise<JobProgress> {
  const plan = await readPlan(id);
  if (!plan) throw new OperationError('invalid', 'That job is not known.');
  const client = await clientFor(await requirePat());
  const since = Date.parse(plan.createdAt) - 60_000;
  const states = await readStates(plan);
  const updates: Record<string, ItemState> = {};
  const pacer = new Pacer(plan.ratePerSecond, { now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) });
  for (const [i, item] of plan.items.entries()) {
    if (states[i]!.status === 'created') continue;
    let found: string | undefined;
    for (let attempt = 1; ; attempt++) {
      await pacer.take();
      try {
        found = await findKeyFor(client, item, plan.scopes, since);
        break;
      } catch (e) {
        // Throttled or a passing fault: wait and look again; anything else stops Recover, saying why.
        if (!(e instanceof ClarifaiError) || !e.retryable || attempt >= MAX_ATTEMPTS) throw e;
        if (e.kind === 'throttled') pacer.penalize(THROTTLE_PAUSE_MS);
        await new Promise((r) => setTimeout(r, backoffMs(attempt, Math.random())));
      }
    }
    const next: ItemState = found
      ? { status: 'created', attempts: states[i]!.attempts, keyId: found, adopted: true }
      : { status: 'failed', attempts: states[i]!.attempts, error: { kind: 'failed', message: 'No key was found for this app: it was not created.' } };
    states[i] = next;
    updates[itemKey(id, i)] = next;
  }
  await browser.storage.session.set({ ...updates, [planKey(id)]: plan });
  await writeControl(id, { status: 'done', startedAt: Date.parse(plan.createdAt), finishedAt: Date.now() });
  await recordHistory(plan, 'recovered', states);
  return progress(id);
}

export async function listJobs(): Promise<JobSummary[]> {
  return history();
}

/** Forgets a job's created keys (and its plan); its history line stays, without secrets. */
export async function clear(id: string): Promise<null> {
  if (active.get(id)?.kind === 'run') throw new OperationError('invalid', 'The job is still running; cancel it first.');
  return checking(id, async () => {
    const plan = await readPlan(id);
    const keys = [planKey(id), controlKey(id), ...(plan?.items.map((_, i) => itemKey(id, i)) ?? [])];
    await browser.storage.session.remove(keys);
    await browser.storage.local.remove(planKey(id));
    return null;
  });
}

/**
 * The sweep after a job (toolchain.md): Chromium silently re-sends a POST when a reused connection
 * closes before the answer, so a key can be created twice with only one answer seen. No check before
 * a retry can see that; listing each app's keys afterwards can. A key with the job's description and
 * scopes, created since the job began, that the job did not record is such a silent duplicate: it
 * was never shown to anyone, and the user may delete it.
 */
export function findDuplicates(id: string): Promise<{ owner: string; appId: string; keyId: string }[]> {
  return checking(id, () => duplicatesOf(id));
}

async function duplicatesOf(id: string): Promise<{ owner: string; appId: string; keyId: string }[]> {
  const plan = await readPlan(id);
  if (!plan) throw new OperationError('invalid', 'That job is not known.');
  const client = await clientFor(await requirePat());
  const states = await readStates(plan);
  const since = Date.parse(plan.createdAt) - 60_000;
  const pacer = new Pacer(plan.ratePerSecond, { now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) });
  const out: { owner: string; appId: string; keyId: string }[] = [];
  for (const [i, item] of plan.items.entries()) {
    if (states[i]!.status !== 'created') continue;
    await pacer.take();
    const keys = await collectPages((page, per) => client.listAppKeys(item.owner, item.appId, page, per));
    for (const k of keys) if (k.id !== states[i]!.keyId && keyMatches(k, item, plan.scopes, since)) out.push({ owner: item.owner, appId: item.appId, keyId: k.id });
  }
  return out;
}

/** Deletes the silent duplicates found now (looked up again, so only what still matches goes). */
export function deleteDuplicates(id: string): Promise<number> {
  return checking(id, async () => {
    const dups = await duplicatesOf(id);
    const client = await clientFor(await requirePat());
    for (const d of dups) await client.deleteKey(d.owner, d.keyId);
    return dups.length;
  });
}
