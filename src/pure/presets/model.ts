/** Scope presets: what one is, and which preset a selection of scopes equals. Pure. */
import { closeUnderDependencies, isExposed, missingDependencies, sortScopes } from '../scopes/graph.ts';

export interface Preset {
  /** `builtin:<name>` for built-ins, `user:<uuid>` for the user's own. */
  id: string;
  name: string;
  description: string;
  /** Scope wire names, in catalogue order. */
  scopes: readonly string[];
  builtIn: boolean;
}

export function sameScopes(a: Iterable<string>, b: Iterable<string>): boolean {
  const sa = new Set(a);
  const sb = new Set(b);
  return sa.size === sb.size && [...sa].every((s) => sb.has(s));
}

/** The first preset whose scopes are exactly the selection, or undefined ("custom"). */
export function matchPreset<P extends Preset>(selection: Iterable<string>, presets: readonly P[]): P | undefined {
  const sel = [...selection];
  return presets.find((p) => sameScopes(p.scopes, sel));
}

export interface ScopeCheck {
  /** The selection closed under dependencies, in catalogue order. */
  scopes: string[];
  /** Dependencies that were missing and were added. */
  added: string[];
  /** Names that are not exposed scopes at all (unknown, or never offered for keys). */
  unknown: string[];
}

/** Cleans a list of scope names for a preset: known exposed scopes only, closed under dependencies. */
export function checkScopes(names: Iterable<string>): ScopeCheck {
  const list = [...new Set(names)];
  const unknown = list.filter((n) => !isExposed(n));
  const known = list.filter((n) => isExposed(n));
  return { scopes: closeUnderDependencies(known), added: missingDependencies(known), unknown: sortScopes(unknown) };
}
