/**
 * The shapes of a bulk job's records: its plan, its control record, each item's state, and the
 * checks after it. Kept by ./job-store.ts (storage.session, and the plan in storage.local) and
 * ./job-budget.ts (what storage.local keeps, within its budget), each read through its validator
 * (./storage/job-items.ts).
 */
import type { ItemState, JobItem } from '../pure/bulk/runner.ts';
import type { Evidence } from '../pure/bulk/ownership.ts';
import type { LeftOutApp } from '../pure/protocol/jobs.ts';

export interface JobPlan {
  id: string;
  /** A rotation (./job-rotation.ts): each item replaces one old key, with that key's own fields. Absent: a bulk job. */
  kind?: 'rotation' | undefined;
  createdAt: string;
  /** The day the descriptions were written for (`{date}`), when the job was planned. */
  date?: string | undefined;
  /** A bulk job's scopes, for every item (a rotation's items have their own: `shapes`). */
  scopes: string[];
  /**
   * A rotation's scope sets, each kept once (a plan of 5,000 keys made from a few presets stays
   * small in storage.local); an item names its own by index (`PlanItem.shape`).
   */
  shapes?: KeyShape[] | undefined;
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
  /** A rotation item: its key's scopes and endpoints are the plan's `shapes[shape]`. */
  shape?: number | undefined;
  /** A rotation item's own expiry (instead of the plan's). */
  expiresAt?: string | undefined;
  /** A rotation item: the old key it replaces, without its id (a secret: kept in storage.session, `JOB_OLD_KEYS`). */
  replaces?: OldKeyRef | undefined;
};

/** The scopes and endpoint-level scopes (`/clarifai.api.V2/<Rpc>`) one or more keys of a rotation get. */
export interface KeyShape {
  scopes: string[];
  endpoints: string[];
}

/** What a plan says of the key an item replaces: no id, which is a secret. */
export interface OldKeyRef {
  /** `keyHash` of its id (./job-evidence.ts): enough to find it again in a listing, and to never adopt it. */
  hash: string;
  /** Its last four characters, as the pages mask a key (`••••••••abcd`). */
  tail: string;
  /** Its description (the replacement's may differ: a template). */
  description: string;
}

/**
 * The second phase of a rotation: deleting the old keys once the person confirms the new ones are
 * in place. Kept in storage.session (`JOB_ROTATION`), without ids: a content script can write
 * storage.local, and a forged record there would say a leaked key was deleted.
 */
export interface RotationRecord {
  /** When the person confirmed that the new keys are in place. */
  confirmedAt?: string | undefined;
  /** The key-change task deleting the old keys. */
  retiring?: string | undefined;
  /** Items whose old key was deleted. */
  deleted: number[];
  /** Items whose old key could not be deleted, and why in words. */
  failed: { i: number; reason: string }[];
}

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
/** The fields one item's key gets: a rotation item's own, else the plan's. */
export function keyFieldsOf(plan: JobPlan, item: PlanItem): { scopes: string[]; endpoints?: string[] | undefined; expiresAt?: string | undefined } {
  if (plan.kind !== 'rotation') return { scopes: plan.scopes, expiresAt: plan.expiresAt };
  const shape = plan.shapes?.[item.shape ?? -1];
  return { scopes: shape?.scopes ?? [], endpoints: shape?.endpoints ?? [], expiresAt: item.expiresAt ?? plan.expiresAt };
}

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
