/**
 * What storage.local keeps of bulk jobs, and within what: each job's plan without secrets, its
 * evidence (./job-evidence.ts), and a history line (the per-job records in storage.session are
 * ./job-store.ts).
 *
 * It is budgeted (Chrome gives an extension 10 MiB in all, and a 5,000-app plan is about a
 * megabyte): at most `PLANS_KEPT` jobs' plans and evidence, within `JOBS_BUDGET_BYTES` with the
 * history, and history lines of `HISTORY_MAX` jobs with the first `HISTORY_APPS` app ids each.
 * Before a plan is written, the oldest finished jobs' plans and evidence go first, then those of
 * jobs a browser restart interrupted (only Recover can finish them); never a running or resumable
 * one. A write the browser still refuses for room says so in words (errors.ts: storageFull()), and
 * "Clear old jobs" (`clearFinished`) needs no room to free it.
 */
import { tally, type ItemState } from '../pure/bulk/runner.ts';
import type { JobSummary } from '../pure/protocol/jobs.ts';
import { memberSizes, readArea, readMembers, removeKeys, removeMembers, write, writeEntries, writeMembers } from './storage/access.ts';
import { entry, memberEntry, sizeOf } from './storage/codec.ts';
import { JOB_CHECK, JOB_CONTROL, JOB_EVIDENCE, JOB_HISTORY, JOB_PLAN_LOCAL } from './storage/job-items.ts';
import { storageWrite } from './errors.ts';
import { history, isJobId, job, sessionKeysByJob, writeControl, writeSessionPlan } from './job-store.ts';
import { planKey, type JobControl, type JobPlan, type JobStatus } from './job-types.ts';

export const HISTORY_MAX = 50;
/** App ids a history line keeps (the page shows three and the count; the plan has them all). */
export const HISTORY_APPS = 10;
/** Jobs whose plan and evidence storage.local keeps, for Recover after a restart and other jobs' claims. */
export const PLANS_KEPT = 20;
/** Bytes of storage.local the jobs may hold together (plans, evidence, history): 4 MiB of Chrome's 10. */
export const JOBS_BUDGET_BYTES = 4 * 1024 * 1024;
/** What a job's evidence is expected to take per app (times and a few hashes), before it is written. */
const EVIDENCE_BYTES_PER_APP = 48;

/**
 * Writes a job's plan, after making room for it (`makeRoom`), together with its history line (one
 * `set`: a plan in storage.local is always in the history, so it is budgeted and can be cleared).
 */
export async function writePlan(plan: JobPlan): Promise<void> {
  await makeRoom(plan);
  const h = await history();
  const old = h.find((e) => e.id === plan.id);
  const line = {
    ...summaryOf(
      plan,
      old?.status ?? 'running',
      plan.items.map(() => ({ status: 'pending', attempts: 0 })),
    ),
    ...(old ? { status: old.status, created: old.created, failed: old.failed, endedAt: old.endedAt } : {}),
  };
  const next = [line, ...h.filter((e) => e.id !== plan.id)].map(trimmed);
  await storageWrite(() => writeEntries([memberEntry(JOB_PLAN_LOCAL, job(plan.id), plan as never), entry(JOB_HISTORY, next.slice(0, HISTORY_MAX) as never)]));
  await writeSessionPlan(plan);
}

function summaryOf(plan: JobPlan, status: JobSummary['status'], states: readonly ItemState[]): JobSummary {
  const t = tally(states);
  return {
    id: plan.id,
    createdAt: plan.createdAt,
    endedAt: status === 'running' || status === 'paused' ? undefined : new Date().toISOString(),
    status,
    scopes: plan.scopes,
    presetName: plan.presetName,
    ...(plan.kind ? { kind: plan.kind } : {}),
    apps: plan.items.slice(0, HISTORY_APPS).map((it) => `${it.owner}/${it.appId}`),
    created: t.created,
    failed: t.failed,
    total: t.total,
  };
}

/** A history line as kept: the first app ids only (lines written before the budget had them all). */
const trimmed = (e: JobSummary): JobSummary => (Array.isArray(e.apps) && e.apps.length > HISTORY_APPS ? { ...e, apps: e.apps.slice(0, HISTORY_APPS) } : e);

export async function recordHistory(plan: JobPlan, status: JobStatus | 'recovered', states: readonly ItemState[]): Promise<void> {
  const all = [summaryOf(plan, status, states), ...(await history()).filter((e) => e.id !== plan.id)].map(trimmed);
  // At most HISTORY_MAX lines: the oldest go first, never a running or resumable job's.
  const standing = await standingOf(
    all.map((e) => e.id),
    all,
  );
  const drop = new Set<string>();
  for (let i = all.length - 1; i > 0 && all.length - drop.size > HISTORY_MAX; i--) if (standing.get(all[i]!.id) !== 'active') drop.add(all[i]!.id);
  // Never more lines than the history's validator reads (more would read as no history at all):
  // past that, even a running job's line goes (its plan stays, it still runs).
  const kept = all.filter((e) => !drop.has(e.id)).slice(0, HISTORY_MAX);
  await storageWrite(() => write(JOB_HISTORY, kept as never));
  // Plans and evidence of jobs that fell off the history go too.
  await forgetLocal([...drop]);
}

/** Removes what storage.local keeps of these jobs (plans, evidence). Needs no room. */
async function forgetLocal(all: readonly string[]): Promise<void> {
  const ids = all.filter(isJobId);
  if (!ids.length) return;
  await removeMembers(JOB_PLAN_LOCAL, ids.map(job));
  await removeMembers(JOB_EVIDENCE, ids.map(job));
}

// --- the budget ------------------------------------------------------------------------------

