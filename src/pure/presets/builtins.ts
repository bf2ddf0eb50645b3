/**
 * Built-in scope presets, derived from the generated catalogue and the endpoints' scope needs, so
 * they follow Clarifai's protos instead of a hand-typed list that goes stale.
 *
 * Invariants (tests/unit/pure/presets/model.test.ts): every preset is closed under the scope dependencies and
 * holds no deprecated scope. Deprecated scopes are still valid on old keys, but a portal that follows
 * the protos no longer offers them, so a built-in never asks for one (docs/clarifai-scopes.md).
 */
import { closeUnderDependencies, EXPOSED_SCOPES, scope, type Scope } from '../scopes/catalogue.ts';
import { scopesForEndpoints } from '../scopes/endpoints.ts';
import type { Preset } from './model.ts';

/**
 * Scopes a built-in may hold: exposed, not deprecated, and needing no deprecated scope. The last
 * condition matters: in 12.4.5 `WorkflowMetrics:Add` and `:Delete` need the deprecated
 * `WorkflowMetrics:Get`, and `FindDuplicateAnnotationsJobs:Delete` the deprecated `:Add`, so closing a
 * preset that held them would bring a deprecated scope back in.
 */
export const PRESET_SCOPES: readonly Scope[] = EXPOSED_SCOPES.filter(
  (s) => !s.deprecated && closeUnderDependencies([s.name]).every((n) => scope(n)?.deprecated === false),
);

function preset(id: string, name: string, description: string, scopes: readonly string[]): Preset {
  return { id: `builtin:${id}`, name, description, scopes: closeUnderDependencies(scopes), builtIn: true };
}

export const BUILTIN_PRESETS: readonly Preset[] = [
  preset('full', 'Full access', 'The `All` scope: everything, including deleting data. For your own scripts only.', ['All']),
  preset(
    'predict',
    'Predict only',
    'Run models and workflows on inputs you send; read nothing else. For apps and services that only call predict.',
    scopesForEndpoints(['PostModelOutputs', 'PostWorkflowResults']),
  ),
  preset(
    'read',
    'Read only',
    'Every Get scope Clarifai offers: look at everything, change nothing. For dashboards, audits and exports.',
    EXPOSED_SCOPES.filter((s) => s.action === 'Get' && !s.deprecated).map((s) => s.name),
  ),
  preset(
    'upload-predict',
    'Upload and predict',
    'Add inputs (with their annotations and uploads) and predict on them. For ingestion pipelines.',
    scopesForEndpoints(['PostModelOutputs', 'PostWorkflowResults', 'PostInputs', 'PostInputsUploads', 'ListInputs', 'GetInput']),
  ),
  preset(
    'labeling',
    'Labeling',
    'Read inputs and tasks, add and remove annotations, add concepts. For labeling tools and annotators.',
    scopesForEndpoints([
      'ListInputs',
      'GetInput',
      'StreamInputs',
      'ListAnnotations',
      'PostAnnotations',
      'PatchAnnotations',
      'DeleteAnnotation',
      'ListConcepts',
      'PostConcepts',
      'ListTasks',
      'GetTask',
    ]),
  ),
  preset(
    'search',
    'Search',
    'Search inputs by visual similarity, text and annotations, and predict. For search front ends.',
    scopesForEndpoints(['PostSearches', 'PostInputsSearches', 'PostModelOutputs']),
  ),
  preset(
    'no-delete',
    'Everything except delete',
    'Every scope Clarifai offers but `All` and the Delete scopes: build and change anything, remove nothing. For CI and teammates.',
    PRESET_SCOPES.filter((s) => s.name !== 'All' && s.action !== 'Delete').map((s) => s.name),
  ),
];
