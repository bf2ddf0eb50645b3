/**
 * `?shape=aria`: the key dialogs as Radix UI primitives (Dialog, Checkbox) render them; Headless UI's
 * are alike. What sets it apart:
 * - No native checkbox at all: `<button type="button" role="checkbox" aria-checked="true|false"
 *   data-state="checked|unchecked" value="on" id>` with an svg indicator inside while checked, and a
 *   sibling `<label for=id>` whose text is a title span and a description span with no white space
 *   between them ("Inputs:Add" + "Add inputs to an app"). Only a click toggles (Space on the focused
 *   button clicks it; Enter is ignored, as Radix does). The periodic re-render puts aria-checked and
 *   data-state back to the state if something else changed them.
 * - Groups: `role="group"` labelled (aria-labelledby) by an <h3>: "General", one per resource, "Deprecated".
 * - Dialog: portal under <body>, focus guards at both ends of <body>, the rest of the page hidden (the
 *   `aria-hidden` package: aria-hidden plus data-aria-hidden), FocusScope (Tab wraps at the edges,
 *   focus that escapes returns), Escape on the document, a click on the overlay closes.
 * Deprecated scopes: shown, in a group "Deprecated".
 *
 * Accessible names: dialog labelled by its <h2> `Create API Key` / `Edit API Key` and described by a
 * <p>; `Close`; text field `Description`; checkboxes `Inputs:Add Add inputs to an app` (title, then
 * description); buttons `Cancel` and `Create key` / `Save changes`.
 */
import type { JSX, TargetedSubmitEvent } from 'preact';
import { createPortal } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { currentLayout, humanLabel } from '../scope-model.ts';
import { descriptionProps, useKeyForm, type KeyForm } from '../shared/key-form.ts';
import { useFocusScope, useHideOthers } from '../shared/modal.ts';
import { discrete, live, useEscape, usePortalHost, useReactId } from '../shared/react-like.ts';
import type { KeyDialogProps } from '../today/KeyDialog.tsx';
import './radix.css';

/** "Add Inputs to an App" → "Add inputs to an app" (this design system writes sentence case). */
function sentence(text: string): string {
  return text.replace(/(?<=\s)([A-Z])(?=[a-z])/g, (c) => c.toLowerCase());
}

function CheckboxRoot({ form, scope }: { form: KeyForm; scope: string }): JSX.Element {
  const id = useReactId();
  const checked = form.has(scope);
  const state = checked ? 'checked' : 'unchecked';
  const button = useRef<HTMLButtonElement | null>(null);
  useLayoutEffect(() => {
    // Every render (the form's tick too): the attributes say what the state says.
    const b = button.current;
    if (!b) return;
    if (b.getAttribute('aria-checked') !== String(checked)) b.setAttribute('aria-checked', String(checked));
    if (b.getAttribute('data-state') !== state) b.setAttribute('data-state', state);
  });
  return (
    <div class="ScopeItem">
      <button
        type="button"
        role="checkbox"
        aria-checked={checked ? 'true' : 'false'}
        data-state={state}
        value="on"
        class="CheckboxRoot"
        id={id}
        ref={button}
        onKeyDown={(e) => {
          if (e.key === 'Enter') e.preventDefault();
        }}
        onClick={discrete((e) => {
          if (live(e)) form.set([scope], !checked);
        })}
      >
        {checked && (
          <span data-state="checked" class="CheckboxIndicator">
            <svg width="15" height="15" viewBox="0 0 15 15" fill="none" xmlns="http://www.w3.org/2000/svg" aria-hidden="true">
              <path
                d="M11.467 3.727c.289.189.37.576.181.865l-4.25 6.5a.625.625 0 0 1-.944.12l-2.75-2.5a.625.625 0 0 1 .841-.925l2.208 2.007 3.849-5.886a.625.625 0 0 1 .865-.181Z"
                fill="currentColor"
                fill-rule="evenodd"
                clip-rule="evenodd"
              />
            </svg>
          </span>
        )}
      </button>
      <label class="Label" for={id}>
        <span class="LabelTitle">{scope}</span>
        <span class="LabelDescription">{sentence(humanLabel(scope))}</span>
      </label>
    </div>
  );
}

function Group({ form, title, scopes }: { form: KeyForm; title: string; scopes: readonly string[] }): JSX.Element {
  const id = useReactId('radix-');
  return (
    <div role="group" aria-labelledby={id} class="ScopeGroup">
      <h3 class="ScopeGroupTitle" id={id}>
        {title}
      </h3>
      {scopes.map((s) => (
        <CheckboxRoot key={s} form={form} scope={s} />
      ))}
    </div>
  );
}

