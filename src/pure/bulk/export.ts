/** Exports of a job's results: CSV, JSON and a `.env` file. Pure. */
import Papa from 'papaparse';
import type { JobResults } from '../protocol/jobs.ts';

/**
 * A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR) gets a leading `'`:
 * app names are untrusted, and a CSV is opened in spreadsheets (OWASP: CSV injection). Every CSV
 * Keysmith writes goes through this one helper (the inventory's audit export too).
 */
export function csvCell(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

export const CSV_COLUMNS = ['owner', 'app_id', 'app_name', 'description', 'scopes', 'expires_at', 'key_id', 'outcome', 'error'] as const;

/** A rotation's CSV has these columns too: each key's endpoint-level scopes, and the old key it replaces (masked). */
export const ROTATION_CSV_COLUMNS = [...CSV_COLUMNS, 'endpoints', 'replaces', 'old_key'] as const;

/** A rotation's row: whether its old key is still there, was deleted, or could not be. */
const oldKeyState = (row: JobResults['rows'][number]) =>
  row.retired === 'deleted' ? 'deleted' : row.retired === 'failed' ? `not deleted: ${row.retiredError ?? ''}` : 'still there';

export function toCsv(r: JobResults): string {
  const rotation = r.plan.kind === 'rotation';
  const rows = r.rows.map((row) => {
    const cells = [
      row.owner,
      row.appId,
      row.appName,
      row.description,
      (row.scopes ?? r.plan.scopes).join(' '),
      (row.scopes ? row.expiresAt : r.plan.expiresAt) ?? '',
      row.keyId ?? '',
      row.status,
      row.error ?? '',
    ];
    if (rotation) cells.push((row.endpoints ?? []).join(' '), row.replaces ?? '', oldKeyState(row));
    return cells.map(csvCell);
  });
  return Papa.unparse({ fields: [...(rotation ? ROTATION_CSV_COLUMNS : CSV_COLUMNS)], data: rows }, { newline: '\n' }) + '\n';
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
          // A rotation's key has its own fields, and replaces an old key.
          ...(row.scopes
            ? {
                scopes: row.scopes,
                endpoints: row.endpoints ?? [],
                expires_at: row.expiresAt ?? null,
                replaces: row.replaces ?? null,
                old_key: oldKeyState(row),
              }
            : {}),
        })),
      },
      null,
      2,
    ) + '\n'
  );
}

/** A Clarifai key id: 32 lower-case hex. Anything else is not written into a file a shell reads. */
const KEY_ID = /^[0-9a-f]{32}$/;

export interface EnvExport {
  text: string;
  /** What a person must know about the file: renamed variables, keys left out. Empty when none. */
  notes: string[];
}

/**
 * `CLARIFAI_KEY_<OWNER>_<APP>="<key>"` for every created key, each under a comment naming its app.
 * Names are made shell-safe (upper case, `_` for anything else), so different apps can share one:
 * `my-app` and `my_app`, `App` and `app`. None is dropped or overwritten silently: a later app
 * gets `_2`, `_3`…, its comment says which app holds the plain name, and `notes` tells the person.
 * Values are quoted, and written only when they are key ids (32 lower-case hex).
 */
export function toEnv(r: JobResults): EnvExport {
  const name = (s: string) =>
    s
      .toUpperCase()
      .replace(/[^A-Z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '');
  const shown = (s: string) => s.replace(/[^A-Za-z0-9_/-]/g, '?');
  const taken = new Map<string, string>(); // variable → the app (owner/id) that holds it
  const renamed: string[] = [];
  const shared = new Set<string>();
  const bad: string[] = [];
  const lines: string[] = [];
  const baseOf = (row: JobResults['rows'][number]) => `CLARIFAI_KEY_${name(row.owner)}_${name(row.appId)}`;
  // A number is never one that another app's own name already is (`my-app-2`).
  const natural = new Set(r.rows.filter((row) => row.keyId && KEY_ID.test(row.keyId)).map(baseOf));
  for (const row of r.rows) {
    if (!row.keyId) continue;
    const app = shown(`${row.owner}/${row.appId}`);
    if (!KEY_ID.test(row.keyId)) {
      bad.push(app);
      continue;
    }
    const base = baseOf(row);
    let v = base;
    for (let n = 2; taken.has(v) || (v !== base && natural.has(v)); n++) v = `${base}_${n}`;
    taken.set(v, app);
    if (v === base) lines.push(`# ${app}`);
    else {
      shared.add(base);
      renamed.push(`${app} is ${v}`);
      lines.push(`# ${app} (${base} is ${taken.get(base) ?? 'another app'})`);
    }
    if (row.replaces) lines.push(`# replaces the key ending ${shown(row.replaces.slice(-4))}`);
    lines.push(`${v}="${row.keyId}"`);
  }
  const notes: string[] = [];
  if (shared.size) {
    notes.push(
      `${shared.size} variable name${shared.size === 1 ? ' was' : 's were'} shared by several apps, so the .env file numbers the later ones: ${renamed.join(', ')}. Each variable's comment names its app.`,
    );
  }
  if (bad.length) {
    notes.push(
      `${bad.length} key${bad.length === 1 ? ' was' : 's were'} left out of the .env file because ${bad.length === 1 ? 'it is' : 'they are'} not in the form of a Clarifai key id (32 lower-case hex): ${bad.join(', ')}.`,
    );
  }
  return { text: `# Keysmith job ${shown(r.plan.id)}, ${shown(r.plan.createdAt)}\n${lines.join('\n')}\n`, notes };
}
