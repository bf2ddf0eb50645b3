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

export function PresetsSection() {
  const s = usePresetChanges();
  const fileInput = useRef<HTMLInputElement>(null);
  const { list, mine, editing } = s;
  return (
    <section aria-labelledby="presets-h" class="presets-section">
      <h2 id="presets-h">Presets</h2>
      <p class="muted">
        A preset is a named set of scopes. Choose one in the portal’s create-key dialog and Keysmith ticks exactly its scopes. Yours are kept in this browser,
        or in your browser’s sync if you turn it on.
      </p>
      <PendingPreset onSaved={s.reload} />
      <div class="row">
        <button type="button" id="presets-new" onClick={() => s.openEditor(undefined, 'presets-new')}>
          New preset
        </button>
        <button type="button" class="secondary" onClick={() => fileInput.current?.click()}>
          Import presets
        </button>
        <button type="button" class="secondary" onClick={s.exportMine}>
          Export presets
        </button>
        <input ref={fileInput} type="file" accept=".json,application/json" hidden onChange={(e) => s.importChosen(e.currentTarget)} />
      </div>
      <label class="inline">
        <input type="checkbox" checked={list?.sync ?? false} disabled={!list} onChange={(e) => s.toggleSync(e.currentTarget)} /> Sync presets across your
        browsers
      </label>
      <p class="hint">Browser sync holds about 100 KB: a few hundred presets with short descriptions.</p>
      <PresetsStatus message={s.message} error={s.error} undo={s.undo} />
      {editing && <PresetEditor key={editing.preset?.id ?? 'new'} preset={editing.preset} onCancel={s.closeEditor} onSaved={s.editorSaved} />}
      <h3 id="presets-mine-h">Your presets</h3>
      {!list ? (
        <p class="muted">Loading presets…</p>
      ) : mine.length ? (
        <ul class="presets" aria-labelledby="presets-mine-h">
          <PresetRows presets={mine} renaming={s.renaming} on={s.on} />
        </ul>
      ) : (
        <p class="muted">None yet. Create one here, import a file, or tick scopes in the portal’s create-key dialog and choose “Save as preset”.</p>
      )}
      <h3 id="presets-builtin-h">Built-in presets</h3>
      <p class="hint">Made from Clarifai’s own scope definitions, so they cannot be changed here; duplicate one to start a preset of your own.</p>
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
                aria-label={`Undo deleting ${message.undo.preset.name}`}
                onClick={() => undo(message.undo!)}
              >
                Undo
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
