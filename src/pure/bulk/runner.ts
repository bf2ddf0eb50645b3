/**
 * The bulk job runner: one PostKeys per app, paced under Clarifai's rate limit, bounded concurrency,
 * retries with exponential backoff and full jitter. Pure: the clock, the API calls and persistence
 * are injected, so it runs with a fake clock and injected faults in Node.
 *
 * Invariant: never a key twice. Before every request an item is saved as `sending`; if its outcome
 * is unknown (timeout, dropped connection, a 5xx without Clarifai's status, a 2xx that cannot be
 * read or that lacks the key, or a worker that died while `sending`), the app's keys are listed
 * before any retry and a key with the job's description and scopes created since the attempt
 * began is adopted instead of creating another. Once an attempt may have made a key, the series
 * remembers it (`maybeMade`) to its end and through "Retry failed": a listing can show a key late, so
 * a look-up that found nothing, or a later certain failure, never makes that key someone else's.
 */
import pLimit from 'p-limit';
import { ClarifaiError, type SerializedError } from '../clarifai/errors.ts';
import { t } from '../../i18n/i18n.ts';
import { Batcher, NotSent, type BatchKey } from './batcher.ts';
import type { BatchPolicy } from './batching.ts';
import type { Limiter } from './limiter.ts';
import { backoffMs, Pacer, retryAfterMs, THROTTLE_PAUSE_MS } from './pacing.ts';

export { backoffMs, MAX_RETRY_AFTER_MS, Pacer, retryAfterMs, THROTTLE_PAUSE_MS } from './pacing.ts';

export interface JobItem {
  owner: string;
  appId: string;
  description: string;
}

export type ItemStatus = 'pending' | 'sending' | 'created' | 'failed' | 'cancelled';

export interface ItemState {
  status: ItemStatus;
  attempts: number;
  /** The created key's id: a secret, kept only where secrets may be (storage.session). */
  keyId?: string;
  /** Clarifai's answer for a failure. */
  error?: SerializedError;
  /** When the first attempt that may have reached Clarifai began (ms since epoch). */
  since?: number;
  /** The last attempt's outcome is unknown: look before trying again. */
  uncertain?: boolean;
  /**
   * Some attempt of this series may have made a key (its answer did not say, or it was `sending`
   * when a worker died). Sticky: a look-up that found nothing and a later certain failure do not
   * clear it (a key can show up in the listing late), so the series' evidence is kept, the job looks
   * once more before giving up, the failure says the key may exist, and "Retry failed" looks first.
   */
  maybeMade?: boolean;
  /** The key was found on Clarifai after an unknown outcome, not received in an answer. */
  adopted?: boolean;
}

export interface RunnerDeps {
  now(): number;
  sleep(ms: number): Promise<void>;
  random(): number;
  /** PostKeys for one app (item `index`); resolves with the new key's id. */
  createKey(item: JobItem, index?: number): Promise<string>;
  /**
   * Lists the app's keys; the id of one that this attempt made (item `index`), if any. `since`: the
   * attempt began then, less the allowed clock skew (a caller may know better, see ownership.ts).
   */
  findKey(item: JobItem, since: number, index: number): Promise<string | undefined>;
  /** Persists an item's state; awaited before the request it announces is sent. */
  save(index: number, state: ItemState): Promise<void>;
}

export interface RunnerOptions {
  /** Requests per second for all of the job's calls together (Clarifai: 15 per user). */
  ratePerSecond: number;
  concurrency: number;
  maxAttempts: number;
  /** Backoff: base and cap in ms. */
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /** How far before an attempt a found key may have been created (clock skew between us and Clarifai). */
  skewMs?: number;
  isCancelled(): boolean;
  /** Resolves when the job may go on (immediately unless paused). */
  whenRunning(): Promise<void>;
  /**
   * Errors that stop the whole job rather than fail one app (the token is gone: forgotten, locked,
   * refused). The run sends nothing more, records the answers of requests already sent, and
   * `runJob` rejects with the first such error once no task is running; every item keeps its saved
   * state, so a later run resumes it (an item left `sending` is looked up first). Anything a task
   * throws on its own (a `save` that fails) stops the job the same way.
   */
  stopsJob?(error: unknown): boolean;
  /** Aborted: stop the same way (e.g. "Forget token" was pressed), with the signal's reason. */
  signal?: AbortSignal;
  /** Paces the job's requests instead of its own Pacer at `ratePerSecond` (one limiter for a whole worker). */
  limiter?: Limiter;
  /** Several keys in one PostKeys, as `policy` allows (./batching.ts, ./batcher.ts); else one key a request. */
  batching?: {
    policy: BatchPolicy;
    /** One PostKeys for these items (one owner, each app once): the keys as answered. */
    post(indices: readonly number[]): Promise<{ keys: readonly BatchKey[]; mixed: boolean }>;
    isKeyId(id: string): boolean;
  };
}

