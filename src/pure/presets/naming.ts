/**
 * Names the options page gives presets and their files: the export's file name, a copy's name.
 * Pure.
 */
import { t } from '../../i18n/i18n.ts';
import { MAX_NAME } from './limits.ts';

/** `make(name)`, the name shortened first so that the whole fits the name limit (a copy's name, a renamed preset's). */
export function fitName(name: string, make: (base: string) => string): string {
  return make(name.slice(0, Math.max(0, MAX_NAME - make('').length)).trimEnd());
}

/** `keysmith-presets-2026-11-26.json`, dated in the user's time zone. */
export function exportFileName(now = new Date()): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `keysmith-presets-${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}.json`;
}

/** The first free name of "X (copy)", "X (copy 2)", …, shortened to fit the name limit. */
export function copyName(name: string, taken: Iterable<string>): string {
  const used = new Set([...taken].map((n) => n.toLowerCase()));
  for (let n = 1; ; n++) {
    const candidate = fitName(name, (base) => (n === 1 ? t('wkNameCopy', base) : t('wkNameCopyN', base, n)));
    if (!used.has(candidate.toLowerCase())) return candidate;
  }
}
