/**
 * Bulk jobs in the service worker, as the operations see them: start, resume, control, Retry
 * failed, clear. The rest of what the operations call is re-exported here, so that they see one
 * door: progress and results (./job-progress.ts), and the checks after a job (Recover, the
 * duplicate sweep: ./job-check-ops.ts starts them, ./job-checks.ts does them).
 *
 * Where the rest lives: the plan (./job-plan.ts); one run (./job-run.ts, with ./job-client.ts,
 * ./job-naming.ts and ./job-claims.ts); what this worker is doing now, claimed so that one job
 * never runs twice at once (./job-registry.ts); where each thing is kept (./job-types.ts,
 * ./job-store.ts, ./job-budget.ts); how a job proves which keys are its own (./job-evidence.ts and
 * ../pure/bulk/ownership.ts).
 */
import { t } from '../i18n/i18n.ts';
import type { JobProgress } from '../pure/protocol/jobs.ts';
import { OperationError } from './errors.ts';
import { limiter, tuning } from './limiter.ts';
import { clearFinished, recordHistory, writePlan } from './job-budget.ts';
import { checking, refuseWhileChecking, startCheck } from './job-check-ops.ts';
import { preflight } from './job-client.ts';
import { checkExpiry, planJob, type JobRequest } from './job-plan.ts';
import { planRotation, type RotationRequest } from './job-rotation-plan.ts';
import { writeOldKeys } from './job-rotation.ts';
import { progress } from './job-progress.ts';
import { active, claim, exclusive, live, release } from './job-registry.ts';
import { launch, run } from './job-run.ts';
import { forgetJob, readControl, readPlan, sessionRecords, writeControl } from './job-store.ts';
import type { JobPlan } from './job-types.ts';

export { MAX_APPS_PER_JOB, planJob, type JobRequest } from './job-plan.ts';
export { interruptAll, KEEPALIVE_ALARM, whenIdle } from './job-registry.ts';
export { checked, deleteDuplicates, findDuplicates, recover } from './job-check-ops.ts';
export { listJobs, progress, results } from './job-progress.ts';
export { confirmRotation, keptOldKey, markRetired, oldKeysOf, setRetiring, type OldKey } from './job-rotation.ts';
export { tuning };

/**
 * Starts a planned job as it is. The token is checked first: a wrong or under-scoped token fails
 * the job before anything is written or sent for it. A plan starts once: its id is its job's.
 */
export async function startPlanned(planned: JobPlan, beforeWrite?: () => Promise<void>): Promise<{ jobId: string }> {
  checkExpiry(planned.expiresAt);
  for (const it of planned.items) checkExpiry(it.expiresAt);
  if (active.has(planned.id) || (await readPlan(planned.id))) throw new OperationError('invalid', t('errStartedAlready'));
  await preflight();
  await beforeWrite?.();
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

/**
 * Rotation, phase 1: a replacement for each old key picked in the inventory, run as a bulk job
 * (./job-rotation-plan.ts plans it; the old keys' ids go to storage.session, ./job-rotation.ts).
 */
export async function startRotation(req: RotationRequest): Promise<{ jobId: string }> {
  const { plan, oldIds } = await planRotation(req);
  return startPlanned(plan, () => writeOldKeys(plan.id, oldIds));
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

export async function control(id: string, action: 'pause' | 'resume' | 'cancel'): Promise<JobProgress> {
  await exclusive(id, async () => {
    // Before the status is read: the run may stop by itself during this await (its token went),
    // and a status read before it would be overwritten with 'running', leaving nothing to run it.
    if (action === 'resume') await refuseWhileChecking(id);
    // A run that has read its state is told in memory; otherwise storage is the truth (a run
    // claimed but not yet set up reads it after this, in order).
    const job = live(id);
    const c = job?.control ?? (await readControl(id));
    if (!c) throw new OperationError('invalid', t('errNotRunning'));
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

export async function retryFailed(id: string): Promise<JobProgress> {
  const job = claim(id, 'run');
  if (!job) throw new OperationError('invalid', active.get(id)?.kind === 'check' ? t('errChecking') : t('errStillRunning'));
  if (!(await readPlan(id).catch(() => undefined))) {
    release(id, job);
    throw new OperationError('invalid', t('errUnknownJob'));
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
    throw new OperationError('invalid', t('errRecoverFirst'));
  }
  await new Promise<void>((ready) => void launch(id, job, { retry: true, onReady: ready }).catch(() => console.warn('Keysmith: Retry failed could not start')));
  return progress(id);
}

/**
 * "Clear old jobs": forgets every job that is not running or resumable, with its results (see
 * ./job-budget.ts). Works on a full storage: it only removes. Answers how many were cleared.
 */
export async function clearOld(): Promise<{ cleared: number }> {
  return { cleared: await clearFinished(new Set(active.keys())) };
}

/** Forgets a job's created keys (and its plan); its history line stays, without secrets. */
export async function clear(id: string): Promise<null> {
  if (active.get(id)?.kind === 'run') throw new OperationError('invalid', t('errCancelFirst'));
  return checking(id, async () => {
    const plan = await readPlan(id);
    await forgetJob(id, plan);
    return null;
  });
}
