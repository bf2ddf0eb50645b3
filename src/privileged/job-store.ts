/**
 * Where a bulk job's state lives, and why:
 * - `storage.session` (memory, trusted contexts only): each job's plan, its control record and every
 *   item's state, including created key ids (secrets). Survives the worker's death, not the
 *   browser's.
 * - `storage.local`: the plan without secrets (apps, descriptions, scopes, when it began), a history
 *   entry, and the job's evidence (./job-evidence.ts: hashes, never key ids), so that after a
 *   browser restart the job is shown with what is known and Recover can find its keys.
 * Each item is saved as `sending` before its request leaves, so a worker that dies mid-request
 * resumes by looking before it tries again (see ../pure/bulk/runner.ts).
 *
 * What storage.local keeps for jobs is budgeted (Chrome gives an extension 10 MiB in all, and a
 * 5,000-app plan is about a megabyte): at most `PLANS_KEPT` jobs' plans and evidence, within
 * `JOBS_BUDGET_BYTES` with the history, and history lines of `HISTORY_MAX` jobs with the first
 * `HISTORY_APPS` app ids each. Before a plan is written, the oldest finished jobs' plans and evidence
 * go first, then those of jobs a browser restart interrupted (only Recover can finish them); never
 * a running or resumable one. A write the browser still refuses for room says so in words
 * (errors.ts: STORAGE_FULL), and "Clear old jobs" (`clearFinished`) needs no room to free it.
 */
import { tally, type ItemState, type JobItem } from '../pure/bulk/runner.ts';
import type { Evidence } from '../pure/bulk/ownership.ts';
import type { JobSummary, LeftOutApp } from '../pure/protocol.ts';
import {
  familyKeys,
  memberSizes,
  read,
  readArea,
  readFamily,
  readMember,
  readMembers,
  readRaw,
  removeKeys,
  removeMembers,
  write,
  writeEntries,
  writeMembers,
} from './storage/access.ts';
import { decodeMember, entry, memberEntry, sizeOf, type Entry } from './storage/codec.ts';
import { memberKey, memberParts } from './storage/declare.ts';
import { JOB_CHECK, JOB_CONTROL, JOB_EVIDENCE, JOB_HISTORY, JOB_ITEM, JOB_PLAN_LOCAL, JOB_PLAN_SESSION } from './storage/job-items.ts';
import { storageWrite } from './errors.ts';

export const HISTORY_MAX = 50;
/** App ids a history line keeps (the page shows three and the count; the plan has them all). */
export const HISTORY_APPS = 10;
/** Jobs whose plan and evidence storage.local keeps, for Recover after a restart and other jobs' claims. */
export const PLANS_KEPT = 20;
/** Bytes of storage.local the jobs may hold together (plans, evidence, history): 4 MiB of Chrome's 10. */
export const JOBS_BUDGET_BYTES = 4 * 1024 * 1024;
/** What a job's evidence is expected to take per app (times and a few hashes), before it is written. */
const EVIDENCE_BYTES_PER_APP = 48;

export interface JobPlan {
  id: string;
  createdAt: string;
  /** The day the descriptions were written for (`{date}`), when the job was planned. */
  date?: string | undefined;
  scopes: string[];
  presetName?: string | undefined;
  template: string;
  expiresAt?: string | undefined;
  items: PlanItem[];
  /** Picked apps the job does not serve, and why (`pick`: the position in the person's pick). */
  leftOut?: (LeftOutApp & { pick: number })[];
  ratePerSecond: number;
}

export type PlanItem = JobItem & {
  appName: string;
  pick?: number;
  /** The name is not known yet (the worker never listed the app): looked up before anything is sent. */
  unnamed?: boolean;
};

/** An item's state as the job manager keeps it: the runner's, plus the evidence of its attempts. */
export type JobItemState = ItemState &
  Evidence & {
    /** Hash of the recorded key's id (./job-evidence.ts), so other jobs can tell it is taken. */
    claim?: string | undefined;
  };

export type JobStatus = 'running' | 'paused' | 'cancelled' | 'done' | 'interrupted';

export interface JobControl {
  status: JobStatus;
  /** Why the job stopped by itself (interrupted), in words a person reads. */
  stopped?: string | undefined;
  /** The app being worked on last, for the progress line. */
  current?: string | undefined;
  startedAt: number;
  finishedAt?: number | undefined;
}

