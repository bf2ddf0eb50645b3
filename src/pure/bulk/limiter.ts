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

export class RateWindow implements Limiter {
  /** Starts in the window, oldest first; each is moved to when its request really left (`takeTicket`). */
  private readonly starts: { at: number }[] = [];
  private blockedUntil = 0;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly max: () => number,
    private readonly windowMs: number,
    private readonly deps: { now(): number; sleep(ms: number): Promise<void> },
  ) {}

  /** Resolves when the caller may start its request (and counts that start). */
  take(): Promise<void> {
    return this.takeTicket().then(() => undefined);
  }

  /**
   * As `take`, and answers a function to call when the request really leaves: its start is then
   * counted from that moment, never earlier than its turn. What runs between the turn and the
   * sending (the worker's vault check, ../../privileged/api.ts) can take a while; counted at the
   * turn, a late request and those admitted a window later would leave less than a window apart.
   */
  takeTicket(): Promise<() => void> {
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

  private async admit(): Promise<() => void> {
    for (;;) {
      const now = this.deps.now();
      while (this.starts.length && this.starts[0]!.at <= now - this.windowMs) this.starts.shift();
      const full = this.starts.length >= Math.max(1, this.max());
      const wait = Math.max(this.blockedUntil - now, full ? this.starts[0]!.at + this.windowMs - now : 0);
      if (wait <= 0) {
        const start = { at: now };
        this.starts.push(start);
        return () => {
          start.at = Math.max(start.at, this.deps.now());
          if (!this.starts.includes(start)) this.starts.push(start); // left more than a window after its turn: counted again now
          this.starts.sort((a, b) => a.at - b.at);
        };
      }
      await this.deps.sleep(wait);
    }
  }
}
