/**
 * Bulk jobs in the service worker, as the operations see them: start, resume, control, progress,
 * results, and the checks after a job (Recover, the duplicate sweep: ./job-checks.ts).
 *
 * Where the rest lives: the plan (./job-plan.ts); one run (./job-run.ts); what this worker is
 * doing now, claimed so that one job never runs twice at once (./job-registry.ts); where each
 * thing is kept (./job-store.ts); how a job proves which keys are its own (./job-evidence.ts and
 * ../pure/bulk/ownership.ts).
 */
import browser from 'webextension-polyfill';
import { ClarifaiError } from '../pure/clarifai/errors.ts';
import { tally } from '../pure/bulk/runner.ts';
import type { JobProgress, JobResultRow, JobResults, JobSummary } from '../pure/protocol.ts';
import { requirePat } from './api.ts';
import { limiter, tuning } from './limiter.ts';
import { OperationError } from './errors.ts';
import { deleteFound, newCheck, runCheck } from './job-checks.ts';
import { claimedElsewhere, writeEvidence } from './job-evidence.ts';
import { checkExpiry, planJob, type JobRequest } from './job-plan.ts';
import { active, claim, exclusive, live, othersRunning, release, stoppedHere, type Active, KEEPALIVE_ALARM as ALARM } from './job-registry.ts';
import { clientFor, pacerFor, preflight, runClaimed, type RunOptions } from './job-run.ts';
import { clearFinished, recordHistory, writePlan } from './job-budget.ts';
import {
  forgetJob,
  history,
  readCheck,
  readControl,
  readControls,
  readPlan,
  readStates,
  sessionRecords,
  writeCheck,
  writeControl,
  writeSessionPlan,
} from './job-store.ts';
import type { CheckKind, CheckRecord, JobItemState, JobPlan } from './job-types.ts';

export { MAX_APPS_PER_JOB, planJob, type JobRequest } from './job-plan.ts';
export { interruptAll, KEEPALIVE_ALARM, whenIdle } from './job-registry.ts';
export { tuning };

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
  await recordHistory(
    plan,
    'running',
    plan.items.map(() => ({ status: 'pending', attempts: 0 })),
  );
  void run(id);
  return { jobId: id };
}

/** A job asked for from Keysmith's own page: planned and started at once. */
export async function startJob(req: JobRequest): Promise<{ jobId: string }> {
  return startPlanned(await planJob(req));
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
  if (!job)
    throw new OperationError(
      'invalid',
      active.get(id)?.kind === 'check' ? 'Keysmith is checking this job on Clarifai; wait until that ends.' : 'The job is still running.',
    );
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
  if (!job)
    return Promise.reject(
      new OperationError('invalid', active.get(id)?.kind === 'run' ? 'The job is still running.' : 'Keysmith is already checking this job.'),
    );
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
        await writeCheck(id, {
          ...before,
          status: 'stopped',
          stopped: `${e.message} Press ${kind === 'recover' ? 'Recover' : 'Check for duplicates'} to go on where it stopped.`,
        });
      }
      throw e;
    }
    // A check that stopped or was left running goes on where it was; a finished one starts again.
    const check: CheckRecord =
      before && before.status !== 'done' ? { ...before, status: 'running', stopped: undefined } : newCheck(kind, plan, control !== undefined);
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
    const why =
      halt.signal.aborted && typeof halt.signal.reason === 'string'
        ? halt.signal.reason
        : e instanceof OperationError || e instanceof ClarifaiError
          ? e.message
          : 'Keysmith hit an internal error.';
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
