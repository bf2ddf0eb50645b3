/**
 * Where a bulk job's state lives, and why:
 * - `storage.session` (memory, trusted contexts only): each job's plan, its control record and every
 *   item's state, including created key ids (secrets). Survives the worker's death, not the
 *   browser's. Read and written here.
 * - `storage.local`: the plan without secrets (apps, descriptions, scopes, when it began), a history
 *   entry, and the job's evidence (./job-evidence.ts: hashes, never key ids), so that after a
 *   browser restart the job is shown with what is known and Recover can find its keys. What it
 *   keeps is budgeted: ./job-budget.ts writes the plan and history there, and prunes them.
 * Each item is saved as `sending` before its request leaves, so a worker that dies mid-request
 * resumes by looking before it tries again (see ../pure/bulk/runner.ts).
 */
import { t } from '../i18n/i18n.ts';
import type { JobSummary } from '../pure/protocol/jobs.ts';
import { familyKeys, read, readArea, readFamily, readMember, readMembers, readRaw, removeMembers, writeEntries, writeMembers } from './storage/access.ts';
import { decodeMember, memberEntry, type Entry } from './storage/codec.ts';
import { memberKey, memberParts } from './storage/declare.ts';
import { JOB_CHECK, JOB_CONTROL, JOB_HISTORY, JOB_ITEM, JOB_OLD_KEYS, JOB_PLAN_LOCAL, JOB_PLAN_SESSION, JOB_ROTATION } from './storage/job-items.ts';
import { storageWrite } from './errors.ts';
import type { CheckKind, CheckRecord, JobControl, JobItemState, JobPlan } from './job-types.ts';

// Every read and write below goes through the items declared in ./storage/job-items.ts (validated both ways).
/** A job's part of its families' keys (`job:{job}:…`). */
export const job = (id: string) => ({ job: id });
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
        error: { kind: 'internal', message: t('wkUnreadableState') },
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
  await removeMembers(JOB_OLD_KEYS, [job(id)]);
  await removeMembers(JOB_ROTATION, [job(id)]);
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

/** The storage.session keys of every job there (its plan, control, item states, checks), by job. */
export async function sessionKeysByJob(): Promise<Map<string, string[]>> {
  const session = await readArea('session');
  const out = new Map<string, string[]>();
  for (const f of [JOB_PLAN_SESSION, JOB_CONTROL, JOB_ITEM, JOB_CHECK, JOB_OLD_KEYS, JOB_ROTATION] as const) {
    for (const key of await familyKeys(f, session)) {
      const id = (memberParts(f, key) as { job: string }).job;
      out.set(id, [...(out.get(id) ?? []), key]);
    }
  }
  return out;
}