/** Thrown by `runJob` when its signal stopped it without a reason of its own. */
export class JobStopped extends Error {
  override readonly name = 'JobStopped';
}

/** Anything else thrown around a request may have come after it was sent: its outcome is unknown. */
function asClarifai(e: unknown): ClarifaiError {
  return e instanceof ClarifaiError ? e : new ClarifaiError('failed', t('errInternalForApp'), undefined, undefined, [], undefined, true);
}

/** Worth trying again: a passing fault, or an outcome that a look-up settles first. */
function tryAgain(e: ClarifaiError): boolean {
  return e.retryable || e.outcomeUnknown;
}

/** A 5xx without Clarifai's own status may come from a proxy after the key was committed. */
function mayHaveCommitted(e: ClarifaiError): boolean {
  return e.outcomeUnknown || (e.kind === 'transient' && e.code === undefined);
}

/**
 * Runs every item that is not finished yet. `states` is read and updated in place (it may come from
 * storage after the worker restarted: an item left `sending` is treated as uncertain).
 */
export async function runJob(items: readonly JobItem[], states: ItemState[], deps: RunnerDeps, opts: RunnerOptions): Promise<void> {
  const pacer: Limiter = opts.limiter ?? new Pacer(opts.ratePerSecond, deps);
  const skew = opts.skewMs ?? 60_000;
  const b = opts.batching;
  // Items waiting for a batch hold a task each: enough for the batches on their way and the next.
  const limit = pLimit(Math.max(1, opts.concurrency, b ? b.policy.capacity() * 4 : 0));

  // Stopping: every task returns at its next step, sleeps and pauses end early, nothing more is sent.
  const halt = new AbortController();
  let stopError: unknown;
  const stop = (e: unknown) => {
    if (halt.signal.aborted) return;
    stopError = e;
    halt.abort();
  };
  if (opts.signal?.aborted) stop(opts.signal.reason);
  opts.signal?.addEventListener('abort', () => stop(opts.signal!.reason), { once: true });
  const halted = new Promise<void>((r) => halt.signal.addEventListener('abort', () => r(), { once: true }));
  const stopped = () => halt.signal.aborted;
  const nap = (ms: number) => Promise.race([deps.sleep(ms), halted]);
  const going = () => Promise.race([opts.whenRunning(), halted]);
  const stopsJob = (e: unknown) => !!opts.stopsJob?.(e);
  const batcher =
    b &&
    new Batcher({
      policy: b.policy,
      post: b.post,
      postOne: (i) => deps.createKey(items[i]!, i),
      target: (i) => items[i]!,
      isKeyId: b.isKeyId,
      stopsJob,
      halt: stop,
      asClarifai,
      unaccounted: () => new ClarifaiError('failed', t('errBatchUnaccounted'), undefined, undefined, [], undefined, true),
      pacer,
      sleep: nap,
      stopped,
      isCancelled: opts.isCancelled,
    });

  async function set(i: number, next: ItemState) {
    states[i] = next;
    await deps.save(i, next);
  }

  async function one(i: number): Promise<void> {
    const item = items[i]!;
    let st = states[i]!;
    if (st.status === 'created' || st.status === 'failed' || st.status === 'cancelled') return;
    if (st.status === 'sending') st = { ...st, status: 'pending', uncertain: true, maybeMade: true };

    let lookFailures = 0;
    // A series in which some attempt may have made a key fails with its outcome unknown (see `maybeMade`).
    const fail = (e: ClarifaiError) => set(i, { ...st, status: 'failed', uncertain: !!st.maybeMade, error: e.toJSON() });

    for (;;) {
      await going();
      if (stopped()) return;
      if (opts.isCancelled()) return set(i, { ...st, status: 'cancelled' });

      if (st.uncertain) {
        await pacer.take();
        if (stopped()) return;
        try {
          const found = await deps.findKey(item, (st.since ?? deps.now()) - skew, i);
          if (found) return set(i, { ...st, status: 'created', keyId: found, uncertain: false, adopted: true, error: undefined });
          st = { ...st, uncertain: false };
        } catch (err) {
          if (stopsJob(err)) return stop(err);
          const e = asClarifai(err);
          if (e.kind === 'throttled') pacer.penalize(THROTTLE_PAUSE_MS);
          // Still uncertain: marked so, and Retry failed or Recover looks again later.
          if (!tryAgain(e) || ++lookFailures >= opts.maxAttempts) return set(i, { ...st, status: 'failed', error: e.toJSON() });
          await nap(backoffMs(lookFailures, deps.random(), opts.backoffBaseMs, opts.backoffCapMs));
          continue;
        }
      }

      // The turn is taken after any pause, so a resumed job does not start with turns saved up.
      // (A batch takes one turn for all its keys: ./batcher.ts.)
      await going();
      if (!batcher) await pacer.take();
      if (stopped()) return;
      if (opts.isCancelled()) return set(i, { ...st, status: 'cancelled' });
      const announce = async () => {
        await set(i, { ...st, status: 'sending', attempts: st.attempts + 1, since: st.since ?? deps.now() });
        st = states[i]!;
      };
      if (!batcher) {
        await announce();
        if (stopped()) return; // stays `sending`: looked up before anything is sent again
      }
      try {
        const keyId = batcher ? await batcher.send(i, announce) : await deps.createKey(item, i);
        // Recorded even when the job is stopping: a key that exists is never lost.
        return set(i, { ...st, status: 'created', keyId, uncertain: false, error: undefined });
      } catch (err) {
        // Not sent: the job stopped (a `sending` item is looked up first on resume), or was cancelled before.
        if (err instanceof NotSent) return err.why === 'cancelled' ? set(i, { ...st, status: 'cancelled' }) : undefined;
        if (stopsJob(err)) return stop(err); // stays `sending`: looked up first on resume
        const e = asClarifai(err);
        const may = mayHaveCommitted(e);
        st = { ...st, status: 'pending', error: e.toJSON(), uncertain: may, ...(may ? { maybeMade: true } : {}) };
        if (e.kind === 'throttled') pacer.penalize(retryAfterMs(e, THROTTLE_PAUSE_MS));
        if (tryAgain(e) && st.attempts < opts.maxAttempts) {
          await set(i, st);
          const wait = retryAfterMs(e, backoffMs(st.attempts, deps.random(), opts.backoffBaseMs, opts.backoffCapMs));
          await nap(wait);
          continue;
        }
        if (st.uncertain || st.maybeMade) {
          // Out of attempts, and a key of this series may exist (the last attempt's or an earlier
          // one's): one more look, then give up honestly.
          try {
            await pacer.take();
            if (stopped()) return set(i, st);
            const found = await deps.findKey(item, st.since! - skew, i);
            if (found) return set(i, { ...st, status: 'created', keyId: found, uncertain: false, adopted: true, error: undefined });
          } catch (lookErr) {
            if (stopsJob(lookErr)) {
              await set(i, st);
              return stop(lookErr);
            }
            return set(i, { ...st, status: 'failed' }); // stays uncertain: Recover looks again later
          }
          st = { ...st, uncertain: false };
        }
        return fail(e);
      }
    }
  }

  // Anything thrown out of one app's task (a state that could not be saved: storage full or
  // failing) stops the whole run, as a token that is gone does: the other tasks send nothing more.
  // And the run ends only when every task has: with Promise.all it rejected at the first error
  // while the queued tasks went on sending, after the job had said it stopped and had let a
  // Resume start a second run beside them (a key twice per app).
  const task = async (i: number) => {
    if (stopped()) return;
    try {
      await one(i);
    } catch (e) {
      stop(e);
    }
  };
  await Promise.allSettled(items.map((_, i) => limit(() => task(i))));
  if (stopped()) throw stopError ?? new JobStopped(t('errJobStopped'));
}

/** Counts for progress displays. */
export function tally(states: readonly ItemState[]) {
  let created = 0;
  let failed = 0;
  let cancelled = 0;
  for (const s of states) {
    if (s.status === 'created') created++;
    else if (s.status === 'failed') failed++;
    else if (s.status === 'cancelled') cancelled++;
  }
  return { created, failed, cancelled, left: states.length - created - failed - cancelled, total: states.length };
}
