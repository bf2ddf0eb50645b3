/**
 * The scopes' names and dependencies, from the generated catalogue's small form (SCOPE_GRAPH), with
 * the operations on them: the content script, which loads on every portal page, imports this and not
 * ./catalogue.ts, whose full rows cost it over a kilobyte gzip. Pure; tests/unit/pure/scopes/graph.test.ts
 * holds it equal to the full rows.
 */
import { SCOPE_GRAPH } from './catalogue.gen.ts';

const rows = SCOPE_GRAPH.split('|').map((row) => {
  const exposed = !row.startsWith('~');
  const [name, deps = ''] = (exposed ? row : row.slice(1)).split('>') as [string, string?];
  return { name, exposed, depends: deps ? deps.split(',') : [] };
});

const dependsOn = new Map(rows.map((r) => [r.name, r.depends]));
const order = new Map(rows.map((r, i) => [r.name, i]));

/** Names of the scopes Clarifai allows on an app key, deprecated ones too, in proto order. */
export const EXPOSED_SCOPE_NAMES: readonly string[] = rows.filter((r) => r.exposed).map((r) => r.name);

const exposed = new Set(EXPOSED_SCOPE_NAMES);

/** Whether Clarifai allows `name` on an app key. */
export function isExposed(name: string): boolean {
  return exposed.has(name);
}

/** Catalogue order (proto order); unknown names last, alphabetically. */
export function sortScopes(names: Iterable<string>): string[] {
  return [...new Set(names)].sort((a, b) => (order.get(a) ?? Number.MAX_SAFE_INTEGER) - (order.get(b) ?? Number.MAX_SAFE_INTEGER) || a.localeCompare(b));
}

/**
 * The set of scopes closed under dependencies (transitively), in catalogue order.
 * Unknown names are kept (so callers can report them) but bring nothing with them.
 */
export function closeUnderDependencies(names: Iterable<string>): string[] {
  const out = new Set<string>();
  const stack = [...names];
  while (stack.length) {
    const n = stack.pop()!;
    if (out.has(n)) continue;
    out.add(n);
    for (const d of dependsOn.get(n) ?? []) stack.push(d);
  }
  return sortScopes(out);
}

/** Dependencies that `names` needs but does not contain. */
export function missingDependencies(names: Iterable<string>): string[] {
  const have = new Set(names);
  return closeUnderDependencies(have).filter((n) => !have.has(n));
}
