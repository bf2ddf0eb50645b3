import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toggled, toggledAll } from '../../../src/pure/selection.ts';

const rows = ['a', 'b', 'c', 'd', 'e'];
const sorted = (s: Set<string>) => [...s].sort();

describe('toggled', () => {
  it('ticks and unticks one row without a range', () => {
    expect(sorted(toggled(new Set(), rows, 2, null, false))).toEqual(['c']);
    expect(sorted(toggled(new Set(['c', 'd']), rows, 2, 'a', false))).toEqual(['d']);
  });

  it('with Shift, sets the whole range from the anchor to this row, in either direction', () => {
    expect(sorted(toggled(new Set(['b']), rows, 3, 'b', true))).toEqual(['b', 'c', 'd']);
    expect(sorted(toggled(new Set(['d']), rows, 1, 'd', true))).toEqual(['b', 'c', 'd']);
  });

  it('a Shift-click on a ticked row unticks the range', () => {
    expect(sorted(toggled(new Set(rows), rows, 3, 'a', true))).toEqual(['e']);
  });

  it('an anchor no longer shown makes it a single toggle', () => {
    expect(sorted(toggled(new Set(), rows, 3, 'gone', true))).toEqual(['d']);
  });

  it('keeps ticked rows that are not shown', () => {
    expect(sorted(toggled(new Set(['hidden']), rows, 0, 'c', true))).toEqual(['a', 'b', 'c', 'hidden']);
  });

  it('changes only rows between the anchor and the row (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string(), { minLength: 1, maxLength: 20 }), fc.nat(), fc.nat(), fc.func(fc.boolean()), (order, i0, a0, ticked) => {
        const index = i0 % order.length;
        const anchorAt = a0 % order.length;
        const before = new Set(order.filter((k) => ticked(k)));
        const after = toggled(before, order, index, order[anchorAt]!, true);
        const [lo, hi] = [Math.min(index, anchorAt), Math.max(index, anchorAt)];
        order.forEach((k, i) => {
          if (i < lo || i > hi) expect(after.has(k)).toBe(before.has(k));
          else expect(after.has(k)).toBe(!before.has(order[index]!));
        });
      }),
    );
  });
});

describe('toggledAll', () => {
  it('ticks every shown row, or unticks them when all were, leaving hidden rows alone', () => {
    expect(sorted(toggledAll(new Set(['x', 'a']), ['a', 'b']))).toEqual(['a', 'b', 'x']);
    expect(sorted(toggledAll(new Set(['x', 'a', 'b']), ['a', 'b']))).toEqual(['x']);
    expect(sorted(toggledAll(new Set(['x']), []))).toEqual(['x']);
  });
});
