import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { auditKeys } from '../../../../src/pure/inventory/audit.ts';
import type { AuditKey } from '../../../../src/pure/inventory/key.ts';
import { filterKeys, sortKeys } from '../../../../src/pure/inventory/view.ts';

const k = (name: string, over: Partial<AuditKey>): AuditKey => ({
  keyId: `secret${name}abcdef`,
  kind: 'app',
  owner: 'acme',
  appId: name,
  description: '',
  scopes: ['Predict'],
  endpoints: [],
  createdAt: '2026-05-01T00:00:00Z',
  expiresAt: '2027-01-01T00:00:00Z',
  ...over,
});
const keys = [
  k('app-10', { description: 'CI runner', appName: 'Shop', createdAt: '2026-01-01T00:00:00Z', expiresAt: undefined }),
  k('app-2', { owner: 'beta', description: 'Dashboard', scopes: ['All'], createdAt: undefined, expiresAt: '2026-06-02T00:00:00Z' }),
  k('app-1', { description: 'ci nightly', endpoints: ['PostModelOutputs'], scopes: ['Inputs:Get', 'Models:Get'] }),
];
const audit = auditKeys(keys, { now: new Date('2026-06-01T00:00:00Z'), olderThanDays: 90, keysmith: [] });
const apps = (ks: AuditKey[]) => ks.map((x) => x.appId);

describe('filterKeys', () => {
  const cases: [string, Parameters<typeof filterKeys>[2], string[]][] = [
    ['an empty query keeps all, in order', {}, ['app-10', 'app-2', 'app-1']],
    ['text, any case, in the description', { text: 'CI' }, ['app-10', 'app-1']],
    ['every word must match', { text: 'ci nightly' }, ['app-1']],
    ['text in the app name', { text: 'shop' }, ['app-10']],
    ['text in the scopes', { text: 'inputs:get' }, ['app-1']],
    ['text in the endpoints', { text: 'postmodel' }, ['app-1']],
    ['never the key id', { text: 'secretapp' }, []],
    ['owner', { owner: 'beta' }, ['app-2']],
    ['owner and app', { owner: 'acme', appId: 'app-1' }, ['app-1']],
    ['a flag', { flag: 'all' }, ['app-2']],
    ['a flag and text', { flag: 'old', text: 'runner' }, ['app-10']],
    ['a flag none has', { flag: 'duplicate' }, []],
    ['a preset: exactly its scope set, order aside', { preset: { scopes: ['Models:Get', 'Inputs:Get'] } }, ['app-1']],
    ['a preset that is a subset is not a match', { preset: { scopes: ['Inputs:Get'] } }, []],
    ['custom: none of the presets', { preset: { custom: [{ scopes: ['Predict'] }, { scopes: ['All'] }] } }, ['app-1']],
    ['a preset and an owner', { preset: { scopes: ['Predict'] }, owner: 'beta' }, []],
  ];
  it.each(cases)('%s', (_name, query, want) => {
    expect(apps(filterKeys(keys, audit, query))).toEqual(want);
  });
});

describe('sortKeys', () => {
  const cases: [Parameters<typeof sortKeys>[1], Parameters<typeof sortKeys>[2], string[]][] = [
    ['app', 'asc', ['app-1', 'app-10', 'app-2']],
    ['app', 'desc', ['app-2', 'app-10', 'app-1']],
    ['description', 'asc', ['app-1', 'app-10', 'app-2']], // case aside: "ci nightly" < "CI runner"
    ['scopes', 'desc', ['app-1', 'app-10', 'app-2']],
    // Missing values last either way.
    ['created', 'asc', ['app-10', 'app-1', 'app-2']],
    ['created', 'desc', ['app-1', 'app-10', 'app-2']],
    ['appName', 'desc', ['app-10', 'app-2', 'app-1']],
    // Never expires is the furthest off.
    ['expires', 'asc', ['app-2', 'app-1', 'app-10']],
    ['expires', 'desc', ['app-10', 'app-1', 'app-2']],
  ];
  it.each(cases)('%s %s', (column, direction, want) => {
    expect(apps(sortKeys(keys, column, direction))).toEqual(want);
  });

  it('sorts app ids by number within an owner, and leaves its input alone', () => {
    const same = keys.map((x) => ({ ...x, owner: 'acme' }));
    expect(apps(sortKeys(same, 'app', 'asc'))).toEqual(['app-1', 'app-2', 'app-10']);
    expect(apps(same)).toEqual(['app-10', 'app-2', 'app-1']);
  });
});

describe('sortKeys orders text as a numeric, case- and accent-blind collator does', () => {
  const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
  const text = fc.string({ unit: fc.constantFrom('a', 'B', 'c', 'é', 'E', '0', '1', '2', '9', ' ', '-'), maxLength: 8 });
  it('for any two descriptions (property)', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        const [x, y] = [k('x', { description: a }), k('y', { description: b })];
        const want = Math.sign(collator.compare(a, b));
        const got = sortKeys([x, y], 'description', 'asc')[0] === x ? (want === 0 ? 0 : -1) : 1;
        expect(got).toBe(want === 0 ? 0 : want);
      }),
    );
  });
});
