/** The dialog's ticked scopes as a hook, kept current as the person (or the portal) changes them. */
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { FormMemory } from '../apply.ts';

/**
 * The dialog's ticked scopes, kept current as the user (or the portal) changes them. Scopes whose
 * boxes are hidden now (a collapsed section, another tab) keep the state they were last seen in.
 */
export function useTicked(root: HTMLElement): [string[], () => void, FormMemory] {
  const memory = useMemo(() => new FormMemory(root), [root]);
  const [ticked, setTicked] = useState<string[]>(() => memory.refresh());
  const refresh = useCallback(() => setTicked(memory.refresh()), [memory]);
  useEffect(() => {
    // A click (mouse or Space) on a box, or the list re-mounting, is when the selection can change.
    const later = () => setTimeout(refresh, 0);
    root.addEventListener('click', later, true);
    root.addEventListener('change', later, true);
    const mo = new MutationObserver(later);
    mo.observe(root, { childList: true, subtree: true });
    return () => {
      root.removeEventListener('click', later, true);
      root.removeEventListener('change', later, true);
      mo.disconnect();
    };
  }, [root, refresh]);
  return [ticked, refresh, memory];
}
