/**
 * Every string a person reads comes from the browser's i18n API, over `_locales/<lang>/messages.json`
 * (the English source is public/_locales/en/messages.json; docs/i18n.md says how to add a language).
 * Ids are typed from the English file, so an id that is used but missing does not compile, and
 * tests/unit/i18n.test.ts fails on one defined but unused.
 *
 * - `t(id, ...subs)`: the message, its `$1`…`$9` replaced by `subs`.
 * - `tn(id, n, ...subs)`: a count. The message is `<id>_<form>`, the form chosen by the UI
 *   language's plural rules (`one`, `other`; `few`, `many` … where a language has them, falling
 *   back to `_other`); `$1` is `n`, `subs` are `$2`….
 * - `list(items)`: names in a row, as the language writes a list (`a, b, c` in English).
 *
 * It uses the browser's own `i18n` (Chrome's `chrome`, Firefox's `browser` or `chrome`), not
 * webextension-polyfill, for the content script's sake (src/messaging/call.ts says why).
 */
import type en from '../../public/_locales/en/messages.json';

export type MessageId = keyof typeof en & string;
/** The ids `tn` takes: the English file's `<id>_other`. */
export type CountId = MessageId extends infer K ? (K extends `${infer B}_other` ? B : never) : never;

interface I18n {
  getMessage(id: string, substitutions?: string[]): string;
  getUILanguage(): string;
}

function api(): I18n | undefined {
  const g = globalThis as { chrome?: { i18n?: I18n }; browser?: { i18n?: I18n } };
  return g.chrome?.i18n ?? g.browser?.i18n;
}

/** The message `id`, or the id itself where no messages are loaded (never an empty string). */
export function t(id: MessageId, ...subs: (string | number)[]): string {
  return api()?.getMessage(id, subs.map(String)) || id;
}

let rules: { lang: string; plural: Intl.PluralRules; list: Intl.ListFormat } | undefined;

/**
 * The language of the text shown, which is the messages file's (`locale`), not the browser's: a
 * French browser shows English text until a French file exists, and English plural rules and list
 * words must go with it.
 */
function language(): NonNullable<typeof rules> {
  const tag = t('locale');
  const lang = tag === 'locale' ? 'en' : tag;
  if (rules?.lang !== lang) rules = { lang, plural: new Intl.PluralRules(lang), list: new Intl.ListFormat(lang, { type: 'unit' }) };
  return rules;
}

/** A message about a count `n` in the form the language's plural rules choose. */
export function tn(id: CountId, n: number, ...subs: (string | number)[]): string {
  const l = language();
  const args = [String(n), ...subs.map(String)];
  const i18n = api();
  return i18n?.getMessage(`${id}_${l.plural.select(n)}`, args) || i18n?.getMessage(`${id}_other`, args) || id;
}

/** Names in a row, the way the UI language writes a list without "and". */
export function list(items: readonly string[]): string {
  return language().list.format(items);
}
