/** Virtual time for the bulk runner's tests (tests/unit/pure/bulk/). */

/**
 * A fake clock: `sleep` resolves when virtual time reaches its wake time; whenever every task is
 * waiting, time jumps to the earliest timer. `run` drives a job to its end.
 */
export function fakeClock(start: number) {
  let t = start;
  const timers: { at: number; resolve: () => void }[] = [];
  const idle = () => new Promise<void>((r) => setImmediate(r));
  return {
    now: () => t,
    set: (v: number) => (t = v),
    sleep: (ms: number) => new Promise<void>((resolve) => timers.push({ at: t + Math.max(0, ms), resolve })),
    async run<T>(p: Promise<T>): Promise<T> {
      let done = false;
      const out = p.finally(() => (done = true));
      out.catch(() => {}); // a rejection is the caller's to check, after the loop
      while (!done) {
        await idle();
        if (done || !timers.length) continue;
        timers.sort((a, b) => a.at - b.at);
        const next = timers.shift()!;
        t = Math.max(t, next.at);
        next.resolve();
      }
      return out;
    },
  };
}
