/**
 * `?shape=rerender`: the key dialogs as a Mantine (v7) Modal with a scope list that is re-created whole
 * after every change. What sets it apart:
 * - The list is sorted ("Sort scopes": `A to Z`, `Z to A`, `Ticked first`, the default), and keyed by a
 *   render epoch that moves on every change of the ticked set or the sort: each click on a box replaces
 *   every box with a new node and a new id (`mantine-…`). A node held from before a click is detached,
 *   and a click on it is not heard (react-like.ts `live`).
 * - Scopes arrive late: "Loading scopes…" for 300-600 ms after the dialog is shown, then the list.
 * - Mantine Checkbox: `<input id>` with `<label for=id>` reading the scope string; a deprecated scope
 *   has the description "Deprecated" (aria-describedby).
 * - Modal: aria-hidden on the other children of <body> and a keydown focus trap (Mantine's
 *   use-focus-trap), Escape heard on the document (so also when the clicked node was removed and focus
 *   fell to <body>).
 * Deprecated scopes: shown inline in the sorted list, described "Deprecated".
 *
 * Accessible names: dialog labelled by its <h2> `Create API Key` / `Edit API Key`; `Close`; text field
 * `Description`; select `Sort scopes`; checkboxes `Inputs:Add`; buttons `Cancel` and `Create key` /
 * `Update key`.
 */
import type { JSX, TargetedEvent, TargetedMouseEvent, TargetedSubmitEvent } from 'preact';
import { createPortal } from 'preact';
import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { currentLayout } from '../scope-model.ts';
import { descriptionProps, useKeyForm, type KeyForm } from '../shared/key-form.ts';
import { useAriaHiddenSiblings, useFocusScope } from '../shared/modal.ts';
import { discrete, live, useEscape, useLate, usePortalHost, useReactId } from '../shared/react-like.ts';
import type { KeyDialogProps } from '../today/KeyDialog.tsx';
import './mantine.css';

export type ScopeSort = 'az' | 'za' | 'ticked';

/** Random 300-600 ms: the scope list's own request, after the dialog's chunk. */
export function scopesDelay(): number {
  return 300 + Math.floor(Math.random() * 300);
}

let epochs = 0;

function sorted(scopes: readonly string[], sort: ScopeSort, has: (s: string) => boolean): string[] {
  const az = [...scopes].sort((a, b) => a.localeCompare(b, 'en'));
  if (sort === 'za') return az.reverse();
  if (sort === 'ticked') return [...az.filter(has), ...az.filter((s) => !has(s))];
  return az;
}

function MantineCheckbox({ form, scope, id, deprecated }: { form: KeyForm; scope: string; id: string; deprecated: boolean }): JSX.Element {
  const checked = form.has(scope);
  return (
    <div class="mantine-Checkbox-root" data-checked={checked || undefined}>
      <div class="mantine-Checkbox-body">
        <div class="mantine-Checkbox-inner" data-label-position="right">
          <input
            class="mantine-Checkbox-input"
            type="checkbox"
            id={id}
            {...(deprecated ? { 'aria-describedby': `${id}-description` } : {})}
            checked={checked}
            onClick={discrete((e) => {
              if (live(e)) form.set([scope], e.currentTarget.checked);
            })}
          />
          <svg viewBox="0 0 10 7" fill="none" xmlns="http://www.w3.org/2000/svg" class="mantine-Checkbox-icon" aria-hidden="true">
            <path d="M4 4.586L1.707 2.293A1 1 0 1 0 .293 3.707l3 3a.997.997 0 0 0 1.414 0l5-5A1 1 0 1 0 8.293.293L4 4.586z" fill="currentColor" />
          </svg>
        </div>
        <div class="mantine-Checkbox-labelWrapper">
          <label class="mantine-Checkbox-label" for={id}>
            {scope}
          </label>
          {deprecated && (
            <p class="mantine-Checkbox-description" id={`${id}-description`}>
              Deprecated
            </p>
          )}
        </div>
      </div>
    </div>
  );
}

function ScopeList({ form, sort }: { form: KeyForm; sort: ScopeSort }): JSX.Element {
  const { single, groups, deprecated } = currentLayout();
  const all = [...single, ...groups.flatMap((g) => g.scopes), ...deprecated];
  const signature = `${sort}|${form.selected.join(',')}`;
  // A new epoch on every change: every row gets a new key (so a new node) and a new id.
  const epoch = useMemo(() => (++epochs).toString(36), [signature]);
  return (
    <div class="mantine-Stack-root mantine-scope-list" key={epoch}>
      {sorted(all, sort, form.has).map((s, i) => (
        <MantineCheckbox key={`${epoch}-${s}`} form={form} scope={s} id={`mantine-${epoch}x${i.toString(36)}`} deprecated={deprecated.includes(s)} />
      ))}
    </div>
  );
}

