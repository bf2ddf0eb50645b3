/**
 * The inventory's audit: what about each key a person should look at, as flags with one sentence
 * each, and how many keys have each flag. Pure: the clock and the job history come in `opts`.
 */
import { list, t, tn } from '../../i18n/i18n.ts';
import { scope } from '../scopes/catalogue.ts';
import { scopeSetKey, type AuditKey } from './key.ts';

export const FLAG_IDS = ['all', 'deprecated', 'mints', 'never-expires', 'expiring', 'expired', 'old', 'duplicate', 'keysmith'] as const;
export type FlagId = (typeof FLAG_IDS)[number];

/** The flags a Personal Access Token can get: it has no app, so no app-level findings. */
export const PAT_FLAGS: readonly FlagId[] = ['all', 'never-expires', 'expiring', 'expired', 'old'];

export interface KeyFlag {
  id: FlagId;
  /** One sentence a person reads. */
  text: string;
}

/** A key a Keysmith job made, as the local job history holds it (no key id). */
export interface KeysmithRecord {
  owner: string;
  appId: string;
  description: string;
  scopes: string[];
  /** When the job made (or tried to make) the key: RFC 3339. */
  createdAt: string;
}

export interface AuditOptions {
  now: Date;
  /** A key created more than this many days ago is `old`. */
  olderThanDays: number;
  keysmith: KeysmithRecord[];
}

export interface InventoryAudit<K extends AuditKey = AuditKey> {
  /** Each key's flags, in FLAG_IDS order, by the key record itself (sorting and filtering keep it). */
  flags: ReadonlyMap<K, KeyFlag[]>;
  /** How many keys have each flag (every id present, 0 when none). */
  summary: Record<FlagId, number>;
}

const DAY = 86_400_000;
/** A key that expires at most this far ahead is `expiring`; exactly 14 days ahead still is. */
export const EXPIRING_DAYS = 14;
/** How far a key's `created_at` may be from a job record's time for `keysmith` (see keysmithMatch). */
export const KEYSMITH_WINDOW_MINUTES = 5;

/**
 * Clarifai writes "never expires" by leaving `expires_at` out (docs/clarifai-api.md); a protobuf
 * Timestamp left unset can also come out as the zero time `0001-01-01T00:00:00Z`, so that, an empty
 * string, and anything at or before it mean never too.
 */
const ZERO_TIME = Date.parse('0001-01-01T00:00:00Z');
export function neverExpires(expiresAt: string | undefined): boolean {
  if (expiresAt === undefined || expiresAt.trim() === '') return true;
  const time = Date.parse(expiresAt);
  return !Number.isNaN(time) && time <= ZERO_TIME;
}

const MINTING = ['All', 'Keys:Add', 'Collaborators:Add'];

/** `a and b and c`, each pair as the messages' language joins two names with “and”. */
const and = (names: readonly string[]): string => names.reduce((a, b) => t('audAnd', a, b));

/** The flags of one key, each sentence in the browser's language; `duplicate` and `keysmith` are decided across keys by auditKeys. */
function ownFlags(k: AuditKey, opts: AuditOptions): KeyFlag[] {
  const out: KeyFlag[] = [];
  const now = opts.now.getTime();
  if (k.scopes.includes('All')) {
    out.push({ id: 'all', text: t('audAll') });
  }
  const deprecated = [...new Set(k.scopes)].filter((s) => scope(s)?.deprecated === true);
  if (deprecated.length) {
    out.push({ id: 'deprecated', text: tn('audDeprecated', deprecated.length, list(deprecated)) });
  }
  const mints = MINTING.filter((s) => k.scopes.includes(s));
  if (mints.length) {
    out.push({ id: 'mints', text: t('audMints', and(mints)) });
  }
  if (neverExpires(k.expiresAt)) {
    out.push({ id: 'never-expires', text: t('audNeverExpires') });
  } else {
    // An expiry that is not a date is left unflagged: the audit says nothing it cannot read.
    const left = Date.parse(k.expiresAt ?? '') - now;
    if (left <= 0) out.push({ id: 'expired', text: t('audExpired', k.expiresAt ?? '') });
    else if (left <= EXPIRING_DAYS * DAY) out.push({ id: 'expiring', text: tn('audExpiring', Math.ceil(left / DAY), EXPIRING_DAYS, k.expiresAt ?? '') });
  }
  const age = now - Date.parse(k.createdAt ?? '');
  if (age > opts.olderThanDays * DAY) {
    out.push({ id: 'old', text: tn('audOld', opts.olderThanDays, tn('audDays', Math.floor(age / DAY)), k.createdAt ?? '') });
  }
  return out;
}

const appKey = (owner: string, appId: string, description: string, scopes: readonly string[]) =>
  JSON.stringify([owner, appId, description, scopeSetKey(scopes)]);

/**
 * Whether a job record made this key. The job history keeps no key ids (they are secrets), so this
 * is a match on what both sides know: the same app (owner and id), exactly the same description,
 * the same scope set (order and repeats aside), and a `created_at` within KEYSMITH_WINDOW_MINUTES
 * before or after the record's time (either side, for the browser's clock against Clarifai's).
 * Its limits: a key made by hand in the portal with the same app, description and scopes within
 * those minutes counts as Keysmith's; a Keysmith key is missed once its job history is cleared,
 * when it was made from another browser, when its description or scopes were changed since, or
 * when the record's time is far from the key's (a record whose time is its job's start, in a job
 * longer than the window). It says "probably Keysmith's", never proof of who made a key.
 */
function keysmithMatch(k: AuditKey, byApp: Map<string, number[]>): boolean {
  const created = Date.parse(k.createdAt ?? '');
  if (Number.isNaN(created)) return false;
  const times = byApp.get(appKey(k.owner, k.appId, k.description, k.scopes)) ?? [];
  return times.some((time) => Math.abs(created - time) <= KEYSMITH_WINDOW_MINUTES * 60_000);
}

export function auditKeys<K extends AuditKey>(keys: readonly K[], opts: AuditOptions): InventoryAudit<K> {
  const groups = new Map<string, number>();
  for (const k of keys) {
    if (k.kind !== 'app') continue;
    const g = appKey(k.owner, k.appId, k.description, k.scopes);
    groups.set(g, (groups.get(g) ?? 0) + 1);
  }
  const byApp = new Map<string, number[]>();
  for (const r of opts.keysmith) {
    const time = Date.parse(r.createdAt);
    if (Number.isNaN(time)) continue;
    const g = appKey(r.owner, r.appId, r.description, r.scopes);
    byApp.set(g, [...(byApp.get(g) ?? []), time]);
  }
  const summary = Object.fromEntries(FLAG_IDS.map((id) => [id, 0])) as Record<FlagId, number>;
  const flags = new Map<K, KeyFlag[]>();
  for (const k of keys) {
    let f = ownFlags(k, opts);
    if (k.kind === 'app') {
      const n = groups.get(appKey(k.owner, k.appId, k.description, k.scopes)) ?? 0;
      if (n > 1) {
        f.push({ id: 'duplicate', text: tn('audDuplicate', n) });
      }
      if (keysmithMatch(k, byApp)) {
        f.push({ id: 'keysmith', text: t('audKeysmith') });
      }
    } else f = f.filter((x) => PAT_FLAGS.includes(x.id));
    flags.set(k, f);
    for (const x of f) summary[x.id]++;
  }
  return { flags, summary };
}

/** A key's flags in an audit ([] for a key it did not see). */
export function flagsOf<K extends AuditKey>(audit: InventoryAudit<K>, key: K): KeyFlag[] {
  return audit.flags.get(key) ?? [];
}
