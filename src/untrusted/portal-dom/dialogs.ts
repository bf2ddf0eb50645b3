/**
 * Finding the key dialogs: by role and heading text, and where Keysmith's panel goes in one. Part of
 * the portal module: import it through ./index.ts.
 */
import { readDialog } from './boxes.ts';
import { checkboxesIn, labelledByText, norm } from './labels.ts';
import type { Vocabulary } from './wordings.ts';

export type DialogKind = 'create' | 'edit';

export interface KeyDialog {
  root: HTMLElement;
  kind: DialogKind;
  /** The heading text as shown, for messages. */
  heading: string;
}

/**
 * Headings of the key dialogs.
 * - `Create an API Key`: the 2018-2022 modal on portal.clarifai.com (Clarifai/old-docs screenshots).
 * - `Create API Key`: today's form on clarifai.com (App Settings → API Keys → Create API Key).
 * - `Create new API key`: the wording of the seed doc, kept in case a version used it.
 * - `Edit API Key` / `Edit an API Key`: the edit form, which shows the same scope checkboxes.
 */
const HEADINGS: readonly [RegExp, DialogKind][] = [
  [/^create (an |new )?api key$/i, 'create'],
  [/^edit (an |the )?api key$/i, 'edit'],
];

/** Containers that can be the dialog: ARIA dialogs (both eras, MUI, Radix) and native <dialog>. */
const DIALOG_SELECTOR = '[role="dialog"], [role="alertdialog"], dialog[open]';

/** The dialog's accessible heading: aria-labelledby, else aria-label, else its first heading. */
export function dialogHeading(root: HTMLElement): string {
  const byIds = labelledByText(root);
  if (byIds) return byIds;
  const label = root.getAttribute('aria-label');
  if (norm(label)) return norm(label);
  const h = root.querySelector('h1, h2, h3, h4, h5, h6, [role="heading"]');
  return norm(h?.textContent);
}

export function classifyHeading(heading: string): DialogKind | null {
  for (const [re, kind] of HEADINGS) if (re.test(heading)) return kind;
  return null;
}

/** Open create-key and edit-key dialogs in `doc`. */
export function findKeyDialogs(doc: ParentNode): KeyDialog[] {
  const out: KeyDialog[] = [];
  for (const el of doc.querySelectorAll<HTMLElement>(DIALOG_SELECTOR)) {
    const heading = dialogHeading(el);
    const kind = classifyHeading(heading);
    if (kind) out.push({ root: el, kind, heading });
  }
  return out;
}

/**
 * A dialog Keysmith does not recognise by its heading but that looks like a key dialog: its heading
 * speaks of a key (`New key`, `Generate API key`) and it holds at least three boxes that read as
 * scopes. Only for saying that Keysmith could not attach, never for attaching.
 */
export function looksLikeKeyDialog(doc: ParentNode, vocab: Vocabulary): KeyDialog | null {
  for (const el of doc.querySelectorAll<HTMLElement>(DIALOG_SELECTOR)) {
    const heading = dialogHeading(el);
    if (classifyHeading(heading) || !/\bkeys?\b/i.test(heading)) continue;
    if (readDialog(el, vocab).boxes.length >= 3) return { root: el, kind: 'create', heading };
  }
  return null;
}

/** Whether a mutation could have brought or taken a dialog (cheap pre-check for the observer). */
export function mayHoldDialog(node: Node): boolean {
  return node.nodeType === 1 && ((node as Element).matches(DIALOG_SELECTOR) || (node as Element).querySelector(DIALOG_SELECTOR) !== null);
}

/** Whether an element is inside one of the dialogs (for the observer's filter). */
export function inDialog(node: Node): boolean {
  return node instanceof Element && node.closest(DIALOG_SELECTOR) !== null;
}

function commonAncestor(nodes: readonly Element[]): Element | null {
  if (!nodes.length) return null;
  let anc: Element | null = nodes[0]!.parentElement;
  while (anc && !nodes.every((n) => anc!.contains(n))) anc = anc.parentElement;
  return anc;
}

/**
 * Where Keysmith's panel goes: just before the dialog's scope list (the smallest element that holds
 * every checkbox), inside the dialog. Returns null while the list is not rendered yet.
 */
export function mountPoint(dialog: HTMLElement): { parent: Element; before: Element | null } | null {
  const boxes = checkboxesIn(dialog);
  if (!boxes.length) return null;
  let list = commonAncestor(boxes);
  if (!list || !dialog.contains(list)) return null;
  if (list === dialog) return { parent: dialog, before: dialog.firstElementChild };
  // A fieldset (today's form: legend "Scopes") is the natural section: go before it, not inside.
  const section = list.closest('fieldset');
  if (section && dialog.contains(section)) list = section;
  // A tab panel is one view of the list: go before the tabs, which stay when the view changes.
  if (list.closest('[role="tabpanel"]')) {
    const tabs = dialog.querySelector('[role="tablist"]');
    if (tabs?.parentElement) return { parent: tabs.parentElement, before: tabs };
  }
  return { parent: list.parentElement!, before: list };
}
