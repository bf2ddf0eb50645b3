/**
 * Everything Keysmith keeps in the browser's storage, declared once: its area (`session`, `local`,
 * `sync`), its key, a validator, a default, whether it holds a secret, and its version with a
 * migration. docs/security.md's "What lives where" table is made from these declarations
 * (`storageTable()`; tests/unit/storage.test.ts checks the page against it).
 *
 * Threat model: what is read back is not trusted more than a message. `storage.local` can be
 * written by Keysmith's content script, which lives beside a page we do not trust; `storage.sync`
 * by Keysmith in another browser, perhaps another version. So every read goes through the item's
 * validator, and a value that fails it is the default (for a family member: absent), never a crash,
 * never a wrong host. Nothing read is ever logged, only the key.
 *
 * Invariants kept here:
 * - Only `storage.session` items may hold a secret (memory only, trusted contexts only): `item()`
 *   and `family()` refuse any other declaration.
 * - A write is validated too: a value that fails its validator is a bug, and nothing is stored.
 * - Version 1 is stored bare (what Keysmith wrote before this module existed). A later version is
 *   stored as `{ "@v": n, "value": … }`; an older stored value goes through the item's `migrate`
 *   before it is validated; a newer one (a later Keysmith elsewhere, through sync) reads as the
 *   default and is not overwritten until this Keysmith writes the item itself.
 *
 * No other module calls `browser.storage` itself (tests/unit/storage.test.ts checks the sources).
 */
import * as v from 'valibot';
import browser from 'webextension-polyfill';
import { DEFAULT_BASE_URL, ID_RE, normalizeBaseUrl } from '../pure/clarifai/client.ts';
import { PBKDF2_ITERATIONS } from '../pure/crypto/seal.ts';
import { DescriptionSchema, MAX_PRESETS, NameSchema, ScopeListSchema, SYNC_QUOTA, type UserPreset } from '../pure/presets/io.ts';
import { checkScopes } from '../pure/presets/model.ts';
import { PatSchema } from '../pure/protocol/session.ts';

export type Area = 'session' | 'local' | 'sync';

interface Declaration<T> {
  area: Area;
  schema: v.GenericSchema<unknown, T>;
  /** Holds a secret (the PAT, a created key). Only `session` items may. */
  secret: boolean;
  /** 1 for what is stored bare; raise it with a `migrate` when the stored shape changes. */
  version: number;
  /** Turns a value stored at an older version into the current shape (then validated as usual). */
  migrate?: (old: unknown, fromVersion: number) => unknown;
  /** What it holds, for the table in docs/security.md. */
  what: string;
}

export interface Item<T> extends Declaration<T> {
  kind: 'item';
  key: string;
  default: T;
}

/** Many items of one shape, one key each: `template` names the parts, e.g. `preset:{id}`. */
export interface Family<T, P extends string = string> extends Declaration<T> {
  kind: 'family';
  template: string;
  parts: Record<P, RegExp>;
}

function check(d: Declaration<unknown>, name: string): void {
  if (d.secret && d.area !== 'session') throw new Error(`Storage item ${name}: only storage.session may hold a secret, not storage.${d.area}.`);
  if (!Number.isInteger(d.version) || d.version < 1) throw new Error(`Storage item ${name}: the version must be a whole number from 1.`);
  if (d.version > 1 && !d.migrate) throw new Error(`Storage item ${name}: version ${d.version} needs a migration from the versions before it.`);
}

export function item<T>(d: Omit<Item<T>, 'kind'>): Item<T> {
  check(d, d.key);
  return { kind: 'item', ...d };
}

export function family<T, P extends string>(d: Omit<Family<T, P>, 'kind'>): Family<T, P> {
  check(d, d.template);
  for (const m of d.template.matchAll(/\{(\w+)\}/g)) if (!(m[1]! in d.parts)) throw new Error(`Storage family ${d.template}: no pattern for {${m[1]}}.`);
  return { kind: 'family', ...d };
}

