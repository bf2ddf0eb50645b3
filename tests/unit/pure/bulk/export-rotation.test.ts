/**
 * A rotation's exports (../../src/pure/bulk/export.ts): each key with its own scopes, endpoints and
 * expiry (the plan has none of its own), the old key it replaces masked, and what became of that
 * key; and the ownership rule that endpoint-level scopes are compared as a set.
 */
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { ROTATION_CSV_COLUMNS, toCsv, toEnv, toJson } from '../../../../src/pure/bulk/export.ts';
import { matchesAttempt, sameFields, type Attempt } from '../../../../src/pure/bulk/ownership.ts';
import type { JobResults } from '../../../../src/pure/protocol/jobs.ts';

const KEY1 = '0123456789abcdef0123456789abcdef';
const KEY2 = 'fedcba9876543210fedcba9876543210';
const RPC = '/clarifai.api.V2/PostModelOutputs';

const rotation: JobResults = {
  plan: { id: 'j1', kind: 'rotation', createdAt: '2026-11-26T10:00:00.000Z', scopes: [], template: '{description}' },
  rows: [
    {
      owner: 'acme',
      appId: 'a-1',
      appName: 'One',
      description: 'prod',
      status: 'created',
      keyId: KEY1,
      scopes: ['Predict', 'Models:Get'],
      endpoints: [RPC],
      replaces: '••••••••abcd',
      retired: 'deleted',
    },
    {
      owner: 'acme',
      appId: 'a-1',
      appName: 'One',
      description: 'prod',
      status: 'created',
      keyId: KEY2,
      scopes: ['Predict'],
      endpoints: [],
      expiresAt: '2027-01-01T00:00:00.000Z',
      replaces: '••••••••wxyz',
      retired: 'failed',
      retiredError: 'Clarifai refused.',
    },
  ],
  leftOut: [],
  progress: { id: 'j1', status: 'done', total: 2, created: 2, failed: 0, cancelled: 0, left: 0, secondsLeft: 0, elapsedSeconds: 1, leftOut: 0 },
  rotation: { deletable: 1, deleted: 1, failed: 1 },
};

describe('a rotation’s exports', () => {
  it('CSV: each row’s own scopes, expiry and endpoints, the old key masked and its fate', () => {
    const parsed = Papa.parse<Record<string, string>>(toCsv(rotation), { header: true, skipEmptyLines: true });
    expect(parsed.meta.fields).toEqual([...ROTATION_CSV_COLUMNS]);
    expect(parsed.data.map((r) => [r.scopes, r.expires_at, r.endpoints, r.replaces, r.old_key])).toEqual([
      ['Predict Models:Get', '', RPC, '••••••••abcd', 'deleted'],
      ['Predict', '2027-01-01T00:00:00.000Z', '', '••••••••wxyz', 'not deleted: Clarifai refused.'],
    ]);
  });

  it('JSON: each key with its own fields and the old key it replaces', () => {
    const j = JSON.parse(toJson(rotation)) as { keys: Record<string, unknown>[] };
    expect(j.keys[0]).toMatchObject({ key_id: KEY1, scopes: ['Predict', 'Models:Get'], endpoints: [RPC], expires_at: null, replaces: '••••••••abcd' });
    expect(j.keys[1]).toMatchObject({ key_id: KEY2, scopes: ['Predict'], expires_at: '2027-01-01T00:00:00.000Z', old_key: 'not deleted: Clarifai refused.' });
  });

  it('.env: two replacements in one app each get a variable, each saying which key it replaces', () => {
    const { text } = toEnv(rotation);
    expect(text).toContain('# replaces the key ending abcd\nCLARIFAI_KEY_ACME_A_1="0123456789abcdef0123456789abcdef"');
    expect(text).toContain('# replaces the key ending wxyz\nCLARIFAI_KEY_ACME_A_1_2="fedcba9876543210fedcba9876543210"');
  });
});

describe('endpoint-level scopes in ownership', () => {
  const a: Attempt = { owner: 'o', appId: 'x', description: 'd', scopes: ['Predict'], endpoints: [RPC, '/clarifai.api.V2/ListConcepts'] };
  const key = (endpoints: string[] | undefined) => ({ id: KEY1, description: 'd', scopes: ['Predict'], endpoints, apps: [{ id: 'x', user_id: 'o' }] });

  it('are compared as a set: order and repeats do not count, a missing or extra one does', () => {
    expect(matchesAttempt(key(['/clarifai.api.V2/ListConcepts', RPC, RPC]), a)).toBe(true);
    expect(matchesAttempt(key([RPC]), a)).toBe(false);
    expect(matchesAttempt(key(undefined), a)).toBe(false);
    expect(matchesAttempt(key([RPC, '/clarifai.api.V2/ListConcepts', '/clarifai.api.V2/GetConcept']), a)).toBe(false);
    expect(sameFields(a, { ...a, endpoints: [...a.endpoints!].reverse() })).toBe(true);
    expect(sameFields(a, { ...a, endpoints: [] })).toBe(false);
  });

  it('an attempt without endpoints (a bulk job’s) matches only keys without any', () => {
    const bulk: Attempt = { ...a, endpoints: undefined };
    expect(matchesAttempt(key(undefined), bulk)).toBe(true);
    expect(matchesAttempt(key([]), bulk)).toBe(true);
    expect(matchesAttempt(key([RPC]), bulk)).toBe(false);
  });
});
