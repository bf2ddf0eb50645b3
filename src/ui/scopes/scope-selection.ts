/**
 * The options page's scope editor, without the UI: scopes grouped by resource, and the selection
 * kept as what the user ticked (`chosen`) closed under the proto's dependencies. No browser APIs
 * but the messages (the broad scopes' group name).
 *
 * Invariant: the selection is always `closeUnderDependencies(chosen)`. A scope that some other
 * selected scope needs cannot be unticked on its own; unticking the one that needed it takes away
 * the dependencies that came only with it.
 */
import { closeUnderDependencies, EXPOSED_SCOPES, type Scope } from '../../pure/scopes/catalogue.ts';
import { t } from '../../i18n/i18n.ts';

export interface ScopeGroup {
  /** The resource (`Inputs`), or '' for the single-word scopes. */
  resource: string;
  label: string;
  scopes: readonly Scope[];
}

/** Single-word scopes (All, Predict, Search) first, then one group per resource, in proto order. */
export const SCOPE_GROUPS: readonly ScopeGroup[] = (() => {
  const byResource = new Map<string, Scope[]>();
  for (const s of EXPOSED_SCOPES) {
    if (!s.action) continue;
    const list = byResource.get(s.resource) ?? [];
    list.push(s);
    byResource.set(s.resource, list);
  }
  return [
    { resource: '', label: t('scopeGroupBroad'), scopes: EXPOSED_SCOPES.filter((s) => !s.action) },
    ...[...byResource].map(([resource, scopes]) => ({ resource, label: resource, scopes })),
  ];
})();

/** For each selected scope, the other selected scopes that need it, directly or through another. */
export function neededBy(selected: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const name of selected) {
    for (const d of closeUnderDependencies([name])) {
      if (d === name) continue;
      const list = out.get(d) ?? [];
      list.push(name);
      out.set(d, list);
    }
  }
  return out;
}

/** What the user ticked, after ticking or unticking one scope. */
export function toggleScope(chosen: readonly string[], name: string): string[] {
  const selected = new Set(closeUnderDependencies(chosen));
  if (!selected.has(name)) return [...chosen, name];
  // Needed by another ticked scope: it stays (the checkbox is disabled; this guards the logic).
  if (neededBy([...selected]).has(name)) return [...chosen];
  return chosen.filter((n) => n !== name);
}

/** Ticks every one of `names`, or, when all of them are ticked, unticks those nothing else needs. */
export function toggleGroup(chosen: readonly string[], names: readonly string[]): string[] {
  const selected = new Set(closeUnderDependencies(chosen));
  if (!names.every((n) => selected.has(n))) return [...new Set([...chosen, ...names])];
  const drop = new Set(names);
  return chosen.filter((n) => !drop.has(n));
}
