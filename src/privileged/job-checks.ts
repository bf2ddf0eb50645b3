/**
 * The checks after a job: Recover (find, through the API, the keys a job made when the browser lost
 * its memory of them) and the duplicate sweep (keys the browser made twice by silently re-sending a
 * request). Both take a key only when it provably belongs to this job's attempt on that app
 * (../pure/bulk/ownership.ts): never another job's key, never one that was there before.
 *
 * Both go app by app, and no app can stop the others: an app deleted since the job, or one whose
 * keys Clarifai refuses to list, is marked with the reason in plain words; throttles and passing
 * faults are tried again (`retrying`, paced by the worker's one limiter). Only a token that is gone
 * or refused, or storage that fails, stops a check, and then it says why and can go on.
 *
 * A check of 5,000 apps takes minutes, longer than the browser lets one event last: it runs in the
 * background (./job-check-ops.ts starts it and answers at once), each app's result is written as it is found
 * together with the check's record (`CheckRecord`, ./job-types.ts), so a worker that dies midway
 * loses nothing, and the next worker goes on from the record (the keep-alive alarm, as for jobs).
 */
import { t, tn } from '../i18n/i18n.ts';
import type { Limiter as Pacer } from '../pure/bulk/limiter.ts';
import type { Evidence } from '../pure/bulk/ownership.ts';
import { plainText } from '../pure/bulk/template.ts';
import type { ClarifaiClient } from '../pure/clarifai/client.ts';
import { ClarifaiError } from '../pure/clarifai/errors.ts';
import { OperationError } from './errors.ts';
import { keyHash, ownedNow, readEvidence } from './job-evidence.ts';
import { retrying } from './limiter.ts';
import type { CheckKind, CheckRecord, JobItemState, JobPlan } from './job-types.ts';

/** Apps looked up at once (the worker's limiter paces the requests themselves). */
const CHECK_CONCURRENCY = 6;

/** Hashes of the keys a job's items hold (recorded or found). */
async function ownClaims(states: readonly JobItemState[]): Promise<Set<string>> {
  return new Set(await Promise.all(states.flatMap((s) => (s.keyId ? [s.claim ?? keyHash(s.keyId)] : []))));
}

const union = (a: ReadonlySet<string>, b: ReadonlySet<string>) => new Set([...a, ...b]);

/** What is known of the attempts on item i: this browser's memory first, else the copy in storage.local. */
function evidenceFor(plan: JobPlan, s: JobItemState, stored: readonly Evidence[] | undefined, i: number): Evidence {
  if (s.prior || s.since !== undefined) return { prior: s.prior, snapAt: s.snapAt, since: s.since, until: s.until };
  // A job from before evidence was kept: only time and other jobs' claims tell.
  return stored?.[i] ?? { since: Date.parse(plan.createdAt) };
}

/** Stops the check (the token is gone or refused, or something not Clarifai's failed); anything else concerns one app only. */
function stops(e: unknown): boolean {
  return !(e instanceof ClarifaiError) || e.kind === 'auth';
}

/** Why Clarifai would not let Keysmith look at one app's keys, and what that leaves unknown (Recover) or unchecked (the sweep), in words. */
function whyNotLooked(e: ClarifaiError, kind: CheckKind): string {
  // Clarifai's own words are of any length: capped, so that the check's record can always be kept.
  const said = plainText(e.message, 500);
  if (kind === 'recover') {
    if (e.retryable) return t('chkRecoverNoAnswer', said);
    return e.kind === 'scopes' ? t('chkRecoverMayNotList', said) : t('chkRecoverNotListed', said);
  }
  if (e.retryable) return t('chkSweepNoAnswer', said);
  return e.kind === 'scopes' ? t('chkSweepMayNotList', said) : t('chkSweepNotListed', said);
}

export const appGone = (): string => t('chkAppGone');

/** A new check's record (`remembered`: Recover works from this browser's memory of the job). */
export function newCheck(kind: CheckKind, plan: JobPlan, remembered: boolean): CheckRecord {
  return { kind, status: 'running', next: 0, total: plan.items.length, remembered, found: 0, duplicates: [], unchecked: [], startedAt: Date.now() };
}

export interface CheckDeps {
  client: ClarifaiClient;
  pacer: Pacer;
  /** Hashes of keys other jobs of this browser recorded. */
  elsewhere: ReadonlySet<string>;
  /** Aborted to stop at once ("Forget token", a lock), with the reason as a sentence. */
  signal: AbortSignal;
  /** Writes the item states found and the record, together (no record: a late answer's finding only). */
  save(check: CheckRecord | undefined, updates: ReadonlyMap<number, JobItemState>): Promise<void>;
}

