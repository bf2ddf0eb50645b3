/**
 * Bulk jobs in the service worker: plan, run, resume, control, and the checks after a job.
 *
 * Where each thing is kept: ./job-store.ts. How a job proves which keys are its own: ./job-evidence.ts
 * and ../pure/bulk/ownership.ts. Recover and the duplicate sweep: ./job-checks.ts. The run loop
 * itself (pacing, retries, never a key twice): ../pure/bulk/runner.ts.
 *
 * A job runs in phases, each before anything is sent for it: name the apps the worker never listed
 * (GetApp), list the keys that already have each app's fields (the evidence), then create one key
 * per app. At most one run (or check) of a job at a time in this worker: see `claim`.
 */
import browser from 'webextension-polyfill';
import pLimit from 'p-limit';
import { isValidId, isValidKeyId } from '../pure/clarifai/client.ts';
import { ClarifaiError } from '../pure/clarifai/errors.ts';
import { runJob, tally, type ItemState } from '../pure/bulk/runner.ts';
import { sameFields } from '../pure/bulk/ownership.ts';
import type { Limiter } from '../pure/bulk/limiter.ts';
import { plainText, renderDescription, today, usesAppName } from '../pure/bulk/template.ts';
import type { JobProgress, JobResultRow, JobResults, JobSummary, LeftOutApp, Request } from '../pure/protocol.ts';
import { PAT_SCOPES_NEEDED } from '../pure/scopes/catalogue.ts';
import * as appDirectory from './app-directory.ts';
import { clientFor as unlimitedClientFor, requirePat } from './api.ts';
import { limited, limiter, passOnPauses, retrying, tuning } from './limiter.ts';
import { isStorageFull, OperationError, STORAGE_FULL } from './errors.ts';
import { deleteFound, newCheck, runCheck } from './job-checks.ts';
import { attemptOf, claimedElsewhere, evidenceWrites, keyHash, ownedNow, takeSnapshots, writeEvidence } from './job-evidence.ts';
import {
  clearFinished,
  forgetJob,
  history,
  readCheck,
  readControl,
  readControls,
  readPlan,
  readStates,
  recordEnd,
  recordHistory,
  sessionRecords,
  writeCheck,
  writeControl,
  writePlan,
  writeSessionPlan,
  writeState,
  writeStates,
  type CheckKind,
  type CheckRecord,
  type JobControl,
  type JobItemState,
  type JobPlan,
  type PlanItem,
} from './job-store.ts';

export const MAX_APPS_PER_JOB = 5000;
export { tuning };
const CONCURRENCY = 6;
const MAX_ATTEMPTS = 8;
const ALARM = 'keysmith-job-keepalive';
/** How often a running job's evidence is copied to storage.local (and at its end). */
const EVIDENCE_EVERY_MS = 5000;

/** Clarifai app ids: 1 to 32 letters, digits, `-` and `_`, starting with a letter or a digit. */
const APP_ID_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;

/** An id as a person may read it in a list of reasons: one line, not endless. */
function shownId(id: string): string {
  const t = plainText(id, 64);
  return t.length < id.length ? `${t}…` : t || '(empty id)';
}

/** What this worker is doing with a job now: running it, or checking it (Recover, duplicates). */
interface Active {
  kind: 'run' | 'check';
  /** Which check runs in the background (Recover, the sweep); absent for a short one (clear, delete). */
  check?: CheckKind;
  /** A run's plan, once it has read it (other runs compare their attempts with its, see `contested`). */
  plan?: JobPlan;
  /** A run's latest states and control, in memory once it has read them from storage. */
  states?: JobItemState[];
  control?: JobControl;
  /** Paused tasks waiting for Resume. */
  wake: (() => void)[];
  /** Aborted to stop a run at once ("Forget token", a lock), with the reason as a sentence. */
  halt?: AbortController;
  /** A check in the background: settles when it has ended. */
  ended?: Promise<void>;
}

/** Jobs this worker instance is running or checking now. See `claim`. */
const active = new Map<string, Active>();
/** Why a run stopped, when storage had no room to keep it: this worker still says it. */
const stoppedHere = new Map<string, string>();
const locks = new Map<string, Promise<void>>();

/** Every request of a job's client takes its turn from the worker's one limiter (./limiter.ts). */
const clientFor = async (pat: string) => limited(await unlimitedClientFor(pat));
/** Turns are taken inside the client: the job's own pacing only passes a throttle's pause on. */
const pacerFor = (_plan: JobPlan): Limiter => passOnPauses;

