/**
 * Today's create/edit key form on clarifai.com (App Settings → API Keys → Create API Key), as a modal
 * dialog in a portal under <body>. Accessible names (what the extension may rely on):
 *   dialog: role=dialog, aria-modal, labelled by its <h2> `Create API Key` / `Edit API Key`
 *   `Close` (icon button), text field `Short description`, fieldset legend `Scopes`,
 *   checkboxes `All`, `Predict`, `Search`, group boxes by resource (`Inputs`), one per scope (`Inputs:Add`),
 *   footer `Cancel` and `Create API Key` / `Save changes`.
 */
import type { ComponentChildren, JSX, TargetedSubmitEvent } from 'preact';
import { createPortal } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { KeyDraft, PortalKey } from '../client.ts';
import { currentLayout } from '../scope-model.ts';
import { useKeyForm, type KeyForm } from '../shared/key-form.ts';
import { discrete, live, trackValue, useEscape, usePortalHost, useUid, valueChanged } from '../shared/react-like.ts';

export interface KeyDialogProps {
  mode: 'create' | 'edit';
  /** The key being edited (mode 'edit'). */
  editing?: PortalKey;
  onClose(): void;
  onSave(draft: KeyDraft): Promise<void>;
}

/**
 * `?variant=switches` renders the scopes as toggle switches (role="switch"), as a future redesign
 * might: markup Keysmith does not know, to test that it leaves such a portal alone and says so.
 */
const switches = typeof location !== 'undefined' && new URLSearchParams(location.search).get('variant') === 'switches';

function ScopeBox(props: {
  checked: boolean;
  indeterminate?: boolean;
  onToggle(on: boolean): void;
  className: string;
  children: ComponentChildren;
}): JSX.Element {
  if (switches)
    return (
      <div class={props.className}>
        <button type="button" role="switch" class="switch" aria-checked={props.checked} onClick={discrete((e) => live(e) && props.onToggle(!props.checked))}>
          {props.children}
        </button>
      </div>
    );
  return (
    <label class={props.className}>
      <input
        type="checkbox"
        class="checkbox__input"
        checked={props.checked}
        indeterminate={props.indeterminate ?? false}
        onClick={discrete((e) => {
          if (live(e)) props.onToggle(e.currentTarget.checked);
        })}
      />{' '}
      {props.children}
    </label>
  );
}

function ScopeRow({ form, scope }: { form: KeyForm; scope: string }): JSX.Element {
  return (
    <ScopeBox className="checkbox scope-option" checked={form.has(scope)} onToggle={(on) => form.set([scope], on)}>
      <span class="scope-option__name">{scope}</span>
    </ScopeBox>
  );
}

function ScopeList({ form }: { form: KeyForm }): JSX.Element {
  const { single, groups, deprecated } = currentLayout();
  return (
    <fieldset class="scope-picker">
      <legend class="scope-picker__legend">Scopes</legend>
      <p class="scope-picker__hint">Choose what this key may do. A key can only be used with this app.</p>
      <div class="scope-picker__general">
        {single.map((s) => (
          <ScopeRow key={s} form={form} scope={s} />
        ))}
      </div>
      <div class="scope-picker__groups">
        {groups.map((g) => (
          <div class="scope-group" key={g.resource}>
            <ScopeBox
              className="checkbox scope-group__toggle"
              checked={form.all(g.scopes)}
              indeterminate={form.some(g.scopes) && !form.all(g.scopes)}
              onToggle={(on) => form.set(g.scopes, on)}
            >
              <span class="scope-group__name">{g.resource}</span>
            </ScopeBox>
            <div class="scope-group__items">
              {g.scopes.map((s) => (
                <ScopeRow key={s} form={form} scope={s} />
              ))}
            </div>
          </div>
        ))}
      </div>
      {deprecated.length > 0 && (
        <div class="scope-group scope-group--deprecated">
          <p class="scope-group__caption">Deprecated</p>
          <div class="scope-group__items">
            {deprecated.map((s) => (
              <ScopeRow key={s} form={form} scope={s} />
            ))}
          </div>
        </div>
      )}
    </fieldset>
  );
}

export function KeyDialog({ mode, editing, onClose, onSave }: KeyDialogProps): JSX.Element {
  const host = usePortalHost('portal-layer');
  const titleId = useUid('dialog-title');
  const inputId = useUid('key-description');
  const form = useKeyForm(
    { description: editing?.description ?? '', scopes: editing?.scopes ?? [] },
    { mode, shape: switches ? 'switches' : 'default', keyId: editing?.id },
  );
  const input = useRef<HTMLInputElement | null>(null);
  useEscape(() => {
    if (!form.busy) onClose();
  });
  useEffect(() => {
    input.current?.focus();
  }, []);

  const title = mode === 'edit' ? 'Edit API Key' : 'Create API Key';
  const onSubmit = (e: TargetedSubmitEvent<HTMLFormElement>): void => {
    e.preventDefault();
    void form.submit(onSave);
  };

  return createPortal(
    <div class="modal">
      <div class="modal__backdrop" onClick={() => !form.busy && onClose()} />
      <div class="modal__dialog" role="dialog" aria-modal="true" aria-labelledby={titleId}>
        <div class="modal__header">
          <h2 class="modal__title" id={titleId}>
            {title}
          </h2>
          <button type="button" class="icon-button modal__close" aria-label="Close" onClick={onClose}>
            <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
              <path d="M6 6l12 12M18 6L6 18" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
            </svg>
          </button>
        </div>
        <form class="modal__form" onSubmit={onSubmit} noValidate>
          <div class="modal__body">
            {mode === 'edit' && editing && (
              <p class="modal__meta">
                Key for app <strong>{editing.apps[0]?.id ?? ''}</strong>
              </p>
            )}
            <div class="form-field">
              <label class="form-field__label" for={inputId}>
                Short description
              </label>
              <input
                id={inputId}
                ref={(el) => {
                  input.current = el;
                  trackValue(el);
                }}
                class="text-input"
                type="text"
                autoComplete="off"
                placeholder="e.g. Production app"
                value={form.description}
                onInput={discrete((e) => {
                  const el = e.currentTarget;
                  if (live(e) && valueChanged(el)) form.setDescription(el.value);
                })}
              />
            </div>
            <ScopeList key={form.generation} form={form} />
            {form.error && (
              <div class="form-error" role="alert">
                {form.error}
              </div>
            )}
          </div>
          <div class="modal__footer">
            <button type="button" class="button button--secondary" onClick={onClose} disabled={form.busy}>
              Cancel
            </button>
            <button type="submit" class="button button--primary" disabled={form.busy}>
              {mode === 'edit' ? 'Save changes' : 'Create API Key'}
            </button>
          </div>
        </form>
      </div>
    </div>,
    host,
  );
}
