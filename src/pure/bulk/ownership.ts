/**
 * When a key on Clarifai provably belongs to one job's attempt on one app. Pure.
 *
 * Clarifai's Key has no field a client may fill that is both stored and invisible: `id` and
 * `created_at` are set by the server, `description`, `scopes`, `endpoints` and `expires_at` are
 * what the person chose (a marker there is visible or changes what the key can do). So ownership
 * is proved from what the job saw, not from a marker:
 *
 * 1. the key matches the attempt's fields: app, description, scopes, endpoint-level scopes (as a
 *    set: none for a bulk job's keys), expiry;
 * 2. it was not among the app's keys with those fields listed just before the job's first attempt
 *    on that app (`prior`, kept as hashes: they are other keys' ids);
 * 3. it appeared during the attempt: its `created_at` is no earlier than the first attempt's start
 *    (or, before any attempt, the listing) and at most the attempt's last answer, each give or take
 *    the allowed clock skew between this computer and Clarifai;
 * 4. no other job of this browser recorded it (`claimedElsewhere`, hashes kept without secrets in
 *    `storage.local`, so they outlive a browser restart), taken after the listing; and while
 *    another job running in this worker has an attempt with the same fields (`sameFields`) that is
 *    on its way or uncertain, its key may be among those listed unrecorded: nothing is adopted.
 *
 * Two jobs with the same preset on the same day have equal descriptions: (2) keeps a later job from
 * claiming an earlier job's keys, (3) and (4) keep an earlier job from claiming a later one's. What
 * no client can tell apart: another browser or person making a key with the very same description,
 * scopes and expiry for the same app while this attempt runs (see docs/security.md).
 */
import type { ApiKey } from '../clarifai/types.ts';
import { sameScopes } from '../presets/model.ts';

/** What a job knows about its attempts on one app. Times in ms since the epoch (this computer's clock). */
export interface Evidence {
  /** Hashes of the app's keys with the attempt's fields that existed before the first attempt. */
  prior?: string[] | undefined;
  /** When `prior` was listed. */
  snapAt?: number | undefined;
  /** When the first attempt that may have reached Clarifai began. */
  since?: number | undefined;
  /** When the last answer of an attempt arrived (absent: the attempt may still be on its way). */
  until?: number | undefined;
}

export interface Attempt {
  owner: string;
  appId: string;
  description: string;
  scopes: readonly string[];
  /** Endpoint-level scopes (`/clarifai.api.V2/<Rpc>`); absent: none (a bulk job's keys have none). */
  endpoints?: readonly string[] | undefined;
  expiresAt?: string | undefined;
}

/** Allowed difference between this computer's clock and Clarifai's. */
export const CLOCK_SKEW_MS = 60_000;

const time = (s: string | undefined) => (s ? Date.parse(s) : NaN);

/** The key has the attempt's app, description, scopes, endpoints and expiry (to the second). */
export function matchesAttempt(k: ApiKey, a: Attempt): boolean {
  const app = k.apps?.[0];
  if (!app || app.id !== a.appId || (app.user_id !== undefined && app.user_id !== a.owner)) return false;
  if (k.description !== a.description || !sameScopes(k.scopes ?? [], a.scopes)) return false;
  if (!sameScopes(k.endpoints ?? [], a.endpoints ?? [])) return false;
  if (!a.expiresAt) return !k.expires_at;
  return Math.floor(time(k.expires_at) / 1000) === Math.floor(time(a.expiresAt) / 1000);
}

/** Two attempts whose keys no field tells apart: same app, description, scopes, endpoints and expiry (to the second). */
export function sameFields(a: Attempt, b: Attempt): boolean {
  const sec = (t: string | undefined) => (t ? Math.floor(time(t) / 1000) : undefined);
  return (
    a.owner === b.owner &&
    a.appId === b.appId &&
    a.description === b.description &&
    sameScopes(a.scopes, b.scopes) &&
    sameScopes(a.endpoints ?? [], b.endpoints ?? []) &&
    sec(a.expiresAt) === sec(b.expiresAt)
  );
}

/**
 * The keys among `keys` that belong to this attempt, oldest first. `hashOf` gives each key's hash
 * (as stored in `prior` and in other jobs' claims); `now` bounds an attempt still on its way.
 */
export function ownedKeys(
  keys: readonly ApiKey[],
  a: Attempt,
  ev: Evidence,
  hashOf: (k: ApiKey) => string,
  claimedElsewhere: ReadonlySet<string>,
  now: number,
  skew = CLOCK_SKEW_MS,
): ApiKey[] {
  const prior = ev.prior ? new Set(ev.prior) : undefined;
  const end = (ev.until ?? now) + skew;
  // Time always bounds, listing or not: a key made before the first attempt (less the skew) is not
  // the attempt's, even one made after the listing (a 5,000-app job reaches its last app minutes
  // after the listing, and anyone may make a look-alike meanwhile). `prior` only excludes.
  const start = (ev.since ?? ev.snapAt ?? now) - skew;
  return keys
    .filter((k) => matchesAttempt(k, a))
    .filter((k) => {
      const h = hashOf(k);
      if (prior?.has(h) || claimedElsewhere.has(h)) return false;
      const created = time(k.created_at);
      if (Number.isNaN(created)) return !!prior; // no time given: only a listing from before can decide
      return created <= end && created >= start;
    })
    .sort((x, y) => (time(x.created_at) || 0) - (time(y.created_at) || 0));
}
