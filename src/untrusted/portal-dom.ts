/**
 * Everything Keysmith knows about the Clarifai portal's DOM, in one module.
 *
 * Nothing public describes today's markup, and the portal is a React app whose class names change
 * with every build and whose component library may change with a redesign, so nothing here uses
 * class names. Dialogs are found by role and heading text; scope checkboxes by what they say: the
 * scope string at the start of their label as it is rendered (title and caption may be separate
 * elements with no space between them), a scope string in the box's own attributes, or a known human
 * wording ("Read Inputs"). Group boxes, "Select all" controls and boxes that name no known scope are
 * never clicked. Old and new variants stand side by side, each with a comment saying where it is
 * seen. Background: docs/portal.md.
 */

import { redactSecrets } from '../pure/redact-text.ts';

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

/** Checkboxes: native inputs (both eras, MUI, Ant Design) and ARIA checkboxes (Radix, Headless UI). */
const CHECKBOX_SELECTOR = 'input[type="checkbox"], [role="checkbox"]';

export function norm(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

/** The text of the elements an `aria-labelledby` names, or '' when it names none. */
function labelledByText(el: Element): string {
  return labelledBySegments(el).join(' ');
}

function labelledBySegments(el: Element): string[] {
  const ids = el.getAttribute('aria-labelledby');
  if (!ids) return [];
  const out: string[] = [];
  for (const id of ids.split(/\s+/)) {
    const target = id && el.ownerDocument.getElementById(id);
    if (target) out.push(...textSegments(target));
  }
  return out;
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
  // A tab panel is one view of the list: go before the tabs, which stay when the view changes.
  if (list.closest('[role="tabpanel"]')) {
    const tabs = dialog.querySelector('[role="tablist"]');
    if (tabs?.parentElement) return { parent: tabs.parentElement, before: tabs };
  }
  return { parent: list.parentElement!, before: list };
}

// --- reading labels as they are rendered -----------------------------------------------------

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

// --- which scope a box stands for ------------------------------------------------------------

/** Words of a resource name: `FindDuplicateAnnotationsJobs` → `find duplicate annotations jobs`. */
function words(resource: string): string {
  return resource
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase();
}

function singular(phrase: string): string {
  return phrase.replace(/ies$/, 'y').replace(/(?<!s)s$/, '');
}

function pluralOf(phrase: string): string {
  if (/[^aeiou]y$/.test(phrase)) return phrase.replace(/y$/, 'ies');
  if (/(s|x|ch|sh)$/.test(phrase)) return `${phrase}es`;
  return `${phrase}s`;
}

/**
 * Human wordings of scopes, as portals and Clarifai's docs show them without the scope string.
 * Fixed wordings, each with where it is seen:
 * - 2019 ADVANCED view and BASIC rows (Clarifai/old-docs screenshots): `All Scopes`,
 *   `Predict on Public and Custom Models`, `Search across Inputs`, `Get App Details`,
 *   `Create API Keys`, `Train Custom Models`, `Add Inputs to an App`.
 * - Clarifai's docs (scopes explained in prose): `Read Inputs`, `Write Annotations`.
 */
const FIXED_WORDINGS: Readonly<Record<string, readonly string[]>> = {
  All: ['All', 'All Scopes', 'All permissions', 'Full access'],
  Predict: ['Predict on Public and Custom Models', 'Predict with Public and Custom Models', 'Make predictions', 'Predict with models'],
  Search: ['Search across Inputs', 'Search Inputs', 'Search'],
  'Apps:Get': ['Get App Details', 'Read App details'],
  'Apps:Add': ['Create Apps'],
  'Keys:Add': ['Create API Keys'],
  'Keys:Get': ['List API Keys'],
  'Keys:Delete': ['Delete API Keys', 'Revoke API Keys'],
  'Models:Train': ['Train Custom Models', 'Train Models'],
  // Wordings of portals that show human text only, as a product's i18n file holds them (an Ant
  // Design-style form: Keysmith's sandbox shows one, sandbox/portal/shapes/human-labels.ts).
  // Verb-and-resource wordings ("Read Inputs", "Delete Datasets") come from ACTION_VERBS below.
  'Annotations:Delete': ['Remove Annotations from Inputs'],
  'Concepts:Patch': ['Rename Concepts'],
  'Uploads:Add': ['Upload Files'],
  'BulkOperation:Add': ['Run Bulk Operations'],
  'BulkOperation:Delete': ['Cancel Bulk Operations'],
  'SavedSearch:Add': ['Save Searches'],
  'Tasks:Add': ['Create Labeling Tasks'],
  'Tasks:Get': ['View Labeling Tasks'],
  'Tasks:Delete': ['Delete Labeling Tasks'],
  'LabelOrders:Add': ['Order Labels'],
  'LabelOrders:Delete': ['Cancel Label Orders'],
  'FindDuplicateAnnotationsJobs:Add': ['Start Duplicate Annotation Searches'],
  'FindDuplicateAnnotationsJobs:Get': ['View Duplicate Annotation Searches'],
  'FindDuplicateAnnotationsJobs:Delete': ['Cancel Duplicate Annotation Searches'],
  'Models:Add': ['Create Custom Models'],
  'Models:Patch': ['Update Model Details'],
  'Models:Delete': ['Delete Custom Models'],
  'ModelExports:Get': ['Download Model Exports'],
  'ModelExports:Add': ['Export Models'],
  'ModelVersionPublications:Add': ['Publish Model Versions'],
  'ModelVersionPublications:Delete': ['Unpublish Model Versions'],
  'Metrics:Add': ['Evaluate Models'],
  'Metrics:Get': ['View Model Evaluations'],
  'Metrics:Delete': ['Delete Model Evaluations'],
  'WorkflowPublications:Add': ['Publish Workflows'],
  'WorkflowPublications:Delete': ['Unpublish Workflows'],
  'WorkflowMetrics:Get': ['View Workflow Evaluation Results'],
  'WorkflowMetrics:Add': ['Evaluate Workflows'],
  'WorkflowMetrics:Delete': ['Delete Workflow Evaluations'],
  'WorkflowVersionEvaluations:Add': ['Run Workflow Version Evaluations'],
  'InstalledModuleVersions:Add': ['Install Modules'],
  'InstalledModuleVersions:Get': ['View Installed Modules'],
  'InstalledModuleVersions:Delete': ['Uninstall Modules'],
  'Collaborators:Add': ['Invite Collaborators'],
  'PasswordPolicies:Add': ['Set Password Policies'],
  'UserMetrics:Get': ['View Usage Metrics'],
  'Deployments:Add': ['Deploy Models'],
  'RunnerItems:Get': ['Fetch Runner Work Items'],
  'RunnerItems:Add': ['Post Runner Results'],
  'PipelineVersionRunStatusLogs:Get': ['Read Pipeline Run Status Logs'],
  'Artifacts:Get': ['Download Artifacts'],
};

/**
 * Verb wordings per action, after the 2019 ADVANCED view (`Add Inputs to an App`, `Get Inputs in an
 * App`, `Delete Inputs from an App`) and the docs' read/write wording (`Read Inputs`).
 */
const ACTION_VERBS: Readonly<Record<string, readonly string[]>> = {
  Get: ['get', 'read', 'view', 'list', 'see'],
  Add: ['add', 'write', 'create', 'upload'],
  Delete: ['delete', 'remove'],
  Patch: ['patch', 'modify', 'update', 'edit'],
  Train: ['train'],
  Pull: ['pull', 'download'],
};
const SUFFIXES = ['', ' in an app', ' to an app', ' from an app', ' of an app', ' for an app', ' in the app'];
/** Resource words as portals write them where they differ from the name (`Keys` → `API keys`). */
const RESOURCE_WORDS: Readonly<Record<string, readonly string[]>> = { Keys: ['api keys', 'keys'] };

/** A wording as it is compared: lower case, single spaces, no trailing punctuation or "(deprecated)". */
export function normWording(text: string): string {
  return norm(text)
    .toLowerCase()
    .replace(/\s*\((deprecated|legacy)\)$/, '')
    .replace(/[.:;,!]+$/, '')
    .trim();
}

/** The human-wording table for a set of scope names: wording → scope; a wording two scopes share is left out. */
export function humanWordings(names: readonly string[]): Map<string, string> {
  const table = new Map<string, string | null>();
  const put = (wording: string, scope: string): void => {
    const w = normWording(wording);
    const had = table.get(w);
    if (had === undefined) table.set(w, scope);
    else if (had !== scope) table.set(w, null); // ambiguous: never guess
  };
  const known = new Set(names);
  for (const [scope, list] of Object.entries(FIXED_WORDINGS)) if (known.has(scope)) for (const w of list) put(w, scope);
  for (const name of names) {
    const [resource = '', action = ''] = name.split(':');
    const verbs = ACTION_VERBS[action];
    if (!verbs) continue;
    const forms = new Set<string>();
    for (const r of RESOURCE_WORDS[resource] ?? [words(resource)]) {
      forms.add(r);
      forms.add(singular(r));
      forms.add(pluralOf(singular(r)));
    }
    for (const v of verbs) for (const r of forms) for (const s of SUFFIXES) put(`${v} ${r}${s}`, name);
  }
  const out = new Map<string, string>();
  for (const [w, s] of table) if (s) out.set(w, s);
  return out;
}

/** What Keysmith knows of scopes when it reads a portal: the names and their human wordings. */
export interface Vocabulary {
  has(name: string): boolean;
  /** The scope a human wording stands for, or undefined. */
  wording(text: string): string | undefined;
}

export function vocabulary(names: readonly string[]): Vocabulary {
  const set = new Set(names);
  let table: Map<string, string> | null = null;
  return {
    has: (n) => set.has(n),
    wording: (text) => (table ??= humanWordings(names)).get(normWording(text)),
  };
}

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

// --- views and sections ----------------------------------------------------------------------

const TOGGLE_SELECTOR = 'button, a, [role="button"], [role="tab"]';

/**
 * The control that switches to the view listing single scopes:
 * - the 2019 modal: a link-like button `ADVANCED` (`BASIC` goes back);
 * - tabbed forms: a tab `Advanced scopes` / `Advanced` (beside `Basic scopes`), or `Individual scopes`.
 * A tab already selected is no switch. Today's default form has none: it always lists single scopes.
 */
export function advancedToggle(dialog: HTMLElement): HTMLElement | null {
  for (const el of dialog.querySelectorAll<HTMLElement>(TOGGLE_SELECTOR)) {
    if (!/^(advanced|individual)( scopes| view)?$/i.test(norm(el.textContent))) continue;
    if (el.getAttribute('aria-selected') === 'true') continue;
    // A link that goes somewhere, or a disclosure (settings, "Advanced options"), is not the view switch.
    if (el.hasAttribute('href') || el.hasAttribute('aria-expanded')) continue;
    return el;
  }
  return null;
}

/** A collapsed section's toggle and how to find it again after a re-render. */
export interface SectionToggle {
  el: HTMLElement;
  id: string;
}

/**
 * A section toggle's identity across re-renders: what it controls, else its text without numbers
 * (an accordion header `Inputs 2 of 3` changes its count as boxes are ticked).
 */
function toggleKey(el: HTMLElement): string {
  return el.getAttribute('aria-controls') || (el.localName === 'summary' ? 'summary:' : 'text:') + norm(el.textContent).replace(/\d+/g, '#');
}

/** Toggles with their identity: the key, and which of the toggles with that key it is (`Show more` twice). */
function identified(dialog: HTMLElement): { el: HTMLElement; id: string }[] {
  const seen = new Map<string, number>();
  const out: { el: HTMLElement; id: string }[] = [];
  for (const el of dialog.querySelectorAll<HTMLElement>('[aria-expanded], details > summary')) {
    if (el.hasAttribute('aria-haspopup') || el.matches('input, select, [role="combobox"]')) continue;
    const key = toggleKey(el);
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    out.push({ el, id: `${key}@${n}` });
  }
  return out;
}

/**
 * Sections of the scope list by expanded state: accordion headers (`aria-expanded` on a button, as
 * MUI, Chakra and Radix accordions render them) and native `<details>`. Menus and pop-ups
 * (`aria-haspopup`) are not sections.
 */
export function sectionToggles(dialog: HTMLElement, expanded: boolean): SectionToggle[] {
  return identified(dialog).filter((t) => isExpanded(t.el) === expanded);
}

/** Finds a section toggle again by its id (the portal may have replaced the node). */
export function findSection(dialog: HTMLElement, id: string): HTMLElement | null {
  return identified(dialog).find((t) => t.id === id)?.el ?? null;
}

export function isExpanded(el: HTMLElement): boolean {
  return el.localName === 'summary' ? (el.parentElement as HTMLDetailsElement).open : el.getAttribute('aria-expanded') === 'true';
}

/**
 * Ticks a checkbox the way a person does: a real click, which React-style portals listen to (their
 * onChange for checkboxes is driven by the click event; setting `.checked` changes nothing).
 */
export function toggle(box: HTMLElement): void {
  box.click();
}

// --- the outline for a bug report ------------------------------------------------------------

/** Text as it may appear in an outline: no key- or token-like strings, bounded length. */
export function redact(text: string): string {
  const t = redactSecrets(norm(text));
  return t.length > 80 ? `${t.slice(0, 79)}…` : t;
}

const OUTLINE_ROLES = new Set([
  'dialog',
  'alertdialog',
  'heading',
  'button',
  'tab',
  'tablist',
  'tabpanel',
  'checkbox',
  'switch',
  'radio',
  'textbox',
  'combobox',
  'group',
  'region',
  'list',
  'link',
  'menuitem',
  'option',
  'listbox',
  'searchbox',
]);

function roleOf(el: Element): string | null {
  const explicit = el.getAttribute('role');
  if (explicit) return explicit.split(/\s+/)[0]!;
  switch (el.localName) {
    case 'button':
    case 'summary':
      return 'button';
    case 'a':
      return el.hasAttribute('href') ? 'link' : null;
    case 'h1':
    case 'h2':
    case 'h3':
    case 'h4':
    case 'h5':
    case 'h6':
      return 'heading';
    case 'fieldset':
    case 'details':
      return 'group';
    case 'select':
      return 'combobox';
    case 'textarea':
      return 'textbox';
    case 'dialog':
      return 'dialog';
    case 'input': {
      const type = (el as HTMLInputElement).type;
      if (type === 'checkbox') return 'checkbox';
      if (type === 'radio') return 'radio';
      if (type === 'hidden') return null;
      if (type === 'button' || type === 'submit') return 'button';
      return 'textbox';
    }
    default:
      return null;
  }
}

function nameOf(el: HTMLElement, role: string): string {
  if (role === 'checkbox' || role === 'switch' || role === 'radio') return checkboxLabel(el);
  const byIds = labelledByText(el);
  if (byIds) return byIds;
  const aria = norm(el.getAttribute('aria-label'));
  if (aria) return aria;
  if (role === 'textbox' || role === 'combobox' || role === 'searchbox') {
    const id = el.id;
    // Pieces of text only: a label that wraps its field would otherwise bring the field's value along
    // (React renders a textarea's value as its text).
    const forLabel = id ? el.ownerDocument.querySelector(`label[for="${CSS.escape(id)}"]`) : null;
    const label = forLabel ?? el.closest('label');
    return label ? textSegments(label).join(' ') : norm(el.getAttribute('placeholder'));
  }
  if (role === 'group') {
    const legend = el.querySelector(':scope > legend, :scope > summary');
    return norm(legend?.textContent);
  }
  if (role === 'dialog' || role === 'alertdialog') return dialogHeading(el);
  if (role === 'tabpanel' || role === 'list' || role === 'tablist' || role === 'region' || role === 'listbox') return '';
  return textSegments(el).join(' ');
}

const MAX_OUTLINE_LINES = 400;

/**
 * A sanitized outline of a dialog, for a bug report when Keysmith could not attach or apply: roles,
 * headings, button names, checkbox labels with their checked state and what Keysmith reads them as,
 * groups and counts. Never an input's value, never text that looks like a key or a token, never the
 * page's address (only its host).
 */
export function dialogOutline(root: HTMLElement, vocab: Vocabulary, host: string): string {
  const lines: string[] = [];
  let omitted = 0;
  const all = checkboxesIn(root);
  const ticked = all.filter(isChecked).length;
  lines.push(`Keysmith dialog outline (v1), host ${redact(host)}`);
  lines.push(
    `checkboxes: ${all.length} (${ticked} checked), switches: ${root.querySelectorAll('[role="switch"]').length}, collapsed sections: ${sectionToggles(root, false).length}`,
  );
  const visit = (el: Element, depth: number): void => {
    if (el.getAttribute('aria-hidden') === 'true' || el.localName === 'svg' || el.localName === 'script' || el.localName === 'style') return;
    if (el instanceof HTMLElement && el.hasAttribute('data-keysmith')) return; // Keysmith's own panel
    const role = roleOf(el);
    let next = depth;
    if (role && OUTLINE_ROLES.has(role) && el instanceof HTMLElement) {
      if (lines.length >= MAX_OUTLINE_LINES) omitted++;
      else lines.push(`${'  '.repeat(depth)}${outlineLine(el, role, vocab)}`);
      next = depth + 1;
    }
    for (const c of el.children) visit(c, next);
  };
  visit(root, 0);
  if (omitted) lines.push(`… ${omitted} more elements`);
  return lines.join('\n');
}

function outlineLine(el: HTMLElement, role: string, vocab: Vocabulary): string {
  const name = redact(nameOf(el, role));
  const states: string[] = [];
  if (role === 'checkbox' || role === 'switch' || role === 'radio') {
    states.push(isChecked(el) ? 'checked' : 'unchecked');
    if ((el as HTMLInputElement).indeterminate || el.getAttribute('aria-checked') === 'mixed') states.push('mixed');
    if (isDisabled(el)) states.push('disabled');
    if (role === 'checkbox') {
      const r = readBox(el, vocab);
      states.push(r.kind === 'scope' ? `reads as ${r.scope}` : r.kind === 'control' ? 'reads as a group control' : 'names no known scope');
    }
  } else if (role === 'textbox' || role === 'combobox' || role === 'searchbox') {
    states.push('value not copied');
  }
  if (el.hasAttribute('aria-expanded')) states.push(`expanded=${el.getAttribute('aria-expanded')}`);
  if (el.getAttribute('aria-selected') === 'true') states.push('selected');
  if (el.localName === 'input' && role === 'checkbox') states.push('native');
  if (role === 'heading') states.push(`level ${el.getAttribute('aria-level') ?? el.localName.slice(1)}`);
  if (role === 'group' || role === 'tabpanel' || role === 'list' || role === 'region') {
    const boxes = checkboxesIn(el);
    if (boxes.length) states.push(`${boxes.length} checkboxes, ${boxes.filter(isChecked).length} checked`);
  }
  return `${role}${name ? ` "${name}"` : ''}${states.length ? ` [${states.join(', ')}]` : ''}`;
}