/** The states of the other jobs running in this worker: keys they recorded are theirs. */
function othersRunning(id: string): JobItemState[][] {
  return [...active].flatMap(([other, j]) => (other !== id && j.states ? [j.states] : []));
}

const CONTESTED =
  'Another job of this browser was making a key for this app with the same description, scopes and expiry at the same moment, so Keysmith could not tell which key is this job’s. Retry failed looks again once that job is done.';

/**
 * Another run in this worker has an attempt on this app with the same fields whose key may be in
 * the making or just made: sending, its outcome unknown, or recorded but not claimed yet. A key
 * listed now may then be that run's with no claim saying so: this job adopts none meanwhile.
 */
function contested(id: string, plan: JobPlan, item: PlanItem): boolean {
  const mine = attemptOf(plan, item);
  for (const [other, j] of active) {
    if (other === id || j.kind !== 'run' || !j.plan || !j.states) continue;
    for (const [k, it] of j.plan.items.entries()) {
      if (it.owner !== item.owner || it.appId !== item.appId || !sameFields(attemptOf(j.plan, it), mine)) continue;
      const s = j.states[k];
      if (s && (s.status === 'sending' || s.uncertain || (s.keyId !== undefined && !s.claim))) return true;
    }
  }
  return false;
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

/** What a job is asked with: the fields of startBulkJob or proposeBulkJob. */
export type JobRequest = Omit<Request<'startBulkJob'>, 'op'> & { op?: 'startBulkJob' | 'proposeBulkJob' };

/**
 * The plan a request makes, without sending anything to Clarifai: which apps it serves (named
 * from what the worker listed) and which it leaves out and why, each app's description, the
 * scopes and the expiry. A job proposed from the portal page waits as this plan until the person
 * starts it (./job-proposals.ts); `startPlanned` runs it as it is.
 */
export async function planJob(req: JobRequest): Promise<JobPlan> {
  if (req.apps.length === 0) throw new OperationError('invalid', 'Pick at least one app.');
  if (req.apps.length > MAX_APPS_PER_JOB) throw new OperationError('invalid', `A job may cover at most ${MAX_APPS_PER_JOB} apps.`);
  checkExpiry(req.expiresAt);
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
  const date = today();
  const names = await appDirectory.namesOf(served);
  const needName = usesAppName(req.template);
  return {
    id: crypto.randomUUID(),
    createdAt: new Date().toISOString(),
    date,
    scopes: [...req.scopes],
    presetName: req.presetName,
    template: req.template,
    expiresAt: req.expiresAt,
    // Only the progress line's estimate uses it (the worker's limiter paces). A stored plan may not
    // say more than Clarifai's 15 a second (its validator, ./storage.ts), which tests raise `tuning` past.
    ratePerSecond: Math.min(tuning.ratePerSecond, 15),
    leftOut,
    items: served.map((a, i) => {
      const name = names[i];
      const item: PlanItem = { owner: a.owner, appId: a.appId, appName: name ?? a.appId, pick: a.pick, description: '' };
      if (name === undefined && needName) item.unnamed = true;
      else item.description = describe(plan0(req), item, date);
      return item;
    }),
  };
}

function checkExpiry(expiresAt: string | undefined) {
  if (expiresAt && !(Date.parse(expiresAt) > Date.now())) throw new OperationError('invalid', 'The expiry must be in the future.');
}

/**
 * Starts a planned job as it is. The token is checked first: a wrong or under-scoped token fails
 * the job before anything is written or sent for it. A plan starts once: its id is its job's.
 */
export async function startPlanned(planned: JobPlan): Promise<{ jobId: string }> {
  checkExpiry(planned.expiresAt);
  if (active.has(planned.id) || (await readPlan(planned.id))) throw new OperationError('invalid', 'That job was started already.');
  await preflight();
  // The job begins now: its evidence counts from here (./job-evidence.ts).
  const plan: JobPlan = { ...planned, createdAt: new Date().toISOString() };
  const id = plan.id;
  await writePlan(plan);
  await writeControl(id, { status: 'running', startedAt: Date.now() });
  await recordHistory(plan, 'running', plan.items.map(() => ({ status: 'pending', attempts: 0 })));
  void run(id);
  return { jobId: id };
}

/** A job asked for from Keysmith's own page: planned and started at once. */
export async function startJob(req: JobRequest): Promise<{ jobId: string }> {
  return startPlanned(await planJob(req));
}

const plan0 = (req: JobRequest) => ({ template: req.template, presetName: req.presetName });

function describe(plan: Pick<JobPlan, 'template' | 'presetName'>, item: PlanItem, date: string): string {
  return renderDescription(plan.template, { app_id: item.appId, app_name: item.appName, owner: item.owner, date, preset: plan.presetName ?? 'custom' });
}

/**
 * Names the apps the worker never listed (GetApp), before anything is sent: an app Clarifai says
 * does not exist, or that cannot be looked up, is left out with the reason. The plan is written
 * once, with the apps it serves; nothing was sent yet, so no item state moves.
 */
async function nameUnlisted(plan: JobPlan, client: Awaited<ReturnType<typeof clientFor>>, pacer: Limiter): Promise<JobPlan> {
  const date = plan.date ?? plan.createdAt.slice(0, 10);
  const leftOut = [...(plan.leftOut ?? [])];
  const items: PlanItem[] = [];
  const limit = pLimit(CONCURRENCY);
  const named = await Promise.all(
    plan.items.map((item) =>
      limit(async (): Promise<PlanItem | LeftOutApp> => {
        if (!item.unnamed) return item;
        try {
          const app = await retrying(pacer, () => client.getApp(item.owner, item.appId));
          const appName = typeof app.name === 'string' && app.name ? plainText(app.name, 256) : item.appId;
          const next: PlanItem = { ...item, appName, unnamed: undefined };
          next.description = describe(plan, next, date);
          return next;
        } catch (e) {
          if (stopsJob(e)) throw e; // the token is gone: the job stops, resumable
          const reason =
            e instanceof ClarifaiError && e.kind === 'not-found'
              ? 'Clarifai says this app does not exist (it may have been deleted since it was listed).'
              : `Keysmith could not look this app up on Clarifai to name it: ${(e as Error).message}`;
          return { owner: item.owner, appId: item.appId, reason };
        }
      }),
    ),
  );
  named.forEach((n, i) => {
    if ('reason' in n) leftOut.push({ ...n, pick: plan.items[i]!.pick ?? 0 });
    else items.push(n);
  });
  const next: JobPlan = { ...plan, items, leftOut };
  await writePlan(next);
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
  // Checks in the background need the keep-alive alarm as runs do.
  if (![...active.values()].some((j) => j.kind === 'run' || j.check)) void browser.alarms?.clear(ALARM);
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
  return launch(id, job, {}).catch(() => console.warn('Keysmith: a bulk job could not start')); // its storage could not be read
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
      // A failure whose outcome was unknown keeps `uncertain` and its evidence: it is looked up
      // before any retry. A certain failure starts a new series: its evidence is taken afresh.
      const before = await readStates(plan);
      const updates = new Map<number, JobItemState>();
      before.forEach((st, i) => {
        if (st.status !== 'failed' && st.status !== 'cancelled') return;
        // So does one in which an earlier attempt may have made a key (`maybeMade`), whatever its last
        // attempt said: its listing from before and its times are what tell that key is this job's.
        const keep = st.uncertain || st.maybeMade;
        const fresh = keep ? { uncertain: true } : { prior: undefined, snapAt: undefined, since: undefined, until: undefined, maybeMade: undefined };
        updates.set(i, { ...st, ...fresh, status: 'pending', error: undefined, attempts: 0 });
      });
      await writeStates(id, updates);
      await writeSessionPlan(plan);
      await writeControl(id, { status: 'running', startedAt: Date.now() });
    }
    const control = await readControl(id);
    if (!control || (control.status !== 'running' && control.status !== 'paused')) return undefined;
    job.states = await readStates(plan);
    job.control = control;
    return { plan, control };
  });
  opts.onReady?.();
  if (!setup) return;
  let plan = setup.plan;
  job.plan = plan;
  const control = setup.control;
  const halt = (job.halt = new AbortController());
  let evidenceTimer: ReturnType<typeof setTimeout> | undefined;
  const keepEvidence = () => {
    evidenceTimer ??= setTimeout(() => {
      evidenceTimer = undefined;
      void writeEvidence(plan, job.states!).catch(() => {});
    }, EVIDENCE_EVERY_MS);
  };
  await browser.alarms?.create(ALARM, { periodInMinutes: 0.5 });
  try {
    const client = await clientFor(await requirePat());
    // The limiter's turn is the last wait before a request leaves, and it can last seconds: a turn
    // that comes while the person has paused the job is not used. The request waits for Resume (or
    // Cancel), then takes a new turn, so nothing queued leaves after Pause.
    client.gateWith(async () => {
      for (;;) {
        const leaving = await limiter.takeTicket(); // counted when the request leaves (see ./limiter.ts `limited`)
        // Stopped while this request waited for its turn: it does not leave (it stays `sending` and is
        // looked up before anything is sent again).
        if (halt.signal.aborted) throw new OperationError('invalid', 'The job stopped before this request left.');
        if (control.status !== 'paused') return leaving;
        await Promise.race([new Promise<void>((r) => job.wake.push(r)), new Promise<void>((r) => halt.signal.addEventListener('abort', () => r(), { once: true }))]);
      }
    });
    const pacer = pacerFor(plan);
    if (plan.items.some((it) => it.unnamed)) {
      plan = await nameUnlisted(plan, client, pacer);
      job.plan = plan;
      job.states = plan.items.map(() => ({ status: 'pending', attempts: 0 }));
    }
    // The evidence, before anything is sent: which keys with each app's fields are already there.
    const snaps = await takeSnapshots(plan, job.states!, client, pacer);
    for (const [i, st] of snaps) job.states![i] = st;
    await writeStates(id, snaps);
    await writeEvidence(plan, job.states!);
    const states = job.states!;
    // Other jobs' claims, taken after each listing (see ownedNow), then judged with nothing awaited:
    // those of runs going on now from their memory; those kept in storage.local read again only
    // when a job of this worker has written its evidence since (one that ended left them there).
    let stored: { at: number; claims: Promise<Set<string>> } | undefined;
    const claimsNow = async (item: PlanItem): Promise<Set<string>> => {
      for (;;) {
        const at = evidenceWrites();
        if (stored?.at !== at) stored = { at, claims: claimedElsewhere(id, []) };
        let claims: Set<string>;
        try {
          claims = new Set(await stored.claims);
        } catch (e) {
          stored = undefined;
          throw e;
        }
        if (evidenceWrites() !== at) continue; // a job wrote its evidence meanwhile (perhaps it ended): read again
        for (const other of othersRunning(id)) for (const o of other) if (o.claim) claims.add(o.claim);
        // Looked again later (a passing fault to the runner), when that run's attempt has settled.
        if (contested(id, plan, item)) throw new ClarifaiError('transient', CONTESTED);
        return claims;
      }
    };
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
        // Adopt only a key of this job's own attempt on the app (never another job's, never an old one).
        async findKey(_item, _since, i) {
          const st = states[i]!;
          const item = items[i]!;
          const [found] = await ownedNow(client, pacer, plan, item, { prior: st.prior, snapAt: st.snapAt, since: st.since }, () => claimsNow(item));
          return found?.id;
        },
        async save(i, st) {
          const s = st as JobItemState;
          if (s.since !== undefined) s.until = Date.now(); // the attempt's window ends no earlier than now
          if (s.keyId && !s.claim) s.claim = await keyHash(s.keyId);
          await writeState(id, i, s);
          keepEvidence();
        },
      },
      {
        ratePerSecond: plan.ratePerSecond,
        concurrency: CONCURRENCY,
        maxAttempts: MAX_ATTEMPTS,
        isCancelled: () => control.status === 'cancelled',
        whenRunning: () => (control.status === 'paused' ? new Promise<void>((r) => job.wake.push(r)) : Promise.resolve()),
        stopsJob,
        signal: halt.signal,
        limiter: pacer,
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
    clearTimeout(evidenceTimer);
    const finalPlan = plan;
    await exclusive(id, async () => {
      control.finishedAt = Date.now();
      control.current = undefined;
      await writeEvidence(finalPlan, job.states ?? []).catch(() => {});
      // Never throws: a write that fails (a full storage) must not leave the job marked running.
      if (await recordEnd(id, control, finalPlan, job.states ?? [])) stoppedHere.delete(id);
      else stoppedHere.set(id, control.status === 'interrupted' && control.stopped ? control.stopped : `${STORAGE_FULL} The job’s end could not be saved, so it is kept as interrupted; once there is room, press Resume.`);
    });
  }
}

