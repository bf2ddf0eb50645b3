/**
 * `?shape=accordion`: the key dialogs with collapsed groups, as a Chakra UI (v2) Modal and Accordion
 * render them. What sets it apart:
 * - One accordion section per resource: a header with a group checkbox named "Inputs: all scopes"
 *   (ticks or clears the section's scopes; indeterminate when some are ticked), always visible, and
 *   `<h2><button aria-expanded aria-controls>Inputs 2 of 3</button></h2>` (the count is ticked of listed).
 *   The section's panel, and so its scope checkboxes, exists in the DOM only while expanded (the
 *   Accordion's lazy panels). Every section is collapsed when the dialog opens, the edit dialog too.
 * - A "Select all" checkbox at the top (every listed scope; indeterminate when some are ticked).
 * - Single scopes (All, Predict, Search) in an always-open group "General".
 * - Scope rows are not <label>s: the native checkbox is named by `aria-labelledby` (the scope string)
 *   and described by `aria-describedby` (a human sentence), as list rows of a design system are.
 * - Modal: hides the rest of the page (the `aria-hidden` package), a keydown focus scope (Tab wraps at
 *   the edges, focus that escapes returns), Escape heard on the document.
 * Deprecated scopes: left out, as a portal following Clarifai's newest protos would.
 *
 * Accessible names: dialog `Create API Key` / `Edit API Key` (its <header>); `Close`; text field
 * `Short description`; `Select all`; group checkboxes `Inputs: all scopes`; section buttons `Inputs N of M`;
 * scope checkboxes `Inputs:Add` (description `Add Inputs to an App`); buttons `Cancel` and
 * `Create API Key` / `Save changes`.
 */
import type { JSX, TargetedMouseEvent, TargetedSubmitEvent } from 'preact';
import { createPortal } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { currentLayout, humanLabel } from '../scope-model.ts';
import { descriptionProps, useKeyForm, type KeyForm } from '../shared/key-form.ts';
import { useFocusScope, useHideOthers } from '../shared/modal.ts';
import { discrete, live, useEscape, usePortalHost, useReactId } from '../shared/react-like.ts';
import type { KeyDialogProps } from '../today/KeyDialog.tsx';
import './chakra.css';

function ScopeRow({ form, scope }: { form: KeyForm; scope: string }): JSX.Element {
  const id = useReactId('scope-');
  return (
    <li class="chakra-scope-row">
      <input
        type="checkbox"
        class="chakra-scope-row__input"
        id={id}
        aria-labelledby={`${id}-label`}
        aria-describedby={`${id}-helptext`}
        checked={form.has(scope)}
        onClick={discrete((e) => {
          if (live(e)) form.set([scope], e.currentTarget.checked);
        })}
      />
      <div class="chakra-stack">
        <span class="chakra-text chakra-scope-row__name" id={`${id}-label`}>
          {scope}
        </span>
        <span class="chakra-text chakra-scope-row__help" id={`${id}-helptext`}>
          {humanLabel(scope)}
        </span>
      </div>
    </li>
  );
}

/** A checkbox over several scopes (a section's group box, Select all): ticks or clears them all. */
function ManyBox({ form, scopes, label, visible }: { form: KeyForm; scopes: readonly string[]; label: string; visible: boolean }): JSX.Element {
  const all = form.all(scopes);
  const some = form.some(scopes);
  return (
    <label
      class={`chakra-checkbox${all ? ' chakra-checkbox--checked' : ''}`}
      data-checked={all ? '' : undefined}
      data-indeterminate={some && !all ? '' : undefined}
    >
      <input
        type="checkbox"
        class="chakra-checkbox__input"
        {...(visible ? {} : { 'aria-label': label })}
        checked={all}
        indeterminate={some && !all}
        onClick={discrete((e) => {
          if (live(e)) form.set(scopes, e.currentTarget.checked);
        })}
      />
      {visible && <span class="chakra-checkbox__label">{label}</span>}
    </label>
  );
}

