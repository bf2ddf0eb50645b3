/**
 * A dialog's lifetime, as an AbortSignal, and the waits that honour it. content.ts makes one
 * AbortController per dialog and aborts it when the dialog goes (or the script is orphaned). Whatever
 * Keysmith starts for that dialog, a listener, an observer, a timer, the panel, takes the signal and
 * stops with it, so nothing of Keysmith runs on for a dialog that is gone. A wait that is cut off
 * never resolves: what awaits it stops there, and is collected with it.
 */

/** Calls `stop` once `signal` aborts (at once if it has); answers what unregisters it. */
export function onAbort(signal: AbortSignal | undefined, stop: () => void): () => void {
  if (signal?.aborted) stop();
  signal?.addEventListener('abort', stop);
  return () => signal?.removeEventListener('abort', stop);
}

/** `setTimeout(fn, ms)`, cleared when `signal` aborts first. */
export function after(ms: number, fn: () => void, signal?: AbortSignal): void {
  const timer = setTimeout(() => {
    off();
    fn();
  }, ms);
  const off = onAbort(signal, () => clearTimeout(timer));
}

/** Resolves in a microtask; never, once `signal` has aborted. */
export const microtask = (signal?: AbortSignal) => (signal?.aborted ? new Promise<void>(() => {}) : Promise.resolve());

/**
 * One turn of the event loop, so that a portal that renders in a task of its own (React's scheduler
 * posts one through a MessageChannel) has rendered. A MessageChannel turn has no 4 ms clamp, unlike
 * `setTimeout(0)` after a few nested calls.
 */
export const settle = (signal?: AbortSignal) =>
  new Promise<void>((r) => {
    const ch = new MessageChannel();
    const off = onAbort(signal, () => ch.port1.close());
    ch.port1.onmessage = () => {
      off();
      ch.port1.close();
      r();
    };
    ch.port2.postMessage(null);
  });

/** `read()` until it answers, polled every 16 ms for up to `ms`; then its last answer. */
export async function waitFor<T>(read: () => T | null, ms: number, signal?: AbortSignal): Promise<T | null> {
  const end = Date.now() + ms;
  for (;;) {
    const v = read();
    if (v !== null || Date.now() > end) return v;
    await new Promise<void>((r) => after(16, r, signal));
  }
}

/**
 * Resolves once `done()` holds, checked on every change in `node`, or after `ms` with the last
 * answer. A portal may render a box's new state a task or two after the click (an ARIA checkbox whose
 * aria-checked follows a state update): clicking it again before then would undo the first click.
 */
export function until(node: Node, done: () => boolean, ms: number, signal?: AbortSignal): Promise<boolean> {
  if (done()) return Promise.resolve(true);
  return new Promise((resolve) => {
    const stop = () => {
      mo.disconnect();
      clearTimeout(timer);
    };
    const finish = (v: boolean) => {
      off();
      stop();
      resolve(v);
    };
    const mo = new MutationObserver(() => {
      if (done()) finish(true);
    });
    const timer = setTimeout(() => finish(done()), ms);
    mo.observe(node, { subtree: true, childList: true, attributes: true });
    const off = onAbort(signal, stop);
  });
}
