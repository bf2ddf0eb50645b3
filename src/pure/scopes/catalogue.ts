/**
 * The scope catalogue: pure data from Clarifai's scope.proto (generated into catalogue.gen.ts from the
 * newest protos available; see docs/clarifai-scopes.md) and the few operations everything else needs.
 * No browser APIs.
 *
 * Invariant: only exposed scopes are ever offered; dependencies come from the proto, never from the
 * naming convention (the proto has exceptions such as Models:Patch needing Models:Train).
 */
import { SCOPE_ROWS } from './catalogue.gen.ts';
import { closeUnderDependencies, isExposed, missingDependencies, sortScopes } from './graph.ts';

export interface Scope {
  /** Wire name, e.g. `Inputs:Add`, `All`, `Predict`. */
  readonly name: string;
  readonly number: number;
  readonly exposed: boolean;
  readonly deprecated: boolean;
  /** Direct dependencies as the proto lists them. */
  readonly depends: readonly string[];
  /** Resource part of the name (`Inputs` for `Inputs:Add`; the name itself for `All`). */
  readonly resource: string;
  /** Action part (`Add`), or '' for single-word scopes. */
  readonly action: string;
}

export const ALL_SCOPES: readonly Scope[] = SCOPE_ROWS.map(([name, number, exposed, deprecated, depends]) => {
  const [resource, action = ''] = name.split(':') as [string, string?];
  return { name, number, exposed, deprecated, depends, resource, action };
});

const byName = new Map(ALL_SCOPES.map((s) => [s.name, s]));

/** Scopes Clarifai allows on an app key, in proto order. */
export const EXPOSED_SCOPES: readonly Scope[] = ALL_SCOPES.filter((s) => s.exposed);

export function scope(name: string): Scope | undefined {
  return byName.get(name);
}

// Dependencies and order come from the small form the content script uses too (./graph.ts).
export { closeUnderDependencies, isExposed, missingDependencies, sortScopes };

/**
 * The scopes the extension's own PAT needs for what it does: the rpcs' `cl_depending_scopes` (see
 * docs/clarifai-scopes.md). Typed here so the content script need not bundle the endpoint table; a
 * unit test checks it against that table.
 */
export const PAT_SCOPES_NEEDED = {
  listApps: ['Apps:Get', 'Workflows:Get'],
  listCollaborations: ['Apps:Get', 'Collaborators:Get'],
  createKeys: ['Apps:Get', 'Keys:Add', 'Keys:Get'],
  listKeys: ['Apps:Get', 'Keys:Get'],
  patchKeys: ['Keys:Add', 'Keys:Get'],
  deleteKeys: ['Keys:Add', 'Keys:Delete', 'Keys:Get'],
} as const;

export const PAT_SCOPES_ALL: readonly string[] = sortScopes(Object.values(PAT_SCOPES_NEEDED).flat());
