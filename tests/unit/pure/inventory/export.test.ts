import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { auditKeys } from '../../../../src/pure/inventory/audit.ts';
import { INVENTORY_CSV_COLUMNS, inventoryCsv, inventoryJson } from '../../../../src/pure/inventory/export.ts';
import type { AuditKey } from '../../../../src/pure/inventory/key.ts';

const NOW = new Date('2026-06-01T12:00:00.000Z');
// Distinctive ids: no 8-character piece of one can appear by chance in the rest of a row.
const IDS = ['f00dcafe1234567890abcdef0badf00d', 'deadbeefc0ffee00112233445566ee99', 'PAT7q9zXwV3kLmN8pRsT2uY4'];

const keys: AuditKey[] = [
  {
    keyId: IDS[0]!,
    kind: 'app',
    owner: 'acme',
    appId: 'shop',
    appName: 'Shop, "main"',
    description: '=HYPERLINK("http://evil")',
    scopes: ['Predict', 'Models:Get', 'Workflows:Get'],
    endpoints: [],
    createdAt: '2025-01-01T00:00:00.000000Z',
  },
  {
    keyId: IDS[1]!,
    kind: 'app',
    owner: 'acme',
    appId: 'shop',
    description: '+1 ci',
    scopes: ['Inputs:Get'],
    endpoints: ['PostModelOutputs'],
    createdAt: '2026-05-30T00:00:00Z',
    expiresAt: '2026-06-05T00:00:00Z',
  },
  { keyId: IDS[2]!, kind: 'pat', owner: '', appId: '', description: '@me', scopes: ['All'], endpoints: [], expiresAt: '0001-01-01T00:00:00Z' },
];
const audit = auditKeys(keys, { now: NOW, olderThanDays: 90, keysmith: [] });
const presets = [{ name: 'Predict only', scopes: ['Workflows:Get', 'Models:Get', 'Predict'] }];

const pieces = (id: string) => Array.from({ length: id.length - 7 }, (_, i) => id.slice(i, i + 8));

describe('the audit export', () => {
  const csv = inventoryCsv(keys, audit, presets);
  const json = inventoryJson(keys, audit, presets);

  it.each([
    ['CSV', csv],
    ['JSON', json],
  ])('carries no key id, nor any 8 characters of one (%s)', (_name, text) => {
    for (const id of IDS) for (const p of pieces(id)) expect(text).not.toContain(p);
  });

  it('writes the columns and one row a key, with the scope summary and flags', () => {
    const parsed = Papa.parse<string[]>(csv.trimEnd());
    expect(parsed.errors).toEqual([]);
    expect(parsed.data[0]).toEqual([...INVENTORY_CSV_COLUMNS]);
    expect(parsed.data.slice(1)).toEqual([
      [
        'acme',
        'shop',
        'Shop, "main"',
        'app',
        `'=HYPERLINK("http://evil")`,
        'Predict only',
        'Predict Models:Get Workflows:Get',
        '',
        '2025-01-01T00:00:00.000000Z',
        '',
        'never-expires old',
      ],
      ['acme', 'shop', '', 'app', "'+1 ci", 'custom: 1 scope', 'Inputs:Get', 'PostModelOutputs', '2026-05-30T00:00:00Z', '2026-06-05T00:00:00Z', 'expiring'],
      ['', '', '', 'pat', "'@me", 'custom: 1 scope', 'All', '', '', '0001-01-01T00:00:00Z', 'all never-expires'],
    ]);
  });

  it('neutralises a description starting with = as the bulk export does', () => {
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(csv).not.toMatch(/(^|,)=HYPERLINK/m);
  });

  it('keeps JSON values as read, flags with their sentences, and the summary', () => {
    const parsed = JSON.parse(json) as { summary: Record<string, number>; keys: Record<string, unknown>[] };
    expect(parsed.summary).toEqual(audit.summary);
    expect(parsed.keys).toHaveLength(3);
    expect(parsed.keys[0]).toMatchObject({
      description: '=HYPERLINK("http://evil")',
      scope_summary: 'Predict only',
      expires_at: null,
      app_name: 'Shop, "main"',
    });
    expect(parsed.keys[0]!.flags).toEqual([
      { id: 'never-expires', text: expect.any(String) },
      { id: 'old', text: expect.any(String) },
    ]);
    for (const k of parsed.keys) expect(Object.keys(k).some((f) => /id$/i.test(f) && f !== 'app_id')).toBe(false);
  });
});
