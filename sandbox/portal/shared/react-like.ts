/**
 * What makes the fake portal's forms behave like React's controlled inputs, so that the content script
 * is tested against the real thing rather than against Preact's friendlier defaults:
 *
 * - React listens at its root, so an event on a node that has been detached (a stale reference kept
 *   across a re-render) never reaches a handler: `live(e)` is false for those.
 * - React's onChange for a checkbox is driven by the click event; a bare 'change' or 'input' event does
 *   nothing. Handlers here are on onClick only, and read the box's state after the click as React does.
 * - React's value tracker: setting `input.value = …` through the element (the setter React wraps) and
 *   then dispatching 'input' is ignored, because the tracker already holds the new value. Only the
 *   native prototype setter plus an 'input' event, or real typing, is heard.
 *   (refined-github and testing-library both rely on this behaviour.)
 * - React renders the updates of a discrete event (click, input) before the event's dispatch returns,
 *   so `box.click(); submit.click()` in one task sees the new state. Preact would wait for a microtask;
 *   `discrete()` handlers flush Preact's render queue at their end to match React.
 */
import { options } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';

let pendingRenders: (() => void)[] = [];

function flushRenders(): void {
  const run = pendingRenders;
  pendingRenders = [];
  for (const cb of run) cb();
}

// Preact's render queue, made flushable (by default it runs in a microtask, as it still does here).
options.debounceRendering = (cb) => {
  pendingRenders.push(cb);
  queueMicrotask(flushRenders);
};

/** An event handler whose state updates are rendered before the event's dispatch returns (as React does). */
export function discrete<E extends Event>(handler: (e: E) => void): (e: E) => void {
  return (e) => {
    handler(e);
    flushRenders();
  };
}

/** Whether the event's listener node is still in the document (see above). */
export function live(e: Event): boolean {
  const node = e.currentTarget as Node | null;
  return node !== null && node.isConnected;
}

const tracked = new WeakMap<HTMLInputElement, string>();

/** Ref callback for a controlled text input: installs React's value tracker on the node. */
export function trackValue(el: HTMLInputElement | null): void {
  if (!el || tracked.has(el)) return;
  const native =
    Object.getOwnPropertyDescriptor(Object.getPrototypeOf(el) as object, 'value') ?? Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value');
  if (!native?.get || !native.set) return;
  const { get, set } = native;
  tracked.set(el, String(get.call(el)));
  Object.defineProperty(el, 'value', {
    configurable: true,
    enumerable: native.enumerable ?? false,
    get() {
      return get.call(this) as string;
    },
    set(v: unknown) {
      tracked.set(el, String(v));
      set.call(this, v);
    },
  });
}

/** True when the node's value differs from what the tracker last saw (and records the new value). */
export function valueChanged(el: HTMLInputElement): boolean {
  const now = el.value;
  if (tracked.has(el) && tracked.get(el) === now) return false;
  tracked.set(el, now);
  return true;
}

/** Random 200-600 ms, the time a code-split chunk of the dialog takes to arrive. */
export function chunkDelay(): number {
  return 200 + Math.floor(Math.random() * 400);
}

/** False until `delay()` ms after mount (like React.lazy with a null fallback). */
export function useLate(delay: () => number): boolean {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    const t = setTimeout(() => setReady(true), delay());
    return () => clearTimeout(t);
  }, []);
  return ready;
}

/** Re-renders the calling component every `ms` (a harmless state tick, like a polling hook would cause). */
export function useTicker(ms: number): number {
  const [n, setN] = useState(0);
  useEffect(() => {
    const t = setInterval(() => setN((x) => x + 1), ms);
    return () => clearInterval(t);
  }, [ms]);
  return n;
}

/** A container appended to <body> while mounted, as modal libraries create for their portals. */
export function usePortalHost(className: string): HTMLElement {
  const [host] = useState(() => {
    const d = document.createElement('div');
    d.className = className;
    return d;
  });
  useLayoutEffect(() => {
    document.body.appendChild(host);
    return () => host.remove();
  }, [host]);
  return host;
}

/**
 * Calls `onEscape` on Escape anywhere in the document while mounted. Registered in a layout effect,
 * so the listener is there as soon as the dialog is in the DOM: modal libraries listen from the
 * moment they render (MUI's onKeyDown on the modal root), and a passive effect would leave a window,
 * after the dialog appears and before the effect runs, in which Escape is lost (this made
 * `fake-portal.test.ts > removes the dialog on Cancel, Close and Escape` fail about one run in three).
 */
export function useEscape(onEscape: () => void): void {
  const latest = useRef(onEscape);
  latest.current = onEscape;
  useLayoutEffect(() => {
    const h = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') latest.current();
    };
    document.addEventListener('keydown', h);
    return () => document.removeEventListener('keydown', h);
  }, []);
}

let seq = 0;
/** A stable id unique to this component instance (for label `for` and aria-labelledby). */
export function useUid(prefix: string): string {
  const [id] = useState(() => `${prefix}-${(++seq).toString(36)}`);
  return id;
}

/**
 * An id in React 18's `useId` format (`:r1a:`), with an optional library prefix (`radix-:r3:`), as
 * component libraries build on `useId`. The colons are real: selectors must escape them.
 */
export function useReactId(prefix = ''): string {
  const [id] = useState(() => `${prefix}:r${(++seq).toString(36)}:`);
  return id;
}
