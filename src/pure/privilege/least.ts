/**
 * Least privilege by construction: from the calls a key must make, the smallest scope set that
 * allows them all, closed under the scopes' dependencies, and everything else that set also
 * allows, the dangerous calls first. Pure.
 */
import { closeUnderDependencies, sortScopes } from '../scopes/catalogue.ts';
import { enabledEndpoints } from '../scopes/endpoints.ts';
import { appKeyCan, callByRpc, type ApiCall } from './calls.ts';

/** Scopes that let a key make more keys or let more people in. */
export const MINTING_SCOPES: readonly string[] = ['Keys:Add', 'Collaborators:Add'];

/** A call is dangerous when it deletes, or when it makes keys or adds collaborators. */
export function isDangerous(c: Pick<ApiCall, 'rpc' | 'scopes'>): boolean {
  return c.rpc.startsWith('Delete') || c.scopes.some((s) => MINTING_SCOPES.includes(s));
}

export interface LeastScopes {
  /** The smallest set that allows every call asked for that an app key can make. */
  scopes: string[];
  /** The calls asked for that an app key can never make (a PAT's, or a browser session's). */
  notForAppKeys: ApiCall[];
  /** Names asked for that are no call of the API. */
  unknown: string[];
  /** What else `scopes` allows, beyond the calls asked for: dangerous ones first, then by name. */
  alsoAllows: { rpc: string; dangerous: boolean }[];
}

export function leastScopes(rpcs: Iterable<string>): LeastScopes {
  const asked = [...new Set(rpcs)];
  const calls = asked.map((r) => ({ name: r, call: callByRpc(r) }));
  const usable = calls.flatMap((x) => (x.call && appKeyCan(x.call) ? [x.call] : []));
  const scopes = sortScopes(closeUnderDependencies(usable.flatMap((c) => c.scopes)));
  const wanted = new Set(usable.map((c) => c.rpc));
  const alsoAllows = (scopes.length ? enabledEndpoints(scopes) : [])
    .filter((e) => !wanted.has(e.rpc))
    .map((e) => ({ rpc: e.rpc, dangerous: isDangerous(e) }))
    .sort((a, b) => Number(b.dangerous) - Number(a.dangerous) || a.rpc.localeCompare(b.rpc));
  return {
    scopes,
    notForAppKeys: calls.flatMap((x) => (x.call && !appKeyCan(x.call) ? [x.call] : [])),
    unknown: calls.filter((x) => !x.call).map((x) => x.name),
    alsoAllows,
  };
}
