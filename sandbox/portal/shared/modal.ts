/**
 * What modal libraries do around a dialog, each the way its library does it, for the dialog shapes
 * (../shapes/): hide the rest of the page from assistive technology, and keep focus inside.
 *
 * - MUI's ModalManager sets `aria-hidden="true"` on the other children of <body> (`ariaHiddenSiblings`);
 *   its FocusTrap puts a focusable sentinel before and after the dialog, sends focus that lands on one
 *   to the other end, pulls focus back when it goes outside, and every 50 ms when it fell to <body>
 *   (a focused node that a re-render removed). rc-dialog (Ant Design) has the sentinels only.
 * - The `aria-hidden` package (Radix, Chakra) walks from the dialog up to <body> and hides every
 *   sibling on the way, marking them `data-aria-hidden`; focus-scope / react-focus-lock wrap Tab at the
 *   edges from a keydown handler and return focus that escapes to the last element focused inside.
 *
 * Everything is registered in layout effects: the libraries listen from the moment the dialog is in
 * the DOM (see useEscape in react-like.ts for what a passive effect's delay did to a test).
 */
import { useLayoutEffect, useRef } from 'preact/hooks';

const TABBABLE = 'a[href], button, input, select, textarea, [tabindex]';
/** Focus sentinels and guards of the libraries: focusable, but not part of the dialog's Tab order. */
const SENTINEL = '[data-testid="sentinelStart"], [data-testid="sentinelEnd"], [data-sentinel], [data-radix-focus-guard]';

/** The elements Tab visits inside `root`, in DOM order (sentinels and tabindex=-1 excluded). */
export function tabbables(root: Element): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(TABBABLE)].filter(
    (el) =>
      !(el as HTMLButtonElement).disabled &&
      el.getAttribute('tabindex') !== '-1' &&
      !el.matches(SENTINEL) &&
      !el.closest('[hidden], [inert]') &&
      !(el instanceof HTMLInputElement && el.type === 'hidden'),
  );
}

const SKIP = new Set(['SCRIPT', 'STYLE', 'LINK', 'TEMPLATE', 'NOSCRIPT']);

/** MUI: `aria-hidden="true"` on every other child of <body> while mounted; restored after. */
export function useAriaHiddenSiblings(host: HTMLElement): void {
  useLayoutEffect(() => {
    const hidden: Element[] = [];
    for (const el of [...document.body.children]) {
      if (el === host || SKIP.has(el.tagName) || el.getAttribute('aria-hidden') === 'true') continue;
      el.setAttribute('aria-hidden', 'true');
      hidden.push(el);
    }
    return () => {
      for (const el of hidden) el.removeAttribute('aria-hidden');
    };
  }, [host]);
}

/** The `aria-hidden` package's hideOthers: every sibling of the target and of each of its ancestors. */
export function useHideOthers(target: { current: Element | null }): void {
  useLayoutEffect(() => {
    const hidden: Element[] = [];
    let node = target.current;
    while (node && node !== document.body && node.parentElement) {
      for (const sib of [...node.parentElement.children]) {
        if (sib === node || SKIP.has(sib.tagName) || sib.getAttribute('aria-hidden') === 'true') continue;
        sib.setAttribute('aria-hidden', 'true');
        sib.setAttribute('data-aria-hidden', 'true');
        hidden.push(sib);
      }
      node = node.parentElement;
    }
    return () => {
      for (const el of hidden) {
        el.removeAttribute('aria-hidden');
        el.removeAttribute('data-aria-hidden');
      }
    };
  }, []);
}

export interface SentinelTrap {
  /** onFocus of the sentinel before the dialog: focus goes to the last tabbable inside. */
  onStartFocus(): void;
  /** onFocus of the sentinel after the dialog: focus goes to the first tabbable inside. */
  onEndFocus(): void;
}

/**
 * Sentinel focus trap (MUI FocusTrap, rc-dialog). `enforce` adds MUI's enforceFocus: focus that moves
 * outside `root` is pulled back to `root`, and focus left on <body> is pulled back every 50 ms.
 */
export function useSentinelTrap(root: { current: HTMLElement | null }, enforce: boolean): SentinelTrap {
  useLayoutEffect(() => {
    if (!enforce) return;
    const contain = (): void => {
      const r = root.current;
      if (r && r.isConnected && !r.contains(document.activeElement)) r.focus();
    };
    const onFocusIn = (e: FocusEvent): void => {
      const r = root.current;
      if (r && e.target instanceof Node && !r.parentElement?.contains(e.target)) contain();
    };
    document.addEventListener('focusin', onFocusIn);
    const poll = setInterval(() => {
      if (document.activeElement === document.body || document.activeElement === null) contain();
    }, 50);
    return () => {
      document.removeEventListener('focusin', onFocusIn);
      clearInterval(poll);
    };
  }, [enforce]);
  return {
    onStartFocus() {
      const r = root.current;
      if (r) (tabbables(r).at(-1) ?? r).focus();
    },
    onEndFocus() {
      const r = root.current;
      if (r) (tabbables(r)[0] ?? r).focus();
    },
  };
}

/**
 * Keydown focus scope (Radix FocusScope, react-focus-lock): Tab on the last tabbable goes to the
 * first, Shift+Tab on the first to the last; focus that lands outside returns to the last element
 * focused inside. Returns the keydown handler to put on the dialog.
 */
export function useFocusScope(root: { current: HTMLElement | null }): (e: KeyboardEvent) => void {
  const lastInside = useRef<HTMLElement | null>(null);
  useLayoutEffect(() => {
    const onFocusIn = (e: FocusEvent): void => {
      const r = root.current;
      if (!r || !(e.target instanceof HTMLElement)) return;
      if (r.contains(e.target)) lastInside.current = e.target;
      else ((lastInside.current?.isConnected ? lastInside.current : null) ?? tabbables(r)[0] ?? r).focus();
    };
    document.addEventListener('focusin', onFocusIn);
    return () => document.removeEventListener('focusin', onFocusIn);
  }, []);
  return (e) => {
    const r = root.current;
    if (e.key !== 'Tab' || !r) return;
    const list = tabbables(r);
    const first = list[0];
    const last = list.at(-1);
    if (!first || !last) {
      e.preventDefault();
      return;
    }
    const active = document.activeElement;
    if (!e.shiftKey && (active === last || !r.contains(active))) {
      e.preventDefault();
      first.focus();
    } else if (e.shiftKey && (active === first || active === r)) {
      e.preventDefault();
      last.focus();
    }
  };
}
