import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditKeys, FLAG_IDS, flagsOf, type AuditOptions, type FlagId, type KeysmithRecord } from '../../../../src/pure/inventory/audit.ts';
import type { AuditKey } from '../../../../src/pure/inventory/key.ts';

const NOW = new Date('2026-06-01T12:00:00.000Z');
const DAY = 86_400_000;
const at = (ms: number) => new Date(NOW.getTime() + ms).toISOString();
const FUTURE = at(365 * DAY);

let n = 0;
function key(over: Partial<AuditKey> = {}): AuditKey {
  n++;
  return {
    keyId: `id${n}`,
    kind: 'app',
    owner: 'acme',
    appId: `app-${n}`,
    description: 'd',
    scopes: ['Predict'],
    endpoints: [],
    createdAt: at(-DAY),
    expiresAt: FUTURE,
    ...over,
  };
}
const opts = (over: Partial<AuditOptions> = {}): AuditOptions => ({ now: NOW, olderThanDays: 90, keysmith: [], ...over });
const idsOf = (k: AuditKey, o: AuditOptions = opts()): FlagId[] => flagsOf(auditKeys([k], o), k).map((f) => f.id);

describe('flags of one key', () => {
  const cases: [string, Partial<AuditKey>, FlagId[]][] = [
    ['a plain key has none', {}, []],
    ['All: all and mints', { scopes: ['All'] }, ['all', 'mints']],
    ['Keys:Add mints', { scopes: ['Keys:Get', 'Keys:Add'] }, ['mints']],
    ['Collaborators:Add mints', { scopes: ['Collaborators:Add', 'Collaborators:Get'] }, ['mints']],
    ['Keys:Get and Keys:Delete do not mint', { scopes: ['Keys:Get', 'Keys:Delete'] }, []],
    ['a deprecated scope', { scopes: ['Predict', 'Inputs:Patch', 'Inputs:Add', 'Inputs:Get'] }, ['deprecated']],
    ['an unknown scope is not called deprecated', { scopes: ['Nope:Get'] }, []],
    ['no expiry (absent)', { expiresAt: undefined }, ['never-expires']],
    ['no expiry (empty)', { expiresAt: '' }, ['never-expires']],
    ['no expiry (zero time)', { expiresAt: '0001-01-01T00:00:00Z' }, ['never-expires']],
    ['no expiry (zero time with a fraction)', { expiresAt: '0001-01-01T00:00:00.000000Z' }, ['never-expires']],
    ['expires in exactly 14 days', { expiresAt: at(14 * DAY) }, ['expiring']],
    ['expires 1 ms after 14 days', { expiresAt: at(14 * DAY + 1) }, []],
    ['expires in 1 ms', { expiresAt: at(1) }, ['expiring']],
    ['expires right now: expired', { expiresAt: at(0) }, ['expired']],
    ['expired yesterday', { expiresAt: at(-DAY) }, ['expired']],
    ['an expiry that is no date says nothing', { expiresAt: 'soon' }, []],
    ['created exactly 90 days ago is not old', { createdAt: at(-90 * DAY) }, []],
    ['created 90 days and 1 ms ago is old', { createdAt: at(-90 * DAY - 1) }, ['old']],
    ['no creation time is not old', { createdAt: undefined }, []],
  ];
  it.each(cases)('%s', (_name, over, want) => {
    expect(idsOf(key(over))).toEqual(want);
  });

  it('names the deprecated scopes in its sentence', () => {
    const k = key({ scopes: ['Inputs:Patch', 'Models:Patch', 'Predict'] });
    const f = flagsOf(auditKeys([k], opts()), k).find((x) => x.id === 'deprecated');
    expect(f?.text).toBe('Holds scopes Clarifai deprecated: Inputs:Patch, Models:Patch.');
  });

  it('explains All in plain words', () => {
    const k = key({ scopes: ['All'] });
    expect(flagsOf(auditKeys([k], opts()), k)[0]?.text).toBe('Holds All: it can do anything the app allows, including making and deleting keys.');
  });

  it('follows olderThanDays', () => {
    const k = key({ createdAt: at(-10 * DAY) });
    expect(idsOf(k, opts({ olderThanDays: 9 }))).toEqual(['old']);
    expect(idsOf(k, opts({ olderThanDays: 10 }))).toEqual([]);
  });

  it('gives a PAT only all, never-expires, expiring/expired and old', () => {
    const scopes = ['All', 'Keys:Add', 'Inputs:Patch'];
    const pat = key({ kind: 'pat', owner: '', appId: '', scopes, expiresAt: undefined, createdAt: at(-100 * DAY) });
    const twin = key({ kind: 'pat', owner: '', appId: '', scopes, expiresAt: at(DAY), createdAt: at(-100 * DAY) });
    const rec: KeysmithRecord = { owner: '', appId: '', description: 'd', scopes, createdAt: at(-100 * DAY) };
    const a = auditKeys([pat, twin], opts({ keysmith: [rec] }));
    expect(flagsOf(a, pat).map((f) => f.id)).toEqual(['all', 'never-expires', 'old']);
    expect(flagsOf(a, twin).map((f) => f.id)).toEqual(['all', 'expiring', 'old']);
  });
});

