/**
 * The inventory's audit export, CSV and JSON, for a person or a spreadsheet to review. It carries no
 * key id, not even part of one: a key's id is the key itself (docs/clarifai-api.md), and an audit
 * file gets mailed and attached. Each row is built field by field from what it shows, never by
 * copying a key record. Pure.
 */
import Papa from 'papaparse';
import { csvCell } from '../bulk/export.ts';
import { BUILTIN_PRESETS } from '../presets/builtins.ts';
import { flagsOf, type InventoryAudit } from './audit.ts';
import type { AuditKey } from './key.ts';
import { scopeSummary, type NamedScopes } from './summary.ts';

export const INVENTORY_CSV_COLUMNS = [
  'owner',
  'app_id',
  'app_name',
  'kind',
  'description',
  'scope_summary',
  'scopes',
  'endpoints',
  'created_at',
  'expires_at',
  'flags',
] as const;

function row<K extends AuditKey>(k: K, audit: InventoryAudit<K>, presets: readonly NamedScopes[]) {
  return {
    owner: k.owner,
    app_id: k.appId,
    app_name: k.appName ?? '',
    kind: k.kind,
    description: k.description,
    scope_summary: scopeSummary(k.scopes, presets),
    scopes: [...k.scopes],
    endpoints: [...k.endpoints],
    created_at: k.createdAt ?? '',
    expires_at: k.expiresAt ?? '',
    flags: flagsOf(audit, k),
  };
}

/**
 * One line a key; scopes, endpoints and flag ids space-separated; every cell through the bulk
 * export's csvCell, so a description or app name starting with `=`, `+`, `-`, `@` is not a formula.
 * `presets` name the scope sets (the built-ins unless the page passes the person's own too).
 */
export function inventoryCsv<K extends AuditKey>(keys: readonly K[], audit: InventoryAudit<K>, presets: readonly NamedScopes[] = BUILTIN_PRESETS): string {
  const data = keys.map((k) => {
    const r = row(k, audit, presets);
    return [
      r.owner,
      r.app_id,
      r.app_name,
      r.kind,
      r.description,
      r.scope_summary,
      r.scopes.join(' '),
      r.endpoints.join(' '),
      r.created_at,
      r.expires_at,
      r.flags.map((f) => f.id).join(' '),
    ].map(csvCell);
  });
  return Papa.unparse({ fields: [...INVENTORY_CSV_COLUMNS], data }, { newline: '\n' }) + '\n';
}

/** The same rows as JSON, each flag with its sentence, and the summary's counts. */
export function inventoryJson<K extends AuditKey>(keys: readonly K[], audit: InventoryAudit<K>, presets: readonly NamedScopes[] = BUILTIN_PRESETS): string {
  const rows = keys.map((k) => {
    const r = row(k, audit, presets);
    return { ...r, app_name: k.appName ?? null, created_at: k.createdAt ?? null, expires_at: k.expiresAt ?? null };
  });
  return JSON.stringify({ summary: audit.summary, keys: rows }, null, 2) + '\n';
}
