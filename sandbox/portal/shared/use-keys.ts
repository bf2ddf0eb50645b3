/**
 * One app's key list and the dialogs over it, the same in both eras: load, create, edit (PATCH
 * overwrite), delete, and the new key's id shown once after creation.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { KeyDraft, PortalKey } from '../client.ts';
import { useEnv } from './context.ts';

export type DialogState = null | { mode: 'create' } | { mode: 'edit'; key: PortalKey };

export interface KeysPage {
  keys: PortalKey[] | null;
  loadError: string | null;
  dialog: DialogState;
  openCreate(): void;
  openEdit(key: PortalKey): void;
  closeDialog(): void;
  /** Sends the dialog's form; closes the dialog and refreshes the list on success (throws otherwise). */
  save(draft: KeyDraft): Promise<void>;
  /** The key created last, shown once until dismissed. */
  created: PortalKey | null;
  dismissCreated(): void;
  confirmDelete: PortalKey | null;
  askDelete(key: PortalKey | null): void;
  remove(key: PortalKey): Promise<void>;
  deleteError: string | null;
}

export function useKeys(userId: string, appId: string): KeysPage {
  const { api } = useEnv();
  const [keys, setKeys] = useState<PortalKey[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<DialogState>(null);
  const [created, setCreated] = useState<PortalKey | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<PortalKey | null>(null);
  const [deleteError, setDeleteError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      setKeys(await api.listAppKeys(userId, appId));
      setLoadError(null);
    } catch (e) {
      setLoadError(e instanceof Error ? e.message : String(e));
    }
  }, [api, userId, appId]);

  useEffect(() => {
    setKeys(null);
    void refresh();
  }, [refresh]);

  return {
    keys,
    loadError,
    dialog,
    openCreate: () => setDialog({ mode: 'create' }),
    openEdit: (key) => setDialog({ mode: 'edit', key }),
    closeDialog: () => setDialog(null),
    async save(draft) {
      if (dialog?.mode === 'edit') {
        await api.updateKey(userId, appId, dialog.key.id, draft);
      } else {
        const key = await api.createKey(userId, appId, draft);
        setCreated(key);
      }
      setDialog(null);
      void refresh();
    },
    created,
    dismissCreated: () => setCreated(null),
    confirmDelete,
    askDelete: (key) => {
      setDeleteError(null);
      setConfirmDelete(key);
    },
    async remove(key) {
      try {
        await api.deleteKey(userId, key.id);
        setConfirmDelete(null);
        if (created?.id === key.id) setCreated(null);
        void refresh();
      } catch (e) {
        setDeleteError(e instanceof Error ? e.message : String(e));
      }
    },
    deleteError,
  };
}

/** `••••••••••••3f2a`: the list never shows a key's secret id in full. */
export function maskId(id: string): string {
  return '•'.repeat(12) + id.slice(-4);
}

export function keyLabel(key: PortalKey): string {
  return key.description || 'Untitled key';
}

export function formatDate(iso: string | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '—' : d.toLocaleDateString('en-US', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
}