describe('duplicates', () => {
  const base = { owner: 'acme', appId: 'shop', description: 'ci', scopes: ['Predict', 'Models:Get'] };
  const cases: [string, Partial<AuditKey>, boolean][] = [
    ['same app, description and scopes', {}, true],
    ['scopes in another order, one repeated', { scopes: ['Models:Get', 'Predict', 'Predict'] }, true],
    ['another owner', { owner: 'other' }, false],
    ['another app', { appId: 'shop-2' }, false],
    ['another description', { description: 'ci ' }, false],
    ['one scope more', { scopes: ['Predict', 'Models:Get', 'Inputs:Get'] }, false],
    ['a PAT with the same fields', { kind: 'pat' }, false],
  ];
  it.each(cases)('%s: %s', (_name, over, dup) => {
    const a = key(base);
    const b = key({ ...base, ...over });
    const audit = auditKeys([a, b], opts());
    const flagged = (k: AuditKey) => flagsOf(audit, k).some((f) => f.id === 'duplicate');
    expect([flagged(a), flagged(b)]).toEqual([dup, dup]);
  });

  it('is flagged iff another app key shares app, description and scope set', () => {
    const keyArb = fc.record({
      kind: fc.constantFrom<'app' | 'pat'>('app', 'app', 'pat'),
      owner: fc.constantFrom('a', 'b'),
      appId: fc.constantFrom('x', 'y'),
      description: fc.constantFrom('', 'd', 'D'),
      scopes: fc.subarray(['Predict', 'Models:Get', 'Inputs:Get'], { minLength: 0 }).chain((s) => fc.shuffledSubarray(s, { minLength: s.length })),
    });
    fc.assert(
      fc.property(fc.array(keyArb, { maxLength: 12 }), (raw) => {
        const keys = raw.map((r) => key(r));
        const audit = auditKeys(keys, opts());
        const same = (p: AuditKey, q: AuditKey) =>
          p.owner === q.owner && p.appId === q.appId && p.description === q.description && [...p.scopes].sort().join() === [...q.scopes].sort().join();
        for (const k of keys) {
          const want = k.kind === 'app' && keys.some((o) => o !== k && o.kind === 'app' && same(k, o));
          expect(flagsOf(audit, k).some((f) => f.id === 'duplicate')).toBe(want);
        }
      }),
    );
  });
});

describe('made by Keysmith', () => {
  const T = at(-2 * DAY);
  const rec: KeysmithRecord = { owner: 'acme', appId: 'shop', description: 'ci', scopes: ['Predict', 'Models:Get'], createdAt: T };
  const minutes = (m: number) => new Date(Date.parse(T) + m * 60_000).toISOString();
  const cases: [string, Partial<AuditKey>, boolean][] = [
    ['same app, description, scopes, 4 minutes after', { createdAt: minutes(4) }, true],
    ['4 minutes before (clock skew)', { createdAt: minutes(-4) }, true],
    ['exactly 5 minutes after', { createdAt: minutes(5) }, true],
    ['6 minutes after', { createdAt: minutes(6) }, false],
    ['scopes in another order', { scopes: ['Models:Get', 'Predict'] }, true],
    ['another description', { description: 'CI' }, false],
    ['another app', { appId: 'shop-2' }, false],
    ['another owner', { owner: 'acme2' }, false],
    ['another scope set', { scopes: ['Predict'] }, false],
    ['no creation time', { createdAt: undefined }, false],
  ];
  it.each(cases)('%s', (_name, over, want) => {
    const k = key({ owner: 'acme', appId: 'shop', description: 'ci', scopes: ['Predict', 'Models:Get'], createdAt: T, ...over });
    expect(idsOf(k, opts({ keysmith: [rec] })).includes('keysmith')).toBe(want);
  });

  it('needs a record: no job history, no flag', () => {
    expect(idsOf(key({ appId: 'shop', description: 'ci', scopes: rec.scopes, createdAt: T }))).toEqual([]);
  });
});

describe('summary', () => {
  it('counts keys per flag, every flag present', () => {
    const keys = [
      key({ scopes: ['All'], expiresAt: undefined }),
      key({ scopes: ['Keys:Add', 'Keys:Get'], expiresAt: at(3 * DAY) }),
      key({ expiresAt: at(-DAY), createdAt: at(-200 * DAY) }),
      key({ kind: 'pat', owner: '', appId: '', scopes: ['All'], expiresAt: '0001-01-01T00:00:00Z' }),
      key({ appId: 'same', description: 'x' }),
      key({ appId: 'same', description: 'x' }),
      key({ scopes: ['Inputs:Patch'] }),
    ];
    const { summary } = auditKeys(keys, opts());
    expect(Object.keys(summary).sort()).toEqual([...FLAG_IDS].sort());
    expect(summary).toEqual({
      all: 2,
      deprecated: 1,
      mints: 2,
      'never-expires': 2,
      expiring: 1,
      expired: 1,
      old: 1,
      duplicate: 2,
      keysmith: 0,
    });
  });

  it('is all zeros for no keys', () => {
    expect(Object.values(auditKeys([], opts()).summary)).toEqual(FLAG_IDS.map(() => 0));
  });
});
