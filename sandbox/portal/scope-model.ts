/**
 * How the fake portal lays out scopes, derived from the real catalogue (src/pure/scopes/catalogue.ts):
 * today's grouped list, and the 2019 modal's BASIC rows and ADVANCED labels.
 *
 * Only exposed scopes are ever shown; deprecated ones come last, in a group of their own. Nothing here
 * is shared with the extension: it must find the checkboxes by their label text.
 */
import { closeUnderDependencies, EXPOSED_SCOPES, isExposed, type Scope } from '../../src/pure/scopes/catalogue.ts';

export interface ScopeGroup {
  /** Resource name shown as the group checkbox's label (`Inputs`). */
  resource: string;
  /** Its non-deprecated scopes, in catalogue order; the group checkbox ticks all of them. */
  scopes: readonly string[];
}

export interface ScopeLayout {
  /** Single-word scopes (`All`, `Predict`, `Search`), first. */
  single: readonly string[];
  groups: readonly ScopeGroup[];
  /** Deprecated (still valid) scopes, last. */
  deprecated: readonly string[];
}

function layout(scopes: readonly Scope[]): ScopeLayout {
  const single: string[] = [];
  const groups = new Map<string, string[]>();
  const deprecated: string[] = [];
  for (const s of scopes) {
    if (s.deprecated) deprecated.push(s.name);
    else if (!s.action) single.push(s.name);
    else {
      let g = groups.get(s.resource);
      if (!g) groups.set(s.resource, (g = []));
      g.push(s.name);
    }
  }
  return { single, groups: [...groups].map(([resource, names]) => ({ resource, scopes: names })), deprecated };
}

export const SCOPE_LAYOUT: ScopeLayout = layout(EXPOSED_SCOPES);

/**
 * Plans differ in what the portal offers. `?plan=community` on a page hides these scopes from its key
 * dialogs, so the tests can check that a preset naming them says so instead of dropping them silently.
 */
export const PLAN_HIDDEN: Readonly<Record<string, readonly string[]>> = {
  community: ['ModelExports:Get', 'ModelExports:Add', 'Models:Pull'],
};

/** The layout for the page's plan (`?plan=`), the full one by default. */
export function currentLayout(search: string = typeof location === 'undefined' ? '' : location.search): ScopeLayout {
  const hidden = PLAN_HIDDEN[new URLSearchParams(search).get('plan') ?? ''];
  return hidden ? layout(EXPOSED_SCOPES.filter((s) => !hidden.includes(s.name))) : SCOPE_LAYOUT;
}

/** `FindDuplicateAnnotationsJobs` → `Find Duplicate Annotations Jobs`. */
export function words(resource: string): string {
  return resource.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');
}

const LABELS: Readonly<Record<string, string>> = {
  All: 'All Scopes',
  Predict: 'Predict on Public and Custom Models',
  Search: 'Search across Inputs',
  'Apps:Add': 'Create Apps',
  'Apps:Get': 'Get App Details',
  'Apps:Delete': 'Delete Apps',
  'Keys:Add': 'Create API Keys',
  'Keys:Get': 'List API Keys',
  'Keys:Delete': 'Delete API Keys',
  'Models:Train': 'Train Custom Models',
};

/** The human label the 2019 ADVANCED view shows next to a scope string (`Add Inputs to an App`). */
export function humanLabel(name: string): string {
  const fixed = LABELS[name];
  if (fixed) return fixed;
  const [resource = name, action = ''] = name.split(':');
  const what = words(resource);
  switch (action) {
    case 'Add':
      return `Add ${what} to an App`;
    case 'Get':
      return `Get ${what} in an App`;
    case 'Delete':
      return `Delete ${what} from an App`;
    case 'Patch':
      return `Modify ${what} (deprecated)`;
    default:
      return `${action} ${what}`;
  }
}

export interface BasicRow {
  /** Bold part of the row's label, with its colon (`Annotation:`), or `All`. */
  title: string;
  /** Rest of the label (`Add and Remove Annotations on Inputs`); '' for `All`. */
  text: string;
  /** The scope strings the row stands for: ticked or cleared together, closed under dependencies. */
  scopes: readonly string[];
}

function row(title: string, text: string, scopes: string[]): BasicRow {
  for (const s of scopes) if (!isExposed(s)) throw new Error(`portal: basic row ${title} has non-exposed scope ${s}`);
  return { title, text, scopes: closeUnderDependencies(scopes) };
}

/** The 2019 modal's BASIC view, `All` first (wording after the Clarifai/old-docs screenshots). */
export const BASIC_ROWS: readonly BasicRow[] = [
  row('All', '', ['All']),
  row('Annotation:', 'Add and Remove Annotations on Inputs', ['Annotations:Add', 'Annotations:Get', 'Annotations:Delete']),
  row('Predict:', 'Predict on Public and Custom Models', ['Predict']),
  row('Search:', 'Search across Inputs', ['Search']),
  row('Inputs:', 'Add, Get and Delete Inputs', ['Inputs:Add', 'Inputs:Get', 'Inputs:Delete']),
  row('Concepts:', 'Add and Get Concepts', ['Concepts:Add', 'Concepts:Get']),
  row('Models:', 'Create, Train, Get and Delete Custom Models', ['Models:Add', 'Models:Get', 'Models:Train', 'Models:Delete']),
  row('Workflows:', 'Create, Get and Delete Workflows', ['Workflows:Add', 'Workflows:Get', 'Workflows:Delete']),
  row('Apps:', 'Get App Details', ['Apps:Get']),
];