export const planKey = (id: string) => `job:${id}:plan`;
export const controlKey = (id: string) => `job:${id}:control`;
export const itemKey = (id: string, i: number) => `job:${id}:item:${i}`;
export const evidenceKey = (id: string) => `job:${id}:evidence`;
export const checkKey = (id: string, kind: CheckKind) => `job:${id}:check:${kind}`;

/** The checks after a job (./job-checks.ts): Recover, and the duplicate sweep. */
export type CheckKind = 'recover' | 'duplicates';

/** A silent duplicate the sweep found: a key of the job's own attempt on app `i`, other than the one it recorded. */
export interface FoundDuplicate {
  i: number;
  owner: string;
  appId: string;
  /** A secret: the record lives in storage.session only. */
  keyId: string;
}

/**
 * A check's progress, in storage.session, written with each app's result as it is found: a worker
 * that dies midway loses nothing, and the check goes on from `next` (Recover, or the keep-alive
 * alarm's resume). One record per kind and job.
 */
export interface CheckRecord {
  kind: CheckKind;
  status: 'running' | 'done' | 'stopped';
  /** Every app before this index has been looked up (some after it may have been: looked up again, harmlessly). */
  next: number;
  total: number;
  /** Recover: the item states were this browser's memory of the job (false after a restart: blanks). */
  remembered: boolean;
  /** Recover: keys found by this check. */
  found: number;
  /** The sweep: silent duplicates found so far. */
  duplicates: FoundDuplicate[];
  /** Apps that could not be looked up, and why (Recover also says it in the app's row). */
  unchecked: { i: number; reason: string }[];
  /** Why the check stopped by itself, in words a person reads. */
  stopped?: string | undefined;
  startedAt: number;
  finishedAt?: number | undefined;
}

// Every read and write below goes through the items declared in ./storage/job-items.ts (validated both ways).
const job = (id: string) => ({ job: id });
/** An id that can name a job's storage (history lines come from storage.local, which a content script can write). */
export const isJobId = (id: string) => memberParts(JOB_CONTROL, `job:${id}:control`) !== undefined;
const itemOf = (id: string, i: number) => ({ job: id, index: String(i) });
const itemEntry = (id: string, i: number, s: JobItemState): Entry => memberEntry(JOB_ITEM, itemOf(id, i), s as never);

export async function readCheck(id: string, kind: CheckKind): Promise<CheckRecord | undefined> {
  if (!isJobId(id)) return undefined;
  return (await readMember(JOB_CHECK, { job: id, kind })) as CheckRecord | undefined;
}

/** Writes a check's record together with the item states it found (one `set`: they change together). */
export async function writeCheck(id: string, check: CheckRecord | undefined, updates: ReadonlyMap<number, JobItemState> = new Map()): Promise<void> {
  const entries = [...updates].map(([i, s]) => itemEntry(id, i, s));
  if (check) entries.push(memberEntry(JOB_CHECK, { job: id, kind: check.kind }, check as never));
  if (entries.length) await storageWrite(() => writeEntries(entries));
}

/**
 * The job's plan: this browser session's copy, else the one storage.local keeps for Recover after a
 * restart, each read through its declared validator (./storage/job-items.ts). The content script can write
 * storage.local: a plan there that is not a plan is no job Keysmith knows, never a crash.
 */
export async function readPlan(id: string): Promise<JobPlan | undefined> {
  if (!isJobId(id)) return undefined;
  const plan = ((await readMember(JOB_PLAN_SESSION, job(id))) ?? (await readMember(JOB_PLAN_LOCAL, job(id)))) as JobPlan | undefined;
  // A plan kept under one job's key that names another job (storage.local can be written by a
  // content script) is no plan of this job: it would be written back, and read, as the other's.
  return plan?.id === id ? plan : undefined;
}

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

/** This browser session's copy of the plan (the one a run reads first). */
export async function writeSessionPlan(plan: JobPlan): Promise<void> {
  await storageWrite(() => writeMembers(JOB_PLAN_SESSION, [[job(plan.id), plan as never]]));
}

export async function readControl(id: string): Promise<JobControl | undefined> {
  if (!isJobId(id)) return undefined;
  return (await readMember(JOB_CONTROL, job(id))) as JobControl | undefined;
}

