/**
 * What a bulk job keeps to prove which keys on Clarifai are its own (rules: ../pure/bulk/ownership.ts):
 * - before the first attempt on an app, the app's keys that already have the attempt's fields
 *   (`prior`), listed once per owner (ListKeys) or, when that is refused, per app (ListAppKeys);
 * - when each attempt began and when its last answer came (`since`, `until`);
 * - the hash of each key the job recorded (`claim`), so that no other job of this browser takes it.
 *
 * Key ids are secrets, so other keys' ids and the job's own are kept here as hashes: SHA-256 of the
 * id, the first 48 bits in hex. That is plenty to tell a handful of keys on one app apart (and a
 * key from the claims of 50 jobs of 5,000 apps: one chance in a billion of a false match, which
 * would only make Keysmith leave a key alone), and says nothing about the key. The item states (session) carry the evidence while the job lives;
 * `storage.local` keeps a compact copy (times as seconds since the job began) so Recover and the
 * duplicate check still know it after a browser restart.
 */
import type { Limiter as Pacer } from '../pure/bulk/limiter.ts';
import { matchesAttempt, ownedKeys, type Attempt, type Evidence } from '../pure/bulk/ownership.ts';
import { collectPages, isValidKeyId, type ClarifaiClient } from '../pure/clarifai/client.ts';
import { ClarifaiError } from '../pure/clarifai/errors.ts';
import type { ApiKey } from '../pure/clarifai/types.ts';
import { storageWrite } from './errors.ts';
import { retrying } from './limiter.ts';
import { history, isJobId } from './job-store.ts';
import { keyFieldsOf, type JobItemState, type JobPlan, type PlanItem } from './job-types.ts';
import { readMembers, writeMembers } from './storage/access.ts';
import { JOB_EVIDENCE } from './storage/job-items.ts';

