/** The words the panel says after a preset was applied. */
import { plural } from '../../pure/plural.ts';
import type { ApplyResult } from '../apply.ts';

/** What applying did, in the person's words, from the form as read back (never the wish). */
export function describeApply(what: string, r: ApplyResult): { text: string; bad: boolean } {
  const ignored = r.unknown.length
    ? ` ${plural(r.unknown.length, 'box')} name no scope Keysmith knows and were left as they were (${r.unknown
        .slice(0, 3)
        .map((l) => `“${l}”`)
        .join(', ')}${r.unknown.length > 3 ? ', …' : ''}).`
    : '';
  if (r.ok) return { text: `${what}: ${plural(r.ticked.length, 'scope')} ticked.${ignored}`, bad: false };
  const parts = [`${what} was not fully applied: the form holds ${plural(r.ticked.length, 'scope')}, so a key made now would differ from the preset.`];
  if (r.unavailable.length) parts.push(`This portal does not offer ${r.unavailable.join(', ')}.`);
  if (r.stuck.length) parts.push(`These boxes would not take the wanted state: ${r.stuck.join(', ')}.`);
  if (!r.ticked.length && !r.stuck.length && !r.unavailable.length) parts.push('Keysmith found no scope boxes it could set.');
  return { text: parts.join(' ') + ignored, bad: true };
}
