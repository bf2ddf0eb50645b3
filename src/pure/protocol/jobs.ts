/** The protocol (./index.ts) of bulk jobs: one key per app, run by the worker, and what it found. */
import * as v from 'valibot';
import { t } from '../../i18n/i18n.ts';
import { ScopeListSchema } from '../presets/io.ts';
import { Op, type OperationTable } from './common.ts';

const JobId = v.pipe(v.string(), v.uuid('not a job id'));

/** An owner or app id as the API gave it to the page: any text, within reason. */
const AppRefText = v.pipe(v.string(), v.maxLength(4096));

/** What a bulk job is asked with, from Keysmith's page (started) or the portal's panel (proposed, ./proposals.ts). */
export const BulkJobFields = {
  // References only: the worker names the apps itself. Ids are the API's data, not checked
  // here: an id Keysmith cannot serve leaves that app out of the job, with a reason, and does
  // not refuse the whole message.
  apps: v.pipe(
    v.array(v.strictObject({ owner: AppRefText, id: AppRefText })),
    v.minLength(1, () => t('errPickApp')),
    v.maxLength(5000, () => t('errTooManyApps', 5000)),
  ),
  scopes: v.pipe(
    ScopeListSchema,
    v.minLength(1, () => t('errChooseScope')),
  ),
  presetName: v.optional(v.pipe(v.string(), v.maxLength(80))),
  template: v.pipe(
    v.string(),
    v.minLength(1, () => t('errEmptyDescription')),
    v.maxLength(200),
  ),
  expiresAt: v.optional(
    v.pipe(
      v.string(),
      v.isoTimestamp(() => t('errExpiryNotDate')),
    ),
  ),
};

/** What a rotation is asked with (phase 1: a replacement for each old key; ../../privileged/job-rotation-plan.ts). */
export const RotationFields = {
  // Ids from the inventory; the worker looks each up in its own inventory and takes nothing else
  // from the page. One it does not hold is left out with a reason, not refused here.
  keyIds: v.pipe(
    v.array(
      v.pipe(
        v.string(),
        v.maxLength(200, () => t('errKeyIdTooLong', 200)),
      ),
    ),
    v.minLength(1, () => t('errPickKey')),
    v.maxLength(5000, () => t('errTooManyKeysToRotate', 5000)),
  ),
  /** The new keys' description; `{description}` is the old key's. Absent: the old description, unchanged. */
  template: v.optional(
    v.pipe(
      v.string(),
      v.minLength(1, () => t('errEmptyDescription')),
      v.maxLength(200, () => t('errTemplateTooLong', 200)),
    ),
  ),
  expiresAt: v.optional(
    v.pipe(
      v.string(),
      v.isoTimestamp(() => t('errExpiryNotDate')),
    ),
  ),
};

export const JOB_OPERATIONS = {
  /**
   * One key per app, run by the worker at once. Answers the job id; never a key. Extension pages
   * only: from the portal page a job is only proposed (proposeBulkJob).
   */
  startBulkJob: { from: ['page'], schema: Op('startBulkJob', BulkJobFields) },
  /** Progress counts only (no key ids): safe for the content script. */
  getJob: { from: ['content', 'page'], schema: Op('getJob', { jobId: JobId }) },
  controlJob: { from: ['content', 'page'], schema: Op('controlJob', { jobId: JobId, action: v.picklist(['pause', 'resume', 'cancel']) }) },
  /** Opens the results page (an extension page: results outlive the portal tab). */
  openResults: { from: ['content', 'page'], schema: Op('openResults', { jobId: v.optional(JobId) }) },
  /** Every row with its key id: extension pages only. */
  getJobResults: { from: ['page'], schema: Op('getJobResults', { jobId: JobId }) },
  listJobs: { from: ['page'], schema: Op('listJobs', {}) },
  retryFailed: { from: ['page'], schema: Op('retryFailed', { jobId: JobId }) },
  recoverJob: { from: ['page'], schema: Op('recoverJob', { jobId: JobId }) },
  clearJob: { from: ['page'], schema: Op('clearJob', { jobId: JobId }) },
  /** Forgets every job that is not running or resumable (results, plans, history): what frees a full storage. */
  clearOldJobs: { from: ['page'], schema: Op('clearOldJobs', {}) },
  /** After a job: keys the browser may have created twice (a silently re-sent POST). Ids: pages only. */
  findDuplicates: { from: ['page'], schema: Op('findDuplicates', { jobId: JobId }) },
  deleteDuplicates: { from: ['page'], schema: Op('deleteDuplicates', { jobId: JobId }) },
  /** Rotation, phase 1: a replacement for each old key, run as a bulk job. Answers the job id; never a key. */
  startRotation: { from: ['page'], schema: Op('startRotation', RotationFields) },
  /** Rotation, phase 2: the person says the new keys are in place; answers the old keys that may go now. */
  confirmRotation: { from: ['page'], schema: Op('confirmRotation', { jobId: JobId }) },
} as const satisfies OperationTable;

