/**
 * The English messages (public/_locales/en/messages.json) and their use: an id used but missing,
 * or defined but unused, fails here; so does a message the browsers would refuse or misread. Ids
 * are found in the source as `t('id'`, `tn('id'` (which uses `id_one`, `id_other` and a language's
 * other plural forms) and quoted ids in tables typed `MessageId`, and `__MSG_id__` in the manifest
 * and the pages' HTML.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { i18n } from '../../fakes/i18n.ts';
import { list, t, tn } from '../../../src/i18n/i18n.ts';
import { tx } from '../../../src/ui/i18n-rich.tsx';

const ROOT = new URL('../../../', import.meta.url).pathname;
const messages: Record<string, { message: string; description?: string }> = JSON.parse(readFileSync(join(ROOT, 'public/_locales/en/messages.json'), 'utf8'));
const ids = Object.keys(messages);

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p, ext) : ext.test(n) ? [p] : [];
  });
}

const sources = files(join(ROOT, 'src'), /\.tsx?$/).map((f) => readFileSync(f, 'utf8'));
const markup = [readFileSync(join(ROOT, 'manifest.json'), 'utf8'), ...files(join(ROOT, 'src'), /\.html$/).map((f) => readFileSync(f, 'utf8'))];

/** Ids the code asks for: `t('x'`, `tn('x'` (plural: x_*), and string values of `MessageId` tables. */
function used(): { plain: Set<string>; counted: Set<string> } {
  const plain = new Set<string>();
  const counted = new Set<string>();
  for (const s of sources) {
    for (const m of s.matchAll(/\btx?\(\s*'([A-Za-z0-9_@]+)'/g)) plain.add(m[1]!);
    for (const m of s.matchAll(/\btn\(\s*'([A-Za-z0-9_@]+)'/g)) counted.add(m[1]!);
    // `cond ? 'idA' : 'idB'` as the first argument, and tables `satisfies Record<…, MessageId>`.
    for (const [, fn, a, b] of s.matchAll(/\b(tn?|tx)\(\s*[^'(),]*?\?\s*'([A-Za-z0-9_@]+)'\s*:\s*'([A-Za-z0-9_@]+)'\s*,/g))
      for (const id of [a!, b!]) (fn === 'tn' ? counted : plain).add(id);
    for (const m of s.matchAll(/=\s*\{([^}]*)\}\s*as const satisfies Record<[^>]*MessageId>/g))
      for (const q of m[1]!.matchAll(/:\s*'([A-Za-z0-9_@]+)'/g)) plain.add(q[1]!);
  }
  for (const s of markup) for (const m of s.matchAll(/__MSG_([A-Za-z0-9_@]+)__/g)) plain.add(m[1]!);
  return { plain, counted };
}

describe('the English messages', () => {
  const { plain, counted } = used();

  it('define every id the code and the manifest use', () => {
    const missing = [...plain].filter((id) => !messages[id]);
    for (const base of counted) for (const form of ['one', 'other']) if (!messages[`${base}_${form}`]) missing.push(`${base}_${form}`);
    expect(missing).toEqual([]);
  });

  it('define no id that nothing uses', () => {
    const unused = ids.filter((id) => {
      if (plain.has(id)) return false;
      const plural = /^(.*)_(zero|one|two|few|many|other)$/.exec(id);
      return !(plural && counted.has(plural[1]!));
    });
    expect(unused).toEqual([]);
  });

  it('are what the browsers accept: ids of letters, digits and _ that differ in more than case, messages with $1…$9 only', () => {
    expect(ids.filter((id) => !/^[A-Za-z0-9_@]+$/.test(id))).toEqual([]);
    const lower = ids.map((id) => id.toLowerCase());
    expect(lower.filter((id, i) => lower.indexOf(id) !== i)).toEqual([]);
    // A lone `$` followed by anything else would be read as a named placeholder, which none is;
    // `$1$2` is a named placeholder `$1$` to Chrome (which then refuses the file), `$10` is the
    // tenth substitution to Firefox.
    expect(ids.filter((id) => /\$(?![1-9$])|\$[1-9]\$(?!\$)|\$[1-9]\d/.test(messages[id]!.message.replace(/\$\$/g, '')))).toEqual([]);
    expect(ids.filter((id) => !messages[id]!.message.trim())).toEqual([]);
  });

  it('give the count’s form by the rules of the text’s language, not the browser’s', () => {
    // A French browser shows the English file until a French one exists: English plural rules.
    const ui = vi.spyOn(i18n, 'getUILanguage').mockReturnValue('fr');
    expect(tn('bulkCreate', 0)).toBe('Create 0 keys'); // French rules would choose `one`
    expect(list(['a', 'b', 'c'])).toBe('a, b, c');
    ui.mockRestore();
    expect(t('locale')).toBe('en');
  });

  it('in every language’s file, hold the ids of the English one only, with its placeholders', () => {
    const dir = join(ROOT, 'public/_locales');
    for (const lang of readdirSync(dir)) {
      const file: Record<string, { message: string }> = JSON.parse(readFileSync(join(dir, lang, 'messages.json'), 'utf8'));
      for (const [id, { message }] of Object.entries(file)) {
        const plural = /^(.*)_(zero|one|two|few|many|other)$/.exec(id);
        const english = messages[id] ?? (plural ? messages[`${plural[1]}_other`] : undefined);
        expect(english, `${lang}: ${id} is no English id`).toBeDefined();
        const holes = (m: string) => [...new Set(m.replace(/\$\$/g, '').match(/\$[1-9]/g) ?? [])].sort();
        if (id !== 'locale') expect(holes(message), `${lang}: ${id}'s placeholders`).toEqual(holes(english!.message));
      }
    }
  });

  it('give the count’s form by the plural rules, and name lists as English does', () => {
    expect(tn('bulkCreate', 1)).toBe('Create 1 key');
    expect(tn('bulkCreate', 0)).toBe('Create 0 keys');
    expect(tn('appsSelected', 45, 4)).toBe('4 of 45 apps selected');
    expect(t('sessionSignedIn', 'Ada', 'ada-1')).toBe('Signed in as Ada (ada-1)');
    expect(list(['Inputs:Get', 'Models:Get', 'Predict'])).toBe('Inputs:Get, Models:Get, Predict');
  });

  it('put elements where a message’s placeholders stand (tx), so a translation may move them', () => {
    const strong = { type: 'strong' };
    expect(tx('popupTokenFor', strong, 'ada-1')).toEqual(['Token for ', strong, ' (', 'ada-1', ')']);
    expect(tx('welcomeStartDialog')).toEqual([t('welcomeStartDialog')]);
  });

  it('are used by the code: the scan finds ids in each way the code names them', () => {
    // Positive controls for the scan itself, so that "unused" above cannot pass by finding nothing.
    expect(plain.has('extName')).toBe(true); // manifest.json
    expect(plain.has('jobStatusRunning')).toBe(true); // a MessageId table
    expect(plain.has('matchKeyYours')).toBe(true); // another table
    expect(plain.has('presetProposedToolbar')).toBe(true); // a conditional first argument
    expect(counted.has('bulkCreate')).toBe(true);
  });
});
