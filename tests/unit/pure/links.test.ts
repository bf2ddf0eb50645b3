/**
 * Links between Keysmith's pages carry only what is shown or preselected, and parse strictly: what
 * a link builds reads back the same, unknown scope names are dropped, a preset id must look like
 * one, and an overlong fragment is nobody's.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  inventoryFragment,
  leastPrivilegeFragment,
  newJobFragment,
  parseInventoryFragment,
  parseNewJobFragment,
  parseOptionsFragment,
} from '../../../src/pure/links.ts';
import { EXPOSED_SCOPES, sortScopes } from '../../../src/pure/scopes/catalogue.ts';

const names = EXPOSED_SCOPES.map((s) => s.name);

describe('page links', () => {
  it('reads back the scopes it was built with, sorted, for any set of known scopes', () => {
    fc.assert(
      fc.property(fc.subarray(names), (scopes) => {
        expect(parseOptionsFragment(leastPrivilegeFragment(scopes))).toEqual({ section: 'least', ticks: sortScopes(scopes) });
        // Except full access, which a link never adds.
        expect(parseInventoryFragment(inventoryFragment({ add: scopes })).add).toEqual(sortScopes(scopes.filter((s) => s !== 'All')));
      }),
    );
  });

  it('never carries All as a scope to add to a key', () => {
    expect(parseInventoryFragment('#add=All,Inputs:Add').add).toEqual(['Inputs:Add']);
    expect(parseInventoryFragment('#add=All').add).toEqual([]);
  });

  it('drops unknown and repeated scope names, and ignores a fragment that is too long', () => {
    expect(parseOptionsFragment('#section=least&ticks=Predict,Predict,<script>,All,Nope:Get').ticks).toEqual(['All', 'Predict']);
    expect(parseOptionsFragment('#section=other&ticks=Predict')).toEqual({ ticks: ['Predict'] });
    expect(parseOptionsFragment(`#section=least&ticks=${'Predict,'.repeat(600)}`)).toEqual({ ticks: [] });
    expect(parseOptionsFragment('')).toEqual({ ticks: [] });
  });

  it('takes a preset id only in the form Keysmith makes them', () => {
    expect(parseNewJobFragment(newJobFragment('user:3f2a-11'))).toBe('user:3f2a-11');
    expect(parseNewJobFragment(newJobFragment('builtin:predict'))).toBe('builtin:predict');
    expect(parseNewJobFragment('#new=javascript:alert(1)')).toBeUndefined();
    expect(parseNewJobFragment('#new=')).toBeUndefined();
    expect(parseNewJobFragment('#job-1')).toBeUndefined();
  });

  it('carries a preset name of any characters to the inventory, bounded', () => {
    const name = 'Ingest & predict #1 “β”';
    expect(parseInventoryFragment(inventoryFragment({ preset: name }))).toEqual({ preset: name, add: [] });
    expect(parseInventoryFragment(`#preset=${'x'.repeat(300)}`).preset).toHaveLength(200);
  });
});
