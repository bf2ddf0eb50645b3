/**
 * `?shape=human`: the key dialogs as Ant Design (v5) renders them, with labels that show human text
 * only ("Read Inputs", "Write Annotations", "Add Inputs to an App"), never the scope string. The
 * wordings are the product's strings (human-labels.ts). What sets it apart:
 * - `<label class="ant-checkbox-wrapper"><span class="ant-checkbox"><input class="ant-checkbox-input">…
 *   </span><span>Read Inputs</span></label>`; the scope is in no attribute, except for the boxes of
 *   HUMAN_VALUE_SCOPES, whose input has `value="Models:Train"` (a later team's Checkbox.Group options).
 * - Group headings are Ant Dividers (`role="separator"`) with the resource as words ("Model Exports").
 * - rc-dialog modal: mask, a wrap that closes on a click beside the dialog, focus sentinels inside the
 *   dialog (Tab cycles), no aria-hidden on the page (Ant does not set it); Escape heard on the wrap (so
 *   only while focus is inside). The title is a <div>, named through aria-labelledby.
 * - The footer's OK button is outside the <form> and submits from its onClick (Ant's onOk); Enter in
 *   the text field submits through the form (onFinish).
 * Deprecated scopes: shown, under a Divider "Deprecated" (this product's strings predate the newest protos).
 *
 * Accessible names: dialog `Create API Key` / `Edit API Key`; `Close`; text field `Key description`;
 * checkboxes by their human text (HUMAN_LABELS); buttons `Cancel` and `Confirm` / `Save`.
 */
import type { JSX, TargetedMouseEvent, TargetedSubmitEvent } from 'preact';
import { createPortal } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { currentLayout, words } from '../scope-model.ts';
import { descriptionProps, useKeyForm, type KeyForm } from '../shared/key-form.ts';
import { useSentinelTrap } from '../shared/modal.ts';
import { discrete, live, usePortalHost, useReactId } from '../shared/react-like.ts';
import type { KeyDialogProps } from '../today/KeyDialog.tsx';
import { HUMAN_LABELS, HUMAN_VALUE_SCOPES } from './human-labels.ts';
import './ant.css';

/** The label text of a scope; a scope the strings lack gets a stop-gap wording and its `value` (below). */
export function humanText(scope: string): string {
  const known = HUMAN_LABELS[scope];
  if (known) return known;
  const [resource = scope, action = ''] = scope.split(':');
  return `${action} ${words(resource)}`.trim();
}

function valueOf(scope: string): string | undefined {
  return HUMAN_VALUE_SCOPES.includes(scope) || !(scope in HUMAN_LABELS) ? scope : undefined;
}

function AntCheckbox({ form, scope }: { form: KeyForm; scope: string }): JSX.Element {
  const checked = form.has(scope);
  const value = valueOf(scope);
  return (
    <label class={`ant-checkbox-wrapper ant-checkbox-group-item${checked ? ' ant-checkbox-wrapper-checked' : ''}`}>
      <span class={`ant-checkbox ant-wave-target${checked ? ' ant-checkbox-checked' : ''}`}>
        <input
          class="ant-checkbox-input"
          type="checkbox"
          {...(value !== undefined ? { value } : {})}
          checked={checked}
          onClick={discrete((e) => {
            if (live(e)) form.set([scope], e.currentTarget.checked);
          })}
        />
        <span class="ant-checkbox-inner" />
      </span>
      <span>{humanText(scope)}</span>
    </label>
  );
}

function Divider({ children }: { children: string }): JSX.Element {
  return (
    <div class="ant-divider ant-divider-horizontal ant-divider-with-text ant-divider-with-text-start ant-divider-plain" role="separator">
      <span class="ant-divider-inner-text">{children}</span>
    </div>
  );
}

function CheckboxGroup({ form, scopes }: { form: KeyForm; scopes: readonly string[] }): JSX.Element {
  return (
    <div class="ant-checkbox-group">
      {scopes.map((s) => (
        <AntCheckbox key={s} form={form} scope={s} />
      ))}
    </div>
  );
}

function Scopes({ form }: { form: KeyForm }): JSX.Element {
  const { single, groups, deprecated } = currentLayout();
  return (
    <div class="ant-form-item">
      <div class="ant-row ant-form-item-row">
        <div class="ant-col ant-form-item-label">
          <span class="ant-form-item-label-text" title="Permissions">
            Permissions
          </span>
        </div>
        <div class="ant-col ant-form-item-control">
          <CheckboxGroup form={form} scopes={single} />
          {groups.map((g) => (
            <div key={g.resource}>
              <Divider>{words(g.resource)}</Divider>
              <CheckboxGroup form={form} scopes={g.scopes} />
            </div>
          ))}
          {deprecated.length > 0 && (
            <div>
              <Divider>Deprecated</Divider>
              <CheckboxGroup form={form} scopes={deprecated} />
            </div>
          )}
        </div>
      </div>
    </div>
  );
}