export async function writeControl(id: string, c: JobControl): Promise<void> {
  await storageWrite(() => writeMembers(JOB_CONTROL, [[job(id), c as never]]));
}

export const UNREADABLE_STATE =
  'Keysmith could not read what it had kept of this app, so it does not know whether its key was made. Recover looks for it; Retry failed looks first, then tries again.';

/**
 * The items' states. One absent was never begun: pending. One present that does not read as a
 * state (a bug, or storage written by something else) may have sent its request, and without its
 * evidence nothing tells when: it is failed with its outcome unknown, so that nothing is sent for it
 * until Recover or Retry failed has looked.
 */
export async function readStates(plan: JobPlan): Promise<JobItemState[]> {
  const keys = plan.items.map((_, i) => memberKey(JOB_ITEM, itemOf(plan.id, i)));
  const got = await readRaw('session', keys);
  return keys.map((k) => {
    if (got[k] === undefined) return { status: 'pending', attempts: 0 };
    return (
      (decodeMember(JOB_ITEM, k, got[k]) as JobItemState | undefined) ?? {
        status: 'failed',
        attempts: 0,
        uncertain: true,
        maybeMade: true,
        error: { kind: 'internal', message: UNREADABLE_STATE },
      }
    );
  });
}

/** The control records of these jobs (undefined where none is kept, or the id names no job). */
export async function readControls(ids: readonly string[]): Promise<(JobControl | undefined)[]> {
  const named = ids.filter(isJobId);
  const got = (await readMembers(JOB_CONTROL, named.map(job))) as (JobControl | undefined)[];
  const by = new Map(named.map((id, n) => [id, got[n]]));
  return ids.map((id) => by.get(id));
}

/** Every job storage.session has a control record of, and every check it has a record of: what a new worker looks at. */
export async function sessionRecords(): Promise<{ controls: { id: string; control: JobControl }[]; checks: { id: string; check: CheckRecord }[] }> {
  const session = await readArea('session');
  const controls = (await readFamily(JOB_CONTROL, session)).map((m) => ({ id: m.parts.job, control: m.value as JobControl }));
  const checks = (await readFamily(JOB_CHECK, session)).map((m) => ({ id: m.parts.job, check: m.value as unknown as CheckRecord }));
  return { controls, checks };
}

/** Forgets what storage.session keeps of a job (plan, control, checks, item states with key ids) and its plan in storage.local; its evidence stays (its claims keep other jobs off its keys). */
export async function forgetJob(id: string, plan: JobPlan | undefined): Promise<void> {
  if (!isJobId(id)) return;
  await removeMembers(JOB_PLAN_SESSION, [job(id)]);
  await removeMembers(JOB_CONTROL, [job(id)]);
  await removeMembers(JOB_CHECK, [
    { job: id, kind: 'recover' },
    { job: id, kind: 'duplicates' },
  ]);
  await removeMembers(JOB_ITEM, plan?.items.map((_, i) => itemOf(id, i)) ?? []);
  await removeMembers(JOB_PLAN_LOCAL, [job(id)]);
}

/** One item's state, as the run saves it after every step. */
export async function writeState(id: string, i: number, s: JobItemState): Promise<void> {
  await storageWrite(() => writeEntries([itemEntry(id, i, s)]));
}

export async function writeStates(id: string, updates: ReadonlyMap<number, JobItemState>): Promise<void> {
  if (!updates.size) return;
  await storageWrite(() => writeEntries([...updates].map(([i, s]) => itemEntry(id, i, s))));
}

/** The job history, read through its declared validator (./storage/job-items.ts): a line that is not a job's is left out. */
export async function history(): Promise<JobSummary[]> {
  return (await read(JOB_HISTORY)) as unknown as JobSummary[];
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

/** The storage.session keys of every job there (its plan, control, item states, checks), by job. */
export async function sessionKeysByJob(): Promise<Map<string, string[]>> {
  const session = await readArea('session');
  const out = new Map<string, string[]>();
  for (const f of [JOB_PLAN_SESSION, JOB_CONTROL, JOB_ITEM, JOB_CHECK] as const) {
    for (const key of await familyKeys(f, session)) {
      const id = (memberParts(f, key) as { job: string }).job;
      out.set(id, [...(out.get(id) ?? []), key]);
    }
  }
  return out;
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
