/**
 * What a change of scopes does to one key: the scopes (and endpoint-level scopes) it gains and
 * loses. Pure: the key inventory page shows it before a change, the worker uses it to skip keys
 * that already match (src/privileged/key-changes.ts). Lists are sets: order and repeats do not matter.
 */

export interface ScopeDiff {
  gains: string[];
  loses: string[];
  gainsEndpoints: string[];
  losesEndpoints: string[];
  /** Nothing is gained or lost. */
  same: boolean;
}

const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();
const minus = (a: readonly string[], b: readonly string[]) => {
  const drop = new Set(b);
  return sorted(a.filter((x) => !drop.has(x)));
};

/**
 * The difference from `current` to `target`. `target.endpoints` undefined: the key's endpoints are
 * kept (a change that names no endpoints leaves them as they are), so none is gained or lost.
 */
export function scopeDiff(
  current: { scopes: readonly string[]; endpoints: readonly string[] },
  target: { scopes: readonly string[]; endpoints?: readonly string[] | undefined },
): ScopeDiff {
  const gains = minus(target.scopes, current.scopes);
  const loses = minus(current.scopes, target.scopes);
  const gainsEndpoints = target.endpoints ? minus(target.endpoints, current.endpoints) : [];
  const losesEndpoints = target.endpoints ? minus(current.endpoints, target.endpoints) : [];
  return { gains, loses, gainsEndpoints, losesEndpoints, same: !gains.length && !loses.length && !gainsEndpoints.length && !losesEndpoints.length };
}