export function HumanKeyDialog({ mode, editing, onClose, onSave }: KeyDialogProps): JSX.Element {
  const host = usePortalHost('ant-modal-portal');
  const titleId = useReactId('rc_dialog_title_');
  const form = useKeyForm({ description: editing?.description ?? '', scopes: editing?.scopes ?? [] }, { mode, shape: 'human', keyId: editing?.id });
  const panel = useRef<HTMLDivElement | null>(null);
  const input = useRef<HTMLInputElement | null>(null);
  const trap = useSentinelTrap(panel, false);
  useLayoutEffect(() => {
    (input.current ?? panel.current)?.focus();
  }, []);

  const close = (): void => {
    if (!form.busy) onClose();
  };
  const onWrapKeyDown = (e: KeyboardEvent): void => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      close();
    }
  };
  const onWrapClick = (e: TargetedMouseEvent<HTMLDivElement>): void => {
    if (e.target === e.currentTarget) close();
  };
  const ok = discrete(() => void form.submit(onSave));
  const onFinish = (e: TargetedSubmitEvent<HTMLFormElement>): void => {
    e.preventDefault();
    void form.submit(onSave);
  };

  return createPortal(
    <div class="ant-modal-root">
      <div class="ant-modal-mask" />
      <div tabIndex={-1} class="ant-modal-wrap" onKeyDown={onWrapKeyDown} onClick={onWrapClick}>
        <div role="dialog" aria-labelledby={titleId} aria-modal="true" class="ant-modal" ref={panel} tabIndex={-1}>
          <div tabIndex={0} aria-hidden="true" data-sentinel="start" class="ant-modal-sentinel" onFocus={trap.onStartFocus} />
          <div class="ant-modal-content">
            <button type="button" aria-label="Close" class="ant-modal-close" onClick={close}>
              <span class="ant-modal-close-x">
                <span role="img" aria-label="close" class="anticon anticon-close">
                  <svg viewBox="64 64 896 896" focusable="false" width="1em" height="1em" fill="currentColor" aria-hidden="true">
                    <path d="M563.8 512l262.5-312.9c4.4-5.2.7-13.1-6.1-13.1h-79.8c-4.7 0-9.2 2.1-12.3 5.7L511.6 449.8 295.1 191.7c-3-3.6-7.5-5.7-12.3-5.7H203c-6.8 0-10.5 7.9-6.1 13.1L459.4 512 196.9 824.9A7.95 7.95 0 00203 838h79.8c4.7 0 9.2-2.1 12.3-5.7l216.5-258.1 216.5 258.1c3 3.6 7.5 5.7 12.3 5.7h79.8c6.8 0 10.5-7.9 6.1-13.1L563.8 512z" />
                  </svg>
                </span>
              </span>
            </button>
            <div class="ant-modal-header">
              <div class="ant-modal-title" id={titleId}>
                {mode === 'edit' ? 'Edit API Key' : 'Create API Key'}
              </div>
            </div>
            <div class="ant-modal-body">
              <form id="api_key" class="ant-form ant-form-vertical" onSubmit={onFinish} noValidate>
                <div class="ant-form-item">
                  <div class="ant-row ant-form-item-row">
                    <div class="ant-col ant-form-item-label">
                      <label for="api_key_description" title="Key description">
                        Key description
                      </label>
                    </div>
                    <div class="ant-col ant-form-item-control">
                      <div class="ant-form-item-control-input">
                        <div class="ant-form-item-control-input-content">
                          <input
                            id="api_key_description"
                            type="text"
                            autoComplete="off"
                            placeholder="e.g. Mobile app"
                            class="ant-input ant-input-outlined"
                            {...descriptionProps(form, input)}
                          />
                        </div>
                      </div>
                    </div>
                  </div>
                </div>
                <Scopes form={form} />
              </form>
              {form.error && (
                <div class="ant-alert ant-alert-error" role="alert">
                  <div class="ant-alert-content">
                    <div class="ant-alert-message">{form.error}</div>
                  </div>
                </div>
              )}
            </div>
            <div class="ant-modal-footer">
              <button type="button" class="ant-btn ant-btn-default" onClick={close} disabled={form.busy}>
                <span>Cancel</span>
              </button>
              <button type="button" class={`ant-btn ant-btn-primary${form.busy ? ' ant-btn-loading' : ''}`} onClick={ok}>
                <span>{mode === 'edit' ? 'Save' : 'Confirm'}</span>
              </button>
            </div>
          </div>
          <div tabIndex={0} aria-hidden="true" data-sentinel="end" class="ant-modal-sentinel" onFocus={trap.onEndFocus} />
        </div>
      </div>
    </div>,
    host,
  );
}
