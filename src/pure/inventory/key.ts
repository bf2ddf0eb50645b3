import type { InventoryKey } from '../protocol/inventory.ts';

/** The key the inventory's audit, filter and export read: the worker's `InventoryKey` (its id is a secret nothing here reads). */
export type AuditKey = InventoryKey;

/** A scope list as a set: order and repeats do not matter (`['A', 'B']` is `['B', 'A', 'B']`). */
export function scopeSetKey(scopes: readonly string[]): string {
  return JSON.stringify([...new Set(scopes)].sort());
}
