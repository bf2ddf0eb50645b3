/**
 * Everything Keysmith knows about the Clarifai portal's DOM, in one module.
 *
 * Nothing public describes today's markup, and the portal is a React app whose class names change
 * with every build, so nothing here uses class names. Dialogs are found by role and heading text,
 * scope checkboxes by their label text (which shows the scope string or a known basic-row label).
 * Old and new variants stand side by side, each with a comment saying where it is seen.
 * See ../shared/clarifai-api.md section 6.
 */

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

/** Containers that can be the dialog: ARIA dialogs (both eras) and native <dialog>. */
const DIALOG_SELECTOR = '[role="dialog"], [role="alertdialog"], dialog[open]';

/** Checkboxes: native inputs (both eras' markup) and ARIA checkboxes (component libraries). */
const CHECKBOX_SELECTOR = 'input[type="checkbox"], [role="checkbox"]';

function norm(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

/** The text of the elements an `aria-labelledby` names, or '' when it names none. */
function labelledByText(el: Element): string {
  const ids = el.getAttribute('aria-labelledby');
  if (!ids) return '';
  return norm(
    ids
      .split(/\s+/)
      .map((id) => el.ownerDocument.getElementById(id)?.textContent)
      .join(' '),
  );
}

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

/** Whether a mutation could have brought or taken a dialog (cheap pre-check for the observer). */
export function mayHoldDialog(node: Node): boolean {
  return node.nodeType === 1 && ((node as Element).matches(DIALOG_SELECTOR) || (node as Element).querySelector(DIALOG_SELECTOR) !== null);
}

export function checkboxesIn(root: ParentNode): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(CHECKBOX_SELECTOR)];
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
  return { parent: list.parentElement!, before: list };
}

// --- scope checkboxes ---------------------------------------------------------------------

/** The text that names a checkbox: its <label> (wrapping or `for`), aria-labelledby or aria-label. */
export function checkboxLabel(box: HTMLElement): string {
  const byIds = labelledByText(box);
  if (byIds) return byIds;
  const aria = box.getAttribute('aria-label');
  if (norm(aria)) return norm(aria);
  const wrapping = box.closest('label');
  if (wrapping) return norm(wrapping.textContent);
  if (box.id) {
    const forLabel = box.ownerDocument.querySelector(`label[for="${CSS.escape(box.id)}"]`);
    if (forLabel) return norm(forLabel.textContent);
  }
  return '';
}

/**
 * The scope a checkbox stands for, read from the start of its label:
 * - today's form: the label is the scope string itself, `Inputs:Add`;
 * - the 2019 ADVANCED view: the scope string, then a human label, `Inputs:Add Add Inputs to an App`,
 *   and single words the same way, `All All Scopes`, `Predict Predict on Public and Custom Models`.
 * Group checkboxes (`Inputs`) and the 2019 BASIC rows (`Predict: Predict on …`, with a colon after
 * the word) name no scope and give null. `isScope` decides what is a real scope name.
 */
export function scopeOfLabel(label: string, isScope: (name: string) => boolean): string | null {
  const m = /^([A-Za-z]+(?::[A-Za-z]+)?)(?=\s|$)/.exec(label);
  return m && isScope(m[1]!) ? m[1]! : null;
}

export function isChecked(box: HTMLElement): boolean {
  return box instanceof HTMLInputElement ? box.checked : box.getAttribute('aria-checked') === 'true';
}

export interface ScopeBox {
  scope: string;
  box: HTMLElement;
  checked: boolean;
}

/** Every checkbox of the dialog that stands for one scope, read fresh from the DOM. */
export function scopeBoxes(dialog: HTMLElement, isScope: (name: string) => boolean): ScopeBox[] {
  const out: ScopeBox[] = [];
  for (const box of checkboxesIn(dialog)) {
    const scope = scopeOfLabel(checkboxLabel(box), isScope);
    if (scope) out.push({ scope, box, checked: isChecked(box) });
  }
  return out;
}

/**
 * The 2019 modal's toggle to the view that lists single scopes: a link-like button `ADVANCED`
 * (`BASIC` goes back). Today's form has none: it always lists single scopes.
 */
export function advancedToggle(dialog: HTMLElement): HTMLElement | null {
  for (const el of dialog.querySelectorAll<HTMLElement>('button, a, [role="button"], [role="tab"]')) {
    if (/^advanced( scopes)?$/i.test(norm(el.textContent))) return el;
  }
  return null;
}

/**
 * Ticks a checkbox the way a person does: a real click, which React-style portals listen to (their
 * onChange for checkboxes is driven by the click event; setting `.checked` changes nothing).
 */
export function toggle(box: HTMLElement): void {
  box.click();
}
