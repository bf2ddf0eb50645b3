/**
 * The key the inventory's audit reads: the same fields as `InventoryKey` of
 * src/pure/protocol/inventory.ts (the worker's side, written in parallel), copied here so the pure
 * audit imports nothing from the protocol; the two are to be one type once both sides are merged.
 */
export interface AuditKey {
  /** The key itself (a secret): nothing in src/pure/inventory/ reads it, matches on it or writes it. */
  keyId: string;
  /** 'app': an app-specific key; 'pat': a Personal Access Token (shown read-only). */
  kind: 'app' | 'pat';
  /** The app's owner and id ('' for a PAT). */
  owner: string;
  appId: string;
  /** The app's name as listed, when known. */
  appName?: string | undefined;
  description: string;
  scopes: string[];
  /** Endpoint-level scopes, if any. */
  endpoints: string[];
  createdAt?: string | undefined;
  expiresAt?: string | undefined;
}

/** A scope list as a set: order and repeats do not matter (`['A', 'B']` is `['B', 'A', 'B']`). */
export function scopeSetKey(scopes: readonly string[]): string {
  return JSON.stringify([...new Set(scopes)].sort());
}