function Scopes({ form }: { form: KeyForm }): JSX.Element {
  const ready = useLate(scopesDelay);
  const [sort, setSort] = useState<ScopeSort>('ticked');
  const sortId = useReactId('mantine-');
  const onSort = discrete((e: TargetedEvent<HTMLSelectElement>) => {
    const v = e.currentTarget.value;
    if (live(e) && (v === 'az' || v === 'za' || v === 'ticked')) setSort(v);
  });
  return (
    <div class="mantine-scopes">
      <div class="mantine-Group-root mantine-scopes__toolbar">
        <div class="mantine-InputWrapper-root mantine-NativeSelect-root">
          <label class="mantine-InputWrapper-label mantine-NativeSelect-label" for={sortId} id={`${sortId}-label`}>
            Sort scopes
          </label>
          <div class="mantine-Input-wrapper mantine-NativeSelect-wrapper">
            <select class="mantine-Input-input mantine-NativeSelect-input" id={sortId} value={sort} onChange={onSort}>
              <option value="az">A to Z</option>
              <option value="za">Z to A</option>
              <option value="ticked">Ticked first</option>
            </select>
          </div>
        </div>
        <p class="mantine-Text-root mantine-scopes__count">{form.selected.length} selected</p>
      </div>
      {ready ? (
        <ScopeList form={form} sort={sort} />
      ) : (
        <div class="mantine-Group-root mantine-scopes__loading">
          <span class="mantine-Loader-root" aria-hidden="true" />
          <p class="mantine-Text-root">Loading scopes…</p>
        </div>
      )}
    </div>
  );
}

export function RerenderKeyDialog({ mode, editing, onClose, onSave }: KeyDialogProps): JSX.Element {
  const host = usePortalHost('mantine-Portal');
  useAriaHiddenSiblings(host);
  const id = useReactId('mantine-');
  const form = useKeyForm({ description: editing?.description ?? '', scopes: editing?.scopes ?? [] }, { mode, shape: 'rerender', keyId: editing?.id });
  const content = useRef<HTMLElement | null>(null);
  const input = useRef<HTMLInputElement | null>(null);
  const onTab = useFocusScope(content);
  const close = (): void => {
    if (!form.busy) onClose();
  };
  useEscape(close);
  useLayoutEffect(() => {
    (input.current ?? content.current)?.focus();
  }, []);

  const onSubmit = (e: TargetedSubmitEvent<HTMLFormElement>): void => {
    e.preventDefault();
    void form.submit(onSave);
  };
  const onOutside = (e: TargetedMouseEvent<HTMLDivElement>): void => {
    if (e.target === e.currentTarget) close();
  };

  return createPortal(
    <div class="mantine-Modal-root">
      <div class="mantine-Overlay-root mantine-Modal-overlay" />
      <div class="mantine-Modal-inner" onClick={onOutside}>
        <section
          class="mantine-Paper-root mantine-Modal-content"
          role="dialog"
          tabIndex={-1}
          aria-modal="true"
          aria-labelledby={`${id}-title`}
          aria-describedby={`${id}-body`}
          ref={content}
          onKeyDown={onTab}
        >
          <header class="mantine-Modal-header">
            <h2 class="mantine-Modal-title" id={`${id}-title`}>
              {mode === 'edit' ? 'Edit API Key' : 'Create API Key'}
            </h2>
            <button class="mantine-UnstyledButton-root mantine-CloseButton-root mantine-Modal-close" type="button" aria-label="Close" onClick={close}>
              <svg viewBox="0 0 15 15" fill="none" xmlns="http://www.w3.org/2000/svg" aria-hidden="true">
                <path
                  d="M11.782 4.032a.575.575 0 1 0-.813-.814L7.5 6.687 4.032 3.218a.575.575 0 0 0-.814.814L6.687 7.5l-3.469 3.468a.575.575 0 0 0 .814.814L7.5 8.313l3.469 3.469a.575.575 0 0 0 .813-.814L8.313 7.5l3.469-3.468z"
                  fill="currentColor"
                  fill-rule="evenodd"
                  clip-rule="evenodd"
                />
              </svg>
            </button>
          </header>
          <div class="mantine-Modal-body" id={`${id}-body`}>
            <form class="mantine-Stack-root" onSubmit={onSubmit} noValidate>
              <div class="mantine-InputWrapper-root mantine-TextInput-root">
                <label class="mantine-InputWrapper-label mantine-TextInput-label" for={`${id}-description`} id={`${id}-description-label`}>
                  Description
                </label>
                <div class="mantine-Input-wrapper mantine-TextInput-wrapper">
                  <input
                    class="mantine-Input-input mantine-TextInput-input"
                    id={`${id}-description`}
                    type="text"
                    autoComplete="off"
                    {...descriptionProps(form, input)}
                  />
                </div>
              </div>
              <Scopes form={form} />
              {form.error && (
                <div class="mantine-Alert-root" role="alert" data-variant="light">
                  <div class="mantine-Alert-message">{form.error}</div>
                </div>
              )}
              <div class="mantine-Group-root mantine-Modal-actions">
                <button class="mantine-UnstyledButton-root mantine-Button-root" data-variant="default" type="button" onClick={close} disabled={form.busy}>
                  <span class="mantine-Button-inner">
                    <span class="mantine-Button-label">Cancel</span>
                  </span>
                </button>
                <button
                  class="mantine-UnstyledButton-root mantine-Button-root"
                  data-variant="filled"
                  type="submit"
                  disabled={form.busy}
                  data-loading={form.busy || undefined}
                >
                  <span class="mantine-Button-inner">
                    <span class="mantine-Button-label">{mode === 'edit' ? 'Update key' : 'Create key'}</span>
                  </span>
                </button>
              </div>
            </form>
          </div>
        </section>
      </div>
    </div>,
    host,
  );
}
