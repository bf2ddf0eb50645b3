/**
 * The user's presets on disk and on the wire: the export file (versioned JSON, validated whole on
 * import) and the compact form kept in `storage.sync` (whose quotas are small). Pure.
 */
import * as v from 'valibot';
import { list, t, type MessageId } from '../../i18n/i18n.ts';
import { ALL_SCOPES, isExposed, sortScopes } from '../scopes/catalogue.ts';
import { MAX_DESCRIPTION, MAX_NAME } from './limits.ts';
import { checkScopes, type Preset } from './model.ts';

export const EXPORT_FORMAT = 'keysmith-presets';
export const EXPORT_VERSION = 1;
export { MAX_DESCRIPTION, MAX_NAME };
export const MAX_PRESETS = 500;
export const MAX_IMPORT_BYTES = 1_000_000;

export interface UserPreset extends Preset {
  builtIn: false;
  updatedAt: string;
}

export interface ExportFile {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  exportedAt: string;
  presets: { name: string; description: string; scopes: string[] }[];
}

export function exportPresets(presets: readonly UserPreset[], now = new Date()): string {
  const file: ExportFile = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: now.toISOString(),
    presets: presets.map((p) => ({ name: p.name, description: p.description, scopes: [...p.scopes] })),
  };
  return JSON.stringify(file, null, 2) + '\n';
}

/**
 * What an import's fault is: the schemas' messages below are these keys, not sentences (a sentence
 * names the place, which only the whole file's path tells: parseImport writes it). A protocol
 * message that fails one of them is "unreadable" to the router (../protocol/index.ts), as before.
 */
const FAULTS = {
  text: 'errImportNotText',
  empty: 'errImportEmpty',
  long: 'errImportTooLong',
  scopeName: 'errImportNotScopeName',
  scopeLong: 'errImportScopeTooLong',
  scopeList: 'errImportNotScopeList',
  scopeMany: 'errImportTooManyScopes',
  format: 'errImportFormat',
  version: 'errImportVersion',
  date: 'errImportNotDate',
  noScope: 'errImportNoScope',
  unknownField: 'errImportUnknownField',
  list: 'errImportNotList',
  manyPresets: 'errImportTooManyPresets',
} as const satisfies Record<string, MessageId>;
type Fault = keyof typeof FAULTS;
const fault = (f: Fault): Fault => f;

export const NameSchema = v.pipe(
  v.string(fault('text')),
  v.transform((s) => s.replace(/\s+/g, ' ').trim()),
  v.minLength(1, fault('empty')),
  v.maxLength(MAX_NAME, fault('long')),
);
export const DescriptionSchema = v.pipe(v.string(fault('text')), v.maxLength(MAX_DESCRIPTION, fault('long')));
export const ScopeListSchema = v.pipe(
  v.array(v.pipe(v.string(fault('scopeName')), v.maxLength(64, fault('scopeLong'))), fault('scopeList')),
  v.maxLength(ALL_SCOPES.length, fault('scopeMany')),
);

const FileSchema = v.strictObject(
  {
    format: v.literal(EXPORT_FORMAT, fault('format')),
    version: v.literal(EXPORT_VERSION, fault('version')),
    exportedAt: v.optional(v.string(fault('date'))),
    presets: v.pipe(
      v.array(
        v.strictObject(
          { name: NameSchema, description: v.optional(DescriptionSchema, ''), scopes: v.pipe(ScopeListSchema, v.minLength(1, fault('noScope'))) },
          fault('unknownField'),
        ),
        fault('list'),
      ),
      v.maxLength(MAX_PRESETS, fault('manyPresets')),
    ),
  },
  fault('unknownField'),
);

export type ImportResult =
  | { ok: true; presets: { name: string; description: string; scopes: string[] }[]; addedDependencies: { name: string; added: string[] }[] }
  | { ok: false; error: string };

/** What a field is called in words, never as a path: `scopes.1` is "its 2nd scope". */
const FIELD_WORDS = {
  name: 'errImportFieldName',
  description: 'errImportFieldDescription',
  scopes: 'errImportFieldScopes',
  presets: 'errImportPlacePresets',
  format: 'errImportPlaceFormat',
  version: 'errImportPlaceVersion',
  exportedAt: 'errImportPlaceExportedAt',
} as const satisfies Record<string, MessageId>;
const wordsFor = (field: unknown): MessageId | undefined =>
  typeof field === 'string' && Object.hasOwn(FIELD_WORDS, field) ? FIELD_WORDS[field as keyof typeof FIELD_WORDS] : undefined;

/** "1st", "2nd", … as the messages' language writes an ordinal (its plural rules of type `ordinal`). */
const ORDINALS = {
  zero: 'errOrdinalZero',
  one: 'errOrdinalOne',
  two: 'errOrdinalTwo',
  few: 'errOrdinalFew',
  many: 'errOrdinalMany',
  other: 'errOrdinalOther',
} as const satisfies Record<Intl.LDMLPluralRule, MessageId>;
const ordinal = (n: number): string => t(ORDINALS[new Intl.PluralRules(t('locale'), { type: 'ordinal' }).select(n)], n);

/** A preset of the file by its number, and its name when it has one. */
const presetLabel = (n: number, name: unknown): string =>
  typeof name === 'string' ? t('errImportPlacePresetNamed', n, name.slice(0, 40)) : t('errImportPlacePreset', n);