export async function keyHash(id: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`keysmith key ${id}`));
  return [...new Uint8Array(digest).slice(0, 6)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export function attemptOf(plan: JobPlan, item: PlanItem): Attempt {
  const { scopes, endpoints, expiresAt } = keyFieldsOf(plan, item);
  return { owner: item.owner, appId: item.appId, description: item.description, scopes, endpoints, expiresAt };
}

/**
 * A rotation's old keys (their hashes): never any item's replacement. An old key has its
 * replacement's fields, but was there before the job, so its listing and time exclude it already;
 * this says it outright, whatever the evidence (one kept only in storage.local may be changed).
 */
export function oldKeyHashes(plan: JobPlan): Set<string> {
  return new Set(plan.items.flatMap((it) => (it.replaces ? [it.replaces.hash] : [])));
}

/** A failure that stops the whole job (the token is gone or refused) rather than one listing. */
function stops(e: unknown): boolean {
  return !(e instanceof ClarifaiError) || e.kind === 'auth';
}

/**
 * Lists, before anything is sent, the keys that already have each fresh item's fields (`prior`):
 * one ListKeys per owner (a few pages for thousands of apps), or ListAppKeys per app when the owner's
 * list is refused (an organization may not let members list its keys). An item whose keys cannot
 * be listed at all keeps no `prior`: only time and other jobs' claims then tell its keys apart.
 * Returns the items' new states.
 */
export async function takeSnapshots(plan: JobPlan, states: readonly JobItemState[], client: ClarifaiClient, pacer: Pacer): Promise<Map<number, JobItemState>> {
  const fresh = states.flatMap((s, i) => (s.status === 'pending' && s.attempts === 0 && !s.uncertain && !s.prior ? [i] : []));
  const updates = new Map<number, JobItemState>();
  const owners = [...new Set(fresh.map((i) => plan.items[i]!.owner))];
  for (const owner of owners) {
    const mine = fresh.filter((i) => plan.items[i]!.owner === owner);
    const at = Date.now();
    let all: ApiKey[] | undefined;
    try {
      all = await collectPages((page, per) => retrying(pacer, () => client.listKeys(owner, page, per, 'app_specific_key')));
    } catch (e) {
      if (stops(e)) throw e;
    }
    for (const i of mine) {
      const item = plan.items[i]!;
      let keys = all;
      let snapAt = at;
      if (!keys) {
        snapAt = Date.now();
        try {
          keys = await collectPages((page, per) => retrying(pacer, () => client.listAppKeys(item.owner, item.appId, page, per)));
        } catch (e) {
          if (stops(e)) throw e;
          continue;
        }
      }
      const a = attemptOf(plan, item);
      const prior = await Promise.all(keys.filter((k) => matchesAttempt(k, a)).map((k) => keyHash(k.id)));
      updates.set(i, { ...states[i]!, prior, snapAt });
    }
  }
  return updates;
}

// --- the copy in storage.local ------------------------------------------------------------

/** Per item: [since, until] in seconds after the job began (or null), and the prior hashes (null: never listed). */
type StoredItem = [since: number | null, until: number | null, prior: string[] | null] | null;
interface Stored {
  v: 1;
  items: StoredItem[];
  claims: string[];
}

let evidenceWritten = 0;

/**
 * How many evidence writes of this worker have landed. A copy of other jobs' claims read from
 * storage.local is stale once it moves: a job that ended since wrote its last claims there (before
 * it left the worker's memory).
 */
export const evidenceWrites = (): number => evidenceWritten;

export async function writeEvidence(plan: JobPlan, states: readonly JobItemState[]): Promise<void> {
  const base = Date.parse(plan.createdAt);
  const off = (t: number | undefined) => (t === undefined ? null : Math.round((t - base) / 1000));
  const stored: Stored = {
    v: 1,
    items: states.map((s) => (s.prior || s.since !== undefined ? [off(s.since), off(s.until), s.prior ?? null] : null)),
    claims: states.flatMap((s) => (s.claim ? [s.claim] : [])),
  };
  await storageWrite(() => writeMembers(JOB_EVIDENCE, [[{ job: plan.id }, stored as never]]));
  evidenceWritten++;
}

/**
 * A job's evidence as storage.local holds it, read through its declared validator (./storage/job-items.ts):
 * the content script can write storage.local, so anything that is not evidence is none.
 */
function storedEvidence(ids: readonly string[]): Promise<(Stored | undefined)[]> {
  return readMembers(
    JOB_EVIDENCE,
    ids.filter(isJobId).map((job) => ({ job })),
  ) as Promise<(Stored | undefined)[]>;
}

/**
 * The evidence kept in storage.local, as item evidence (absent: none was kept, e.g. an older job,
 * or it does not read as evidence). Whoever can write storage.local can change it: it serves to
 * find keys (Recover, the sweep), never to delete one (./job-checks.ts `deleteFound`).
 */
export async function readEvidence(plan: JobPlan): Promise<Evidence[] | undefined> {
  const [v] = await storedEvidence([plan.id]);
  if (!v) return undefined;
  const base = Date.parse(plan.createdAt);
  const at = (s: unknown) => (typeof s === 'number' ? base + s * 1000 : undefined);
  return plan.items.map((_, i) => {
    const e = v.items[i];
    if (!Array.isArray(e)) return {};
    const prior = Array.isArray(e[2]) ? e[2].filter((h): h is string => typeof h === 'string') : undefined;
    return { since: at(e[0]), until: at(e[1]), prior };
  });
}

/**
 * Hashes of the keys that other jobs of this browser recorded: from their evidence in
 * storage.local, and from the states of other jobs running in this worker now.
 */
export async function claimedElsewhere(jobId: string, running: Iterable<readonly JobItemState[]>): Promise<Set<string>> {
  const ids = (await history()).map((h) => h.id).filter((id) => id !== jobId);
  const out = new Set<string>();
  for (const stored of await storedEvidence(ids)) for (const c of stored?.claims ?? []) out.add(c);
  for (const states of running) for (const s of states) if (s.claim) out.add(s.claim);
  return out;
}

/**
 * The app's keys on Clarifai that belong to this attempt (oldest first), listed now. `elsewhere`:
 * other jobs' claims, or a function that gives them, called after the listing, just before the
 * keys are judged: a job that recorded a key while the listing was on its way has claimed it by
 * then (claims taken before the listing would miss it, and its key would pass for this job's).
 */
export async function ownedNow(
  client: ClarifaiClient,
  pacer: Pacer,
  plan: JobPlan,
  item: PlanItem,
  ev: Evidence,
  elsewhere: ReadonlySet<string> | (() => Promise<ReadonlySet<string>>),
): Promise<ApiKey[]> {
  // A listed key without a usable id (the API's data) is no key this job could record or delete.
  const keys = (await collectPages((page, per) => retrying(pacer, () => client.listAppKeys(item.owner, item.appId, page, per)))).filter((k) =>
    isValidKeyId(k.id),
  );
  const a = attemptOf(plan, item);
  const hashes = new Map<string, string>();
  for (const k of keys) if (matchesAttempt(k, a)) hashes.set(k.id, await keyHash(k.id));
  let claimed = typeof elsewhere === 'function' ? await elsewhere() : elsewhere;
  if (plan.kind === 'rotation') claimed = new Set([...claimed, ...oldKeyHashes(plan)]);
  return ownedKeys(keys, a, ev, (k) => hashes.get(k.id) ?? '', claimed, Date.now());
}
