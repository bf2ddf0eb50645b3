/** Proposes the dialog's ticked scopes as a new preset; Keysmith's options page asks to confirm it. */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { call, errorText } from '../../messaging/call.ts';
import { MAX_DESCRIPTION, MAX_NAME } from '../../pure/presets/limits.ts';
import { describedBy } from '../../ui/field-error.ts';
import { t } from '../../i18n/i18n.ts';

export function SaveForm({ scopes, onDone }: { scopes: string[]; onDone: (message: string) => void }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState('');
  const id = useId();
  const nameField = useRef<HTMLInputElement>(null);
  // The worker refuses a name (taken, too long, odd): the name field says so, and gets focus.
  useEffect(() => {
    if (error) nameField.current?.focus();
  }, [error]);
  // Only a person's click (or Enter, which the browser turns into a click on the button) proposes:
  // a page script can drive this form, and a submit event is trusted even when a script caused it.
  const clicked = useRef(false);
  /** A proposal on its way: a second press waits for its answer. */
  const sending = useRef(false);
  async function save(e: Event) {
    e.preventDefault();
    if (!clicked.current || sending.current) return;
    clicked.current = false;
    sending.current = true;
    setError('');
    try {
      // The worker keeps it waiting and brings Keysmith's options page forward (at most once in 10 s).
      const p = await call({ op: 'proposePreset', name, description, scopes });
      onDone(t(p.opened ? 'presetProposedOpened' : 'presetProposedToolbar', p.name));
    } catch (err) {
      setError(errorText(err));
    } finally {
      sending.current = false;
    }
  }
  return (
    <form class="ks-save" onSubmit={save}>
      <label>
        {t('presetName')}
        <input
          ref={nameField}
          value={name}
          required
          maxLength={MAX_NAME}
          {...describedBy(!!error, `${id}-error`)}
          onInput={(e) => setName(e.currentTarget.value)}
        />
      </label>
      <label>
        {t('presetDescriptionOptional')}
        <input value={description} maxLength={MAX_DESCRIPTION} onInput={(e) => setDescription(e.currentTarget.value)} />
      </label>
      <div class="ks-row">
        <button
          type="submit"
          onClick={(e) => {
            // The submit a click causes comes within that click; a flag left over (the browser refused an
            // empty name) must not let a later requestSubmit() from a script through.
            clicked.current = e.isTrusted;
            setTimeout(() => (clicked.current = false));
          }}
        >
          {t('presetSave')}
        </button>
        <button type="button" class="secondary" onClick={() => onDone('')}>
          {t('cancel')}
        </button>
      </div>
      {error && (
        <p class="ks-error" role="alert" id={`${id}-error`}>
          {error}
        </p>
      )}
    </form>
  );
}
