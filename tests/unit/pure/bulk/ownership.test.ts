/**
 * The pure rules of ../../src/pure/bulk/ownership.ts: which listed keys belong to one job's attempt
 * on one app. The listing from before the attempt (`prior`) only excludes; time always bounds.
 */
import { describe, expect, it } from 'vitest';
import { CLOCK_SKEW_MS, ownedKeys, type Attempt } from '../../../../src/pure/bulk/ownership.ts';
import type { ApiKey } from '../../../../src/pure/clarifai/types.ts';

const T = Date.parse('2025-06-01T10:00:00Z'); // the job's snapshot of the app's keys
const MIN = 60_000;
const a: Attempt = { owner: 'demo', appId: 'app-0', description: 'Predict only key for app-0 (2025-06-01)', scopes: ['Predict'] };
const key = (c: string, at: number): ApiKey => ({
  id: c.repeat(32),
  description: a.description,
  scopes: ['Predict'],
  apps: [{ id: 'app-0', user_id: 'demo' }],
  created_at: new Date(at).toISOString(),
});
const hash = (k: ApiKey) => `h-${k.id.slice(0, 4)}`;
const owned = (keys: ApiKey[], ev: Parameters<typeof ownedKeys>[2], now: number) => ownedKeys(keys, a, ev, hash, new Set(), now).map((k) => k.id[0]);

describe('ownedKeys', () => {
  // A 5,000-app job takes minutes: app 4,999's first request goes long after the snapshot.
  const since = T + 10 * MIN;
  const ours = key('c', since + 400);
  const meanwhile = key('b', T + 2 * MIN); // made by someone else after the snapshot, well before the attempt
  const before = key('a', T - 5 * MIN); // was there at the snapshot: listed in `prior`

  it('does not count a key made after the snapshot but before the attempt, when the snapshot listed none', () => {
    expect(owned([meanwhile, ours], { prior: [], snapAt: T, since, until: since + 1000 }, since + 2000)).toEqual(['c']);
  });

  it('does not count it either when the snapshot listed a look-alike', () => {
    expect(owned([before, meanwhile, ours], { prior: [hash(before)], snapAt: T, since, until: since + 1000 }, since + 2000)).toEqual(['c']);
  });

  it('allows the clock skew before the first attempt, and before the snapshot when no attempt has begun', () => {
    const early = key('d', since - CLOCK_SKEW_MS + 1000);
    expect(owned([early, ours], { prior: [], snapAt: T, since }, since + 2000)).toEqual(['d', 'c']);
    const atSnap = key('e', T - CLOCK_SKEW_MS + 1000);
    expect(owned([before, atSnap], { prior: [hash(before)], snapAt: T }, T + 1000)).toEqual(['e']);
  });

  it('still decides a key without a creation time by the listing from before alone', () => {
    const untimed = { ...key('f', 0), created_at: undefined } as unknown as ApiKey;
    expect(owned([untimed], { prior: [], snapAt: T, since }, since + 2000)).toEqual(['f']);
    expect(owned([untimed], { snapAt: T, since }, since + 2000)).toEqual([]);
  });
});
