/** scopeDiff: what a change of scopes gains and loses, as sets (order and repeats do not matter). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scopeDiff } from '../../../../src/pure/inventory/diff.ts';

const names = fc.array(fc.constantFrom('Predict', 'Apps:Get', 'Inputs:Add', 'Models:Get', 'Keys:Get', 'All'), { maxLength: 8 });
const endpoints = fc.array(fc.constantFrom('/clarifai.api.V2/PostModelOutputs', '/clarifai.api.V2/GetApp', '/clarifai.api.V2/ListInputs'), { maxLength: 4 });
const asSet = (xs: readonly string[]) => [...new Set(xs)].sort();
const apply = (cur: readonly string[], gains: readonly string[], loses: readonly string[]) => asSet([...cur.filter((x) => !loses.includes(x)), ...gains]);

describe('scopeDiff', () => {
  it('names what is gained and lost, sorted, each once', () => {
    const d = scopeDiff({ scopes: ['Predict', 'Apps:Get', 'Apps:Get'], endpoints: [] }, { scopes: ['Models:Get', 'Predict', 'Inputs:Add', 'Inputs:Add'] });
    expect(d).toEqual({ gains: ['Inputs:Add', 'Models:Get'], loses: ['Apps:Get'], gainsEndpoints: [], losesEndpoints: [], same: false });
  });

  it('keeps the key’s endpoints when the target names none, and diffs them when it does', () => {
    const cur = { scopes: ['Predict'], endpoints: ['/clarifai.api.V2/GetApp'] };
    expect(scopeDiff(cur, { scopes: ['Predict'] })).toMatchObject({ losesEndpoints: [], gainsEndpoints: [], same: true });
    expect(scopeDiff(cur, { scopes: ['Predict'], endpoints: [] })).toMatchObject({ losesEndpoints: ['/clarifai.api.V2/GetApp'], same: false });
    expect(scopeDiff(cur, { scopes: ['Predict'], endpoints: ['/clarifai.api.V2/ListInputs'] })).toMatchObject({
      gainsEndpoints: ['/clarifai.api.V2/ListInputs'],
      losesEndpoints: ['/clarifai.api.V2/GetApp'],
    });
  });

  it('applying gains and loses to the current set gives the target set', () => {
    fc.assert(
      fc.property(names, names, endpoints, fc.option(endpoints, { nil: undefined }), (cur, tgt, curEp, tgtEp) => {
        const d = scopeDiff({ scopes: cur, endpoints: curEp }, { scopes: tgt, endpoints: tgtEp });
        expect(apply(cur, d.gains, d.loses)).toEqual(asSet(tgt));
        expect(apply(curEp, d.gainsEndpoints, d.losesEndpoints)).toEqual(asSet(tgtEp ?? curEp));
        for (const xs of [d.gains, d.loses, d.gainsEndpoints, d.losesEndpoints]) expect(xs).toEqual(asSet(xs));
      }),
    );
  });

  it('is same exactly when the sets are equal, whatever the order and repeats', () => {
    fc.assert(
      fc.property(names, names, fc.option(endpoints, { nil: undefined }), endpoints, (a, b, ep, curEp) => {
        const equal = JSON.stringify(asSet(a)) === JSON.stringify(asSet(b)) && (ep === undefined || JSON.stringify(asSet(ep)) === JSON.stringify(asSet(curEp)));
        expect(scopeDiff({ scopes: a, endpoints: curEp }, { scopes: b, endpoints: ep }).same).toBe(equal);
        expect(scopeDiff({ scopes: a, endpoints: curEp }, { scopes: [...a].reverse().concat(a), endpoints: ep && [...curEp].reverse() }).same).toBe(true);
      }),
    );
  });
});
