/** The words the panel says after a preset was applied. */
import { list, t, tn } from '../../i18n/i18n.ts';
import type { ApplyResult } from '../apply.ts';

/** What applying did, in the person's words, from the form as read back (never the wish). */
export function describeApply(what: string, r: ApplyResult): { text: string; bad: boolean } {
  const shown = list(r.unknown.slice(0, 3).map((l) => t('quoted', l)));
  const ignored = r.unknown.length ? ` ${tn(r.unknown.length > 3 ? 'applyUnknownBoxesMore' : 'applyUnknownBoxes', r.unknown.length, shown)}` : '';
  if (r.ok) return { text: tn('applyDone', r.ticked.length, what) + ignored, bad: false };
  const parts = [tn('applyPartial', r.ticked.length, what)];
  if (r.unavailable.length) parts.push(t('applyUnavailable', list(r.unavailable)));
  if (r.stuck.length) parts.push(t('applyStuck', list(r.stuck)));
  if (!r.ticked.length && !r.stuck.length && !r.unavailable.length) parts.push(t('applyNoBoxes'));
  return { text: parts.join(' ') + ignored, bad: true };
}
