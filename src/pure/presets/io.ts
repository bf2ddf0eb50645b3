/**
 * The user's presets on disk and on the wire: the export file (versioned JSON, validated whole on
 * import) and the compact form kept in `storage.sync` (whose quotas are small). Pure.
 */
import * as v from 'valibot';
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

export const NameSchema = v.pipe(
  v.string('must be text'),
  v.transform((s) => s.replace(/\s+/g, ' ').trim()),
  v.minLength(1, 'must not be empty'),
  v.maxLength(MAX_NAME, `must be at most ${MAX_NAME} characters`),
);
export const DescriptionSchema = v.pipe(v.string('must be text'), v.maxLength(MAX_DESCRIPTION, `must be at most ${MAX_DESCRIPTION} characters`));
export const ScopeListSchema = v.pipe(
  v.array(v.pipe(v.string('must be a scope name'), v.maxLength(64, 'is too long for a scope name')), 'must be a list of scope names'),
  v.maxLength(ALL_SCOPES.length, 'has more scopes than Clarifai has'),
);

const FileSchema = v.strictObject(
  {
    format: v.literal(EXPORT_FORMAT, `must be "${EXPORT_FORMAT}"`),
    version: v.literal(EXPORT_VERSION, `must be ${EXPORT_VERSION} (this file was made by another version of Keysmith)`),
    exportedAt: v.optional(v.string('must be a date written as text')),
    presets: v.pipe(
      v.array(
        v.strictObject(
          { name: NameSchema, description: v.optional(DescriptionSchema, ''), scopes: v.pipe(ScopeListSchema, v.minLength(1, 'must name at least one scope')) },
          (issue) => `has an unknown field${issue.received ? ` ${issue.received}` : ''}`,
        ),
        'must be a list',
      ),
      v.maxLength(MAX_PRESETS, `may hold at most ${MAX_PRESETS} presets`),
    ),
  },
  (issue) => `has an unknown field${issue.received ? ` ${issue.received}` : ''}`,
);

export type ImportResult =
  | { ok: true; presets: { name: string; description: string; scopes: string[] }[]; addedDependencies: { name: string; added: string[] }[] }
  | { ok: false; error: string };

/** What a field is called in words, never as a path: `scopes.1` is "its 2nd scope". */
const FIELD_WORDS: Readonly<Record<string, string>> = {
  name: 'its name',
  description: 'its description',
  scopes: 'its list of scopes',
  presets: 'The list of presets',
  format: 'The file’s format mark',
  version: 'The file’s version mark',
  exportedAt: 'The export date',
};

const ordinal = (n: number): string =>
  `${n}${n % 10 === 1 && n % 100 !== 11 ? 'st' : n % 10 === 2 && n % 100 !== 12 ? 'nd' : n % 10 === 3 && n % 100 !== 13 ? 'rd' : 'th'}`;

function where(path: readonly { key: unknown }[] | undefined, data: unknown): string {
  if (!path?.length) return 'The file';
  const keys = path.map((p) => p.key);
  if (keys[0] === 'presets' && typeof keys[1] === 'number') {
    const name = (data as { presets?: { name?: unknown }[] }).presets?.[keys[1]]?.name;
    const label = `Preset ${keys[1] + 1}${typeof name === 'string' ? ` (“${name.slice(0, 40)}”)` : ''}`;
    if (keys.length === 2) return label;
    const field = keys[2];
    if (field === 'scopes' && typeof keys[3] === 'number') return `${label}, its ${ordinal(keys[3] + 1)} scope,`;
    return `${label}, ${typeof field === 'string' && FIELD_WORDS[field] ? FIELD_WORDS[field] : 'one of its fields'},`;
  }
  const top = keys[0];
  return typeof top === 'string' && FIELD_WORDS[top] ? FIELD_WORDS[top]! : 'A field of the file';
}

/** Validates an export file whole: any fault refuses all of it, saying what and where. */
export function parseImport(text: string): ImportResult {
  if (text.length > MAX_IMPORT_BYTES)
    return { ok: false, error: `The file is larger than ${MAX_IMPORT_BYTES / 1_000_000} MB; it is not a Keysmith presets file.` };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `The file is not valid JSON (${e instanceof Error ? e.message.slice(0, 120) : 'parse error'}).` };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    return { ok: false, error: 'The file is not a Keysmith presets file: expected a JSON object.' };
  const r = v.safeParse(FileSchema, data);
  if (!r.success) {
    const issue = r.issues[0];
    return { ok: false, error: `${where(issue.path, data)} ${issue.message}.` };
  }
  const seen = new Map<string, number>();
  const out: { name: string; description: string; scopes: string[] }[] = [];
  const addedDependencies: { name: string; added: string[] }[] = [];
  for (const [i, p] of r.output.presets.entries()) {
    const key = p.name.toLowerCase();
    if (seen.has(key)) return { ok: false, error: `Preset ${i + 1} (“${p.name}”) has the same name as preset ${seen.get(key)! + 1}.` };
    seen.set(key, i);
    const check = checkScopes(p.scopes);
    if (check.unknown.length) {
      return {
        ok: false,
        error: `Preset ${i + 1} (“${p.name}”) names scopes Clarifai does not offer for keys: ${check.unknown.join(', ')}.`,
      };
    }
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
