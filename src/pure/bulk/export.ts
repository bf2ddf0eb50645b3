/** Exports of a job's results: CSV, JSON and a `.env` file. Pure. */
import Papa from 'papaparse';
import type { JobResults } from '../protocol.ts';

/**
 * A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR) gets a leading `'`:
 * app names are untrusted, and a CSV is opened in spreadsheets (OWASP: CSV injection).
 */
function cell(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

export const CSV_COLUMNS = ['owner', 'app_id', 'app_name', 'description', 'scopes', 'expires_at', 'key_id', 'outcome', 'error'] as const;

export function toCsv(r: JobResults): string {
  const rows = r.rows.map((row) => [
    row.owner,
    row.appId,
    row.appName,
    row.description,
    r.plan.scopes.join(' '),
    r.plan.expiresAt ?? '',
    row.keyId ?? '',
    row.status,
    row.error ?? '',
  ].map(cell));
  return Papa.unparse({ fields: [...CSV_COLUMNS], data: rows }, { newline: '\n' }) + '\n';
}

export function toJson(r: JobResults): string {
  return (
    JSON.stringify(
      {
        job: r.plan.id,
        created_at: r.plan.createdAt,
        scopes: r.plan.scopes,
        preset: r.plan.presetName ?? null,
        expires_at: r.plan.expiresAt ?? null,
        keys: r.rows.map((row) => ({
          owner: row.owner,
          app_id: row.appId,
          app_name: row.appName,
          description: row.description,
          key_id: row.keyId ?? null,
          outcome: row.status,
          error: row.error ?? null,
        })),
      },
      null,
      2,
    ) + '\n'
  );
}

/** `CLARIFAI_KEY_<OWNER>_<APP>=<key>` for every created key; names made shell-safe. */
export function toEnv(r: JobResults): string {
  const name = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  const lines = r.rows.filter((row) => row.keyId).map((row) => `CLARIFAI_KEY_${name(row.owner)}_${name(row.appId)}=${row.keyId}`);
  return `# Keysmith job ${r.plan.id}, ${r.plan.createdAt}\n${lines.join('\n')}\n`;
}
