import { describe, expect, it } from 'vitest';
import { decodeScopes, encodeScopes, exportPresets, parseImport, type UserPreset } from '../../../../src/pure/presets/io.ts';
import { BUILTIN_PRESETS } from '../../../../src/pure/presets/builtins.ts';

const good = (presets: unknown) => JSON.stringify({ format: 'keysmith-presets', version: 1, presets });

describe('parseImport refuses a bad file whole, saying what and where', () => {
  it('names fields in words, never as a schema path or in the validator’s own words', () => {
    const files = [
      JSON.stringify({ format: 'keysmith-presets', version: 1, exportedAt: 5, presets: [] }),
      good([{ name: 'a', scopes: ['All', 7] }]),
      good([{ name: 'a', description: 3, scopes: ['All'] }]),
      good([
        { name: 'a', scopes: ['All'] },
        { name: 'b', scopes: ['Predict', 'x'.repeat(65)] },
      ]),
    ];
    const errors = files.map((f) => {
      const r = parseImport(f);
      return r.ok ? '' : r.error;
    });
    expect(errors).toEqual([
      'The export date must be a date written as text.',
      'Preset 1 (“a”), its 2nd scope, must be a scope name.',
      'Preset 1 (“a”), its description, must be text.',
      'Preset 2 (“b”), its 2nd scope, is too long for a scope name.',
    ]);
    for (const e of errors) expect(e).not.toMatch(/\w\.\d|Invalid|Expected|received/);
  });

  it.each([
    ['not JSON', '{"format":', /not valid JSON/],
    ['a JSON array', '[]', /expected a JSON object/],
    ['another format', JSON.stringify({ format: 'x', version: 1, presets: [] }), /The file’s format mark must be "keysmith-presets"/],
    ['a future version', JSON.stringify({ format: 'keysmith-presets', version: 2, presets: [] }), /The file’s version mark must be 1/],
    ['presets not a list', JSON.stringify({ format: 'keysmith-presets', version: 1, presets: {} }), /The list of presets must be a list/],
    ['an unknown top-level field', JSON.stringify({ format: 'keysmith-presets', version: 1, presets: [], extra: 1 }), /unknown field/],
    ['a preset without a name', good([{ scopes: ['All'] }]), /Preset 1, its name,/],
    ['an empty name', good([{ name: '  ', scopes: ['All'] }]), /Preset 1 \(“ {2}”\), its name, must not be empty/],
    ['a name too long', good([{ name: 'x'.repeat(81), scopes: ['All'] }]), /at most 80 characters/],
    ['scopes not a list', good([{ name: 'a', scopes: 'All' }]), /its list of scopes, must be a list of scope names/],
    ['a scope that is not text', good([{ name: 'a', scopes: [4] }]), /Preset 1 \(“a”\), its 1st scope, must be a scope name/],
    ['no scopes', good([{ name: 'a', scopes: [] }]), /must name at least one scope/],
    ['an unknown field in a preset', good([{ name: 'a', scopes: ['All'], id: 'x' }]), /Preset 1 .*unknown field/],
    [
      'two presets with one name',
      good([
        { name: 'A', scopes: ['All'] },
        { name: 'a', scopes: ['Predict'] },
      ]),
      /Preset 2 \(“a”\) has the same name as preset 1/,
    ],
    [
      'unknown scopes',
      good([
        { name: 'ok', scopes: ['All'] },
        { name: 'b', scopes: ['Inputs:Get', 'Bogus:Do', 'Concepts:Delete'] },
      ]),
      /Preset 2 \(“b”\) names scopes Clarifai does not offer for keys: Concepts:Delete, Bogus:Do/,
    ],
    ['too many presets', good(Array.from({ length: 501 }, (_, i) => ({ name: `p${i}`, scopes: ['All'] }))), /at most 500 presets/],
    ['a huge file', ' '.repeat(1_000_001), /larger than 1 MB/],
  ])('%s', (_n, text, message) => {
    const r = parseImport(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });
});

describe('parseImport accepts a good file', () => {
  it('closes each preset under dependencies and reports what it added', () => {
    const r = parseImport(good([{ name: 'Uploader', description: 'd', scopes: ['Inputs:Add'] }]));
    expect(r).toEqual({
      ok: true,
      presets: [{ name: 'Uploader', description: 'd', scopes: ['Inputs:Add', 'Inputs:Get'] }],
      addedDependencies: [{ name: 'Uploader', added: ['Inputs:Get'] }],
    });
  });

  it('reads back what exportPresets wrote', () => {
    const mine: UserPreset[] = BUILTIN_PRESETS.map((p, i) => ({
      ...p,
      id: `user:${i}`,
      builtIn: false,
      name: `Mine ${p.name}`,
      updatedAt: '2026-01-01T00:00:00Z',
    }));
    const r = parseImport(exportPresets(mine));
    expect(r.ok && r.presets).toEqual(mine.map((p) => ({ name: p.name, description: p.description, scopes: [...p.scopes] })));
  });
});

describe('the compact sync form', () => {
  it.each(BUILTIN_PRESETS.map((p) => [p.name, p.scopes] as const))('round-trips %s', (_n, scopes) => {
    expect(decodeScopes(encodeScopes(scopes))).toEqual([...scopes]);
  });

  it('fits the largest preset in a few dozen characters', () => {
    const biggest = BUILTIN_PRESETS.find((p) => p.name === 'Everything except delete')!;
    expect(encodeScopes(biggest.scopes).length).toBeLessThan(40);
  });
});
