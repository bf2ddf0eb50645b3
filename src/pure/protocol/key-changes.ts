/**
 * The protocol (./index.ts) of bulk changes to existing keys, from Keysmith's key inventory page:
 * delete the selected keys, or give them a scope set (a preset's) with PatchKeys `overwrite`. The
 * worker runs one such task at a time, paced by its one limiter, resumable after its death, and
 * reports it row by row. Extension pages only: rows hold key ids.
 */
import * as v from 'valibot';
import { t } from '../../i18n/i18n.ts';
import { ScopeListSchema } from '../presets/io.ts';
import { Op, type OperationTable } from './common.ts';

/** The most keys one change takes (as many as the inventory holds). */
export const KEY_CHANGE_MAX_KEYS = 20_000;

const KeyId = v.pipe(
  v.string('must be a key id'),
  v.regex(/^[A-Za-z0-9_-]{1,128}$/, () => t('errNotAKeyId')),
);
const Endpoint = v.pipe(
  v.string(),
  v.maxLength(200, () => t('errEndpointTooLong')),
  v.regex(/^\/clarifai\.api\.V2\/[A-Za-z]{1,100}$/, () => t('errNotAnEndpoint')),
);

export const KEY_CHANGE_OPERATIONS = {
  /** Starts a change of the given keys (ids from the inventory). Answers at once with the task's view. Pages only. */
  startKeyChange: {
    from: ['page'],
    schema: Op('startKeyChange', {
      kind: v.picklist(['delete', 'scopes'], () => t('errChooseChange')),
      keyIds: v.pipe(
        v.array(KeyId),
        v.minLength(1, () => t('errSelectKey')),
        v.maxLength(KEY_CHANGE_MAX_KEYS, () => t('errTooManyKeysToChange', KEY_CHANGE_MAX_KEYS.toLocaleString(t('locale')))),
      ),
      /** Required for 'scopes': the scope set every key gets. */
      scopes: v.optional(ScopeListSchema),
      /** For 'scopes': the endpoint-level scopes every key gets; absent keeps each key's own. */
      endpoints: v.optional(
        v.pipe(
          v.array(Endpoint),
          v.maxLength(1000, () => t('errTooManyEndpoints')),
        ),
      ),
      /** The preset's name, when one was applied, for the report. */
      presetName: v.optional(
        v.pipe(
          v.string(),
          v.maxLength(200, () => t('errPresetNameTooLong')),
        ),
      ),
    }),
  },
  /** The task running, or the last one (null: none). */
  getKeyChange: { from: ['page'], schema: Op('getKeyChange', {}) },
  /** Stops the task; what landed is kept and said. */
  cancelKeyChange: { from: ['page'], schema: Op('cancelKeyChange', {}) },
  /** Goes on with a stopped task (its token was gone, the worker died). */
  resumeKeyChange: { from: ['page'], schema: Op('resumeKeyChange', {}) },
  /** Forgets an ended (or stopped) task's record. */
  dismissKeyChange: { from: ['page'], schema: Op('dismissKeyChange', {}) },
} as const satisfies OperationTable;

export type KeyChangeRowStatus = 'pending' | 'sending' | 'done' | 'unchanged' | 'failed' | 'cancelled';

export interface KeyChangeRow {
  /** A secret; pages only (this protocol is pages only). */
  keyId: string;
  owner: string;
  appId: string;
  appName?: string | undefined;
  description: string;
  status: KeyChangeRowStatus;
  /** For 'scopes': what the key gains and loses (scopes and endpoints, endpoints as they are named). */
  gains?: string[];
  loses?: string[];
  /** Why the row failed, in words a person reads. */
  error?: string | undefined;
  /** Something worth saying about a row that is done (e.g. the key was already gone). */
  note?: string | undefined;
  /** A rotation's phase 2: the item of the rotation whose old key this row deletes. */
  ref?: number | undefined;
  /** A delete done only while this key exists (a rotation's replacement: without it, the old key is the only one). */
  requires?: { owner: string; keyId: string } | undefined;
}

export interface KeyChangeView {
  /** A uuid. */
  id: string;
  kind: 'delete' | 'scopes';
  status: 'running' | 'done' | 'cancelled' | 'stopped';
  presetName?: string | undefined;
  rows: KeyChangeRow[];
  done: number;
  unchanged: number;
  failed: number;
  total: number;
  /** Why it stopped, in words. */
  message?: string | undefined;
  startedAt: string;
  finishedAt?: string | undefined;
  /** Set by whoever started it for a purpose, e.g. a rotation's second phase: { rotation: jobId }. */
  origin?: { rotation: string } | undefined;
}

export interface KeyChangeAnswers {
  startKeyChange: KeyChangeView;
  getKeyChange: KeyChangeView | null;
  cancelKeyChange: KeyChangeView | null;
  resumeKeyChange: KeyChangeView | null;
  dismissKeyChange: null;
}
