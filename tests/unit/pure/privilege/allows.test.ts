import { describe, expect, it } from 'vitest';
import { compareSets, whatItAllows } from '../../../../src/pure/privilege/allows.ts';
import { leastScopes } from '../../../../src/pure/privilege/least.ts';
import { BUILTIN_PRESETS } from '../../../../src/pure/presets/builtins.ts';
import { enabledEndpoints } from '../../../../src/pure/scopes/endpoints.ts';

const flat = (groups: ReturnType<typeof whatItAllows>) => groups.flatMap((g) => g.calls);

describe('whatItAllows', () => {
  it('lists exactly the calls the scopes allow, each once, grouped by resource', () => {
    for (const p of BUILTIN_PRESETS) {
      const calls = flat(whatItAllows(p.scopes)).map((c) => c.rpc);
      expect(new Set(calls).size, p.name).toBe(calls.length);
      expect(new Set(calls), p.name).toEqual(new Set(enabledEndpoints(p.scopes).map((e) => e.rpc)));
    }
  });

  it('puts groups with a dangerous call first, and dangerous calls first in each group', () => {
    const groups = whatItAllows(leastScopes(['DeleteInputs', 'ListConcepts']).scopes);
    const risky = groups.map((g) => g.calls.some((c) => c.dangerous));
    expect(risky[0]).toBe(true);
    expect(risky.indexOf(false)).toBeGreaterThan(risky.lastIndexOf(true));
    for (const g of groups) {
      const d = g.calls.map((c) => c.dangerous);
      if (d.includes(false)) expect(d.indexOf(false)).toBeGreaterThan(d.lastIndexOf(true));
    }
  });

  it('adds what endpoint-level scopes allow, and ignores a PAT-only or unknown endpoint', () => {
    const calls = flat(whatItAllows([], ['/clarifai.api.V2/PostModelOutputs', '/clarifai.api.V2/NoSuchCall'])).map((c) => c.rpc);
    expect(calls).toEqual(['PostModelOutputs']);
  });
});

describe('compareSets', () => {
  it('says what one set allows that the other does not', () => {
    const { onlyA, onlyB } = compareSets(['Concepts:Get', 'Apps:Get'], ['Apps:Get']);
    expect(onlyA).toContain('ListConcepts');
    expect(onlyB).toEqual([]);
  });
});