/**
 * Runs a check from `check.next` to the last app, updating `states` and `check` in place and saving
 * both after each app. Never throws: a check that cannot go on ends `stopped` with the reason
 * (every app it finished stays recorded), otherwise `done`.
 */
export async function runCheck(plan: JobPlan, states: JobItemState[], check: CheckRecord, deps: CheckDeps): Promise<void> {
  const { client, pacer, elsewhere, signal } = deps;
  check.status = 'running';
  check.stopped = undefined;
  check.total = plan.items.length;
  let stopError: unknown;
  const halted = () => stopError !== undefined || signal.aborted;
  const finished = new Set<number>();
  let cursor = check.next;

  try {
    const stored = await readEvidence(plan);
    // Keys this job's items hold are theirs, never another item's find or duplicate (a rotation may
    // have two look-alike keys in one app; a bulk job serves an app once, so this changes nothing there).
    const taken = await ownClaims(states);

    /** Recover, one app: its state after the look-up (undefined: nothing to do). */
    const recoverOne = async (i: number): Promise<JobItemState | undefined> => {
      const s = states[i]!;
      if (s.status === 'created') return undefined;
      // Known never to have been sent: there is nothing to find.
      if (check.remembered && s.status !== 'sending' && s.attempts === 0 && !s.uncertain) {
        return { ...s, status: 'failed', error: { kind: 'failed', message: t('chkNotSent') } };
      }
      try {
        const owned = await ownedNow(client, pacer, plan, plan.items[i]!, evidenceFor(plan, s, stored, i), () => Promise.resolve(union(elsewhere, taken)));
        const hashes = await Promise.all(owned.map((k) => keyHash(k.id)));
        // Chosen with nothing awaited since `taken` was read: another item looking at once takes another key.
        const n = hashes.findIndex((h) => !taken.has(h));
        const found = owned[n];
        if (found) taken.add(hashes[n]!);
        if (!found)
          return {
            ...s,
            status: 'failed',
            uncertain: false,
            error: { kind: 'failed', message: t('chkNotFound') },
          };
        check.found++;
        return { ...s, status: 'created', keyId: found.id, claim: hashes[n], adopted: true, uncertain: false, error: undefined };
      } catch (e) {
        if (stops(e)) throw e;
        const ce = e as ClarifaiError;
        if (ce.kind === 'not-found') return { ...s, status: 'failed', uncertain: false, error: { kind: 'not-found', message: appGone() } };
        const reason = whyNotLooked(ce, 'recover');
        check.unchecked.push({ i, reason });
        return { ...s, status: 'failed', uncertain: true, error: { kind: ce.kind, message: reason } };
      }
    };

    /** The sweep, one app: the silent duplicates of its recorded key. */
    const sweepOne = async (i: number): Promise<undefined> => {
      const s = states[i]!;
      if (s.status !== 'created' || !s.keyId) return undefined;
      const item = plan.items[i]!;
      try {
        const owned = await ownedNow(client, pacer, plan, item, evidenceFor(plan, s, stored, i), union(elsewhere, taken));
        for (const k of owned) if (k.id !== s.keyId) check.duplicates.push({ i, owner: item.owner, appId: item.appId, keyId: k.id });
      } catch (e) {
        if (stops(e)) throw e;
        const ce = e as ClarifaiError;
        if (ce.kind === 'not-found') return undefined; // the app is gone, and its keys with it: no duplicate
        check.unchecked.push({ i, reason: whyNotLooked(ce, 'duplicates') });
      }
      return undefined;
    };

    const one = async (i: number) => {
      // An app looked up before a worker died (after the record's `next`) is looked up again: its old findings go.
      check.unchecked = check.unchecked.filter((u) => u.i !== i);
      if (check.kind === 'duplicates') check.duplicates = check.duplicates.filter((d) => d.i !== i);
      const update = check.kind === 'recover' ? await recoverOne(i) : await sweepOne(i);
      if (update) states[i] = update;
      if (halted()) {
        // An answer that came after the check stopped: a key found is kept, the record is left as the stop wrote it.
        if (update) await deps.save(undefined, new Map([[i, update]]));
        return;
      }
      finished.add(i);
      while (finished.delete(check.next)) check.next++;
      // Issued in the order apps finish, with no await before it: a record never counts an app whose state is not written.
      await deps.save({ ...check, duplicates: [...check.duplicates], unchecked: [...check.unchecked] }, update ? new Map([[i, update]]) : new Map());
    };

    const task = async () => {
      while (!halted() && cursor < plan.items.length) {
        const i = cursor++;
        try {
          await one(i);
        } catch (e) {
          stopError ??= e;
        }
      }
    };
    // Stopped from outside ("Forget token", a lock): the check ends now, without waiting for answers on their way.
    const aborted = new Promise<void>((r) => (signal.aborted ? r() : signal.addEventListener('abort', () => r(), { once: true })));
    await Promise.race([Promise.all(Array.from({ length: CHECK_CONCURRENCY }, task)), aborted]);
  } catch (e) {
    stopError ??= e;
  }

  check.finishedAt = Date.now();
  if (!halted()) {
    check.status = 'done';
    return;
  }
  check.status = 'stopped';
  const why =
    signal.aborted && typeof signal.reason === 'string'
      ? signal.reason
      : stopError instanceof OperationError || stopError instanceof ClarifaiError
        ? stopError.message
        : t('chkInternalError');
  const recovering = check.kind === 'recover';
  check.stopped = tn(recovering ? 'chkRecoverStopped' : 'chkSweepStopped', check.total, check.next, why);
}