/** A token that is gone, or refused by Clarifai, stops the whole job: no app fails for it. */
function stopsJob(e: unknown): boolean {
  return e instanceof OperationError || (e instanceof ClarifaiError && e.kind === 'auth');
}

function stopReason(e: unknown, halt: AbortSignal): string {
  if (isStorageFull(e) || (e instanceof OperationError && e.message === STORAGE_FULL)) return `${STORAGE_FULL} The job stopped and sent nothing more; once there is room, press Resume.`;
  const why = halt.aborted && typeof halt.reason === 'string' ? halt.reason : e instanceof OperationError || e instanceof ClarifaiError ? e.message : 'Keysmith hit an internal error.';
  return `${why} The job stopped and sent nothing more; once the token is back, press Resume.`;
}

/**
 * Stops every run in this worker at once ("Forget token", a lock): no request is sent after this,
 * answers already on their way are recorded, and each job is left interrupted and resumable. (Each
 * request also checks the vault before it leaves: see ./api.ts.)
 */
export function interruptAll(reason: string): void {
  for (const job of active.values()) job.halt?.abort(reason); // runs, and Recover or the sweep
}

/**
 * Settles once this worker runs and checks no job. Tests wait for it between scenarios (after
 * `interruptAll`), so that a run one scenario left going never sends into the next one's API.
 */
