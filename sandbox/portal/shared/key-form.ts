/**
 * The key form's state, shared by both eras' dialogs. The truth is component state, never the DOM:
 * checkboxes render `checked` from it and change it only through their click handlers, and submit
 * sends it. The form also re-renders on its own (a periodic tick) so that a box set from outside
 * without a click snaps back to the state, as it would after any re-render of a React form.
 */
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { sortScopes } from '../../../src/pure/scopes/catalogue.ts';
import type { KeyDraft } from '../client.ts';
import type { TargetedEvent } from 'preact';
import { discrete, live, trackValue, useTicker, valueChanged } from './react-like.ts';

/**
 * The open key form's state, published on `window.__sandboxKeyForm` for test code in the page's main
 * world (the e2e tests judge a preset by the page's own state, not by the DOM). Written from component
 * state in a layout effect after every committed change (so it is current when a discrete click
 * returns), replaced by a new frozen object each time, and deleted when the dialog unmounts.
 */
export interface SandboxKeyFormState {
  /** The ticked scopes, sorted with Array.prototype.sort (code-unit order, not catalogue order). */
  readonly scopes: readonly string[];
  /** The description field's state as typed (submit trims it). */
  readonly description: string;
  /** `default`, `switches`, `2019`, or one of DIALOG_SHAPES (shapes/index.ts). */
  readonly shape: string;
  readonly mode: 'create' | 'edit';
  /** The key being edited (mode `edit`). */
  readonly keyId?: string;
}

declare global {
  interface Window {
    __sandboxKeyForm?: SandboxKeyFormState;
  }
}

export interface KeyFormMeta {
  mode: 'create' | 'edit';
  shape: string;
  keyId?: string | undefined;
}

/** How often an open form re-renders on its own. */
export const FORM_TICK_MS = 500;

export interface KeyForm {
  description: string;
  setDescription(v: string): void;
  has(scope: string): boolean;
  /** The ticked scopes, in catalogue order. */
  selected: readonly string[];
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

export function useKeyForm(initial: { description: string; scopes: readonly string[] }, meta: KeyFormMeta): KeyForm {
  const [description, setDescription] = useState(initial.description);
  const [scopes, setScopes] = useState<ReadonlySet<string>>(() => new Set(initial.scopes));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useTicker(FORM_TICK_MS);
  usePublishedState(scopes, description, meta);

  return {
    description,
    setDescription,
    has: (s) => scopes.has(s),
    selected: sortScopes(scopes),
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

/** Keeps `window.__sandboxKeyForm` equal to the form's state while the form is mounted (see above). */
function usePublishedState(scopes: ReadonlySet<string>, description: string, meta: KeyFormMeta): void {
  const written = useRef<SandboxKeyFormState | null>(null);
  useLayoutEffect(() => {
    if (typeof window === 'undefined') return;
    const state: SandboxKeyFormState = Object.freeze({
      scopes: Object.freeze([...scopes].sort()),
      description,
      shape: meta.shape,
      mode: meta.mode,
      ...(meta.keyId !== undefined ? { keyId: meta.keyId } : {}),
    });
    written.current = state;
    window.__sandboxKeyForm = state;
  }, [scopes, description, meta.shape, meta.mode, meta.keyId]);
  useLayoutEffect(
    () => () => {
      // Only our own: a dialog mounting while this one unmounts must keep its state.
      if (typeof window !== 'undefined' && window.__sandboxKeyForm === written.current) delete window.__sandboxKeyForm;
    },
    [],
  );
}

/**
 * Props of a controlled description field, heard the way React hears it (value tracker, live node,
 * discrete render); `focus` receives the node for the dialog's initial focus.
 */
export function descriptionProps(form: KeyForm, focus?: { current: HTMLInputElement | null }) {
  return {
    ref(el: HTMLInputElement | null): void {
      if (focus) focus.current = el;
      trackValue(el);
    },
    value: form.description,
    onInput: discrete((e: TargetedEvent<HTMLInputElement>) => {
      const el = e.currentTarget;
      if (live(e) && valueChanged(el)) form.setDescription(el.value);
    }),
  };
}
