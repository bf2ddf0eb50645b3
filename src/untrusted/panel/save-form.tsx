/** Proposes the dialog's ticked scopes as a new preset; Keysmith's options page asks to confirm it. */
import { useState } from 'preact/hooks';
import { call, errorText } from '../../messaging/call.ts';
import { MAX_DESCRIPTION, MAX_NAME } from '../../pure/presets/limits.ts';

export function SaveForm({ scopes, onDone }: { scopes: string[]; onDone: (message: string) => void }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState('');
  async function save(e: Event) {
    e.preventDefault();
    setError('');
    try {
      // The worker keeps it waiting and opens Keysmith's options page: a page script can drive this form.
      const p = await call({ op: 'proposePreset', name, description, scopes });
      onDone(`Confirm the preset “${p.name}” on Keysmith’s options page, which has opened; nothing is saved until you do.`);
    } catch (err) {
      setError(errorText(err));
    }
  }
  return (
    <form class="ks-save" onSubmit={save}>
      <label>
        Preset name
        <input value={name} required maxLength={MAX_NAME} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <label>
        Preset description (optional)
        <input value={description} maxLength={MAX_DESCRIPTION} onInput={(e) => setDescription(e.currentTarget.value)} />
      </label>
      <div class="ks-row">
        <button type="submit">Save preset</button>
        <button type="button" class="secondary" onClick={() => onDone('')}>
          Cancel
        </button>
      </div>
      {error && (
        <p class="ks-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
