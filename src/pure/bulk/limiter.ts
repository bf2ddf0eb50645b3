/**
 * A rolling-window rate limiter: at most `max()` starts in any window of `windowMs`, first come
 * first served, and a pause (`penalize`) after a throttle answer holds every caller. Pure: the clock
 * is injected.
 */

/** What a request path needs from a limiter: a turn before it starts, and a pause after a throttle. */
export interface Limiter {
  take(): Promise<void>;
  penalize(ms: number): void;
}

/**
 * Called when a request that took its turn really leaves (`leave()`), or when it will not leave at
 * all (`leave(false)`: the job stopped, the token is gone), which gives the turn back.
 */
export type Leave = (sent?: boolean) => void;

interface Start {
  /** When the request left, or when its turn came while it has not left yet. */
  at: number;
  sent: boolean;
}

export class RateWindow implements Limiter {
  /**
   * The turns given in the window. A turn whose request has not left yet holds its place for as
   * long as it waits: its request may leave any time, and is counted from then (`takeTicket`).
   */
  private starts: Start[] = [];
  private blockedUntil = 0;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly max: () => number,
    private readonly windowMs: number,
    private readonly deps: { now(): number; sleep(ms: number): Promise<void> },
  ) {}

  /** Resolves when the caller may start its request, and counts that start at once. */
  take(): Promise<void> {
    return this.takeTicket().then((leave) => leave());
  }

  /**
   * As `take`, and answers the function to call when the request really leaves: its start is then
   * counted from that moment, never earlier than its turn. What runs between the turn and the
   * sending (the worker's vault check, ../../privileged/api.ts) can take a while; counted at the
   * turn, a late request and those admitted a window later would leave less than a window apart.
   * Until it is called, the turn holds a place in the window, so every caller must call it once:
   * `leave()` when the request leaves, `leave(false)` when it never will.
   */
  takeTicket(): Promise<Leave> {
    const turn = this.queue.then(() => this.admit());
    this.queue = turn.then(
      () => {},
      () => {},
    );
    return turn;
  }

  penalize(ms: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, this.deps.now() + ms);
  }

  /** Holds every caller for one window: what was sent just before this limiter existed is unknown to it. */
  holdOneWindow(): void {
    this.penalize(this.windowMs);
  }

  private async admit(): Promise<Leave> {
    for (;;) {
      const now = this.deps.now();
      this.starts = this.starts.filter((s) => !s.sent || s.at > now - this.windowMs);
      const max = Math.max(1, this.max());
      const full = this.starts.length >= max;
      // Full: a place frees when the oldest request that left is a window old, or when a waiting
      // turn is given back (looked at again a little later, if no request has left yet).
      const oldest = Math.min(...this.starts.filter((s) => s.sent).map((s) => s.at));
      const freed = Number.isFinite(oldest) ? oldest + this.windowMs - now : this.windowMs / max;
      const wait = Math.max(this.blockedUntil - now, full ? freed : 0);
      if (wait <= 0) {
        const start: Start = { at: now, sent: false };
        this.starts.push(start);
        let done = false;
        return (sent = true) => {
          if (done) return;
          done = true;
          if (!sent) this.starts = this.starts.filter((s) => s !== start);
          else [start.at, start.sent] = [Math.max(start.at, this.deps.now()), true];
        };
      }
      await this.deps.sleep(wait);
    }
  }
}
