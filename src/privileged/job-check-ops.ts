/**
 * Recover and the duplicate sweep, as the operations start them: each claims the job (so no run
 * starts meanwhile), runs in the background from its record, and is polled through the job's
 * progress. What a check does app by app is ./job-checks.ts.
 */
import browser from 'webextension-polyfill';
import { t } from '../i18n/i18n.ts';
import { ClarifaiError } from '../pure/clarifai/errors.ts';
import type { JobProgress } from '../pure/protocol/jobs.ts';
import { requirePat } from './api.ts';
import { OperationError } from './errors.ts';
import { deleteFound, newCheck, runCheck } from './job-checks.ts';
import { clientFor, pacerFor } from './job-client.ts';
import { claimedElsewhere, writeEvidence } from './job-evidence.ts';
import { recordHistory } from './job-budget.ts';
import { progress } from './job-progress.ts';
import { active, claim, othersRunning, release, type Active, KEEPALIVE_ALARM as ALARM } from './job-registry.ts';
import { run } from './job-run.ts';
import { readCheck, readControl, readPlan, readStates, writeCheck, writeControl, writeSessionPlan } from './job-store.ts';
import type { CheckKind, CheckRecord, JobItemState, JobPlan } from './job-types.ts';

/** Refuses to run the job while Recover or the sweep is at work on it (here, or left by a worker that died). */
export async function refuseWhileChecking(id: string): Promise<void> {
  const underWay = active.get(id)?.check || (await Promise.all([readCheck(id, 'recover'), readCheck(id, 'duplicates')])).some((c) => c?.status === 'running');
  if (underWay) throw new OperationError('invalid', t('errChecking'));
}

/** Runs a short operation with the job claimed, so that no run or check starts meanwhile. */
export function checking<T>(id: string, fn: () => Promise<T>): Promise<T> {
  const job = claim(id, 'check');
  if (!job) return Promise.reject(new OperationError('invalid', active.get(id)?.kind === 'run' ? t('errStillRunning') : t('errAlreadyChecking')));
  return fn().finally(() => release(id, job));
}

/**
 * Starts Recover or the duplicate sweep in the background, or goes on with one that stopped (or
 * that a worker which died left running), and resolves once it is under way: a check of thousands
 * of apps takes minutes, longer than one message may last. Its record says how far it is
 * (`progress`), and the page polls it. See ./job-checks.ts.
 */
export async function startCheck(id: string, kind: CheckKind): Promise<void> {
  const job = claim(id, 'check');
  if (!job) {
    const other = active.get(id);
    if (other?.check === kind) return; // already under way here: the page polls it
    throw new OperationError('invalid', other?.kind === 'run' ? t('errStillRunning') : t('errAlreadyChecking'));
  }
  job.check = kind;
  let launched = false;
  let handBack = false;
  try {
    const plan = await readPlan(id);
    if (!plan) throw new OperationError('invalid', t('errUnknownJob'));
    const control = await readControl(id);
    // A job a worker left running is resumed by the next one (resumeJobs): not checked meanwhile.
    // That resume may have found the job claimed by this check: the job goes on once it is released.
    if (control && (control.status === 'running' || control.status === 'paused')) {
      handBack = true;
      throw new OperationError('invalid', t('errStillRunning'));
    }
    const before = await readCheck(id, kind);
    try {
      await requirePat(); // no token: said at once, nothing started
    } catch (e) {
      // One a dead worker left running stops here, saying why, rather than seem to run for ever.
      if (before?.status === 'running' && e instanceof OperationError) {
        const recovering = kind === 'recover';
        await writeCheck(id, { ...before, status: 'stopped', stopped: t(recovering ? 'chkPressRecover' : 'chkPressSweep', e.message) });
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
          : t('chkInternalError');
    const recovering = check.kind === 'recover';
    check.stopped = t(recovering ? 'chkNothingMoreRecover' : 'chkNothingMoreSweep', why);
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
    if (!plan) throw new OperationError('invalid', t('errUnknownJob'));
    const check = await readCheck(id, 'duplicates');
    if (check?.status !== 'done') throw new OperationError('invalid', t('errSweepFirst'));
    const client = await clientFor(await requirePat());
    const elsewhere = await claimedElsewhere(id, othersRunning(id));
    return deleteFound(plan, await readStates(plan), check, { client, pacer: pacerFor(plan), elsewhere, save: (c) => writeCheck(id, c) });
  });
}