const area = (a: Area) => browser.storage[a];

// --- encoding -----------------------------------------------------------------------------------

const VERSION_TAG = '@v';

function unwrap(raw: unknown): { version: number; data: unknown } {
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    const keys = Object.keys(raw);
    const tag = (raw as Record<string, unknown>)[VERSION_TAG];
    if (keys.length === 2 && keys.includes('value') && Number.isInteger(tag) && (tag as number) >= 2) {
      return { version: tag as number, data: (raw as { value: unknown }).value };
    }
  }
  return { version: 1, data: raw };
}

const warned = new Set<string>();
function unreadable(key: string): undefined {
  // The key only: the value may be anything, including a secret someone put in the wrong place.
  if (!warned.has(key)) console.warn('Keysmith: ignored a stored value it could not read', key);
  warned.add(key);
  return undefined;
}

/** A stored value as the declaration's current shape, or undefined when it cannot be one. */
function decode<T>(d: Declaration<T>, key: string, raw: unknown): { value: T } | undefined {
  const stored = unwrap(raw);
  const version = stored.version;
  let data = stored.data;
  if (version > d.version) return unreadable(key);
  if (version < d.version) {
    try {
      data = d.migrate!(data, version);
    } catch {
      return unreadable(key);
    }
  }
  const r = v.safeParse(d.schema, data);
  return r.success ? { value: r.output } : unreadable(key);
}

function encode<T>(d: Declaration<T>, key: string, value: T): unknown {
  const r = v.safeParse(d.schema, value);
  // A list that reads element by element would drop a bad element silently: on write, that is a bug.
  const dropped = Array.isArray(value) && Array.isArray(r.output) && r.output.length !== value.length;
  if (!r.success || dropped) throw new Error(`Keysmith refused to store an invalid value under ${key}.`);
  return d.version === 1 ? r.output : { [VERSION_TAG]: d.version, value: r.output };
}

// --- items ----------------------------------------------------------------------------------------

export async function read<T>(it: Item<T>): Promise<T> {
  const raw = (await area(it.area).get(it.key))[it.key];
  if (raw === undefined) return structuredClone(it.default);
  return decode(it, it.key, raw)?.value ?? structuredClone(it.default);
}

/** One validated write, ready to be set together with others of its area. */
export interface Entry {
  area: Area;
  key: string;
  raw: unknown;
}

export function entry<T>(it: Item<T>, value: T): Entry {
  return { area: it.area, key: it.key, raw: encode(it, it.key, value) };
}

/** Sets entries, one `set` per area (so the items of one area change together). */
export async function writeEntries(entries: readonly Entry[]): Promise<void> {
  const by = new Map<Area, Record<string, unknown>>();
  for (const e of entries) by.set(e.area, { ...by.get(e.area), [e.key]: e.raw });
  for (const [a, items] of by) await area(a).set(items);
}

/** Writes an item; `undefined` removes it. */
export async function write<T>(it: Item<T>, value: T): Promise<void> {
  if (value === undefined) return remove(it);
  await writeEntries([entry(it, value)]);
}

export async function remove(...items: Item<unknown>[]): Promise<void> {
  const by = new Map<Area, string[]>();
  for (const it of items) by.set(it.area, [...(by.get(it.area) ?? []), it.key]);
  for (const [a, keys] of by) await area(a).remove(keys);
}

// --- families -------------------------------------------------------------------------------------

const keyRes = new WeakMap<Family<unknown>, RegExp>();
function keyRe(f: Family<unknown>): RegExp {
  let re = keyRes.get(f);
  if (!re) keyRes.set(f, (re = makeKeyRe(f)));
  return re;
}

