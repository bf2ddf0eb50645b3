/** Creates a preset, or edits one of the user's: name, description and scopes. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { call } from '../../messaging/call.ts';
import { MAX_DESCRIPTION, MAX_NAME } from '../../pure/presets/io.ts';
import type { PresetView } from '../../pure/protocol/presets.ts';
import { errorText } from '../../messaging/call.ts';
import { ScopeEditor } from '../../ui/scopes/ScopeEditor.tsx';
import { t } from '../../i18n/i18n.ts';

export interface PresetEditorProps {
  /** The preset to edit; absent for a new one. */
  preset?: PresetView | undefined;
  onSaved: (saved: PresetView) => void;
  onCancel: () => void;
}

export function PresetEditor({ preset, onSaved, onCancel }: PresetEditorProps) {
  const [name, setName] = useState(preset?.name ?? '');
  const [description, setDescription] = useState(preset?.description ?? '');
  const [scopes, setScopes] = useState<string[]>(() => [...(preset?.scopes ?? [])]);
  const [error, setError] = useState('');
  const [saving, setSaving] = useState(false);
  const nameField = useRef<HTMLInputElement>(null);
  useEffect(() => nameField.current?.focus(), []);

  async function save(e: Event) {
    e.preventDefault();
    if (saving) return;
    setError('');
    if (!name.trim()) {
      setError(t('optEditorNeedsName'));
      return nameField.current?.focus();
    }
    if (!scopes.length) return setError(t('optEditorNeedsScope'));
    setSaving(true);
    try {
      const saved = preset
        ? await call({ op: 'updatePreset', id: preset.id, name, description, scopes })
        : await call({ op: 'savePreset', name, description, scopes });
      onSaved(saved);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setSaving(false);
    }
  }

  const title = preset ? t('optEditTitle', preset.name) : t('optNewPreset');
  return (
    <form class="preset-editor" aria-labelledby="preset-editor-h" onSubmit={save} noValidate>
      <h3 id="preset-editor-h">{title}</h3>
      <label for="preset-editor-name">{t('presetName')}</label>
      <input id="preset-editor-name" ref={nameField} type="text" maxLength={MAX_NAME} value={name} onInput={(e) => setName(e.currentTarget.value)} />
      <label for="preset-editor-description">{t('optDescriptionOptional')}</label>
      <textarea
        id="preset-editor-description"
        rows={2}
        maxLength={MAX_DESCRIPTION}
        value={description}
        onInput={(e) => setDescription(e.currentTarget.value)}
      />
      <p class="hint">{t('optEditorDescriptionHint')}</p>
      <h4 class="editor-sub">{t('optScopes')}</h4>
      <ScopeEditor initial={preset?.scopes ?? []} onChange={setScopes} idPrefix="preset-editor" />
      {error && (
        <p class="bad" role="alert">
          {error}
        </p>
      )}
      <div class="row">
        <button type="submit">{preset ? t('optSaveChanges') : t('optCreatePreset')}</button>
        <button type="button" class="secondary" aria-label={preset ? t('optCancelEditing', preset.name) : t('optCancelNew')} onClick={onCancel}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
