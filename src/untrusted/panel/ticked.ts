/** The dialog's ticked scopes as a hook, kept current as the person (or the portal) changes them. */
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { FormMemory } from '../apply.ts';
import { after, onAbort } from '../lifetime.ts';

/**
 * The dialog's ticked scopes, kept current as the user (or the portal) changes them. Scopes whose
 * boxes are hidden now (a collapsed section, another tab) keep the state they were last seen in.
 * Its listeners, observer and timers end with the dialog's `signal`.
 */
export function useTicked(root: HTMLElement, signal: AbortSignal): [string[], () => void, FormMemory] {
  const memory = useMemo(() => new FormMemory(root), [root]);
  const [ticked, setTicked] = useState<string[]>(() => memory.refresh());
  const refresh = useCallback(() => setTicked(memory.refresh()), [memory]);
  useEffect(() => {
    // No cleanup of its own: the panel unmounts only when the dialog's signal aborts, and that ends
    // these listeners and the observer (the arguments never change during the panel's life).
    // A click (mouse or Space) on a box, or the list re-mounting, is when the selection can change.
    const later = () => after(0, refresh, signal);
    root.addEventListener('click', later, { capture: true, signal });
    root.addEventListener('change', later, { capture: true, signal });
    const mo = new MutationObserver(later);
    mo.observe(root, { childList: true, subtree: true });
    onAbort(signal, () => mo.disconnect());
  }, [root, refresh, signal]);
  return [ticked, refresh, memory];
}
