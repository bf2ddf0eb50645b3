/**
 * What a page sees of a bulk job: its progress, its results, and the list of jobs with each one's
 * status now. Read only: from this worker's memory of a running job, else from storage.
 */
import { t } from '../i18n/i18n.ts';
import { tally } from '../pure/bulk/runner.ts';
import type { JobProgress, JobResultRow, JobResults, JobSummary } from '../pure/protocol/jobs.ts';
import { OperationError } from './errors.ts';
import { active, live, stoppedHere } from './job-registry.ts';
import { history, readCheck, readControl, readControls, readPlan, readStates } from './job-store.ts';
import { keyFieldsOf, type CheckRecord, type JobPlan } from './job-types.ts';
import { masked, rotationProgress } from './job-rotation.ts';

async function statesOf(id: string, plan: JobPlan) {
  return live(id)?.states ?? (await readStates(plan));
}

export async function progress(id: string): Promise<JobProgress> {
  const plan = await readPlan(id);
  if (!plan) throw new OperationError('invalid', t('errUnknownJobCleared'));
  const control = live(id)?.control ?? (await readControl(id));
  const states = await statesOf(id, plan);
  const counts = tally(states);
  // After a browser restart the plan is known but session storage is empty: the job was interrupted.
  let status: JobProgress['status'] = control?.status ?? 'interrupted';
  // Requests already sent may still create keys: not final until the run has ended.
  if (status === 'cancelled' && active.get(id)?.kind === 'run') status = 'cancelling';
  const elapsed = control ? (control.finishedAt ?? Date.now()) - control.startedAt : 0;
  const [recover, sweep] = await Promise.all([readCheck(id, 'recover'), readCheck(id, 'duplicates')]);
  return {
    id,
    status,
    total: counts.total,
    created: counts.created,
    failed: counts.failed,
    cancelled: counts.cancelled,
    left: counts.left,
    current: control?.current,
    secondsLeft: status === 'running' ? Math.ceil(counts.left / plan.ratePerSecond) : 0,
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

export async function results(id: string): Promise<JobResults> {
  const plan = await readPlan(id);
  if (!plan) throw new OperationError('invalid', t('errUnknownJobCleared'));
  const states = await statesOf(id, plan);
  const rot = plan.kind === 'rotation' ? await rotationProgress(id, plan, states) : undefined;
  const deleted = new Set(rot?.rec.deleted);
  const failedWhy = new Map(rot?.rec.failed.map((f) => [f.i, f.reason]));
  const rows: JobResultRow[] = plan.items.map((it, i) => {
    const s = states[i]!;
    const rotation = it.replaces && {
      ...keyFieldsOf(plan, it),
      replaces: masked(it.replaces.tail),
      retired: deleted.has(i) ? ('deleted' as const) : failedWhy.has(i) ? ('failed' as const) : undefined,
      retiredError: deleted.has(i) ? undefined : failedWhy.get(i),
    };
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
      ...rotation,
    };
  });
  const { items: _items, leftOut: out = [], shapes: _shapes, ...rest } = plan;
  const leftOut = [...out].sort((a, b) => a.pick - b.pick).map(({ owner, appId, reason }) => ({ owner, appId, reason }));
  const sw = await readCheck(id, 'duplicates');
  const sweep = sw && {
    duplicates: sw.duplicates.map(({ owner, appId, keyId }) => ({ owner, appId, keyId })),
    unchecked: sw.unchecked.flatMap(({ i, reason }) => (plan.items[i] ? [{ owner: plan.items[i].owner, appId: plan.items[i].appId, reason }] : [])),
  };
  return { plan: rest, rows, leftOut, progress: await progress(id), sweep, ...(rot ? { rotation: rot.progress } : {}) };
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