export interface JobProgress {
  id: string;
  /** `cancelling`: cancelled, with requests already sent still to land. */
  status: 'running' | 'paused' | 'cancelling' | 'cancelled' | 'done' | 'interrupted';
  total: number;
  created: number;
  failed: number;
  cancelled: number;
  left: number;
  current?: string | undefined;
  secondsLeft: number;
  elapsedSeconds: number;
  /** Apps picked for the job that it could not serve (named with the reason in the job's results). */
  leftOut: number;
  /** Interrupted with its state still in this browser: Resume goes on where it stopped. */
  resumable?: boolean | undefined;
  /** Why an interrupted job stopped, in words a person reads. */
  stopped?: string | undefined;
  /** Recover and the duplicate sweep, when one ran: they go on in the background (no key ids here). */
  recover?: CheckProgress | undefined;
  sweep?: CheckProgress | undefined;
}

/** How far Recover or the duplicate sweep has gone. */
export interface CheckProgress {
  status: 'running' | 'done' | 'stopped';
  /** Apps looked up so far, of `total`. */
  done: number;
  total: number;
  /** Recover: keys found; the sweep: silent duplicates found. */
  found: number;
  /** Apps that could not be looked up (named with the reason in the job's results). */
  unchecked: number;
  /** Why it stopped by itself, in words a person reads. */
  stopped?: string | undefined;
}

/** An app picked for a job that the job left out, and why, in words a person reads. */
export interface LeftOutApp {
  owner: string;
  appId: string;
  reason: string;
}

export interface JobResultRow {
  owner: string;
  appId: string;
  appName: string;
  description: string;
  status: 'pending' | 'sending' | 'created' | 'failed' | 'cancelled';
  /** The created key: a secret, sent to extension pages only. */
  keyId?: string | undefined;
  adopted?: boolean | undefined;
  uncertain?: boolean | undefined;
  error?: string | undefined;
  /** A rotation's row: its key's own scopes, endpoint-level scopes and expiry (a bulk job's are the plan's). */
  scopes?: string[] | undefined;
  endpoints?: string[] | undefined;
  expiresAt?: string | undefined;
  /** A rotation's row: the old key it replaces, masked (`••••••••abcd`). */
  replaces?: string | undefined;
  /** A rotation's row: whether its old key was deleted (phase 2), or could not be, and why. */
  retired?: 'deleted' | 'failed' | undefined;
  retiredError?: string | undefined;
}

export interface JobSummary {
  id: string;
  createdAt: string;
  endedAt?: string | undefined;
  status: JobProgress['status'] | 'recovered';
  /** A rotation (its items' scopes are their old keys'); absent: a bulk job. */
  kind?: 'rotation' | undefined;
  scopes: string[];
  presetName?: string | undefined;
  apps: string[];
  created: number;
  failed: number;
  total: number;
}

/** Where a rotation's second phase is (no key ids). */
export interface RotationProgress {
  confirmedAt?: string | undefined;
  /** The key-change task deleting the old keys, once started. */
  retiring?: string | undefined;
  /** That task is still going (false once it ended, was stopped or dismissed). */
  retiringRunning?: boolean | undefined;
  /** Old keys that may be deleted now: their replacement exists (created, with its key). */
  deletable: number;
  deleted: number;
  failed: number;
}

/** A rotation item whose old key may be deleted: its replacement exists. No key id. */
export interface RetirableKey {
  i: number;
  owner: string;
  appId: string;
  appName: string;
  /** The old key, masked (`••••••••abcd`). */
  replaces: string;
}

export interface RotationConfirmed {
  jobId: string;
  confirmedAt: string;
  /** The old keys that may be deleted: those and only those whose replacement exists. */
  retirable: RetirableKey[];
  /** Rows whose old key stays, and why in words (no replacement, or deleted already). */
  kept: { i: number; reason: string }[];
}

/** What confirming a rotation started: the deletion of `deleting` old keys (a change of keys, `taskId`); `unknown` old keys whose ids this browser no longer holds. */
export interface RotationRetiring extends RotationConfirmed {
  deleting: number;
  unknown: number;
  taskId?: string | undefined;
}

export interface JobResults {
  plan: {
    id: string;
    kind?: 'rotation' | undefined;
    createdAt: string;
    scopes: string[];
    presetName?: string | undefined;
    template: string;
    expiresAt?: string | undefined;
  };
  /** A rotation's second phase. */
  rotation?: RotationProgress | undefined;
  rows: JobResultRow[];
  leftOut: LeftOutApp[];
  progress: JobProgress;
  /** What the last duplicate sweep found so far (key ids: extension pages only), and the apps it could not check. */
  sweep?: { duplicates: { owner: string; appId: string; keyId: string }[]; unchecked: LeftOutApp[] } | undefined;
}

export interface JobAnswers {
  startBulkJob: { jobId: string };
  getJob: JobProgress;
  controlJob: JobProgress;
  openResults: null;
  getJobResults: JobResults;
  listJobs: JobSummary[];
  retryFailed: JobProgress;
  /** Starts Recover (or goes on with one that stopped) and answers at once; `progress.recover` says how far it is. */
  recoverJob: JobProgress;
  clearJob: null;
  clearOldJobs: { cleared: number };
  /** Starts the sweep (or goes on with one that stopped) and answers at once; its findings come with the job's results. */
  findDuplicates: JobProgress;
  deleteDuplicates: number;
  startRotation: { jobId: string };
  confirmRotation: RotationRetiring;
}
