/**
 * The options page's Presets section: the built-in presets (read-only; a copy can be made) and the
 * user's own, which can be created, edited, renamed, duplicated, deleted (with undo), reordered,
 * imported, exported and synced across browsers.
 *
 * Every change is a named operation of the worker, which owns the presets (src/privileged/
 * presets-store.ts) and checks them; this page shows the last list the worker gave it and asks again
 * after each change, and when the tab comes back into view (a dialog may have saved one meanwhile).
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { call } from '../../messaging/call.ts';
import { exportPresets, MAX_IMPORT_BYTES, type UserPreset } from '../../pure/presets/io.ts';
import { copyName, exportFileName, importSummary, quoted } from '../../pure/presets/naming.ts';
import type { PresetList, PresetView } from '../../pure/protocol/presets.ts';
import { errorText } from '../../messaging/call.ts';
import { PendingPreset } from './PendingPreset.tsx';
import { PresetEditor } from './PresetEditor.tsx';
import { plural } from '../../pure/plural.ts';
import { download } from '../download.ts';
import { domId, PresetRow, type Renaming, type RowActions } from './PresetRow.tsx';

/** A fault found by the page itself (not the worker): its message is shown as it is. */
class PageError extends Error {}

interface Message {
  text: string;
  /** What deletePreset returned: Undo puts it back. */
  undo?: { preset: UserPreset; index: number } | undefined;
}

