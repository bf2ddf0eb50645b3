/**
 * Human wordings of scopes (`Read Inputs`, `Create API Keys`), for portals that show no scope
 * string, and the vocabulary a reading is made with. Part of the portal module: import it through
 * ./index.ts.
 */
import { norm } from './labels.ts';

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
