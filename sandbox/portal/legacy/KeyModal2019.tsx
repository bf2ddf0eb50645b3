/**
 * The 2018-2022 create/edit key modal of portal.clarifai.com, after the Clarifai/old-docs screenshots.
 * Accessible names (what the extension may rely on):
 *   dialog: role=dialog, aria-modal, labelled by its heading `Create an API Key` / `Edit API Key`
 *   close button `×` (aria-label `Close`), label `KEY DESCRIPTION` for the input (placeholder
 *   `Short descriptive name`), a section headed `Scopes` with a link-like button `ADVANCED` / `BASIC`,
 *   BASIC rows: `All`, `Annotation: Add and Remove Annotations on Inputs`, …
 *   ADVANCED rows: `All All Scopes`, `Predict Predict on Public and Custom Models`, group boxes by
 *   resource (`Inputs`), rows `Inputs:Add Add Inputs to an App` (scope string, then a human label),
 *   footer `CANCEL` and `CREATE API KEY` / `SAVE`.
 * Switching BASIC/ADVANCED replaces the list's DOM nodes.
 */
import type { ComponentChildren, JSX, TargetedSubmitEvent } from 'preact';
import { createPortal } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { KeyDraft, PortalKey } from '../client.ts';
import { BASIC_ROWS, humanLabel, currentLayout } from '../scope-model.ts';
import { useKeyForm, type KeyForm } from '../shared/key-form.ts';
import { discrete, live, trackValue, useEscape, usePortalHost, useUid, valueChanged } from '../shared/react-like.ts';

export interface KeyModal2019Props {
  mode: 'create' | 'edit';
  editing?: PortalKey;
  onClose(): void;
  onSave(draft: KeyDraft): Promise<void>;
}

function Row(props: { checked: boolean; indeterminate?: boolean; onToggle(on: boolean): void; className: string; children: ComponentChildren }): JSX.Element {
  return (
    <li class={props.className}>
      <label class="scope-row__label">
        <input
          type="checkbox"
          checked={props.checked}
          indeterminate={props.indeterminate ?? false}
          onClick={discrete((e) => {
            if (live(e)) props.onToggle(e.currentTarget.checked);
          })}
        />{' '}
        {props.children}
      </label>
    </li>
  );
}

function BasicList({ form }: { form: KeyForm }): JSX.Element {
  return (
    <ul class="scope-list scope-list--basic">
      {BASIC_ROWS.map((r) => (
        <Row key={r.title} className="scope-row" checked={form.all(r.scopes)} onToggle={(on) => form.set(r.scopes, on)}>
          <span class="scope-row__title">{r.title}</span>
          {r.text && ' '}
          {r.text && <span class="scope-row__text">{r.text}</span>}
        </Row>
      ))}
    </ul>
  );
}

function AdvancedRow({ form, scope }: { form: KeyForm; scope: string }): JSX.Element {
  return (
    <Row className="scope-row" checked={form.has(scope)} onToggle={(on) => form.set([scope], on)}>
      <span class="scope-row__scope">{scope}</span> <span class="scope-row__text">{humanLabel(scope)}</span>
    </Row>
  );
}

function AdvancedList({ form }: { form: KeyForm }): JSX.Element {
  const { single, groups, deprecated } = currentLayout();
  return (
    <div class="scope-list scope-list--advanced">
      <ul class="scope-list__plain">
        {single.map((s) => (
          <AdvancedRow key={s} form={form} scope={s} />
        ))}
      </ul>
      {groups.map((g) => (
        <div class="scope-group" key={g.resource}>
          <label class="scope-group__label">
            <input
              type="checkbox"
              checked={form.all(g.scopes)}
              indeterminate={form.some(g.scopes) && !form.all(g.scopes)}
              onClick={discrete((e) => {
                if (live(e)) form.set(g.scopes, e.currentTarget.checked);
              })}
            />{' '}
            <span>{g.resource}</span>
          </label>
          <ul class="scope-group__rows">
            {g.scopes.map((s) => (
              <AdvancedRow key={s} form={form} scope={s} />
            ))}
          </ul>
        </div>
      ))}
      {deprecated.length > 0 && (
        <div class="scope-group scope-group--deprecated">
          <div class="scope-group__caption">Deprecated</div>
          <ul class="scope-group__rows">
            {deprecated.map((s) => (
              <AdvancedRow key={s} form={form} scope={s} />
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

export function KeyModal2019({ mode, editing, onClose, onSave }: KeyModal2019Props): JSX.Element {
  const host = usePortalHost('modal-container');
  const titleId = useUid('modal-title');
  const inputId = useUid('key-description');
  const form = useKeyForm({ description: editing?.description ?? '', scopes: editing?.scopes ?? [] }, { mode, shape: '2019', keyId: editing?.id });
  const [view, setView] = useState<'basic' | 'advanced'>('basic');
  const input = useRef<HTMLInputElement | null>(null);
  useEscape(() => {
    if (!form.busy) onClose();
  });
  useEffect(() => {
    input.current?.focus();
  }, []);

  const onSubmit = (e: TargetedSubmitEvent<HTMLFormElement>): void => {
    e.preventDefault();
    void form.submit(onSave);
  };

  return createPortal(
    <div class="legacy-modal">
      <div class="legacy-modal__backdrop fade in" onClick={() => !form.busy && onClose()} />
      <div class="legacy-modal__dialog" role="dialog" aria-modal="true" aria-labelledby={titleId}>
        <form class="legacy-modal__content" onSubmit={onSubmit} noValidate>
          <div class="legacy-modal__header">
            <button type="button" class="close" aria-label="Close" onClick={onClose}>
              ×
            </button>
            <h4 class="legacy-modal__title" id={titleId}>
              {mode === 'edit' ? 'Edit API Key' : 'Create an API Key'}
            </h4>
          </div>
          <div class="legacy-modal__body">
            <div class="form-group">
              <label class="control-label" for={inputId}>
                KEY DESCRIPTION
              </label>
              <input
                id={inputId}
                ref={(el) => {
                  input.current = el;
                  trackValue(el);
                }}
                class="form-control"
                type="text"
                autoComplete="off"
                placeholder="Short descriptive name"
                value={form.description}
                onInput={discrete((e) => {
                  const el = e.currentTarget;
                  if (live(e) && valueChanged(el)) form.setDescription(el.value);
                })}
              />
            </div>
            <section class="scopes-section" aria-labelledby={`${titleId}-scopes`}>
              <div class="scopes-section__header">
                <h5 class="scopes-section__title" id={`${titleId}-scopes`}>
                  Scopes
                </h5>
                <button
                  type="button"
                  class="btn-link scopes-section__toggle"
                  onClick={discrete((e) => {
                    if (live(e)) setView(view === 'basic' ? 'advanced' : 'basic');
                  })}
                >
                  {view === 'basic' ? 'ADVANCED' : 'BASIC'}
                </button>
              </div>
              {view === 'basic' ? <BasicList key={`basic-${form.generation}`} form={form} /> : <AdvancedList key={`advanced-${form.generation}`} form={form} />}
            </section>
            {form.error && (
              <div class="alert alert-danger" role="alert">
                {form.error}
              </div>
            )}
          </div>
          <div class="legacy-modal__footer">
            <button type="button" class="btn btn-default" onClick={onClose} disabled={form.busy}>
              CANCEL
            </button>
            <button type="submit" class="btn btn-primary" disabled={form.busy}>
              {mode === 'edit' ? 'SAVE' : 'CREATE API KEY'}
            </button>
          </div>
        </form>
      </div>
    </div>,
    host,
  );
}