export async function whenIdle(): Promise<void> {
  while (active.size) await new Promise((r) => setTimeout(r, 5));
}

/** Whether `resumeJobs` has looked in this worker yet (the first time, it takes over from a worker that died). */
let lookedForLeftovers = false;

/** Called when the worker starts and by the keep-alive alarm: continue jobs a dead worker left. */
export async function resumeJobs(): Promise<void> {
  const { controls, checks } = await sessionRecords();
  // The first look in this worker: a job still marked running or paused, or a check still marked
  // running, was left by a worker that died, perhaps while sending (a paused job's requests already
  // on their way left too). Clarifai still counts what that one sent in its last second, which
  // this worker's limiter never saw: nothing leaves for one window.
  if (!lookedForLeftovers) {
    lookedForLeftovers = true;
    const left = (status: string) => status === 'running' || status === 'paused';
    if (controls.some((c) => left(c.control.status)) || checks.some((c) => left(c.check.status))) limiter.holdOneWindow();
  }
  for (const { id, control } of controls) if (control.status === 'running' || control.status === 'paused') void run(id);
  // Recover and the sweep go on from their record, as jobs do.
  for (const { id, check } of checks) if (check.status === 'running') void startCheck(id, check.kind).catch(() => {});
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
  const [recover, sweep] = await Promise.all([readCheck(id, 'recover'), readCheck(id, 'duplicates')]);
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
    stopped: status === 'interrupted' ? (control?.stopped ?? stoppedHere.get(id)) : undefined,
    recover: checkProgress(recover),
    sweep: checkProgress(sweep),
  };
}