/**
 * What this browser session saw of the attempts on an app (in storage.session, which no content
 * script can write), or nothing: after a browser restart only storage.local's copy is left, and
 * whoever can write storage.local could make a key someone else made look like this job's.
 */
function sessionEvidence(s: JobItemState): Evidence | undefined {
  return s.prior || s.since !== undefined ? { prior: s.prior, snapAt: s.snapAt, since: s.since, until: s.until } : undefined;
}

export const notDeletedAfterRestart = (): string => t('chkNotDeletedAfterRestart');

/**
 * Deletes the silent duplicates a finished sweep found. Each app is looked up again first, so that
 * only what still is a duplicate goes (never the key the job recorded); the record is saved after
 * each app, without what was deleted or is no longer a duplicate. Answers how many were deleted.
 * Bounded by the duplicates found (a few), not by the job's apps. Only evidence this browser
 * session kept (`sessionEvidence`) can make a key a duplicate to delete: an app that has none keeps
 * its duplicates listed, and the answer is then an error saying why (notDeletedAfterRestart).
 */
export async function deleteFound(
  plan: JobPlan,
  states: readonly JobItemState[],
  check: CheckRecord,
  deps: Omit<CheckDeps, 'signal' | 'save'> & { save(check: CheckRecord): Promise<void> },
): Promise<number> {
  const { client, pacer } = deps;
  // Another item's key is never a duplicate of this one's (two look-alike keys of one app in a rotation).
  const elsewhere = union(deps.elsewhere, await ownClaims(states));
  let deleted = 0;
  let kept = 0;
  for (const i of [...new Set(check.duplicates.map((d) => d.i))]) {
    const item = plan.items[i];
    const s = states[i];
    const ev = s && sessionEvidence(s);
    if (item && s?.keyId && !ev) {
      kept += check.duplicates.filter((x) => x.i === i).length; // left listed, not deleted
      continue;
    }
    if (item && s?.keyId && ev) {
      let still = new Set<string>();
      try {
        still = new Set((await ownedNow(client, pacer, plan, item, ev, elsewhere)).filter((k) => k.id !== s.keyId).map((k) => k.id));
      } catch (e) {
        if (!(e instanceof ClarifaiError) || e.kind !== 'not-found') throw e; // the app is gone, and its keys with it
      }
      for (const d of check.duplicates.filter((x) => x.i === i && still.has(x.keyId))) {
        try {
          await retrying(pacer, () => client.deleteKey(item.owner, d.keyId));
          deleted++;
        } catch (e) {
          if (!(e instanceof ClarifaiError) || e.kind !== 'not-found') throw e; // gone already
        }
      }
    }
    // Deleted, or no longer a duplicate: either way no longer listed.
    check.duplicates = check.duplicates.filter((x) => x.i !== i);
    await deps.save(check);
  }
  if (kept) throw new OperationError('invalid', deleted ? tn('chkDeletedSomeKept', deleted, notDeletedAfterRestart()) : notDeletedAfterRestart());
  return deleted;
}
