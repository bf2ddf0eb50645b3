/**
 * Reading text as it is rendered: the pieces of a label, a box's accessible name, and where the
 * checkboxes are. Part of the portal module: import it through ./index.ts.
 */

/** Checkboxes: native inputs (both eras, MUI, Ant Design) and ARIA checkboxes (Radix, Headless UI). */
const CHECKBOX_SELECTOR = 'input[type="checkbox"], [role="checkbox"]';

export function norm(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

/** The text of the elements an `aria-labelledby` names, or '' when it names none. */
export function labelledByText(el: Element): string {
  return labelledBySegments(el).join(' ');
}

export function labelledBySegments(el: Element): string[] {
  const ids = el.getAttribute('aria-labelledby');
  if (!ids) return [];
  const out: string[] = [];
  for (const id of ids.split(/\s+/)) {
    const target = id && el.ownerDocument.getElementById(id);
    if (target) out.push(...textSegments(target));
  }
  return out;
}

export function checkboxesIn(root: ParentNode): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(CHECKBOX_SELECTOR)];
}

/**
 * The text of `el` as separate pieces, one per text node, skipping what is not shown as text (icons,
 * `aria-hidden` parts, form controls). A label built of several elements with no white space between
 * them (MUI's FormControlLabel with a title and a caption: `<span>Inputs:Add</span><span>Add Inputs
 * to an App</span>`) has the textContent "Inputs:AddAdd Inputs to an App"; its pieces are the title
 * and the caption, as a person reads them.
 */
export function textSegments(el: Node): string[] {
  const out: string[] = [];
  const walk = (n: Node): void => {
    for (let c = n.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 3) {
        const t = norm(c.nodeValue);
        if (t) out.push(t);
      } else if (c.nodeType === 1) {
        const e = c as Element;
        const tag = e.localName;
        if (tag === 'svg' || tag === 'style' || tag === 'script' || tag === 'input' || tag === 'select' || tag === 'textarea') continue;
        if (e.getAttribute('aria-hidden') === 'true' || e.hasAttribute('hidden')) continue;
        walk(e);
      }
    }
  };
  walk(el);
  return out;
}

/**
 * The pieces of text that name a checkbox, in the order the accessible name is computed:
 * aria-labelledby, aria-label, a `<label for>` (also for Radix's button checkboxes), the wrapping
 * `<label>`, the box's own text (an ARIA checkbox with text inside), and last the row it sits alone
 * in (a box and a span side by side, without any label element).
 */
export function labelSegments(box: HTMLElement, forLabels?: ReadonlyMap<string, Element>): string[] {
  const byIds = labelledBySegments(box);
  if (byIds.length) return byIds;
  const aria = norm(box.getAttribute('aria-label'));
  if (aria) return [aria];
  // Not `box.labels`: Chromium keeps every such live list registered and updates them all on each
  // DOM change, so reading a list that is re-rendered after every click slowed the page down.
  if (box.id) {
    const forLabel = forLabels ? forLabels.get(box.id) : box.ownerDocument.querySelector(`label[for="${CSS.escape(box.id)}"]`);
    if (forLabel) {
      const s = textSegments(forLabel);
      if (s.length) return s;
    }
  }
  const wrapping = box.closest('label');
  if (wrapping) {
    const s = textSegments(wrapping);
    if (s.length) return s;
  }
  const own = textSegments(box);
  if (own.length) return own;
  // The smallest ancestor (a few levels up) that holds this box and no other.
  let row = box.parentElement;
  for (let i = 0; row && i < 3; i++, row = row.parentElement) {
    if (row.querySelectorAll(CHECKBOX_SELECTOR).length > 1) break;
    const s = textSegments(row);
    if (s.length) return s;
  }
  return [];
}

/** The text that names a checkbox, pieces joined with a space. */
export function checkboxLabel(box: HTMLElement): string {
  return labelSegments(box).join(' ');
}
