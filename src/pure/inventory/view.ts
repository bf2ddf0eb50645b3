/** Filtering and sorting the inventory's table. Pure; neither ever looks at a key's id. */
import { flagsOf, neverExpires, type FlagId, type InventoryAudit } from './audit.ts';
import { scopeSetKey, type AuditKey } from './key.ts';

export interface KeyQuery {
  /**
   * Words that must all appear (any case) in the key's owner, app id, app name, description,
   * scopes or endpoints. Never in its id: a search box that matched ids would tell, one character
   * at a time, what the masked id is.
   */
  text?: string | undefined;
  /** Only this owner's apps (exact). */
  owner?: string | undefined;
  /** Only this app id (exact; with `owner`, one app). */
  appId?: string | undefined;
  /** Only keys with this flag. */
  flag?: FlagId | undefined;
  /**
   * Only keys whose scope set is exactly this one (a preset's; order and repeats aside), or, with
   * `custom`, only keys whose set is none of these presets'.
   */
  preset?: { scopes: readonly string[] } | { custom: readonly { scopes: readonly string[] }[] } | undefined;
}

function presetTest(preset: KeyQuery['preset']): ((k: AuditKey) => boolean) | undefined {
  if (!preset) return undefined;
  if ('scopes' in preset) {
    const want = scopeSetKey(preset.scopes);
    return (k) => scopeSetKey(k.scopes) === want;
  }
  const named = new Set(preset.custom.map((p) => scopeSetKey(p.scopes)));
  return (k) => !named.has(scopeSetKey(k.scopes));
}

/** The keys that match every part of the query, in their order. An empty query keeps all. */
export function filterKeys<K extends AuditKey>(keys: readonly K[], audit: InventoryAudit<K>, query: KeyQuery): K[] {
  const words = (query.text ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const ofPreset = presetTest(query.preset);
  return keys.filter((k) => {
    if (ofPreset && !ofPreset(k)) return false;
    if (query.owner !== undefined && query.owner !== '' && k.owner !== query.owner) return false;
    if (query.appId !== undefined && query.appId !== '' && k.appId !== query.appId) return false;
    if (query.flag !== undefined && !flagsOf(audit, k).some((f) => f.id === query.flag)) return false;
    if (!words.length) return true;
    const hay = haystack(k);
    return words.every((w) => hay.includes(w));
  });
}

/** The words a key is found by, once per key object: a keystroke in the filter then only searches. */
const haystacks = new WeakMap<AuditKey, string>();
function haystack(k: AuditKey): string {
  let hay = haystacks.get(k);
  if (hay === undefined) {
    hay = [k.owner, k.appId, k.appName ?? '', k.description, ...k.scopes, ...k.endpoints].join('\n').toLowerCase();
    haystacks.set(k, hay);
  }
  return hay;
}

export const SORT_COLUMNS = ['owner', 'app', 'appName', 'kind', 'description', 'scopes', 'created', 'expires'] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];
export type SortDirection = 'asc' | 'desc';

/**
 * Text as it sorts: case and accents aside, and numbers by their value ("app-2" before "app-10"),
 * as a collator with `numeric` and base sensitivity would order it, but computed once per value so
 * that sorting thousands of keys compares plain strings.
 */
function folded(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\d+/g, (d) => d.replace(/^0+(?=\d)/, '').padStart(20, '0'));
}

/**
 * A value to sort by, or undefined when the key has none (no app name, no or unreadable date);
 * those go last in either direction. `app` is owner then app id; `scopes` the number of scopes;
 * `expires` puts a key that never expires after every date (it is the furthest off).
 */
function value(k: AuditKey, column: SortColumn): string | number | readonly string[] | undefined {
  const time = (s: string | undefined) => {
    const t = Date.parse(s ?? '');
    return Number.isNaN(t) ? undefined : t;
  };
  switch (column) {
    case 'owner':
      return k.owner;
    case 'app':
      return [k.owner, k.appId];
    case 'appName':
      return k.appName || undefined;
    case 'kind':
      return k.kind;
    case 'description':
      return k.description;
    case 'scopes':
      return new Set(k.scopes).size;
    case 'created':
      return time(k.createdAt);
    case 'expires':
      return neverExpires(k.expiresAt) ? Number.POSITIVE_INFINITY : time(k.expiresAt);
  }
}

/** A sorted copy; ties keep their order (the sort is stable). */
export function sortKeys<K extends AuditKey>(keys: readonly K[], column: SortColumn, direction: SortDirection): K[] {
  const sign = direction === 'asc' ? 1 : -1;
  const cmp = (a: number | readonly string[], b: number | readonly string[]): number => {
    if (typeof a === 'number' && typeof b === 'number') return a === b ? 0 : a < b ? -1 : 1;
    const [x, y] = [a as readonly string[], b as readonly string[]];
    for (let i = 0; i < Math.max(x.length, y.length); i++) {
      const [p, q] = [x[i] ?? '', y[i] ?? ''];
      if (p !== q) return p < q ? -1 : 1;
    }
    return 0;
  };
  const sortable = (v: string | number | readonly string[] | undefined) =>
    v === undefined || typeof v === 'number' ? v : (typeof v === 'string' ? [v] : v).map(folded);
  return keys
    .map((k) => ({ k, v: sortable(value(k, column)) }))
    .sort((a, b) => {
      if (a.v === undefined || b.v === undefined) return a.v === b.v ? 0 : a.v === undefined ? 1 : -1;
      return sign * cmp(a.v, b.v);
    })
    .map((x) => x.k);
}
