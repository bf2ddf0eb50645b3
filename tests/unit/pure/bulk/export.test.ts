import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { toCsv, toEnv, toJson } from '../../../../src/pure/bulk/export.ts';
import { renderDescription, unknownPlaceholders } from '../../../../src/pure/bulk/template.ts';
import type { JobResults } from '../../../../src/pure/protocol/jobs.ts';

const values = { app_id: 'app-007', app_name: 'Shop', owner: 'acme-org', date: '2026-11-26', preset: 'Predict only' };

describe('description templates', () => {
  it('fills every placeholder', () => {
    expect(renderDescription('{preset} key for {app_id} ({app_name}, {owner}) {date}', values)).toBe(
      'Predict only key for app-007 (Shop, acme-org) 2026-11-26',
    );
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

const KEY1 = '0123456789abcdef0123456789abcdef';
const hex = (n: number) => n.toString(16).padStart(32, '0');

const results: JobResults = {
  plan: { id: 'j1', createdAt: '2026-11-26T10:00:00.000Z', scopes: ['Predict', 'Models:Get'], presetName: 'P', template: '{app_id}' },
  rows: [
    { owner: 'acme-org', appId: 'a-1', appName: '=HYPERLINK("http://evil")', description: 'd1', status: 'created', keyId: KEY1 },
    { owner: 'acme-org', appId: 'a-2', appName: 'Two, "quoted"', description: 'd2', status: 'failed', error: 'Clarifai refused' },
  ],
  leftOut: [],
  progress: { id: 'j1', status: 'done', total: 2, created: 1, failed: 1, cancelled: 0, left: 0, secondsLeft: 0, elapsedSeconds: 1, leftOut: 0 },
};

describe('exports', () => {
  it('CSV has one row per app, quoted properly, with formula cells neutralised', () => {
    const rows = Papa.parse<Record<string, string>>(toCsv(results), { header: true, skipEmptyLines: true }).data;
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ owner: 'acme-org', app_id: 'a-1', key_id: KEY1, outcome: 'created', scopes: 'Predict Models:Get' });
    expect(rows[0]!.app_name).toBe(`'=HYPERLINK("http://evil")`);
    expect(rows[1]).toMatchObject({ app_name: 'Two, "quoted"', outcome: 'failed', error: 'Clarifai refused', key_id: '' });
  });

  it('JSON lists every key with its outcome', () => {
    const j = JSON.parse(toJson(results));
    expect(j.keys.map((k: { key_id: string | null }) => k.key_id)).toEqual([KEY1, null]);
  });

  it('.env has one quoted, shell-safe variable per created key, each under a comment naming its app', () => {
    const { text, notes } = toEnv(results);
    expect(text.trim().split('\n').slice(1)).toEqual(['# acme-org/a-1', `CLARIFAI_KEY_ACME_ORG_A_1="${KEY1}"`]);
    expect(notes).toEqual([]);
  });

  const row = (appId: string, keyId: string, owner = 'acme-org') => ({ owner, appId, appName: appId, description: appId, status: 'created' as const, keyId });
  const vars = (text: string) =>
    Object.fromEntries(
      text
        .split('\n')
        .filter((l) => l && !l.startsWith('#'))
        .map((l) => l.split('=') as [string, string]),
    );

  it('.env never maps two apps to one variable silently: my-app and my_app (and App and app) get their own, and say so', () => {
    const r: JobResults = { ...results, rows: [row('my-app', hex(1)), row('my_app', hex(2)), row('App', hex(3)), row('app', hex(4)), row('my-app-2', hex(5))] };
    const { text, notes } = toEnv(r);
    const v = vars(text);
    expect(Object.keys(v)).toHaveLength(5);
    expect(new Set(Object.values(v))).toEqual(new Set([1, 2, 3, 4, 5].map((n) => `"${hex(n)}"`)));
    expect(v.CLARIFAI_KEY_ACME_ORG_MY_APP).toBe(`"${hex(1)}"`);
    expect(v.CLARIFAI_KEY_ACME_ORG_APP).toBe(`"${hex(3)}"`);
    // Which app each renamed variable holds is written beside it and told to the person.
    expect(text).toMatch(/# acme-org\/my_app \(CLARIFAI_KEY_ACME_ORG_MY_APP is acme-org\/my-app\)\nCLARIFAI_KEY_ACME_ORG_MY_APP_\d="0+2"/);
    expect(notes).toEqual([expect.stringMatching(/^2 variable names were shared by several apps/)]);
    expect(notes[0]).toContain('acme-org/my_app');
    expect(notes[0]).toContain('acme-org/app');
  });

  it('.env exports only values that are key ids (32 lower-case hex), and says which it left out', () => {
    const r: JobResults = { ...results, rows: [row('a-1', KEY1), row('a-2', 'abc\nEVIL=1'), row('a-3', 'K'.repeat(32)), row('a-4', `${KEY1}"; rm -rf ~`)] };
    const { text, notes } = toEnv(r);
    expect(Object.keys(vars(text))).toEqual(['CLARIFAI_KEY_ACME_ORG_A_1']);
    expect(text).not.toMatch(/EVIL|rm -rf|KKKK/);
    expect(notes).toEqual([
      '3 keys were left out of the .env file because they are not in the form of a Clarifai key id (32 lower-case hex): acme-org/a-2, acme-org/a-3, acme-org/a-4.',
    ]);
  });
});