function checkProgress(c: CheckRecord | undefined): JobProgress['recover'] {
  if (!c) return undefined;
  const found = c.kind === 'recover' ? c.found : c.duplicates.length;
  return { status: c.status, done: Math.min(c.next, c.total), total: c.total, found, unchecked: c.unchecked.length, stopped: c.stopped };
}

/** Refuses to run the job while Recover or the sweep is at work on it (here, or left by a worker that died). */
async function refuseWhileChecking(id: string): Promise<void> {
  const underWay = active.get(id)?.check || (await Promise.all([readCheck(id, 'recover'), readCheck(id, 'duplicates')])).some((c) => c?.status === 'running');
  if (underWay) throw new OperationError('invalid', 'Keysmith is checking this job on Clarifai; wait until that ends.');
}

export async function control(id: string, action: 'pause' | 'resume' | 'cancel'): Promise<JobProgress> {
  await exclusive(id, async () => {
    // Before the status is read: the run may stop by itself during this await (its token went),
    // and a status read before it would be overwritten with 'running', leaving nothing to run it.
    if (action === 'resume') await refuseWhileChecking(id);
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

export async function results(id: string): Promise<JobResults> {
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
  const sw = await readCheck(id, 'duplicates');
  const sweep = sw && {
    duplicates: sw.duplicates.map(({ owner, appId, keyId }) => ({ owner, appId, keyId })),
    unchecked: sw.unchecked.flatMap(({ i, reason }) => (plan.items[i] ? [{ owner: plan.items[i].owner, appId: plan.items[i].appId, reason }] : [])),
  };
  return { plan: rest, rows, leftOut, progress: await progress(id), sweep };
}

export async function retryFailed(id: string): Promise<JobProgress> {
  const job = claim(id, 'run');
  if (!job) throw new OperationError('invalid', active.get(id)?.kind === 'check' ? 'Keysmith is checking this job on Clarifai; wait until that ends.' : 'The job is still running.');
  if (!(await readPlan(id).catch(() => undefined))) {
    release(id, job);
    throw new OperationError('invalid', 'That job is not known.');
  }
  try {
    await refuseWhileChecking(id);
  } catch (e) {
    release(id, job);
    throw e;
  }
  // After a browser restart the job's states are blanks: what was sent is unknown for every app,
  // and running it again would make a second key for each app that has one. Recover looks first.
  if (!(await readControl(id).catch(() => undefined))) {
    release(id, job);
    throw new OperationError('invalid', 'After a browser restart only Recover can tell which keys this job made: press Recover first.');
  }
  await new Promise<void>((ready) => void launch(id, job, { retry: true, onReady: ready }).catch(() => console.warn('Keysmith: Retry failed could not start')));
  return progress(id);
}

/** Runs a short operation with the job claimed, so that no run or check starts meanwhile. */
function checking<T>(id: string, fn: () => Promise<T>): Promise<T> {
  const job = claim(id, 'check');
  if (!job) return Promise.reject(new OperationError('invalid', active.get(id)?.kind === 'run' ? 'The job is still running.' : 'Keysmith is already checking this job.'));
  return fn().finally(() => release(id, job));
}

/**
 * Starts Recover or the duplicate sweep in the background, or goes on with one that stopped (or
 * that a worker which died left running), and resolves once it is under way: a check of thousands
 * of apps takes minutes, longer than one message may last. Its record says how far it is
 * (`progress`), and the page polls it. See ./job-checks.ts.
 */
async function startCheck(id: string, kind: CheckKind): Promise<void> {
  const job = claim(id, 'check');
  if (!job) {
    const other = active.get(id);
    if (other?.check === kind) return; // already under way here: the page polls it
    throw new OperationError('invalid', other?.kind === 'run' ? 'The job is still running.' : 'Keysmith is already checking this job.');
  }
  job.check = kind;
  let launched = false;
  let handBack = false;
  try {
    const plan = await readPlan(id);
    if (!plan) throw new OperationError('invalid', 'That job is not known.');
    const control = await readControl(id);
    // A job a worker left running is resumed by the next one (resumeJobs): not checked meanwhile.
    // That resume may have found the job claimed by this check: the job goes on once it is released.
    if (control && (control.status === 'running' || control.status === 'paused')) {
      handBack = true;
      throw new OperationError('invalid', 'The job is still running.');
    }
    const before = await readCheck(id, kind);
    try {
      await requirePat(); // no token: said at once, nothing started
    } catch (e) {
      // One a dead worker left running stops here, saying why, rather than seem to run for ever.
      if (before?.status === 'running' && e instanceof OperationError) {
        await writeCheck(id, { ...before, status: 'stopped', stopped: `${e.message} Press ${kind === 'recover' ? 'Recover' : 'Check for duplicates'} to go on where it stopped.` });
      }
      throw e;
    }
    // A check that stopped or was left running goes on where it was; a finished one starts again.
    const check: CheckRecord = before && before.status !== 'done' ? { ...before, status: 'running', stopped: undefined } : newCheck(kind, plan, control !== undefined);
    await writeCheck(id, check);
    launched = true;
    job.ended = checkInBackground(id, job, plan, check)
      .catch(() => console.warn('Keysmith: a check failed'))
      .finally(() => release(id, job));
  } finally {
    if (!launched) release(id, job);
    if (handBack) void run(id);
  }
}

async function checkInBackground(id: string, job: Active, plan: JobPlan, check: CheckRecord): Promise<void> {
  const halt = (job.halt = new AbortController());
  await browser.alarms?.create(ALARM, { periodInMinutes: 0.5 });
  const states = await readStates(plan).catch(() => plan.items.map((): JobItemState => ({ status: 'pending', attempts: 0 })));
  job.states = states; // keys it finds are claimed: other jobs of this worker leave them alone
  try {
    const client = await clientFor(await requirePat());
    const elsewhere = await claimedElsewhere(id, othersRunning(id));
    await runCheck(plan, states, check, { client, pacer: pacerFor(plan), elsewhere, signal: halt.signal, save: (c, updates) => writeCheck(id, c, updates) });
  } catch (e) {
    // Before the first app: the token is gone, or storage failed. Nothing was looked up.
    check.status = 'stopped';
    const why = halt.signal.aborted && typeof halt.signal.reason === 'string' ? halt.signal.reason : e instanceof OperationError || e instanceof ClarifaiError ? e.message : 'Keysmith hit an internal error.';
    check.stopped = `${why} Nothing more was looked up; press ${check.kind === 'recover' ? 'Recover' : 'Check for duplicates'} to go on where it stopped.`;
  }
  // Each write on its own: one that fails does not keep the others from being made.
  await writeCheck(id, check).catch(() => console.warn('Keysmith: could not save a check’s end'));
  if (check.kind !== 'recover') return;
  await writeEvidence(plan, states).catch(() => {}); // the keys found are this job's: other jobs must see it
  if (check.status !== 'done') return;
  try {
    await writeSessionPlan(plan);
    await writeControl(id, { status: 'done', startedAt: Date.parse(plan.createdAt), finishedAt: Date.now() });
    await recordHistory(plan, 'recovered', states);
  } catch {
    console.warn('Keysmith: could not record the end of Recover');
  }
}

/** Settles when the check of this job running in this worker (Recover, the sweep) has ended; at once if none. */
export async function checked(id: string): Promise<void> {
  for (let j = active.get(id); j?.kind === 'check'; j = active.get(id)) await (j.ended ?? new Promise((r) => setTimeout(r, 5)));
}

/**
 * After a browser restart (or a job interrupted): find, through the API, the keys this job
 * created. Starts Recover in the background and answers at once; `progress(id).recover` says how
 * far it is.
 */
export async function recover(id: string): Promise<JobProgress> {
  await startCheck(id, 'recover');
  return progress(id);
}

/**
 * The history, each line with the job's status now: a line still says "running" when its job's
 * end could not be written (a full storage) or the browser closed mid-job; such a job is shown
 * as its control record says, or as interrupted when there is none.
 */
export async function listJobs(): Promise<JobSummary[]> {
  const lines = await history();
  const open = lines.filter((e) => e.status === 'running' || e.status === 'paused');
  const stored = await readControls(open.map((e) => e.id));
  const controls = new Map(open.map((e, n) => [e.id, stored[n]]));
  return lines.map((e) => {
    if (e.status !== 'running' && e.status !== 'paused') return e;
    const c = live(e.id)?.control ?? controls.get(e.id);
    return { ...e, status: c?.status ?? 'interrupted' };
  });
}

/**
 * "Clear old jobs": forgets every job that is not running or resumable, with its results (see
 * ./job-store.ts). Works on a full storage: it only removes. Answers how many were cleared.
 */
export async function clearOld(): Promise<{ cleared: number }> {
  return { cleared: await clearFinished(new Set(active.keys())) };
}

/** Forgets a job's created keys (and its plan); its history line stays, without secrets. */
export async function clear(id: string): Promise<null> {
  if (active.get(id)?.kind === 'run') throw new OperationError('invalid', 'The job is still running; cancel it first.');
  return checking(id, async () => {
    const plan = await readPlan(id);
    await forgetJob(id, plan);
    return null;
  });
}

/**
 * Starts the sweep for keys this job made twice (see ./job-checks.ts) in the background, and
 * answers at once; what it finds comes with the job's results (ids: extension pages only).
 */
export async function findDuplicates(id: string): Promise<JobProgress> {
  await startCheck(id, 'duplicates');
  return progress(id);
}

/**
 * Deletes the silent duplicates the last sweep found, each app looked up again first, so that
 * only what still is one goes. Answers how many were deleted.
 */
export function deleteDuplicates(id: string): Promise<number> {
  return checking(id, async () => {
    const plan = await readPlan(id);
    if (!plan) throw new OperationError('invalid', 'That job is not known.');
    const check = await readCheck(id, 'duplicates');
    if (check?.status !== 'done') throw new OperationError('invalid', 'Check for duplicates first: Keysmith deletes only what that check found.');
    const client = await clientFor(await requirePat());
    const elsewhere = await claimedElsewhere(id, othersRunning(id));
    return deleteFound(plan, await readStates(plan), check, { client, pacer: pacerFor(plan), elsewhere, save: (c) => writeCheck(id, c) });
  });
}
