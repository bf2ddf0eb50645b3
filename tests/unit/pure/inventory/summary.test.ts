import { describe, expect, it } from 'vitest';
import { BUILTIN_PRESETS } from '../../../../src/pure/presets/builtins.ts';
import { scopeSummary } from '../../../../src/pure/inventory/summary.ts';

const presets = [
  { name: 'Predict only', scopes: ['Predict', 'Models:Get', 'Workflows:Get'] },
  { name: 'Full access', scopes: ['All'] },
];

describe('scopeSummary', () => {
  const cases: [string, string[], string][] = [
    ['a preset exactly', ['Predict', 'Models:Get', 'Workflows:Get'], 'Predict only'],
    ['a preset in another order', ['Workflows:Get', 'Predict', 'Models:Get'], 'Predict only'],
    ['a preset with a scope repeated', ['Predict', 'Predict', 'Models:Get', 'Workflows:Get'], 'Predict only'],
    ['All', ['All'], 'Full access'],
    ['a preset and one more', ['Predict', 'Models:Get', 'Workflows:Get', 'Inputs:Get'], 'custom: 4 scopes'],
    ['part of a preset', ['Predict', 'Models:Get'], 'custom: 2 scopes'],
    ['one scope', ['Inputs:Get'], 'custom: 1 scope'],
    ['repeats counted once', ['Inputs:Get', 'Inputs:Get'], 'custom: 1 scope'],
    ['none', [], 'no scopes'],
  ];
  it.each(cases)('%s', (_name, scopes, want) => {
    expect(scopeSummary(scopes, presets)).toBe(want);
  });

  it('counts twelve as "custom: 12 scopes"', () => {
    expect(
      scopeSummary(
        Array.from({ length: 12 }, (_, i) => `S${i}:Get`),
        presets,
      ),
    ).toBe('custom: 12 scopes');
  });

  it('names the first preset when two have the same set', () => {
    expect(scopeSummary(['All'], [...presets, { name: 'Mine', scopes: ['All'] }])).toBe('Full access');
  });

  it('names the built-in presets', () => {
    const predict = BUILTIN_PRESETS.find((p) => p.name === 'Predict only')!;
    expect(scopeSummary([...predict.scopes].reverse(), BUILTIN_PRESETS)).toBe('Predict only');
  });
});
