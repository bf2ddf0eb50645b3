/**
 * `?shape=tabs`: the key dialogs as a react-bootstrap (v2) Modal with Tabs. What sets it apart:
 * - `role="tablist"` with two `role="tab"` buttons, "Basic scopes" (selected when the dialog opens) and
 *   "Advanced scopes" (aria-selected, roving tabindex, arrow keys), and one `role="tabpanel"`: only the
 *   selected tab's panel is in the DOM (Tabs with mountOnEnter/unmountOnExit).
 * - "Basic scopes" lists the 2019 BASIC rows (scope-model.ts BASIC_ROWS): one checkbox stands for
 *   several scopes ("Inputs: Add, Get and Delete Inputs"), ticked when all are, indeterminate when some.
 * - "Advanced scopes" lists single scopes, `<input class="form-check-input" id>` + `<label for>` with the
 *   scope string, under a heading per resource.
 * - Both tabs render the same form state; the person may leave either open.
 * - Modal: role=dialog on the full-screen `.modal`, the title a <div class="modal-title h4">, Escape on
 *   the document, focus kept inside (Bootstrap's focus trap: Tab wraps, focus that leaves returns); no
 *   aria-hidden on the page.
 * Deprecated scopes: left out of "Advanced scopes", as a portal following Clarifai's newest protos would.
 *
 * Accessible names: dialog `Create API Key` / `Edit API Key`; `Close`; text field `Key description`; tabs
 * `Basic scopes`, `Advanced scopes`; basic rows `All`, `Inputs: Add, Get and Delete Inputs`, …; advanced
 * rows `Inputs:Add`; buttons `Cancel` and `Create API Key` / `Save`.
 */
import type { JSX, TargetedMouseEvent, TargetedSubmitEvent } from 'preact';
import { createPortal } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { BASIC_ROWS, currentLayout } from '../scope-model.ts';
import { descriptionProps, useKeyForm, type KeyForm } from '../shared/key-form.ts';
import { useFocusScope } from '../shared/modal.ts';
import { discrete, live, useEscape, usePortalHost, useUid } from '../shared/react-like.ts';
import type { KeyDialogProps } from '../today/KeyDialog.tsx';
import './bootstrap.css';

type Tab = 'basic' | 'advanced';

function FormCheck(props: {
  id: string;
  checked: boolean;
  indeterminate?: boolean;
  onToggle(on: boolean): void;
  children: JSX.Element | (JSX.Element | string)[] | string;
}): JSX.Element {
  return (
    <div class="form-check">
      <input
        class="form-check-input"
        type="checkbox"
        id={props.id}
        checked={props.checked}
        indeterminate={props.indeterminate ?? false}
        onClick={discrete((e) => {
          if (live(e)) props.onToggle(e.currentTarget.checked);
        })}
      />
      <label class="form-check-label" for={props.id}>
        {props.children}
      </label>
    </div>
  );
}

function BasicPane({ form, idBase }: { form: KeyForm; idBase: string }): JSX.Element {
  return (
    <div class="scope-basic">
      {BASIC_ROWS.map((r, i) => (
        <FormCheck
          key={r.title}
          id={`${idBase}-basic-${i}`}
          checked={form.all(r.scopes)}
          indeterminate={form.some(r.scopes) && !form.all(r.scopes)}
          onToggle={(on) => form.set(r.scopes, on)}
        >
          {r.text ? [<strong key="t">{r.title}</strong>, ` ${r.text}`] : r.title}
        </FormCheck>
      ))}
    </div>
  );
}

function AdvancedPane({ form, idBase }: { form: KeyForm; idBase: string }): JSX.Element {
  const { single, groups } = currentLayout();
  let n = 0;
  const row = (s: string): JSX.Element => (
    <FormCheck key={s} id={`${idBase}-adv-${n++}`} checked={form.has(s)} onToggle={(on) => form.set([s], on)}>
      {s}
    </FormCheck>
  );
  return (
    <div class="scope-advanced">
      <div class="scope-advanced__general">{single.map(row)}</div>
      <div class="row row-cols-2">
        {groups.map((g) => (
          <div class="col mb-3" key={g.resource}>
            <h6 class="text-body-secondary">{g.resource}</h6>
            {g.scopes.map(row)}
          </div>
        ))}
      </div>
    </div>
  );
}

