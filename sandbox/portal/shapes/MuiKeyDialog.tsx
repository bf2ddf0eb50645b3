/**
 * `?shape=mui`: the key dialogs as Material UI (v5/v6) renders them. What sets it apart:
 * - Each scope is a FormControlLabel whose label is two Typography spans, a title and a caption, with
 *   no white space between them: textContent "Inputs:AddAdd Inputs to an App" (the caption is put on its
 *   own line by CSS, display:block, so innerText and the accessible name read "Inputs:Add\nAdd Inputs…").
 *   Single scopes the same: "All" + "All scopes", "Predict" + "Predict on Public and Custom Models".
 *   Captions come from the product's strings (human-labels.ts).
 * - Group headings per resource are plain Typography headings (<h3>): no group checkbox.
 * - Modal: a portal under <body>, `aria-hidden="true"` on every other child of <body> while open, a
 *   backdrop, focus sentinels before and after the dialog (Tab cycles inside), focus pulled back when it
 *   leaves, and Escape heard on the modal's root (so only while focus is inside, as MUI does).
 * - Ids in React's useId format (`:r1:`).
 * Deprecated scopes: shown, under their own heading "Deprecated" (as the default shape does).
 *
 * Accessible names: dialog labelled by its <h2> `Create API Key` / `Edit API Key`; `Close`; text field
 * `Description`; checkboxes named by title and caption (`Inputs:Add Add Inputs to an App`); buttons
 * `Cancel` and `Create` / `Save`.
 */
import type { JSX, TargetedSubmitEvent } from 'preact';
import { createPortal } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { currentLayout, humanLabel } from '../scope-model.ts';
import { descriptionProps, useKeyForm, type KeyForm } from '../shared/key-form.ts';
import { useAriaHiddenSiblings, useSentinelTrap } from '../shared/modal.ts';
import { discrete, live, usePortalHost, useReactId } from '../shared/react-like.ts';
import type { KeyDialogProps } from '../today/KeyDialog.tsx';
import { HUMAN_LABELS } from './human-labels.ts';
import './mui.css';

const CHECKED_PATH = 'M19 3H5c-1.11 0-2 .9-2 2v14c0 1.1.89 2 2 2h14c1.11 0 2-.9 2-2V5c0-1.1-.89-2-2-2zm-9 14l-5-5 1.41-1.41L10 14.17l7.59-7.59L19 8l-9 9z';
const BLANK_PATH = 'M19 5v14H5V5h14m0-2H5c-1.1 0-2 .9-2 2v14c0 1.1.9 2 2 2h14c1.1 0 2-.9 2-2V5c0-1.1-.9-2-2-2z';

/** MUI's <Checkbox> inside a <FormControlLabel> with a two-part label. */
function FormControlLabel({ form, scope }: { form: KeyForm; scope: string }): JSX.Element {
  const checked = form.has(scope);
  return (
    <label class="MuiFormControlLabel-root MuiFormControlLabel-labelPlacementEnd">
      <span class={`MuiButtonBase-root MuiCheckbox-root MuiCheckbox-colorPrimary PrivateSwitchBase-root${checked ? ' Mui-checked' : ''}`}>
        <input
          class="PrivateSwitchBase-input"
          type="checkbox"
          data-indeterminate="false"
          checked={checked}
          onClick={discrete((e) => {
            if (live(e)) form.set([scope], e.currentTarget.checked);
          })}
        />
        <svg
          class="MuiSvgIcon-root MuiSvgIcon-fontSizeMedium"
          focusable="false"
          aria-hidden="true"
          viewBox="0 0 24 24"
          data-testid={checked ? 'CheckBoxIcon' : 'CheckBoxOutlineBlankIcon'}
        >
          <path d={checked ? CHECKED_PATH : BLANK_PATH} />
        </svg>
      </span>
      <span class="MuiTypography-root MuiTypography-body1 MuiFormControlLabel-label">
        <span class="MuiTypography-root MuiTypography-body2 scope-title">{scope}</span>
        <span class="MuiTypography-root MuiTypography-caption scope-caption">{HUMAN_LABELS[scope] ?? humanLabel(scope)}</span>
      </span>
    </label>
  );
}

function FormGroup({ form, scopes }: { form: KeyForm; scopes: readonly string[] }): JSX.Element {
  return (
    <div class="MuiFormGroup-root">
      {scopes.map((s) => (
        <FormControlLabel key={s} form={form} scope={s} />
      ))}
    </div>
  );
}

function Scopes({ form }: { form: KeyForm }): JSX.Element {
  const { single, groups, deprecated } = currentLayout();
  return (
    <div class="MuiBox-root mui-scopes">
      <p class="MuiTypography-root MuiTypography-subtitle1">Scopes</p>
      <FormGroup form={form} scopes={single} />
      {groups.map((g) => (
        <div class="MuiBox-root mui-scope-group" key={g.resource}>
          <h3 class="MuiTypography-root MuiTypography-subtitle2">{g.resource}</h3>
          <FormGroup form={form} scopes={g.scopes} />
        </div>
      ))}
      {deprecated.length > 0 && (
        <div class="MuiBox-root mui-scope-group">
          <h3 class="MuiTypography-root MuiTypography-subtitle2">Deprecated</h3>
          <FormGroup form={form} scopes={deprecated} />
        </div>
      )}
    </div>
  );
}

