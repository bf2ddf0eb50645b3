/**
 * Names the options page gives presets and their files: the export's file name, a copy's name,
 * and the sentence an import is summed up in. Pure.
 */
import type { ImportReport } from '../protocol/presets.ts';
import { plural } from '../plural.ts';
import { MAX_NAME } from './limits.ts';

export const quoted = (name: string) => `“${name}”`;

/** `keysmith-presets-2026-11-26.json`, dated in the user's time zone. */
export function exportFileName(now = new Date()): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `keysmith-presets-${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}.json`;
}

/** The first free name of "X (copy)", "X (copy 2)", …, shortened to fit the name limit. */
export function copyName(name: string, taken: Iterable<string>): string {
  const used = new Set([...taken].map((n) => n.toLowerCase()));
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? ' (copy)' : ` (copy ${n})`;
    const candidate = `${name.slice(0, MAX_NAME - suffix.length).trimEnd()}${suffix}`;
    if (!used.has(candidate.toLowerCase())) return candidate;
  }
}

export function importSummary(r: ImportReport): string {
  if (!r.added) return 'The file holds no presets; nothing was added.';
  let text = `Added ${plural(r.added, 'preset')}: ${r.names.map(quoted).join(', ')}.`;
  if (r.addedDependencies.length) {
    text += ` Scopes they need were added too: ${r.addedDependencies.map((d) => `${quoted(d.name)} also gets ${d.added.join(', ')}`).join('; ')}.`;
  }
  return text;
}
