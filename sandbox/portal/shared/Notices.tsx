/** The once-only "copy your new key" notice and the delete confirmation, used by both eras. */
import type { JSX } from 'preact';
import { createPortal } from 'preact';
import { useState } from 'preact/hooks';
import type { PortalKey } from '../client.ts';
import { keyLabel } from './use-keys.ts';
import { useEscape, usePortalHost, useUid } from './react-like.ts';

export function NewKeyNotice({ created, onDismiss, className }: { created: PortalKey; onDismiss(): void; className: string }): JSX.Element {
  const [copied, setCopied] = useState(false);
  const copy = (): void => {
    void navigator.clipboard?.writeText(created.id).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };
  return (
    <div class={className} role="status">
      <div class="new-key__text">
        <strong>API key “{keyLabel(created)}” created.</strong> Copy it now; for your security it is not shown again.
      </div>
      <div class="new-key__secret">
        <code class="new-key__value">{created.id}</code>
        <button type="button" class="new-key__copy" onClick={copy}>
          {copied ? 'Copied' : 'Copy'}
        </button>
        <button type="button" class="new-key__dismiss" aria-label="Dismiss" onClick={onDismiss}>
          ×
        </button>
      </div>
    </div>
  );
}

export function ConfirmDelete(props: {
  target: PortalKey;
  error: string | null;
  onCancel(): void;
  onConfirm(): Promise<void>;
  className: string;
}): JSX.Element {
  const host = usePortalHost('portal-layer');
  const titleId = useUid('confirm-title');
  const [busy, setBusy] = useState(false);
  useEscape(props.onCancel);
  return createPortal(
    <div class={`${props.className} confirm`}>
      <div class="modal__backdrop" onClick={props.onCancel} />
      <div class="modal__dialog modal__dialog--small" role="alertdialog" aria-modal="true" aria-labelledby={titleId}>
        <div class="modal__header">
          <h2 class="modal__title" id={titleId}>
            Delete API Key
          </h2>
        </div>
        <div class="modal__body">
          <p>Delete “{keyLabel(props.target)}”? Anything using this key loses access to the app at once. This cannot be undone.</p>
          {props.error && (
            <div class="form-error" role="alert">
              {props.error}
            </div>
          )}
        </div>
        <div class="modal__footer">
          <button type="button" class="button button--secondary" onClick={props.onCancel}>
            Cancel
          </button>
          <button
            type="button"
            class="button button--danger"
            disabled={busy}
            onClick={() => {
              setBusy(true);
              void props.onConfirm().finally(() => setBusy(false));
            }}
          >
            Delete
          </button>
        </div>
      </div>
    </div>,
    host,
  );
}