/** Radix's useFocusGuards: a focusable, invisible span at each end of <body> while a dialog is open. */
function useFocusGuards(): void {
  useLayoutEffect(() => {
    const guard = (): HTMLSpanElement => {
      const s = document.createElement('span');
      s.setAttribute('data-radix-focus-guard', '');
      s.tabIndex = 0;
      s.className = 'radix-focus-guard';
      return s;
    };
    const start = guard();
    const end = guard();
    document.body.insertAdjacentElement('afterbegin', start);
    document.body.insertAdjacentElement('beforeend', end);
    return () => {
      start.remove();
      end.remove();
    };
  }, []);
}

export function AriaKeyDialog({ mode, editing, onClose, onSave }: KeyDialogProps): JSX.Element {
  const host = usePortalHost('radix-portal');
  const titleId = useReactId('radix-');
  const descId = useReactId('radix-');
  const contentId = useReactId('radix-');
  const inputId = useReactId();
  const form = useKeyForm({ description: editing?.description ?? '', scopes: editing?.scopes ?? [] }, { mode, shape: 'aria', keyId: editing?.id });
  const content = useRef<HTMLDivElement | null>(null);
  const input = useRef<HTMLInputElement | null>(null);
  useFocusGuards();
  useHideOthers(content);
  const onTab = useFocusScope(content);
  const close = (): void => {
    if (!form.busy) onClose();
  };
  useEscape(close);
  useLayoutEffect(() => {
    (input.current ?? content.current)?.focus();
  }, []);

  const { single, groups, deprecated } = currentLayout();
  const onSubmit = (e: TargetedSubmitEvent<HTMLFormElement>): void => {
    e.preventDefault();
    void form.submit(onSave);
  };

  return createPortal(
    <>
      <div class="DialogOverlay" data-state="open" onClick={close} />
      <div
        role="dialog"
        id={contentId}
        aria-describedby={descId}
        aria-labelledby={titleId}
        data-state="open"
        tabIndex={-1}
        class="DialogContent"
        ref={content}
        onKeyDown={onTab}
      >
        <h2 id={titleId} class="DialogTitle">
          {mode === 'edit' ? 'Edit API Key' : 'Create API Key'}
        </h2>
        <p id={descId} class="DialogDescription">
          {mode === 'edit'
            ? `Change what this key can do in ${editing?.apps[0]?.id ?? 'this app'}.`
            : 'Choose what the new key can do. It works with this app only.'}
        </p>
        <form class="DialogForm" onSubmit={onSubmit} noValidate>
          <fieldset class="Fieldset">
            <label class="Label" for={inputId}>
              Description
            </label>
            <input class="Input" id={inputId} type="text" autoComplete="off" {...descriptionProps(form, input)} />
          </fieldset>
          <div class="ScopeList">
            <Group form={form} title="General" scopes={single} />
            {groups.map((g) => (
              <Group key={g.resource} form={form} title={g.resource} scopes={g.scopes} />
            ))}
            {deprecated.length > 0 && <Group form={form} title="Deprecated" scopes={deprecated} />}
          </div>
          {form.error && (
            <p role="alert" class="DialogError">
              {form.error}
            </p>
          )}
          <div class="DialogActions">
            <button type="button" class="Button gray" onClick={close} disabled={form.busy}>
              Cancel
            </button>
            <button type="submit" class="Button green" disabled={form.busy}>
              {mode === 'edit' ? 'Save changes' : 'Create key'}
            </button>
          </div>
        </form>
        <button type="button" class="IconButton" aria-label="Close" onClick={close}>
          <svg width="15" height="15" viewBox="0 0 15 15" fill="none" xmlns="http://www.w3.org/2000/svg" aria-hidden="true">
            <path
              d="M11.782 4.032a.575.575 0 1 0-.813-.814L7.5 6.687 4.032 3.218a.575.575 0 0 0-.814.814L6.687 7.5l-3.469 3.468a.575.575 0 0 0 .814.814L7.5 8.313l3.469 3.469a.575.575 0 0 0 .813-.814L8.313 7.5l3.469-3.468z"
              fill="currentColor"
              fill-rule="evenodd"
              clip-rule="evenodd"
            />
          </svg>
        </button>
      </div>
    </>,
    host,
  );
}
