/**
 * The one limiter for every request this worker sends to Clarifai: bulk jobs, Recover, the
 * duplicate sweep and its deletions, app listing, token checks. Clarifai allows 15 requests a
 * second per user, counted over a rolling second, whoever sends them; one limiter per job or per
 * caller (as before) let two of them reach 30. The turn is taken just before each request leaves
 * (inside the client), so a paused job that resumes cannot burst past it either; the client's checks
 * (./api.ts: the token is still the vault's) run after the turn, since a turn can take seconds.
 */
import { RateWindow, type Limiter } from '../pure/bulk/limiter.ts';
import { backoffMs, retryAfterMs, THROTTLE_PAUSE_MS } from '../pure/bulk/runner.ts';
import { ClarifaiError } from '../pure/clarifai/errors.ts';
import type { ClarifaiClient } from '../pure/clarifai/client.ts';

/** Requests per second (Clarifai: 15 per user). Tests that need no real pacing raise it. */
export const tuning = { ratePerSecond: 15 };

/** A hair over a second: arrival jitter on the way to Clarifai never puts a sixteenth into its second. */
const WINDOW_MS = 1020;

/**
 * The worker's own monotonic clock, not the wall clock: a wall clock set back (by the person, or by
 * a time sync) would leave the starts it counted in the future and hold every request until the
 * clock caught up with them, minutes or hours later.
 */
export const limiter = new RateWindow(() => tuning.ratePerSecond, WINDOW_MS, {
  now: () => performance.now(),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
});

/** The client, with every request it sends taking its turn from the worker's limiter. */
export function limited<C extends ClarifaiClient>(client: C): C {
  // The start is counted when the request leaves, after the client's checks (see RateWindow.takeTicket).
  return client.gateWith(() => limiter.takeTicket());
}

/**
 * For code that paces itself (the runner, retries): turns are already taken inside `limited`
 * clients, so this only passes a throttle's pause on to everyone.
 */
export const passOnPauses: Limiter = {
  take: () => Promise.resolve(),
  penalize: (ms) => limiter.penalize(ms),
};

const MAX_ATTEMPTS = 8;

/**
 * Tries a read again after a passing fault (throttled, transient, dropped), paced; anything else is
 * thrown. An answer that does not say what happened (broken JSON, a success without its data) is
 * tried again too, unless `passingOnly`. `attempts` and `backoffBaseMs` bound how long it keeps at it.
 */
export async function retrying<T>(
  pacer: Limiter,
  fn: () => Promise<T>,
  o: { attempts?: number; backoffBaseMs?: number; passingOnly?: boolean } = {},
): Promise<T> {
  const attempts = o.attempts ?? MAX_ATTEMPTS;
  for (let attempt = 1; ; attempt++) {
    await pacer.take();
    try {
      return await fn();
    } catch (e) {
      // passingOnly: a timeout is no passing fault for a person waiting (each try took the client's whole time limit).
      if (!(e instanceof ClarifaiError) || attempt >= attempts) throw e;
      const again = o.passingOnly ? e.retryable && e.kind !== 'timeout' : e.retryable || e.outcomeUnknown;
      if (!again) throw e;
      if (e.kind === 'throttled') pacer.penalize(retryAfterMs(e, THROTTLE_PAUSE_MS)); // capped: see MAX_RETRY_AFTER_MS
      await new Promise((r) => setTimeout(r, backoffMs(attempt, Math.random(), o.backoffBaseMs)));
    }
  }
}

/**
 * A read a person waits for (a picker's listing), tried again after a passing fault in the
 * worker's one pace, briefly: three tries within about a second and a half, so a lone throttle or
 * 5xx goes unnoticed, while an API that is down is said within seconds, not after a minute (a
 * Retry-After pauses every request of the worker, up to a minute). An answer that cannot be read
 * (broken or oversized), or none within the client's time limit, is said at once.
 */
export const read = <T>(fn: () => Promise<T>): Promise<T> => retrying(passOnPauses, fn, { attempts: 3, backoffBaseMs: 400, passingOnly: true });