export function PresetsSection() {
  const [list, setList] = useState<PresetList | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const [error, setError] = useState('');
  const [editing, setEditing] = useState<{ preset?: PresetView | undefined; returnFocus: string } | null>(null);
  const [renaming, setRenaming] = useState<Renaming | null>(null);
  const [focusId, setFocusId] = useState<string | null>(null);
  const busy = useRef(false);
  const fileInput = useRef<HTMLInputElement>(null);

  const load = useCallback(async () => setList(await call({ op: 'listPresets' })), []);
  useEffect(() => {
    load().catch((e) => setError(errorText(e)));
    const again = () => {
      if (document.visibilityState === 'visible' && !busy.current) load().catch(() => {});
    };
    document.addEventListener('visibilitychange', again);
    return () => document.removeEventListener('visibilitychange', again);
  }, [load]);

  // Focus follows the user's action: a control that moved, the Undo button, the renamed preset.
  useEffect(() => {
    if (!focusId) return;
    const el = document.getElementById(focusId);
    if (el) {
      el.focus();
      if (el instanceof HTMLInputElement && el.type === 'text') el.select();
      setFocusId(null);
    }
  });

  /** Runs one change at a time; its fault is shown in the section's alert. */
  async function run(change: () => Promise<void>) {
    if (busy.current) return;
    busy.current = true;
    setError('');
    setMessage(null);
    try {
      await change();
    } catch (e) {
      setError(e instanceof PageError ? e.message : errorText(e));
    } finally {
      busy.current = false;
    }
  }

  const presets = list?.presets ?? [];
  const mine = presets.filter((p) => !p.builtIn);
  const builtIn = presets.filter((p) => p.builtIn);

  const remove = (p: PresetView) =>
    run(async () => {
      const removed = await call({ op: 'deletePreset', id: p.id });
      if (editing?.preset?.id === p.id) setEditing(null);
      await load();
      setMessage({ text: `Deleted ${quoted(p.name)}.`, undo: removed });
      setFocusId('presets-undo');
    });

  const undo = (u: NonNullable<Message['undo']>) =>
    run(async () => {
      const { preset, index } = u;
      const restored = await call({
        op: 'restorePreset',
        id: preset.id,
        name: preset.name,
        description: preset.description,
        scopes: [...preset.scopes],
        index,
      });
      await load();
      setMessage({ text: `Restored ${quoted(restored.name)}.` });
      setFocusId(domId(restored.id, 'edit'));
    });

  const move = (p: PresetView, by: -1 | 1) =>
    run(async () => {
      const ids = mine.map((x) => x.id);
      const i = ids.indexOf(p.id);
      const j = i + by;
      if (i < 0 || j < 0 || j >= ids.length) return;
      [ids[i], ids[j]] = [ids[j]!, ids[i]!];
      try {
        setList(await call({ op: 'reorderPresets', ids }));
      } catch (e) {
        await load().catch(() => {});
        throw e;
      }
      setMessage({ text: `Moved ${quoted(p.name)} ${by < 0 ? 'up' : 'down'}: now ${j + 1} of ${ids.length}.` });
      // At the top (or bottom) its button in that direction is disabled: keep focus on the other.
      const atEdge = by < 0 ? j === 0 : j === ids.length - 1;
      setFocusId(domId(p.id, by < 0 !== atEdge ? 'up' : 'down'));
    });

  const duplicate = (p: PresetView) =>
    run(async () => {
      const name = copyName(
        p.name,
        presets.map((x) => x.name),
      );
      const copy = await call({ op: 'savePreset', name, description: p.description, scopes: [...p.scopes] });
      const ids = mine.map((x) => x.id);
      const at = ids.indexOf(p.id);
      if (at >= 0 && at < ids.length - 1) {
        // The worker appends; a copy of one of the user's presets goes right after it.
        ids.splice(at + 1, 0, copy.id);
        await call({ op: 'reorderPresets', ids }).catch(() => {});
      }
      await load();
      setMessage({ text: `Duplicated ${quoted(p.name)} as ${quoted(copy.name)}.` });
      setFocusId(domId(copy.id, 'rename'));
    });

  async function rename(p: PresetView, value: string) {
    if (busy.current) return;
    if (!value.trim()) return setRenaming({ id: p.id, value, error: 'A preset needs a name.' });
    busy.current = true;
    setMessage(null);
    setError('');
    try {
      const updated = await call({ op: 'updatePreset', id: p.id, name: value });
      setRenaming(null);
      await load();
      setMessage({ text: updated.name === p.name ? `${quoted(p.name)} keeps its name.` : `Renamed ${quoted(p.name)} to ${quoted(updated.name)}.` });
      setFocusId(domId(p.id, 'rename'));
    } catch (e) {
      setRenaming({ id: p.id, value, error: errorText(e) });
    } finally {
      busy.current = false;
    }
  }

  function exportMine() {
    setError('');
    if (!mine.length) return setMessage({ text: 'You have no presets of your own to export yet.' });
    const name = exportFileName();
    download(name, 'application/json', exportPresets(mine.map((p) => ({ ...p, builtIn: false as const, updatedAt: '' }))));
    setMessage({ text: `Exported ${plural(mine.length, 'preset')} to ${name}.` });
  }

  function importChosen(input: HTMLInputElement) {
    const file = input.files?.[0];
    input.value = ''; // choosing the same file again is a new import
    if (!file) return;
    void run(async () => {
      if (file.size > MAX_IMPORT_BYTES)
        throw new PageError(`${file.name} is larger than ${MAX_IMPORT_BYTES / 1_000_000} MB; it is not a Keysmith presets file.`);
      let text: string;
      try {
        text = await file.text();
      } catch {
        throw new PageError(`Keysmith could not read ${file.name}.`);
      }
      const report = await call({ op: 'importPresets', text });
      await load();
      setMessage({ text: importSummary(report) });
    });
  }

  function toggleSync(input: HTMLInputElement) {
    const enabled = input.checked;
    // The box shows what the worker holds: it changes when the worker says the change is done.
    input.checked = list?.sync ?? false;
    void run(async () => {
      setList(await call({ op: 'setPresetSync', enabled }));
      setMessage({
        text: enabled
          ? 'Your presets now sync to the browsers where you are signed in with sync on.'
          : 'Your presets are kept in this browser only now; a copy of the synced ones stays here.',
      });
    });
  }

  function openEditor(preset: PresetView | undefined, returnFocus: string) {
    setError('');
    setMessage(null);
    setEditing({ preset, returnFocus });
  }

  const on: RowActions = {
    edit: (p) => openEditor(p, domId(p.id, 'edit')),
    startRename: (p) => {
      setRenaming({ id: p.id, value: p.name, error: '' });
      setFocusId(domId(p.id, 'new-name'));
    },
    setRenaming,
    rename: (p, value) => void rename(p, value),
    duplicate: (p) => void duplicate(p),
    move: (p, by) => void move(p, by),
    remove: (p) => void remove(p),
    focus: setFocusId,
  };
  const rows = (list: PresetView[]) => list.map((p, i) => <PresetRow key={p.id} p={p} i={i} count={list.length} renaming={renaming} on={on} />);

  return (
    <section aria-labelledby="presets-h" class="presets-section">
      <h2 id="presets-h">Presets</h2>
      <p class="muted">
        A preset is a named set of scopes. Choose one in the portal’s create-key dialog and Keysmith ticks exactly its scopes. Yours are kept in this browser,
        or in your browser’s sync if you turn it on.
      </p>
      <PendingPreset onSaved={() => void load().catch((e) => setError(errorText(e)))} />
      <div class="row">
        <button type="button" id="presets-new" onClick={() => openEditor(undefined, 'presets-new')}>
          New preset
        </button>
        <button type="button" class="secondary" onClick={() => fileInput.current?.click()}>
          Import presets
        </button>
        <button type="button" class="secondary" onClick={exportMine}>
          Export presets
        </button>
        <input ref={fileInput} type="file" accept=".json,application/json" hidden onChange={(e) => importChosen(e.currentTarget)} />
      </div>
      <label class="inline">
        <input type="checkbox" checked={list?.sync ?? false} disabled={!list} onChange={(e) => toggleSync(e.currentTarget)} /> Sync presets across your browsers
      </label>
      <p class="hint">Browser sync holds about 100 KB: a few hundred presets with short descriptions.</p>
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
                onClick={() => void undo(message.undo!)}
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
      {editing && (
        <PresetEditor
          key={editing.preset?.id ?? 'new'}
          preset={editing.preset}
          onCancel={() => {
            setFocusId(editing.returnFocus);
            setEditing(null);
          }}
          onSaved={(saved) => {
            setEditing(null);
            setMessage({ text: `${editing.preset ? 'Saved' : 'Created'} ${quoted(saved.name)}.` });
            setFocusId(domId(saved.id, 'edit'));
            load().catch((e) => setError(errorText(e)));
          }}
        />
      )}
      <h3 id="presets-mine-h">Your presets</h3>
      {!list ? (
        <p class="muted">Loading presets…</p>
      ) : mine.length ? (
        <ul class="presets" aria-labelledby="presets-mine-h">
          {rows(mine)}
        </ul>
      ) : (
        <p class="muted">None yet. Create one here, import a file, or tick scopes in the portal’s create-key dialog and choose “Save as preset”.</p>
      )}
      <h3 id="presets-builtin-h">Built-in presets</h3>
      <p class="hint">Made from Clarifai’s own scope definitions, so they cannot be changed here; duplicate one to start a preset of your own.</p>
      <ul class="presets" aria-labelledby="presets-builtin-h">
        {rows(builtIn)}
      </ul>
    </section>
  );
}
