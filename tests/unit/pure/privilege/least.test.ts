import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { API_CALLS, appKeyCan } from '../../../../src/pure/privilege/calls.ts';
import { isDangerous, leastScopes } from '../../../../src/pure/privilege/least.ts';
import { missingDependencies } from '../../../../src/pure/scopes/catalogue.ts';
import { enabledEndpoints } from '../../../../src/pure/scopes/endpoints.ts';

const allows = (scopes: string[], rpc: string) => enabledEndpoints(scopes).some((e) => e.rpc === rpc);
const keyCalls = API_CALLS.filter((c) => appKeyCan(c) && c.scopes.length > 0);

describe('leastScopes', () => {
  it('for every call an app key can make: the set allows it, and is the smallest closed set that does', () => {
    expect(keyCalls.length).toBeGreaterThan(150);
    for (const c of keyCalls) {
      const { scopes } = leastScopes([c.rpc]);
      expect(allows(scopes, c.rpc), c.rpc).toBe(true);
      expect(missingDependencies(scopes), `${c.rpc}: closed under dependencies`).toEqual([]);
      for (const s of scopes) {
        const without = scopes.filter((x) => x !== s);
        const breaks = !allows(without, c.rpc) || missingDependencies(without).length > 0;
        expect(breaks, `${c.rpc}: ${s} is not needed`).toBe(true);
      }
    }
  });

  it('allows every call of any set of them, and names what else it allows (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.constantFrom(...keyCalls.map((c) => c.rpc)), { minLength: 1, maxLength: 6 }), (rpcs) => {
        const r = leastScopes(rpcs);
        for (const rpc of rpcs) expect(allows(r.scopes, rpc)).toBe(true);
        const also = new Set(r.alsoAllows.map((a) => a.rpc));
        for (const rpc of rpcs) expect(also.has(rpc)).toBe(false);
        expect(also.size + rpcs.length).toBe(enabledEndpoints(r.scopes).length);
      }),
    );
  });

  it('puts dangerous calls first among what else the set allows', () => {
    const r = leastScopes(['ListKeys', 'ListConcepts'].filter((x) => keyCalls.some((c) => c.rpc === x)));
    const firstSafe = r.alsoAllows.findIndex((a) => !a.dangerous);
    expect(r.alsoAllows.slice(firstSafe).every((a) => !a.dangerous)).toBe(true);
  });

  it('names calls an app key can never make, and names that are no call', () => {
    const pat = API_CALLS.find((c) => c.auth === 'PATAuth')!;
    const r = leastScopes(['PostModelOutputs', pat.rpc, 'PostNothing']);
    expect(r.notForAppKeys.map((c) => c.rpc)).toEqual([pat.rpc]);
    expect(r.unknown).toEqual(['PostNothing']);
    expect(allows(r.scopes, 'PostModelOutputs')).toBe(true);
  });

  it('marks deletes and key or collaborator making as dangerous', () => {
    expect(isDangerous({ rpc: 'DeleteInputs', scopes: ['Inputs:Delete'] })).toBe(true);
    expect(isDangerous({ rpc: 'PostKeys', scopes: ['Keys:Add'] })).toBe(true);
    expect(isDangerous({ rpc: 'ListConcepts', scopes: ['Concepts:Get'] })).toBe(false);
  });
});