function Section({
  form,
  resource,
  scopes,
  expanded,
  onToggle,
}: {
  form: KeyForm;
  resource: string;
  scopes: readonly string[];
  expanded: boolean;
  onToggle(): void;
}): JSX.Element {
  const id = useReactId();
  const ticked = scopes.filter((s) => form.has(s)).length;
  return (
    <div class="chakra-accordion__item">
      <div class="chakra-accordion__header">
        <ManyBox form={form} scopes={scopes} label={`${resource}: all scopes`} visible={false} />
        <h2 class="chakra-heading">
          <button
            type="button"
            id={`accordion-button-${id}`}
            aria-expanded={expanded}
            aria-controls={`accordion-panel-${id}`}
            class="chakra-accordion__button"
            onClick={discrete((e) => {
              if (live(e)) onToggle();
            })}
          >
            <span class="chakra-accordion__title">{resource}</span>{' '}
            <span class="chakra-badge">
              {ticked} of {scopes.length}
            </span>
            <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false" class="chakra-icon chakra-accordion__icon" data-expanded={expanded ? '' : undefined}>
              <path fill="currentColor" d="M16.59 8.59L12 13.17 7.41 8.59 6 10l6 6 6-6z" />
            </svg>
          </button>
        </h2>
      </div>
      {expanded && (
        <div role="region" id={`accordion-panel-${id}`} aria-labelledby={`accordion-button-${id}`} class="chakra-collapse">
          <ul class="chakra-accordion__panel chakra-scope-list">
            {scopes.map((s) => (
              <ScopeRow key={s} form={form} scope={s} />
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

function Scopes({ form }: { form: KeyForm }): JSX.Element {
  const { single, groups } = currentLayout();
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const generalId = useReactId();
  const every = [...single, ...groups.flatMap((g) => g.scopes)];
  const toggle = (resource: string): void =>
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(resource)) next.delete(resource);
      else next.add(resource);
      return next;
    });
  return (
    <div class="chakra-scopes">
      <div class="chakra-scopes__toolbar">
        <ManyBox form={form} scopes={every} label="Select all" visible />
        <span class="chakra-text chakra-scopes__count">
          {every.filter((s) => form.has(s)).length} of {every.length} selected
        </span>
      </div>
      <div role="group" aria-labelledby={generalId} class="chakra-scopes__general">
        <p class="chakra-text chakra-scopes__heading" id={generalId}>
          General
        </p>
        <ul class="chakra-scope-list">
          {single.map((s) => (
            <ScopeRow key={s} form={form} scope={s} />
          ))}
        </ul>
      </div>
      <div class="chakra-accordion">
        {groups.map((g) => (
          <Section
            key={g.resource}
            form={form}
            resource={g.resource}
            scopes={g.scopes}
            expanded={expanded.has(g.resource)}
            onToggle={() => toggle(g.resource)}
          />
        ))}
      </div>
    </div>
  );
}

export function AccordionKeyDialog({ mode, editing, onClose, onSave }: KeyDialogProps): JSX.Element {
  const host = usePortalHost('chakra-portal');
  const id = useReactId();
  const form = useKeyForm({ description: editing?.description ?? '', scopes: editing?.scopes ?? [] }, { mode, shape: 'accordion', keyId: editing?.id });
  const content = useRef<HTMLElement | null>(null);
  const input = useRef<HTMLInputElement | null>(null);
  useHideOthers(content);
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
    <div class="chakra-modal__root">
      <div class="chakra-modal__overlay" />
      <div class="chakra-modal__content-container" tabIndex={-1} onClick={onOutside}>
        <section
          class="chakra-modal__content"
          role="dialog"
          id={`chakra-modal-${id}`}
          tabIndex={-1}
          aria-modal="true"
          aria-labelledby={`chakra-modal--header-${id}`}
          aria-describedby={`chakra-modal--body-${id}`}
          ref={content}
          onKeyDown={onTab}
        >
          <header class="chakra-modal__header" id={`chakra-modal--header-${id}`}>
            {mode === 'edit' ? 'Edit API Key' : 'Create API Key'}
          </header>
          <button type="button" aria-label="Close" class="chakra-modal__close-btn" onClick={close}>
            <svg viewBox="0 0 24 24" focusable="false" class="chakra-icon" aria-hidden="true">
              <path
                fill="currentColor"
                d="M.439,21.44a1.5,1.5,0,0,0,2.122,2.121L11.823,14.3a.25.25,0,0,1,.354,0l9.262,9.263a1.5,1.5,0,1,0,2.122-2.121L14.3,12.177a.25.25,0,0,1,0-.354l9.263-9.262A1.5,1.5,0,0,0,21.439.44L12.177,9.7a.25.25,0,0,1-.354,0L2.561.44A1.5,1.5,0,0,0,.439,2.561L9.7,11.823a.25.25,0,0,1,0,.354Z"
              />
            </svg>
          </button>
          <form class="chakra-modal__form" onSubmit={onSubmit} noValidate>
            <div class="chakra-modal__body" id={`chakra-modal--body-${id}`}>
              <div role="group" class="chakra-form-control">
                <label id={`field-${id}-label`} for={`field-${id}`} class="chakra-form__label">
                  Short description
                </label>
                <input id={`field-${id}`} type="text" autoComplete="off" class="chakra-input" {...descriptionProps(form, input)} />
              </div>
              <Scopes form={form} />
              {form.error && (
                <div role="alert" class="chakra-alert" data-status="error">
                  {form.error}
                </div>
              )}
            </div>
            <footer class="chakra-modal__footer">
              <button type="button" class="chakra-button chakra-button--ghost" onClick={close} disabled={form.busy}>
                Cancel
              </button>
              <button type="submit" class="chakra-button chakra-button--solid" disabled={form.busy} data-loading={form.busy ? '' : undefined}>
                {mode === 'edit' ? 'Save changes' : 'Create API Key'}
              </button>
            </footer>
          </form>
        </section>
      </div>
    </div>,
    host,
  );
}