function ScopeTabs({ form }: { form: KeyForm }): JSX.Element {
  const [tab, setTab] = useState<Tab>('basic');
  const base = useUid('scope-tabs');
  const tabs: [Tab, string][] = [
    ['basic', 'Basic scopes'],
    ['advanced', 'Advanced scopes'],
  ];
  const onKeyDown = (e: KeyboardEvent): void => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    e.preventDefault();
    const next: Tab = tab === 'basic' ? 'advanced' : 'basic';
    setTab(next);
    queueMicrotask(() => document.getElementById(`${base}-tab-${next}`)?.focus());
  };
  return (
    <div class="scope-tabs">
      <nav role="tablist" class="mb-3 nav nav-tabs" id={base} onKeyDown={onKeyDown}>
        {tabs.map(([key, name]) => (
          <button
            key={key}
            type="button"
            role="tab"
            id={`${base}-tab-${key}`}
            aria-controls={`${base}-tabpane-${key}`}
            aria-selected={tab === key}
            tabIndex={tab === key ? 0 : -1}
            data-rr-ui-event-key={key}
            class={`nav-link${tab === key ? ' active' : ''}`}
            onClick={discrete((e) => {
              if (live(e)) setTab(key);
            })}
          >
            {name}
          </button>
        ))}
      </nav>
      <div class="tab-content">
        <div role="tabpanel" key={tab} id={`${base}-tabpane-${tab}`} aria-labelledby={`${base}-tab-${tab}`} class="fade tab-pane active show">
          {tab === 'basic' ? <BasicPane form={form} idBase={base} /> : <AdvancedPane form={form} idBase={base} />}
        </div>
      </div>
    </div>
  );
}

export function TabsKeyDialog({ mode, editing, onClose, onSave }: KeyDialogProps): JSX.Element {
  const host = usePortalHost('bootstrap-portal');
  const titleId = useUid('key-modal-title');
  const inputId = useUid('keyDescription');
  const form = useKeyForm({ description: editing?.description ?? '', scopes: editing?.scopes ?? [] }, { mode, shape: 'tabs', keyId: editing?.id });
  const modal = useRef<HTMLDivElement | null>(null);
  const input = useRef<HTMLInputElement | null>(null);
  const onTab = useFocusScope(modal);
  const close = (): void => {
    if (!form.busy) onClose();
  };
  useEscape(close);
  useLayoutEffect(() => {
    (input.current ?? modal.current)?.focus();
  }, []);

  const onSubmit = (e: TargetedSubmitEvent<HTMLFormElement>): void => {
    e.preventDefault();
    void form.submit(onSave);
  };
  const onBackdropClick = (e: TargetedMouseEvent<HTMLDivElement>): void => {
    if (e.target === e.currentTarget) close();
  };

  return createPortal(
    <div class="bootstrap-root">
      <div class="fade modal-backdrop show" />
      <div
        role="dialog"
        aria-modal="true"
        class="fade modal show"
        tabIndex={-1}
        aria-labelledby={titleId}
        ref={modal}
        onKeyDown={onTab}
        onClick={onBackdropClick}
      >
        <div class="modal-dialog modal-lg modal-dialog-scrollable">
          <div class="modal-content">
            <form class="modal-form" onSubmit={onSubmit} noValidate>
              <div class="modal-header">
                <div class="modal-title h4" id={titleId}>
                  {mode === 'edit' ? 'Edit API Key' : 'Create API Key'}
                </div>
                <button type="button" class="btn-close" aria-label="Close" onClick={close} />
              </div>
              <div class="modal-body">
                <div class="mb-3">
                  <label class="form-label" for={inputId}>
                    Key description
                  </label>
                  <input type="text" id={inputId} class="form-control" autoComplete="off" {...descriptionProps(form, input)} />
                </div>
                <ScopeTabs form={form} />
                {form.error && (
                  <div role="alert" class="fade alert alert-danger show">
                    {form.error}
                  </div>
                )}
              </div>
              <div class="modal-footer">
                <button type="button" class="btn btn-secondary" onClick={close} disabled={form.busy}>
                  Cancel
                </button>
                <button type="submit" class="btn btn-primary" disabled={form.busy}>
                  {mode === 'edit' ? 'Save' : 'Create API Key'}
                </button>
              </div>
            </form>
          </div>
        </div>
      </div>
    </div>,
    host,
  );
}
