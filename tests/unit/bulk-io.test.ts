import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { toCsv, toEnv, toJson } from '../../src/pure/bulk/export.ts';
import { renderDescription, unknownPlaceholders } from '../../src/pure/bulk/template.ts';
import type { JobResults } from '../../src/pure/protocol.ts';

const values = { app_id: 'app-007', app_name: 'Shop', owner: 'acme-org', date: '2026-11-26', preset: 'Predict only' };

describe('description templates', () => {
  it('fills every placeholder', () => {
    expect(renderDescription('{preset} key for {app_id} ({app_name}, {owner}) {date}', values)).toBe('Predict only key for app-007 (Shop, acme-org) 2026-11-26');
  });

  it('keeps hostile app names as plain text on one line, capped', () => {
    const name = '<img src=x onerror=alert(1)>\nline2\u202Eevil';
    const d = renderDescription('{app_name}', { ...values, app_name: name + 'x'.repeat(500) });
    expect(d.startsWith('<img src=x onerror=alert(1)> line2 evil')).toBe(true);
    expect(d).not.toMatch(/[\n\u202E]/);
    expect(d.length).toBe(200);
  });

  it('names unknown placeholders', () => {
    expect(unknownPlaceholders('{appid} {app_id} {}')).toEqual(['appid', '']);
  });
});

const results: JobResults = {
  plan: { id: 'j1', createdAt: '2026-11-26T10:00:00.000Z', scopes: ['Predict', 'Models:Get'], presetName: 'P', template: '{app_id}' },
  rows: [
    { owner: 'acme-org', appId: 'a-1', appName: '=HYPERLINK("http://evil")', description: 'd1', status: 'created', keyId: 'k'.repeat(32) },
    { owner: 'acme-org', appId: 'a-2', appName: 'Two, "quoted"', description: 'd2', status: 'failed', error: 'Clarifai refused' },
  ],
  leftOut: [],
  progress: { id: 'j1', status: 'done', total: 2, created: 1, failed: 1, cancelled: 0, left: 0, secondsLeft: 0, elapsedSeconds: 1, leftOut: 0 },
};

describe('exports', () => {
  it('CSV has one row per app, quoted properly, with formula cells neutralised', () => {
    const rows = Papa.parse<Record<string, string>>(toCsv(results), { header: true, skipEmptyLines: true }).data;
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ owner: 'acme-org', app_id: 'a-1', key_id: 'k'.repeat(32), outcome: 'created', scopes: 'Predict Models:Get' });
    expect(rows[0]!.app_name).toBe(`'=HYPERLINK("http://evil")`);
    expect(rows[1]).toMatchObject({ app_name: 'Two, "quoted"', outcome: 'failed', error: 'Clarifai refused', key_id: '' });
  });

  it('JSON lists every key with its outcome', () => {
    const j = JSON.parse(toJson(results));
    expect(j.keys.map((k: { key_id: string | null }) => k.key_id)).toEqual(['k'.repeat(32), null]);
  });

  it('.env has one shell-safe variable per created key', () => {
    expect(toEnv(results).trim().split('\n').slice(1)).toEqual([`CLARIFAI_KEY_ACME_ORG_A_1=${'k'.repeat(32)}`]);
  });
});
