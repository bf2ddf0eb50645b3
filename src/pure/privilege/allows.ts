/**
 * What a scope set lets an app key do: the calls it allows, grouped by resource, the dangerous
 * calls first (deletes, making keys or adding collaborators), and what one set allows that another
 * does not. Pure.
 */
import { enabledEndpoints } from '../scopes/endpoints.ts';
import { appKeyCan, callByRpc } from './calls.ts';
import { isDangerous } from './least.ts';

export interface AllowedCall {
  rpc: string;
  phrase: string;
  dangerous: boolean;
}

export interface AllowedGroup {
  resource: string;
  calls: AllowedCall[];
}

/**
 * The calls `scopes` allows, and those `endpoints` (endpoint-level scopes, `/clarifai.api.V2/<Rpc>`)
 * allow besides, grouped by resource: groups with a dangerous call first, and those calls first in
 * each group.
 */
export function whatItAllows(scopes: Iterable<string>, endpoints: Iterable<string> = []): AllowedGroup[] {
  const groups = new Map<string, AllowedCall[]>();
  const calls = enabledEndpoints(scopes).map((e) => ({ rpc: e.rpc, scopes: e.scopes }));
  const seen = new Set(calls.map((c) => c.rpc));
  for (const name of endpoints) {
    const c = callByRpc(name.split('/').pop() ?? '');
    if (c && appKeyCan(c) && !seen.has(c.rpc)) {
      seen.add(c.rpc);
      calls.push({ rpc: c.rpc, scopes: c.scopes });
    }
  }
  for (const e of calls) {
    const c = callByRpc(e.rpc);
    const resource = c?.resource ?? 'other';
    const list = groups.get(resource) ?? [];
    list.push({ rpc: e.rpc, phrase: c?.phrase ?? e.rpc, dangerous: isDangerous(e) });
    groups.set(resource, list);
  }
  const out = [...groups].map(([resource, calls]) => ({
    resource,
    calls: calls.sort((a, b) => Number(b.dangerous) - Number(a.dangerous) || a.rpc.localeCompare(b.rpc)),
  }));
  const risky = (g: AllowedGroup) => g.calls.some((c) => c.dangerous);
  return out.sort((a, b) => Number(risky(b)) - Number(risky(a)) || a.resource.localeCompare(b.resource));
}

/** The calls `a` allows that `b` does not, and the other way round. */
export function compareSets(a: Iterable<string>, b: Iterable<string>): { onlyA: string[]; onlyB: string[] } {
  const ea = new Set(enabledEndpoints(a).map((e) => e.rpc));
  const eb = new Set(enabledEndpoints(b).map((e) => e.rpc));
  return { onlyA: [...ea].filter((r) => !eb.has(r)).sort(), onlyB: [...eb].filter((r) => !ea.has(r)).sort() };
}