/**
 * Where each job stands, for pruning and clearing: `finished` (done, cancelled, recovered: its
 * plan may go first), `restarted` (a browser restart interrupted it; only Recover can finish it),
 * `active` (running, paused, interrupted with its memory kept so Resume goes on, or being
 * checked: never pruned).
 */
async function standingOf(ids: readonly string[], lines?: readonly JobSummary[]): Promise<Map<string, 'finished' | 'restarted' | 'active'>> {
  const byId = new Map((lines ?? (await history())).map((e) => [e.id, e.status]));
  const named = ids.filter(isJobId); // a line that names no job's storage has none to keep
  const controls = (await readMembers(JOB_CONTROL, named.map(job))) as (JobControl | undefined)[];
  const checks = await readMembers(
    JOB_CHECK,
    named.flatMap((id) => [
      { job: id, kind: 'recover' },
      { job: id, kind: 'duplicates' },
    ]),
  );
  const out = new Map<string, 'finished' | 'restarted' | 'active'>(ids.map((id) => [id, 'finished']));
  for (const [n, id] of named.entries()) {
    const c = controls[n];
    const checking = [checks[2 * n], checks[2 * n + 1]].some((k) => k?.status === 'running');
    if (checking || (c && c.status !== 'done' && c.status !== 'cancelled')) out.set(id, 'active');
    else if (c) out.set(id, 'finished');
    else {
      const st = byId.get(id);
      out.set(id, st === undefined || st === 'done' || st === 'cancelled' || st === 'recovered' ? 'finished' : 'restarted');
    }
  }
  return out;
}

/** The jobs storage.local holds plans or evidence of, oldest first (by the history; ids it lacks first of all), with their bytes. */
async function localJobs(): Promise<{ ids: string[]; bytes: Map<string, number>; lines: JobSummary[]; historyBytes: number }> {
  const bytes = new Map<string, number>();
  const local = await readArea('local');
  for (const f of [JOB_PLAN_LOCAL, JOB_EVIDENCE])
    for (const { parts, bytes: n } of await memberSizes(f, local)) bytes.set(parts.job, (bytes.get(parts.job) ?? 0) + n);
  const lines = await history(); // read through its validator, like every read of storage.local
  const age = new Map(lines.map((e, i) => [e.id, i])); // newest first
  const ids = [...bytes.keys()].sort((a, b) => (age.get(b) ?? Infinity) - (age.get(a) ?? Infinity));
  return { ids, bytes, lines, historyBytes: sizeOf(JOB_HISTORY.key, lines.map(trimmed)) };
}

/**
 * Makes room for `plan` in storage.local: while more than PLANS_KEPT jobs would keep a plan, or
 * they and the history would pass JOBS_BUDGET_BYTES, the oldest finished jobs' plans and evidence
 * go, then those of jobs a restart interrupted; never a running or resumable job's, nor this one.
 * Their history lines stay (small). Removing needs no room, so this works on a full storage.
 */
export async function makeRoom(plan: JobPlan): Promise<void> {
  const { ids, bytes, lines, historyBytes } = await localJobs();
  const others = ids.filter((id) => id !== plan.id);
  let total = historyBytes + sizeOf(planKey(plan.id), plan) + plan.items.length * EVIDENCE_BYTES_PER_APP + others.reduce((n, id) => n + bytes.get(id)!, 0);
  let count = others.length + 1;
  const standing = await standingOf(others, lines);
  const drop: string[] = [];
  for (const tier of ['finished', 'restarted'] as const) {
    for (const id of others) {
      if (count <= PLANS_KEPT && total <= JOBS_BUDGET_BYTES) break;
      if (standing.get(id) !== tier) continue;
      drop.push(id);
      total -= bytes.get(id)!;
      count--;
    }
  }
  await forgetLocal(drop);
}

/**
 * "Clear old jobs": forgets every job that is not running or resumable (nor in `except`): its plan
 * and evidence in storage.local, its history line, and what storage.session holds of it (its
 * results, keys included: the page says to copy them first). Needs no room: it only removes, and
 * writes a shorter history. Answers how many jobs were cleared.
 */
export async function clearFinished(except: ReadonlySet<string>): Promise<number> {
  const { ids, lines } = await localJobs();
  const inSession = await sessionKeysByJob();
  const all = [...new Set([...ids, ...lines.map((e) => e.id), ...inSession.keys()])];
  const standing = await standingOf(all, lines);
  const gone = new Set(all.filter((id) => standing.get(id) !== 'active' && !except.has(id)));
  if (!gone.size) return 0;
  await removeKeys(
    'session',
    [...gone].flatMap((id) => inSession.get(id) ?? []),
  );
  await forgetLocal([...gone]);
  await write(JOB_HISTORY, lines.filter((e) => !gone.has(e.id)).map(trimmed) as never);
  return gone.size;
}

/**
 * Records a run's end; never throws. Each write on its own, so one that fails (a full storage)
 * does not keep the others from being made, and the job never stays marked running: if its end
 * cannot be written, a smaller record says it was interrupted (replacing a value with a smaller
 * one needs no room), else none is left, which reads as interrupted too. Answers whether the end
 * itself was written.
 */
export async function recordEnd(id: string, control: JobControl, plan: JobPlan, states: readonly ItemState[]): Promise<boolean> {
  let written = true;
  try {
    await writeControl(id, control);
  } catch {
    written = false;
    console.warn('Keysmith: could not write a job’s end; it is kept as interrupted');
    try {
      await writeMembers(JOB_CONTROL, [[job(id), { status: 'interrupted', startedAt: control.startedAt } satisfies JobControl as never]]);
    } catch {
      await removeMembers(JOB_CONTROL, [job(id)]).catch(() => {});
    }
  }
  await recordHistory(plan, control.status, states).catch(() => console.warn('Keysmith: could not write a job’s history line'));
  return written;
}
