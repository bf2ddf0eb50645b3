/**
 * Which scope a checkbox stands for, whether it is ticked, and ticking it. Part of the portal
 * module: import it through ./index.ts.
 */
import { checkboxesIn, labelSegments } from './labels.ts';
import type { Vocabulary } from './wordings.ts';

/**
 * The known scope a piece of label text starts with, longest first:
 * - today's form: the label is the scope string itself, `Inputs:Add`;
 * - the 2019 ADVANCED view: the scope string, then a human label, `Inputs:Add Add Inputs to an App`,
 *   and single words the same way, `All All Scopes`;
 * - a title and caption run together (`Inputs:AddAdd Inputs to an App`, `AllAll scopes`): the scope
 *   ends where a capital letter starts the caption.
 * What follows the scope may not be a lower-case letter (`Predictions` is no scope) or a colon (the
 * 2019 BASIC rows `Predict: Predict on …` stand for a group, not one scope).
 */
export function scopeAtStart(text: string, vocab: Pick<Vocabulary, 'has'>): string | null {
  const m = /^([A-Za-z]+)(?::([A-Za-z]+))?/.exec(text);
  if (!m) return null;
  const resource = m[1]!;
  const action = m[2];
  const ok = (name: string): boolean => {
    const next = text.charAt(name.length);
    return vocab.has(name) && (next === '' || !/[a-z:]/.test(next));
  };
  if (action !== undefined)
    for (let n = action.length; n > 0; n--) {
      const name = `${resource}:${action.slice(0, n)}`;
      if (ok(name)) return name;
    }
  for (let n = resource.length; n > 0; n--) {
    const name = resource.slice(0, n);
    if (ok(name)) return name;
  }
  return null;
}

/** Compatibility with a single label string: the scope it names, or null. */
export function scopeOfLabel(label: string, isScope: (name: string) => boolean): string | null {
  const r = readLabel([label], { has: isScope, wording: () => undefined });
  return r.kind === 'scope' ? r.scope : null;
}

/**
 * Controls that act on many boxes: never clicked as if they were a scope.
 * - `Select all`, `Deselect all`, `Clear all` (list headers of component libraries);
 * - `Inputs: all scopes`, `All Inputs scopes` (accordion section headers);
 * - `Inputs:` / `Annotation: Add and Remove …` (the 2019 BASIC rows, a resource word and a colon).
 */
const CONTROL_LABEL = /^(select|deselect|unselect|clear|toggle|check|uncheck) all\b|: all( scopes)?$|^[A-Za-z ]+:(\s|$)/i;

export type BoxReading =
  | { kind: 'scope'; scope: string }
  /** A group box or a select-all control. */
  | { kind: 'control'; label: string }
  /** A box whose label names no scope Keysmith knows. */
  | { kind: 'unknown'; label: string };

/**
 * A label's reading, most specific first: a `Resource:Action` scope string at the start of a piece;
 * a control's wording; a known human wording (the whole label, then each piece); last a single-word
 * scope at the start (`All All Scopes`), so that `Search saved searches` is not read as `Search`
 * where the table knows better.
 */
function readLabel(segments: readonly string[], vocab: Vocabulary): BoxReading {
  const label = segments.join(' ');
  const starts = segments.map((s) => scopeAtStart(s, vocab));
  const pair = starts.find((s) => s?.includes(':'));
  if (pair) return { kind: 'scope', scope: pair };
  if (CONTROL_LABEL.test(label)) return { kind: 'control', label };
  const whole = vocab.wording(label);
  if (whole) return { kind: 'scope', scope: whole };
  for (const s of segments) {
    const w = vocab.wording(s);
    if (w) return { kind: 'scope', scope: w };
  }
  const single = starts.find((s) => s);
  if (single) return { kind: 'scope', scope: single };
  // A box named by a resource alone (`Inputs`, today's group boxes) is a group.
  if (/^[A-Za-z]+$/.test(label)) return { kind: 'control', label };
  return { kind: 'unknown', label };
}

/** Attributes where portals put the scope string itself: `value`, `name`, `data-scope`, any `data-*`. */
function scopeInAttributes(box: HTMLElement, vocab: Vocabulary): string | null {
  // getAttributeNames, not `attributes`: no Attr object is made for each attribute of each box.
  for (const n of box.getAttributeNames()) {
    if (n === 'value' || n === 'name' || n.startsWith('data-')) {
      const v = (box.getAttribute(n) ?? '').trim();
      if (vocab.has(v)) return v;
    }
  }
  return null;
}

/** Label readings by the text they were read from: a re-rendered list gives the same text again. */
const readings = new WeakMap<Vocabulary, Map<string, BoxReading>>();

/** `<label for>` elements of a dialog by the id they name, read once per pass over its boxes. */
function labelsFor(root: ParentNode): Map<string, Element> {
  const out = new Map<string, Element>();
  for (const l of root.querySelectorAll('label[for]')) {
    const id = l.getAttribute('for');
    if (id && !out.has(id)) out.set(id, l);
  }
  return out;
}

/** What one checkbox stands for. */
export function readBox(box: HTMLElement, vocab: Vocabulary, forLabels?: ReadonlyMap<string, Element>): BoxReading {
  const segments = labelSegments(box, forLabels);
  // A control says so in its label, whatever its value attribute holds (a BASIC row with value="Predict").
  const label = segments.join(' ');
  if (CONTROL_LABEL.test(label)) return { kind: 'control', label };
  const fromAttr = scopeInAttributes(box, vocab);
  if (fromAttr) return { kind: 'scope', scope: fromAttr };
  const key = segments.join('\u0000');
  let cache = readings.get(vocab);
  if (!cache) readings.set(vocab, (cache = new Map()));
  let r = cache.get(key);
  if (!r) {
    r = segments.length ? readLabel(segments, vocab) : { kind: 'unknown', label: '' };
    if (cache.size > 5000) cache.clear();
    cache.set(key, r);
  }
  return r;
}

export function isChecked(box: HTMLElement): boolean {
  return box instanceof HTMLInputElement ? box.checked : box.getAttribute('aria-checked') === 'true';
}

export function isDisabled(box: HTMLElement): boolean {
  return (box as HTMLInputElement).disabled === true || box.getAttribute('aria-disabled') === 'true';
}

export interface ScopeBox {
  scope: string;
  box: HTMLElement;
  checked: boolean;
}

export interface DialogReading {
  boxes: ScopeBox[];
  /** Labels of boxes that name no scope Keysmith knows (left alone). */
  unknown: string[];
}

/** Every checkbox of the dialog that stands for one scope, read fresh from the DOM. */
export function readDialog(dialog: HTMLElement, vocab: Vocabulary): DialogReading {
  const boxes: ScopeBox[] = [];
  const unknown: string[] = [];
  const forLabels = labelsFor(dialog);
  for (const box of checkboxesIn(dialog)) {
    // A label outside the dialog (rare) is looked up in the whole document.
    const r = readBox(box, vocab, box.id && !forLabels.has(box.id) ? undefined : forLabels);
    if (r.kind === 'scope') boxes.push({ scope: r.scope, box, checked: isChecked(box) });
    else if (r.kind === 'unknown' && r.label) unknown.push(r.label);
  }
  return { boxes, unknown };
}

export function scopeBoxes(dialog: HTMLElement, vocab: Vocabulary): ScopeBox[] {
  return readDialog(dialog, vocab).boxes;
}

/**
 * Ticks a checkbox the way a person does: a real click, which React-style portals listen to (their
 * onChange for checkboxes is driven by the click event; setting `.checked` changes nothing).
 */
export function toggle(box: HTMLElement): void {
  box.click();
}
