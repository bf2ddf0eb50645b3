/**
 * What the options page's Presets section does, apart from showing it (./PresetsSection.tsx):
 * every change is a named operation of the worker, which owns the presets (src/privileged/
 * presets-store.ts) and checks them; one change runs at a time, then the list is asked for again
 * and the change ends in a message (or the section's alert), with focus following the action.
 */
import { useState } from 'preact/hooks';
import { call, errorText } from '../../messaging/call.ts';
import { exportPresets, MAX_IMPORT_BYTES, type UserPreset } from '../../pure/presets/io.ts';
import { copyName, exportFileName } from '../../pure/presets/naming.ts';
import type { ImportReport, PresetView } from '../../pure/protocol/presets.ts';
import { list as listOf, t, tn } from '../../i18n/i18n.ts';
import { download } from '../download.ts';
import { domId, type Renaming, type RowActions } from './PresetRow.tsx';
import { useFocusLater } from './useFocusLater.ts';
import { usePresetList } from './usePresetList.ts';

/** A fault found by the page itself (not the worker): its message is shown as it is. */
class PageError extends Error {}

/** How an import went, in the words of the page's language. */
function importSummary(r: ImportReport): string {
  if (!r.added) return t('optImportNone');
  const added = tn('optImported', r.added, listOf(r.names.map((n) => t('quoted', n))));
  if (!r.addedDependencies.length) return added;
  const also = r.addedDependencies.map((d) => t('optAlsoGets', d.name, listOf(d.added))).join('; ');
  return `${added} ${t('optImportedDependencies', also)}`;
}

export interface Message {
  text: string;
  /** What deletePreset returned: Undo puts it back. */
  undo?: { preset: UserPreset; index: number } | undefined;
}

export function usePresetChanges() {
  const [message, setMessage] = useState<Message | null>(null);
  const [error, setError] = useState('');
  const [editing, setEditing] = useState<{ preset?: PresetView | undefined; returnFocus: string } | null>(null);
  const [renaming, setRenaming] = useState<Renaming | null>(null);
  const { list, setList, load, busy } = usePresetList(setError);
  const setFocusId = useFocusLater();

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
      setMessage({ text: t('optDeleted', p.name), undo: removed });
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
      setMessage({ text: t('optRestored', restored.name) });
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
      setMessage({ text: t(by < 0 ? 'optMovedUp' : 'optMovedDown', p.name, j + 1, ids.length) });
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
      setMessage({ text: t('optDuplicated', p.name, copy.name) });
      setFocusId(domId(copy.id, 'rename'));
    });

  async function rename(p: PresetView, value: string) {
    if (busy.current) return;
    if (!value.trim()) return setRenaming({ id: p.id, value, error: t('optNeedsName') });
    busy.current = true;
    setMessage(null);
    setError('');
    try {
      const updated = await call({ op: 'updatePreset', id: p.id, name: value });
      setRenaming(null);
      await load();
      setMessage({ text: updated.name === p.name ? t('optKeepsName', p.name) : t('optRenamed', p.name, updated.name) });
      setFocusId(domId(p.id, 'rename'));
    } catch (e) {
      setRenaming({ id: p.id, value, error: errorText(e) });
    } finally {
      busy.current = false;
    }
  }

  function exportMine() {
    setError('');
    if (!mine.length) return setMessage({ text: t('optNothingToExport') });
    const name = exportFileName();
    download(name, 'application/json', exportPresets(mine.map((p) => ({ ...p, builtIn: false as const, updatedAt: '' }))));
    setMessage({ text: tn('optExported', mine.length, name) });
  }

  function importChosen(input: HTMLInputElement) {
    const file = input.files?.[0];
    input.value = ''; // choosing the same file again is a new import
    if (!file) return;
    void run(async () => {
      if (file.size > MAX_IMPORT_BYTES) throw new PageError(t('optImportTooLarge', file.name, MAX_IMPORT_BYTES / 1_000_000));
      let text: string;
      try {
        text = await file.text();
      } catch {
        throw new PageError(t('optImportUnreadable', file.name));
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
        text: enabled ? t('optSyncOn') : t('optSyncOff'),
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

  /** Asks for the list again, after a change made elsewhere (the pending preset saved). */
  const reload = () => void load().catch((e) => setError(errorText(e)));
  const closeEditor = () => {
    if (editing) setFocusId(editing.returnFocus);
    setEditing(null);
  };
  const editorSaved = (saved: PresetView) => {
    setEditing(null);
    setMessage({ text: t(editing?.preset ? 'optSavedPreset' : 'optCreated', saved.name) });
    setFocusId(domId(saved.id, 'edit'));
    reload();
  };

  return {
    list,
    mine,
    builtIn,
    message,
    error,
    editing,
    renaming,
    on,
    undo,
    exportMine,
    importChosen,
    toggleSync,
    openEditor,
    closeEditor,
    editorSaved,
    reload,
  };
}
