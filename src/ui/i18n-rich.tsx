/**
 * Messages with markup inside (a word in bold, a path in code) for the extension pages: the
 * message keeps its placeholders, and `tx` puts elements where they stand, so a translation may
 * move them. Not for the content script (it needs no markup and stays small).
 */
import type { ComponentChild } from 'preact';
import { t, type MessageId } from '../i18n/i18n.ts';

/** Marks no message holds: private-use characters around the part's index. */
const MARK = (i: number) => `\uE000${i}\uE001`;

/** The message `id` with `$1`… standing for `parts` (elements or text), as a list of children. */
export function tx(id: MessageId, ...parts: ComponentChild[]): ComponentChild[] {
  const text = t(id, ...parts.map((_, i) => MARK(i)));
  return text.split(/(\uE000\d+\uE001)/).map((piece) => {
    const m = /^\uE000(\d+)\uE001$/.exec(piece);
    return m ? parts[Number(m[1])] : piece;
  });
}
