/**
 * The key form's state, shared by both eras' dialogs. The truth is component state, never the DOM:
 * checkboxes render `checked` from it and change it only through their click handlers, and submit
 * sends it. The form also re-renders on its own (a periodic tick) so that a box set from outside
 * without a click snaps back to the state, as it would after any re-render of a React form.
 */
import { useState } from 'preact/hooks';
import { sortScopes } from '../../../../src/pure/scopes/catalogue.ts';
import type { KeyDraft } from '../client.ts';
import { useTicker } from './react-like.ts';

/** How often an open form re-renders on its own. */
export const FORM_TICK_MS = 500;

export interface KeyForm {
  description: string;
  setDescription(v: string): void;
  has(scope: string): boolean;
  /** Whether every one of `scopes` is ticked. */
  all(scopes: readonly string[]): boolean;
  some(scopes: readonly string[]): boolean;
  set(scopes: readonly string[], on: boolean): void;
  /**
   * Changes whenever the description goes from empty to non-empty or back: the scope list is keyed by
   * it, so its DOM nodes are replaced then (a wrapper swap, as when a form's validity changes).
   * Code holding checkbox nodes from before must find them again.
   */
  generation: string;
  busy: boolean;
  error: string | null;
  /** Validates and runs `send` with the state; resolves true when it succeeded. */
  submit(send: (draft: KeyDraft) => Promise<unknown>): Promise<boolean>;
}

export function useKeyForm(initial: { description: string; scopes: readonly string[] }): KeyForm {
  const [description, setDescription] = useState(initial.description);
  const [scopes, setScopes] = useState<ReadonlySet<string>>(() => new Set(initial.scopes));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useTicker(FORM_TICK_MS);

  return {
    description,
    setDescription,
    has: (s) => scopes.has(s),
    all: (list) => list.length > 0 && list.every((s) => scopes.has(s)),
    some: (list) => list.some((s) => scopes.has(s)),
    set(list, on) {
      setScopes((prev) => {
        const next = new Set(prev);
        for (const s of list) {
          if (on) next.add(s);
          else next.delete(s);
        }
        return next;
      });
    },
    generation: description.trim() === '' ? 'unnamed' : 'named',
    busy,
    error,
    async submit(send) {
      if (busy) return false;
      if (scopes.size === 0) {
        setError('Select at least one scope.');
        return false;
      }
      setBusy(true);
      setError(null);
      try {
        await send({ description: description.trim(), scopes: sortScopes(scopes) });
        return true;
      } catch (e) {
        setError(e instanceof Error ? e.message : String(e));
        setBusy(false);
        return false;
      }
    },
  };
}
