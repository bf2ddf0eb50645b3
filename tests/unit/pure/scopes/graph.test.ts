/** The content script's small scope graph says what the full generated rows say. */
import { expect, it } from 'vitest';
import { SCOPE_ROWS } from '../../../../src/pure/scopes/catalogue.gen.ts';
import { closeUnderDependencies, EXPOSED_SCOPE_NAMES, isExposed, sortScopes } from '../../../../src/pure/scopes/graph.ts';

it('names the exposed scopes of the full rows, deprecated ones too, in their order', () => {
  expect(EXPOSED_SCOPE_NAMES).toEqual(SCOPE_ROWS.filter((r) => r[2]).map((r) => r[0]));
  expect(EXPOSED_SCOPE_NAMES).toContain('Inputs:Patch'); // deprecated, still offered by some portals
  for (const [name, , exposed] of SCOPE_ROWS) expect(isExposed(name), name).toBe(exposed);
  expect(isExposed('Nope:Get')).toBe(false);
});

it('gives every scope the dependencies and the place the full rows give it', () => {
  for (const [name, , , , depends] of SCOPE_ROWS) {
    const closed = closeUnderDependencies([name]);
    for (const d of depends) expect(closed, `${name} brings ${d}`).toContain(d);
  }
  // Exactly the closure of the full rows, nothing more.
  const rows = new Map(SCOPE_ROWS.map((r) => [r[0], r[4]]));
  for (const [name] of SCOPE_ROWS) {
    const want = new Set<string>();
    const stack = [name];
    while (stack.length) {
      const n = stack.pop()!;
      if (want.has(n)) continue;
      want.add(n);
      stack.push(...(rows.get(n) ?? []));
    }
    expect(new Set(closeUnderDependencies([name])), name).toEqual(want);
  }
  // Exactly the direct dependencies where they have none of their own.
  expect(closeUnderDependencies(['Inputs:Add'])).toEqual(['Inputs:Add', 'Inputs:Get']);
  expect(closeUnderDependencies(['Models:Patch'])).toEqual(['Models:Add', 'Models:Get', 'Models:Patch', 'Models:Train']);
  const names = SCOPE_ROWS.map((r) => r[0]);
  expect(sortScopes([...names].reverse())).toEqual(names);
  expect(sortScopes(['Zzz', 'Predict', 'Aaa'])).toEqual(['Predict', 'Aaa', 'Zzz']);
});