export function MuiKeyDialog({ mode, editing, onClose, onSave }: KeyDialogProps): JSX.Element {
  const host = usePortalHost('MuiDialog-portal');
  useAriaHiddenSiblings(host);
  const titleId = useReactId();
  const inputId = useReactId();
  const form = useKeyForm({ description: editing?.description ?? '', scopes: editing?.scopes ?? [] }, { mode, shape: 'mui', keyId: editing?.id });
  const container = useRef<HTMLDivElement | null>(null);
  const input = useRef<HTMLInputElement | null>(null);
  const trap = useSentinelTrap(container, true);
  useLayoutEffect(() => {
    // TextField autoFocus: focus is inside the trap from the first frame.
    (input.current ?? container.current)?.focus();
  }, []);

  const close = (): void => {
    if (!form.busy) onClose();
  };
  const onKeyDown = (e: KeyboardEvent): void => {
    if (e.key !== 'Escape') return;
    e.stopPropagation();
    close();
  };
  const onSubmit = (e: TargetedSubmitEvent<HTMLFormElement>): void => {
    e.preventDefault();
    void form.submit(onSave);
  };

  return createPortal(
    <div role="presentation" class="MuiDialog-root MuiModal-root" onKeyDown={onKeyDown}>
      <div aria-hidden="true" class="MuiBackdrop-root MuiModal-backdrop MuiDialog-backdrop" onClick={close} />
      <div tabIndex={0} data-testid="sentinelStart" onFocus={trap.onStartFocus} />
      <div
        class="MuiDialog-container MuiDialog-scrollPaper"
        role="presentation"
        tabIndex={-1}
        ref={container}
        onClick={(e) => e.target === e.currentTarget && close()}
      >
        <div
          class="MuiPaper-root MuiPaper-elevation MuiPaper-rounded MuiPaper-elevation24 MuiDialog-paper MuiDialog-paperScrollPaper MuiDialog-paperWidthSm MuiDialog-paperFullWidth"
          role="dialog"
          aria-labelledby={titleId}
        >
          <h2 class="MuiTypography-root MuiTypography-h6 MuiDialogTitle-root" id={titleId}>
            {mode === 'edit' ? 'Edit API Key' : 'Create API Key'}
          </h2>
          <button
            class="MuiButtonBase-root MuiIconButton-root MuiIconButton-sizeMedium mui-close"
            tabIndex={0}
            type="button"
            aria-label="Close"
            onClick={close}
          >
            <svg class="MuiSvgIcon-root" focusable="false" aria-hidden="true" viewBox="0 0 24 24" data-testid="CloseIcon">
              <path d="M19 6.41 17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19 12 13.41 17.59 19 19 17.59 13.41 12z" />
            </svg>
          </button>
          <form class="mui-form" onSubmit={onSubmit} noValidate>
            <div class="MuiDialogContent-root MuiDialogContent-dividers">
              {mode === 'edit' && editing && (
                <p class="MuiTypography-root MuiTypography-body2 MuiDialogContentText-root">Key for app {editing.apps[0]?.id ?? ''}</p>
              )}
              <div class="MuiFormControl-root MuiFormControl-fullWidth MuiTextField-root">
                <label
                  class="MuiFormLabel-root MuiInputLabel-root MuiInputLabel-formControl MuiInputLabel-shrink MuiInputLabel-outlined"
                  data-shrink="true"
                  for={inputId}
                  id={`${inputId}-label`}
                >
                  Description
                </label>
                <div class="MuiInputBase-root MuiOutlinedInput-root MuiInputBase-colorPrimary MuiInputBase-fullWidth MuiInputBase-formControl">
                  <input
                    aria-invalid="false"
                    aria-describedby={`${inputId}-helper-text`}
                    autoComplete="off"
                    id={inputId}
                    type="text"
                    class="MuiInputBase-input MuiOutlinedInput-input"
                    {...descriptionProps(form, input)}
                  />
                  <fieldset aria-hidden="true" class="MuiOutlinedInput-notchedOutline">
                    <legend>
                      <span>Description</span>
                    </legend>
                  </fieldset>
                </div>
                <p class="MuiFormHelperText-root MuiFormHelperText-sizeMedium MuiFormHelperText-contained" id={`${inputId}-helper-text`}>
                  A short name to recognise this key by.
                </p>
              </div>
              <Scopes form={form} />
              {form.error && (
                <div class="MuiPaper-root MuiAlert-root MuiAlert-standardError" role="alert">
                  <div class="MuiAlert-message">{form.error}</div>
                </div>
              )}
            </div>
            <div class="MuiDialogActions-root MuiDialogActions-spacing">
              <button
                class="MuiButtonBase-root MuiButton-root MuiButton-text MuiButton-textPrimary"
                tabIndex={0}
                type="button"
                onClick={close}
                disabled={form.busy}
              >
                Cancel
              </button>
              <button class="MuiButtonBase-root MuiButton-root MuiButton-contained MuiButton-containedPrimary" tabIndex={0} type="submit" disabled={form.busy}>
                {mode === 'edit' ? 'Save' : 'Create'}
              </button>
            </div>
          </form>
        </div>
      </div>
      <div tabIndex={0} data-testid="sentinelEnd" onFocus={trap.onEndFocus} />
    </div>,
    host,
  );
}
