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
 */
import browser from 'webextension-polyfill';
import { tally, type ItemState, type JobItem } from '../pure/bulk/runner.ts';
import type { Evidence } from '../pure/bulk/ownership.ts';
import type { JobSummary, LeftOutApp } from '../pure/protocol.ts';
import { JOB_HISTORY, JOB_PLAN_LOCAL, JOB_PLAN_SESSION, memberParts, read, readMember } from './storage.ts';

const HISTORY_KEY = 'jobs:history';
const HISTORY_MAX = 50;

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

export async function readCheck(id: string, kind: CheckKind): Promise<CheckRecord | undefined> {
  return (await browser.storage.session.get(checkKey(id, kind)))[checkKey(id, kind)] as CheckRecord | undefined;
}

/** Writes a check's record together with the item states it found (one `set`: they change together). */
export async function writeCheck(id: string, check: CheckRecord | undefined, updates: ReadonlyMap<number, JobItemState> = new Map()): Promise<void> {
  const items = Object.fromEntries([...updates].map(([i, s]) => [itemKey(id, i), s]));
  if (!check && !updates.size) return;
  await browser.storage.session.set(check ? { ...items, [checkKey(id, check.kind)]: check } : items);
}

/**
 * The job's plan: this browser session's copy, else the one storage.local keeps for Recover after a
 * restart, each read through its declared validator (./storage.ts). The content script can write
 * storage.local: a plan there that is not a plan is no job Keysmith knows, never a crash.
 */
export async function readPlan(id: string): Promise<JobPlan | undefined> {
  if (!memberParts(JOB_PLAN_SESSION, planKey(id))) return undefined; // not a job id
  const parts = { job: id };
  return ((await readMember(JOB_PLAN_SESSION, parts)) ?? (await readMember(JOB_PLAN_LOCAL, parts))) as JobPlan | undefined;
}

export async function writePlan(plan: JobPlan): Promise<void> {
  await browser.storage.local.set({ [planKey(plan.id)]: plan });
  await browser.storage.session.set({ [planKey(plan.id)]: plan });
}

export async function readControl(id: string): Promise<JobControl | undefined> {
  return (await browser.storage.session.get(controlKey(id)))[controlKey(id)] as JobControl | undefined;
}

export async function writeControl(id: string, c: JobControl): Promise<void> {
  await browser.storage.session.set({ [controlKey(id)]: c });
}

export async function readStates(plan: JobPlan): Promise<JobItemState[]> {
  const keys = plan.items.map((_, i) => itemKey(plan.id, i));
  const got = await browser.storage.session.get(keys);
  return keys.map((k) => (got[k] as JobItemState | undefined) ?? { status: 'pending', attempts: 0 });
}

export async function writeStates(id: string, updates: ReadonlyMap<number, JobItemState>): Promise<void> {
  if (!updates.size) return;
  await browser.storage.session.set(Object.fromEntries([...updates].map(([i, s]) => [itemKey(id, i), s])));
}

/** The job history, read through its declared validator (./storage.ts): a line that is not a job's is left out. */
export async function history(): Promise<JobSummary[]> {
  return (await read(JOB_HISTORY)) as unknown as JobSummary[];
}

export async function recordHistory(plan: JobPlan, status: JobStatus | 'recovered', states: readonly ItemState[]): Promise<void> {
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
  // Plans and evidence of jobs that fell off the history go too.
  const dropped = [entry, ...h].slice(HISTORY_MAX).flatMap((e) => [planKey(e.id), evidenceKey(e.id)]);
  await browser.storage.local.set({ [HISTORY_KEY]: next });
  if (dropped.length) await browser.storage.local.remove(dropped);
}
