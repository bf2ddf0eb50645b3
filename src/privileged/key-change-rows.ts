/**
 * One row of a change of existing keys (./key-changes.ts): delete one key, or give it a scope set
 * (PatchKeys `overwrite`), under the key's owner, never twice. A request whose outcome is unknown
 * (no answer in time, a dropped connection, a 5xx without Clarifai's status, a 2xx that cannot be
 * read), or a row a dead worker left `sending`, is looked up with GetKey before anything is sent
 * again. Throttling and Clarifai's own "try again" are tried again in the worker's one pace
 * (./limiter.ts `retrying`): Clarifai did nothing with those.
 */
import { t } from '../i18n/i18n.ts';
import type { ClarifaiClient } from '../pure/clarifai/client.ts';
import { ClarifaiError } from '../pure/clarifai/errors.ts';
import { scopeDiff } from '../pure/inventory/diff.ts';
import type { KeyChangeRow } from '../pure/protocol/key-changes.ts';
import { OperationError } from './errors.ts';
import { passOnPauses, retrying } from './limiter.ts';

/** What a change of scopes gives each key; absent endpoints: each key keeps its own. */
export interface ScopeTarget {
  scopes: string[];
  endpoints?: string[] | undefined;
}

/**
 * A delete answered "does not exist" at its first try: not counted as deleted, since Keysmith cannot
 * tell a key deleted meanwhile from a key asked for under the wrong user (one a person made on an
 * app shared with them lives under their own user, not the app's owner).
 */
export const notFoundToDelete = (): string => t('wkNotFoundToDelete');
export const replacementGone = (): string => t('wkReplacementGone');
/** The most a row's error says (Clarifai's own words can be long). */
const ERROR_CHARS = 900;
export const goneForScopes = (): string => t('wkGoneForScopes');
export const uncertainChange = (): string => t('wkUncertainChange');
/** How often a row whose outcome stays unknown is looked up (and, if the change did not land, sent again). */
const MAX_ROUNDS = 4;

/** A request that may have landed: not tried again blindly (`retrying` throws what is no ClarifaiError at once). */
class Uncertain {
  constructor(readonly cause: ClarifaiError) {}
}

export function uncertain(e: unknown): e is ClarifaiError {
  return e instanceof ClarifaiError && (e.outcomeUnknown || (e.kind === 'transient' && e.status?.code === undefined));
}

const notFound = (e: unknown) => e instanceof ClarifaiError && (e.kind === 'not-found' || (e.status?.code === undefined && e.httpStatus === 404));

/** A token that is gone, locked or refused, a halt, a full storage: the whole task stops (resumable); the row is not failed. */
export function stopsTask(e: unknown): boolean {
  return e instanceof OperationError || (e instanceof ClarifaiError && (e.kind === 'auth' || e.kind === 'throttled' || e.kind === 'transient'));
}

/** Sends once, in the worker's pace; a passing fault that did nothing is tried again, an unknown outcome is thrown as Uncertain. */
function sendOnce(fn: () => Promise<unknown>): Promise<unknown> {
  return retrying(passOnPauses, async () => {
    try {
      return await fn();
    } catch (e) {
      throw uncertain(e) ? new Uncertain(e) : e;
    }
  });
}

/** The sentence a failed row shows: Clarifai's own words, with what was refused. */
function failure(e: unknown, kind: 'delete' | 'scopes'): string {
  if (!(e instanceof ClarifaiError)) return t('wkCannotChange');
  const deleting = kind === 'delete';
  if (e.kind === 'scopes') return t(deleting ? 'wkMayNotDelete' : 'wkMayNotChange', e.message);
  return e.message;
}

export interface RowWork {
  client: ClarifaiClient;
  kind: 'delete' | 'scopes';
  target?: ScopeTarget | undefined;
  /** Saves the task with this row marked `sending`: awaited before its request leaves. */
  markSending(): Promise<void>;
}

/** Whether the change already landed, by GetKey: 'landed', 'not yet', or (for scopes) 'gone'. */
async function lookUp(w: RowWork, row: KeyChangeRow): Promise<'landed' | 'not yet' | 'gone'> {
  try {
    const key = await retrying(passOnPauses, () => w.client.getKey(row.owner, row.keyId));
    if (w.kind === 'delete') return 'not yet';
    const now = { scopes: key.scopes ?? [], endpoints: key.endpoints ?? [] };
    return scopeDiff(now, w.target!).same ? 'landed' : 'not yet';
  } catch (e) {
    if (notFound(e)) return w.kind === 'delete' ? 'landed' : 'gone';
    throw e;
  }
}

/**
 * Does one row: its status, error and note are set in place. Throws what stops the whole task
 * (./key-changes.ts says why); the row is then `pending` again when its request surely did not
 * land, and stays `sending` when it may have (it is looked up when the task goes on).
 */
export async function changeRow(w: RowWork, row: KeyChangeRow): Promise<void> {
  let maybeLanded = row.status === 'sending';
  const fail = (error: string) => Object.assign(row, { status: 'failed', error: error.slice(0, ERROR_CHARS), note: undefined });
  const done = (note?: string) => Object.assign(row, { status: 'done', error: undefined, note });
  if (w.kind === 'delete' && row.requires && !maybeLanded) {
    const needed = row.requires;
    try {
      await retrying(passOnPauses, () => w.client.getKey(needed.owner, needed.keyId));
    } catch (e) {
      if (notFound(e)) return void fail(replacementGone());
      if (stopsTask(e)) throw e;
      return void fail(t('wkReplacementUnchecked', failure(e, w.kind)));
    }
  }
  for (let round = 0; round < MAX_ROUNDS; round++) {
    if (maybeLanded) {
      let found: Awaited<ReturnType<typeof lookUp>>;
      try {
        found = await lookUp(w, row);
      } catch (e) {
        if (stopsTask(e)) throw e;
        return void fail(t('wkUncertainBecause', failure(e, w.kind)));
      }
      if (found === 'landed') return void done();
      if (found === 'gone') return void fail(goneForScopes());
    }
    row.status = 'sending';
    try {
      await w.markSending();
    } catch (e) {
      if (!maybeLanded) row.status = 'pending'; // not kept as sending, so not sent
      throw e;
    }
    try {
      if (w.kind === 'delete') await sendOnce(() => w.client.deleteKey(row.owner, row.keyId));
      else
        await sendOnce(() =>
          w.client.patchKeys(row.owner, [{ id: row.keyId, scopes: w.target!.scopes, ...(w.target!.endpoints ? { endpoints: w.target!.endpoints } : {}) }]),
        );
      return void done();
    } catch (e) {
      if (e instanceof Uncertain) {
        maybeLanded = true;
        continue;
      }
      // After an answer that may have landed, "does not exist" is this task's own delete.
      if (w.kind === 'delete' && notFound(e)) return void (maybeLanded ? done() : fail(notFoundToDelete()));
      if (stopsTask(e)) {
        if (!maybeLanded) row.status = 'pending'; // refused or never sent: nothing landed
        throw e;
      }
      if (w.kind === 'scopes' && notFound(e)) return void fail(goneForScopes());
      return void fail(failure(e, w.kind));
    }
  }
  fail(uncertainChange());
}
