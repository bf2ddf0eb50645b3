/** The inventory as the worker holds it, read again four times a second while a read is going on. */
import { useEffect, useState } from 'preact/hooks';
import { call, errorText } from '../../messaging/call.ts';
import type { InventoryView } from '../../pure/protocol/inventory.ts';

const POLL_MS = 250;

export function useInventory() {
  const [view, setView] = useState<InventoryView | null>(null);
  const [error, setError] = useState('');
  const take = (p: Promise<InventoryView>) =>
    p.then(
      (v) => {
        setView(v);
        setError('');
      },
      (e) => setError(errorText(e)),
    );
  useEffect(() => void take(call({ op: 'getInventory' })), []);
  useEffect(() => {
    if (view?.status !== 'reading') return;
    const t = setTimeout(() => void take(call({ op: 'getInventory' })), POLL_MS);
    return () => clearTimeout(t);
  }, [view]);
  return {
    view,
    error,
    read: (refresh: boolean) => take(call({ op: 'readInventory', refresh })),
    cancel: () => take(call({ op: 'cancelInventory' })),
    /** Reads the worker's inventory again (after a change of keys amended it): no request to Clarifai. */
    reload: () => take(call({ op: 'getInventory' })),
  };
}