function where(path: readonly { key: unknown }[] | undefined, data: unknown): string {
  if (!path?.length) return t('errImportPlaceFile');
  const keys = path.map((p) => p.key);
  if (keys[0] === 'presets' && typeof keys[1] === 'number') {
    const label = presetLabel(keys[1] + 1, (data as { presets?: { name?: unknown }[] }).presets?.[keys[1]]?.name);
    if (keys.length === 2) return label;
    const field = keys[2];
    if (field === 'scopes' && typeof keys[3] === 'number') return t('errImportPlaceField', label, t('errImportFieldScope', ordinal(keys[3] + 1)));
    const words = wordsFor(field);
    return t('errImportPlaceField', label, words ? t(words) : t('errImportFieldOther'));
  }
  const words = wordsFor(keys[0]);
  return words ? t(words) : t('errImportPlaceOther');
}

/** The sentence for a schema's fault, at the place it names. */
function faultSentence(issue: v.BaseIssue<unknown>, data: unknown): string {
  const place = where(issue.path, data);
  const f = issue.message as Fault;
  if (!Object.hasOwn(FAULTS, f)) return t('errImportInvalid', place);
  if (f === 'long' || f === 'manyPresets') return t(FAULTS[f], place, String(issue.requirement));
  if (f === 'format') return t(FAULTS[f], place, EXPORT_FORMAT);
  if (f === 'version') return t(FAULTS[f], place, EXPORT_VERSION);
  if (f === 'unknownField' && !issue.received) return t('errImportUnknownFieldUnnamed', place);
  return t(FAULTS[f], place, issue.received);
}

/** Validates an export file whole: any fault refuses all of it, saying what and where. */
export function parseImport(text: string): ImportResult {
  if (text.length > MAX_IMPORT_BYTES) return { ok: false, error: t('errImportTooLarge', MAX_IMPORT_BYTES / 1_000_000) };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: t('errImportNotJson', e instanceof Error ? e.message.slice(0, 120) : t('errImportParseError')) };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { ok: false, error: t('errImportNotObject') };
  const r = v.safeParse(FileSchema, data);
  if (!r.success) return { ok: false, error: faultSentence(r.issues[0], data) };
  const seen = new Map<string, number>();
  const out: { name: string; description: string; scopes: string[] }[] = [];
  const addedDependencies: { name: string; added: string[] }[] = [];
  for (const [i, p] of r.output.presets.entries()) {
    const key = p.name.toLowerCase();
    if (seen.has(key)) return { ok: false, error: t('errImportSameName', i + 1, p.name, seen.get(key)! + 1) };
    seen.set(key, i);
    const check = checkScopes(p.scopes);
    if (check.unknown.length) return { ok: false, error: t('errImportUnknownScopes', i + 1, p.name, list(check.unknown)) };
    if (check.added.length) addedDependencies.push({ name: p.name, added: check.added });
    out.push({ name: p.name, description: p.description, scopes: check.scopes });
  }
  return { ok: true, presets: out, addedDependencies };
}

// --- the compact form for storage.sync ------------------------------------------------------

const numberOf = new Map(ALL_SCOPES.map((s) => [s.name, s.number]));
const nameOf = new Map(ALL_SCOPES.map((s) => [s.number, s.name]));

/** Scopes as a bit set over their enum numbers, base64url: ~30 characters for any selection. */
export function encodeScopes(scopes: readonly string[]): string {
  const nums = scopes.map((s) => numberOf.get(s)).filter((n): n is number => n !== undefined);
  const bytes = new Uint8Array(Math.ceil((Math.max(0, ...nums) + 1) / 8));
  for (const n of nums) bytes[n >> 3]! |= 1 << (n & 7);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function decodeScopes(encoded: string): string[] {
  const bin = atob(encoded.replace(/-/g, '+').replace(/_/g, '/'));
  const out: string[] = [];
  for (let i = 0; i < bin.length; i++) {
    const b = bin.charCodeAt(i);
    for (let bit = 0; bit < 8; bit++)
      if (b & (1 << bit)) {
        const name = nameOf.get(i * 8 + bit);
        if (name && isExposed(name)) out.push(name);
      }
  }
  return sortScopes(out);
}

/** One preset as one storage.sync item: short keys, scopes as a bit set. */
export interface SyncItem {
  n: string;
  d?: string;
  s: string;
  u: string;
}

export function toSyncItem(p: UserPreset): SyncItem {
  const item: SyncItem = { n: p.name, s: encodeScopes(p.scopes), u: p.updatedAt };
  if (p.description) item.d = p.description;
  return item;
}

export function fromSyncItem(id: string, item: SyncItem): UserPreset {
  return { id, name: item.n, description: item.d ?? '', scopes: decodeScopes(item.s), builtIn: false, updatedAt: item.u };
}

/** chrome.storage.sync's limits (Firefox's are the same or larger). */
export const SYNC_QUOTA = { bytes: 102_400, bytesPerItem: 8_192, maxItems: 512 } as const;

/** Bytes chrome.storage.sync counts for an item: key length plus its JSON. */
export function syncItemBytes(key: string, value: unknown): number {
  return key.length + JSON.stringify(value).length;
}
