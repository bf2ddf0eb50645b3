/** How a bulk job spaces its requests, waits after a throttle, and backs off (for ./runner.ts and the worker's limiter). */
import type { ClarifaiError } from '../clarifai/errors.ts';
import type { RunnerDeps } from './runner.ts';

/** Spaces request starts evenly at `rate` per second; a throttle answer pushes the next start back. */
export class Pacer {
  private next = 0;
  private readonly interval: number;
  constructor(
    rate: number,
    private readonly deps: Pick<RunnerDeps, 'now' | 'sleep'>,
  ) {
    // A hair under the limit, so that arrival jitter never puts one request too many into a second.
    this.interval = (1000 / rate) * 1.02;
  }
  async take(): Promise<void> {
    const now = this.deps.now();
    const at = Math.max(now, this.next);
    this.next = at + this.interval;
    if (at > now) await this.deps.sleep(at - now);
  }
  penalize(ms: number): void {
    this.next = Math.max(this.next, this.deps.now() + ms);
  }
}

/**
 * How long every request of the job waits after a throttle answer (when no Retry-After came): the
 * limit is per rolling second, and the pacing already keeps under it, so a throttle means a brief
 * excess (arrival jitter, another client of the same user); a quarter second lets the window roll.
 */
export const THROTTLE_PAUSE_MS = 250;

/**
 * The longest wait Keysmith takes for one Retry-After header. A throttle's pause holds every request
 * of the worker (one limiter: ../../privileged/limiter.ts), so one `Retry-After: 86400` (a proxy, a
 * misconfigured server) would stall every job, Recover and listing for a day. Clarifai's limit is
 * per second; a minute is plenty, and a throttle that goes on is met by the next answer's pause.
 */
export const MAX_RETRY_AFTER_MS = 60_000;

/** How long an answer asks to wait before trying again: its Retry-After, capped (above), else `otherwise`. */
export function retryAfterMs(e: ClarifaiError, otherwise: number): number {
  return e.retryAfterSeconds !== undefined ? Math.min(e.retryAfterSeconds * 1000, MAX_RETRY_AFTER_MS) : otherwise;
}

export function backoffMs(attempt: number, random: number, baseMs = 500, capMs = 30_000): number {
  // Full jitter (AWS architecture blog): uniform in [0, min(cap, base * 2^attempt)].
  return Math.round(random * Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1)));
}