function makeKeyRe(f: Family<unknown>): RegExp {
  const src = f.template
    .split(/(\{\w+\})/)
    .map((s) => {
      const m = /^\{(\w+)\}$/.exec(s);
      return m ? `(?<${m[1]}>${(f.parts as Record<string, RegExp>)[m[1]!]!.source})` : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${src}$`);
}

export function memberKey<P extends string>(f: Family<unknown, P>, parts: Record<P, string>): string {
  const key = f.template.replace(/\{(\w+)\}/g, (_, name: P) => parts[name]);
  if (!keyRe(f).test(key)) throw new Error(`Keysmith refused a storage key outside ${f.template}.`);
  return key;
}

export function memberParts<P extends string>(f: Family<unknown, P>, key: string): Record<P, string> | undefined {
  const m = keyRe(f).exec(key);
  return m ? (m.groups as Record<P, string>) : undefined;
}

export function memberEntry<T, P extends string>(f: Family<T, P>, parts: Record<P, string>, value: T): Entry {
  const key = memberKey(f, parts);
  return { area: f.area, key, raw: encode(f, key, value) };
}

export async function readMember<T, P extends string>(f: Family<T, P>, parts: Record<P, string>): Promise<T | undefined> {
  const key = memberKey(f, parts);
  const raw = (await area(f.area).get(key))[key];
  return raw === undefined ? undefined : decode(f, key, raw)?.value;
}

/** A member's raw stored value (as `get` gave it) through its family's validator: undefined when it is absent or cannot be read. */
export function decodeMember<T>(f: Family<T>, key: string, raw: unknown): T | undefined {
  return raw === undefined ? undefined : decode(f, key, raw)?.value;
}

/** Stored values as they are, by key: for a caller that decodes each itself (to tell absent from unreadable). */
export async function readRaw(a: Area, keys: readonly string[]): Promise<Record<string, unknown>> {
  return keys.length ? area(a).get([...keys]) : {};
}

/** Members by their parts, with one `get`: each through the validator (undefined when absent or unreadable). */
export async function readMembers<T, P extends string>(f: Family<T, P>, list: readonly Record<P, string>[]): Promise<(T | undefined)[]> {
  if (!list.length) return [];
  const keys = list.map((parts) => memberKey(f, parts));
  const got = await area(f.area).get(keys);
  return keys.map((k) => decodeMember(f, k, got[k]));
}

/** Writes members, validated, with one `set` (they change together). */
export async function writeMembers<T, P extends string>(f: Family<T, P>, list: readonly (readonly [Record<P, string>, T])[]): Promise<void> {
  if (list.length) await writeEntries(list.map(([parts, value]) => memberEntry(f, parts, value)));
}

export async function removeMembers<P extends string>(f: Family<unknown, P>, list: readonly Record<P, string>[]): Promise<void> {
  await removeKeys(
    f.area,
    list.map((parts) => memberKey(f, parts)),
  );
}

/**
 * All an area holds, as stored: one read to pass to `readFamily`, `familyKeys` or `memberSizes`
 * when several families of the area are looked at together (an area may hold megabytes).
 */
export async function readArea(a: Area): Promise<Record<string, unknown>> {
  return area(a).get(null);
}

/** Every readable member of a family (in `all`, when given: the family's area as `readArea` read it); unreadable ones are left out (and left where they are). */
export async function readFamily<T, P extends string>(
  f: Family<T, P>,
  all?: Record<string, unknown>,
): Promise<{ key: string; parts: Record<P, string>; value: T }[]> {
  all ??= await readArea(f.area);
  const out: { key: string; parts: Record<P, string>; value: T }[] = [];
  for (const [key, raw] of Object.entries(all)) {
    const parts = memberParts(f, key);
    if (!parts) continue;
    const got = decode(f, key, raw);
    if (got) out.push({ key, parts, value: got.value });
  }
  return out;
}

/** Keys of every member, readable or not (to remove them). */
export async function familyKeys(f: Family<unknown>, all?: Record<string, unknown>): Promise<string[]> {
  return Object.keys(all ?? (await readArea(f.area))).filter((k) => memberParts(f, k));
}

/** An item's size as browsers count it against their quota: its key and its value's JSON (UTF-8 bytes here, to be safe). */
export function sizeOf(key: string, value: unknown): number {
  const enc = new TextEncoder();
  return enc.encode(key).length + enc.encode(JSON.stringify(value) ?? '').length;
}

/** Each member's parts and stored size, readable or not (for budgets: what it takes is what counts). */
export async function memberSizes<P extends string>(
  f: Family<unknown, P>,
  all?: Record<string, unknown>,
): Promise<{ parts: Record<P, string>; bytes: number }[]> {
  return Object.entries(all ?? (await readArea(f.area))).flatMap(([key, raw]) => {
    const parts = memberParts(f, key);
    return parts ? [{ parts, bytes: sizeOf(key, raw) }] : [];
  });
}

export async function removeKeys(a: Area, keys: readonly string[]): Promise<void> {
  if (keys.length) await area(a).remove([...keys]);
}

/** Chrome: content scripts must not read session storage (the default; say it anyway). Firefox never exposes it to them. */
export async function lockDownSession(): Promise<void> {
  const session = browser.storage.session as typeof browser.storage.session & { setAccessLevel?: (o: { accessLevel: string }) => Promise<void> };
  await session.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' });
}

// --- schemas ---------------------------------------------------------------------------------------

/** A list whose unreadable elements are dropped one by one, so one bad entry does not lose the rest. */
function listOf<T>(element: v.GenericSchema<unknown, T>, max: number) {
  return v.pipe(
    v.array(v.unknown()),
    v.maxLength(max),
    v.transform((xs) =>
      xs.flatMap((x) => {
        const r = v.safeParse(element, x);
        return r.success ? [r.output] : [];
      }),
    ),
  );
}

const Timestamp = v.pipe(v.string(), v.maxLength(40));
const Text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const ClarifaiId = v.pipe(v.string(), v.regex(ID_RE));
const PresetId = v.pipe(v.string(), v.regex(/^user:[A-Za-z0-9-]{1,64}$/));
const JobId = /[0-9a-f-]{36}/;
/** A key id's hash as ./job-evidence.ts `keyHash` makes it: the first 48 bits of SHA-256, 12 lower-case hex. */
const KeyHash = v.pipe(v.string(), v.regex(/^[0-9a-f]{12}$/));

/** An API address as settings keep it: https (http on loopback only), normalised. */
export const BaseUrlSchema = v.pipe(
  v.string(),
  v.maxLength(200),
  v.check((s) => {
    try {
      normalizeBaseUrl(s);
      return true;
    } catch {
      return false;
    }
  }),
  v.transform((s) => normalizeBaseUrl(s)),
);

export const ProfileSchema = v.object({
  userId: Text(128),
  name: Text(300),
  scopes: v.pipe(v.array(Text(64)), v.maxLength(1000)),
  verifiedAt: Timestamp,
});

/** The PAT in memory, with whose it is and the address it was verified against. */
export const VaultRecordSchema = v.object({
  pat: PatSchema,
  profile: v.optional(ProfileSchema),
  apiBaseUrl: BaseUrlSchema,
});

const Base64 = (max: number) => v.pipe(v.string(), v.maxLength(max), v.regex(/^[A-Za-z0-9+/]*={0,2}$/));

/** A sealed box (../pure/crypto/seal.ts). The cost is bounded: a stored value cannot make unlocking take hours. */
export const SealedSchema = v.object({
  v: v.literal(1),
  kdf: v.literal('PBKDF2-SHA256'),
  iterations: v.pipe(v.number(), v.integer(), v.minValue(PBKDF2_ITERATIONS), v.maxValue(10_000_000)),
  salt: Base64(64),
  iv: Base64(64),
  data: Base64(200_000),
});

/** Scopes of a stored preset: Clarifai's exposed ones only (a scope it no longer offers is dropped), closed under dependencies. */
const StoredScopes = v.pipe(
  ScopeListSchema,
  v.transform((s) => checkScopes(s).scopes),
  v.minLength(1),
);

export const UserPresetSchema: v.GenericSchema<unknown, UserPreset> = v.object({
  id: PresetId,
  name: NameSchema,
  description: v.optional(DescriptionSchema, ''),
  scopes: StoredScopes,
  builtIn: v.optional(v.literal(false), false),
  updatedAt: Timestamp,
});

export const SyncItemSchema = v.object({
  n: NameSchema,
  d: v.optional(DescriptionSchema),
  s: v.pipe(v.string(), v.maxLength(200), v.regex(/^[A-Za-z0-9_-]*$/)),
  u: Timestamp,
});

/** A preset the panel asked to save, waiting for the person to confirm it on the options page. */
export const PendingPresetSchema = v.object({
  id: v.pipe(v.string(), v.uuid()),
  name: NameSchema,
  description: v.optional(DescriptionSchema, ''),
  scopes: StoredScopes,
  askedAt: Timestamp,
});

// Jobs (./job-store.ts and ./job-evidence.ts read and write every job item through these). Loose
// objects: the fields named are checked, any others are kept.
const JobItemSchema = v.looseObject({ owner: Text(4096), appId: Text(4096), description: Text(1000) });
const JobPlanSchema = v.looseObject({
  id: Text(36),
  createdAt: Timestamp,
  scopes: v.array(Text(64)),
  template: Text(200),
  items: v.pipe(v.array(JobItemSchema), v.maxLength(5000)),
  ratePerSecond: v.pipe(v.number(), v.minValue(0.1), v.maxValue(15)),
});
const JobControlSchema = v.looseObject({
  status: v.picklist(['running', 'paused', 'cancelling', 'cancelled', 'done', 'interrupted']),
  startedAt: v.number(),
});
const ItemStateSchema = v.looseObject({
  status: v.picklist(['pending', 'sending', 'created', 'failed', 'cancelled']),
  attempts: v.pipe(v.number(), v.integer(), v.minValue(0)),
  keyId: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,128}$/))),
});

/**
 * A bulk job proposed from the portal page: its plan, exactly as it would run, until the person
 * starts or discards it on Keysmith's jobs page (./job-proposals.ts). After that, only the outcome.
 */
export const ProposalSchema = v.object({
  id: v.pipe(v.string(), v.uuid()),
  status: v.picklist(['waiting', 'started', 'discarded']),
  askedAt: v.pipe(v.number(), v.finite(), v.minValue(0)),
  decideBy: v.pipe(v.number(), v.finite(), v.minValue(0)),
  plan: v.optional(JobPlanSchema),
  jobId: v.optional(v.pipe(v.string(), v.uuid())),
  error: v.optional(Text(1000)),
});

// --- every item Keysmith keeps --------------------------------------------------------------------

export const VAULT = item({
  area: 'session',
  key: 'vault',
  what: 'The PAT, whose it is, and the API address it was verified against',
  secret: true,
  version: 2,
  // Version 1 had no address: a token kept then was verified against the default one.
  migrate: (old) => (old && typeof old === 'object' ? { apiBaseUrl: DEFAULT_BASE_URL, ...old } : old),
  schema: v.optional(VaultRecordSchema),
  default: undefined,
});

export const VAULT_LAST_USE = item({
  area: 'session',
  key: 'vault:lastUse',
  what: 'When an extension page last used the token (ms), for the idle lock',
  secret: false,
  version: 1,
  schema: v.optional(v.pipe(v.number(), v.finite(), v.minValue(0))),
  default: undefined,
});

export const VAULT_NOTICE = item({
  area: 'session',
  key: 'vault:notice',
  what: 'Why Keysmith forgot the token by itself (the API address changed)',
  secret: false,
  version: 1,
  schema: v.optional(v.picklist(['address-changed'])),
  default: undefined,
});

export const VAULT_SEALED = item({
  area: 'local',
  key: 'vault:sealed',
  what: 'With “Remember on this device” only: the PAT record sealed with the passphrase (PBKDF2-SHA256, AES-GCM); ciphertext, no secret in the clear',
  secret: false,
  version: 1,
  schema: v.optional(SealedSchema),
  default: undefined,
});

export const DEFAULT_IDLE_MINUTES = 30;

export const VAULT_IDLE_MINUTES = item({
  area: 'local',
  key: 'vault:idleMinutes',
  what: 'Minutes unused after which a remembered token locks (1 to 1,440)',
  secret: false,
  version: 1,
  schema: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1440)),
  default: DEFAULT_IDLE_MINUTES,
});

export const SETTINGS = item({
  area: 'local',
  key: 'settings',
  what: 'The API address (https)',
  secret: false,
  version: 1,
  schema: v.object({ apiBaseUrl: BaseUrlSchema }),
  default: { apiBaseUrl: DEFAULT_BASE_URL },
});

export const ORGS = item({
  area: 'local',
  key: 'orgs',
  what: 'Organization ids added to the app picker',
  secret: false,
  version: 1,
  schema: listOf(ClarifaiId, 50),
  default: [],
});

export const PRESET_SYNC = item({
  area: 'local',
  key: 'presetSync',
  what: 'Whether presets are kept in browser sync',
  secret: false,
  version: 1,
  schema: v.boolean(),
  default: false,
});

export const PRESETS_LOCAL = item({
  area: 'local',
  key: 'presets',
  what: 'The user’s presets (names, descriptions, scopes); a copy of sync’s while sync is on',
  secret: false,
  version: 1,
  schema: listOf(UserPresetSchema, MAX_PRESETS),
  default: [],
});

export const PRESETS_ORDER = item({
  area: 'sync',
  key: 'presets:order',
  what: 'The order of the user’s presets',
  secret: false,
  version: 1,
  schema: listOf(PresetId, SYNC_QUOTA.maxItems),
  default: [],
});

export const PRESET_ITEM = family({
  area: 'sync',
  template: 'preset:{id}',
  parts: { id: /user:[A-Za-z0-9-]{1,64}/ },
  what: 'One user preset, compact (scopes as a bit set)',
  secret: false,
  version: 1,
  schema: SyncItemSchema,
});

export const PRESET_PENDING = item({
  area: 'session',
  key: 'presets:pending',
  what: 'A preset the portal page’s panel asked to save, until the person confirms or discards it on the options page (session: a content script cannot write it)',
  secret: false,
  version: 1,
  schema: v.optional(PendingPresetSchema),
  default: undefined,
});

export const JOB_PROPOSAL = family({
  area: 'session',
  template: 'proposal:{id}',
  parts: { id: /[0-9a-f-]{36}/ },
  what: 'A bulk job the portal page’s panel proposed: the plan as it would run, until the person starts or discards it on Keysmith’s jobs page (then only the outcome, for an hour; session: a content script cannot write it)',
  secret: false,
  version: 1,
  schema: ProposalSchema,
});

export const JOB_PLAN_LOCAL = family({
  area: 'local',
  template: 'job:{job}:plan',
  parts: { job: JobId },
  what: 'A bulk job’s plan without secrets (apps, descriptions, scopes, start), for Recover after a restart',
  secret: false,
  version: 1,
  schema: JobPlanSchema,
});

export const JOB_PLAN_SESSION = family({
  area: 'session',
  template: 'job:{job}:plan',
  parts: { job: JobId },
  what: 'A bulk job’s plan while the browser runs (the local copy serves Recover after a restart)',
  secret: false,
  version: 1,
  schema: JobPlanSchema,
});

export const JOB_CONTROL = family({
  area: 'session',
  template: 'job:{job}:control',
  parts: { job: JobId },
  what: 'A job’s status (running, paused, …) and timing',
  secret: false,
  version: 1,
  schema: JobControlSchema,
});

export const JOB_ITEM = family({
  area: 'session',
  template: 'job:{job}:item:{index}',
  parts: { job: JobId, index: /\d{1,4}/ },
  what: 'One app’s state in a job, with the created key id',
  secret: true,
  version: 1,
  schema: ItemStateSchema,
});

export const JOB_CHECK = family({
  area: 'session',
  template: 'job:{job}:check:{kind}',
  parts: { job: JobId, kind: /recover|duplicates/ },
  what: 'How far Recover or the duplicate sweep went, app by app (so a stopped worker goes on), with the duplicates found (key ids) and the apps it could not look up',
  secret: true,
  version: 1,
  schema: v.looseObject({
    kind: v.picklist(['recover', 'duplicates']),
    status: v.picklist(['running', 'done', 'stopped']),
    next: v.pipe(v.number(), v.integer(), v.minValue(0)),
    total: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(5000)),
    duplicates: v.pipe(
      v.array(v.looseObject({ i: v.pipe(v.number(), v.integer(), v.minValue(0)), keyId: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,128}$/)) })),
      v.maxLength(50_000),
    ),
    unchecked: v.pipe(v.array(v.looseObject({ i: v.pipe(v.number(), v.integer(), v.minValue(0)), reason: Text(2000) })), v.maxLength(5000)),
  }),
});

export const JOB_EVIDENCE = family({
  area: 'local',
  template: 'job:{job}:evidence',
  parts: { job: JobId },
  what: 'What a job saw before each attempt, to tell its own keys from others’: times, and 48-bit hashes of the key ids listed and recorded (no key id)',
  secret: false,
  version: 1,
  schema: v.looseObject({
    v: v.literal(1),
    items: v.pipe(v.array(v.nullable(v.tuple([v.nullable(v.number()), v.nullable(v.number()), v.nullable(v.array(KeyHash))]))), v.maxLength(5000)),
    claims: v.pipe(v.array(KeyHash), v.maxLength(5000)),
  }),
});

export const JOB_HISTORY = item({
  area: 'local',
  key: 'jobs:history',
  what: 'The last 50 jobs: when, scopes, the first 10 app ids, counts; no key ids (plans and evidence are kept for the last 20 jobs, within 4 MiB)',
  secret: false,
  version: 1,
  schema: listOf(v.looseObject({ id: Text(36), createdAt: Timestamp, status: Text(20) }), 50),
  default: [],
});

export const APPS_DIRECTORY = item({
  area: 'session',
  key: 'apps:directory',
  what: 'Names of the apps the worker listed, so a job names its apps itself',
  secret: false,
  version: 1,
  schema: v.pipe(v.array(v.tuple([v.string(), v.string(), v.string()])), v.maxLength(20_000)),
  default: [],
});

/** Every item Keysmith keeps, for the table and the tests. */
export const STORAGE: readonly (Item<unknown> | Family<unknown>)[] = [
  VAULT,
  VAULT_LAST_USE,
  VAULT_NOTICE,
  VAULT_SEALED,
  VAULT_IDLE_MINUTES,
  SETTINGS,
  ORGS,
  PRESET_SYNC,
  PRESETS_LOCAL,
  PRESETS_ORDER,
  PRESET_ITEM,
  PRESET_PENDING,
  JOB_PROPOSAL,
  JOB_PLAN_LOCAL,
  JOB_PLAN_SESSION,
  JOB_CONTROL,
  JOB_ITEM,
  JOB_CHECK,
  JOB_EVIDENCE,
  JOB_HISTORY,
  APPS_DIRECTORY,
];

const AREA_ORDER: Area[] = ['session', 'local', 'sync'];

/** docs/security.md's "What lives where" table, from the declarations. */
export function storageTable(): string {
  const rows = [...STORAGE]
    .sort((a, b) => AREA_ORDER.indexOf(a.area) - AREA_ORDER.indexOf(b.area))
    .map((d) => `| \`storage.${d.area}\` | \`${d.kind === 'item' ? d.key : d.template}\` | ${d.what} | ${d.secret ? '**yes**' : 'no'} | ${d.version} |`);
  return ['| area | key | what it holds | secret | version |', '|---|---|---|---|---|', ...rows].join('\n');
}
