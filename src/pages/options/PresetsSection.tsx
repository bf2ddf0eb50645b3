/**
 * The options page's Presets section: the built-in presets (read-only; a copy can be made) and the
 * user's own, which can be created, edited, renamed, duplicated, deleted (with undo), reordered,
 * imported, exported and synced across browsers. What each control does is ./usePresetChanges.ts;
 * this file shows the section.
 */
import { useRef } from 'preact/hooks';
import type { PresetView } from '../../pure/protocol/presets.ts';
import { PendingPreset } from './PendingPreset.tsx';
import { PresetEditor } from './PresetEditor.tsx';
import { PresetRow, type Renaming, type RowActions } from './PresetRow.tsx';
import { usePresetChanges, type Message } from './usePresetChanges.ts';
import { t } from '../../i18n/i18n.ts';

export function PresetsSection() {
  const s = usePresetChanges();
  const fileInput = useRef<HTMLInputElement>(null);
  const { list, mine, editing } = s;
  return (
    <section aria-labelledby="presets-h" class="presets-section">
      <h2 id="presets-h">{t('optPresets')}</h2>
      <p class="muted">{t('optPresetsIntro')}</p>
      <PendingPreset onSaved={s.reload} />
      <div class="row">
        <button type="button" id="presets-new" onClick={() => s.openEditor(undefined, 'presets-new')}>
          {t('optNewPreset')}
        </button>
        <button type="button" class="secondary" onClick={() => fileInput.current?.click()}>
          {t('optImport')}
        </button>
        <button type="button" class="secondary" onClick={s.exportMine}>
          {t('optExport')}
        </button>
        <input ref={fileInput} type="file" accept=".json,application/json" hidden onChange={(e) => s.importChosen(e.currentTarget)} />
      </div>
      <label class="inline">
        <input type="checkbox" checked={list?.sync ?? false} disabled={!list} onChange={(e) => s.toggleSync(e.currentTarget)} /> {t('optSync')}
      </label>
      <p class="hint">{t('optSyncHint')}</p>
      <PresetsStatus message={s.message} error={s.error} undo={s.undo} />
      {editing && <PresetEditor key={editing.preset?.id ?? 'new'} preset={editing.preset} onCancel={s.closeEditor} onSaved={s.editorSaved} />}
      <h3 id="presets-mine-h">{t('optYourPresets')}</h3>
      {!list ? (
        <p class="muted">{t('optLoadingPresets')}</p>
      ) : mine.length ? (
        <ul class="presets" aria-labelledby="presets-mine-h">
          <PresetRows presets={mine} renaming={s.renaming} on={s.on} />
        </ul>
      ) : (
        <p class="muted">{t('optNoPresets', t('presetSaveAs'))}</p>
      )}
      <h3 id="presets-builtin-h">{t('optBuiltInPresets')}</h3>
      <p class="hint">{t('optBuiltInHint')}</p>
      <ul class="presets" aria-labelledby="presets-builtin-h">
        <PresetRows presets={s.builtIn} renaming={s.renaming} on={s.on} />
      </ul>
    </section>
  );
}

function PresetRows({ presets, renaming, on }: { presets: PresetView[]; renaming: Renaming | null; on: RowActions }) {
  return (
    <>
      {presets.map((p, i) => (
        <PresetRow key={p.id} p={p} i={i} count={presets.length} renaming={renaming} on={on} />
      ))}
    </>
  );
}

/** How the last change went: its message (with Undo after a delete), or the section's alert. */
function PresetsStatus({ message, error, undo }: { message: Message | null; error: string; undo: (u: NonNullable<Message['undo']>) => void }) {
  return (
    <>
      <div role="status" aria-live="polite" class="presets-status">
        {message && (
          <p class="good">
            {message.text}{' '}
            {message.undo && (
              <button
                type="button"
                class="secondary small"
                id="presets-undo"
                aria-label={t('optUndoDeleting', message.undo.preset.name)}
                onClick={() => undo(message.undo!)}
              >
                {t('optUndo')}
              </button>
            )}
          </p>
        )}
      </div>
      {error && (
        <p class="bad" role="alert" data-testid="presets-error">
          {error}
        </p>
      )}
    </>
  );
}
