/**
 * What a set of scopes lets an app key do: the API endpoints whose required scopes (from
 * service.proto's `cl_depending_scopes`) it covers. Only endpoints an app key may call count
 * (auth type KeyAuth); PAT-only and session-only endpoints never do.
 */
import { t, tn } from '../../i18n/i18n.ts';
import { ENDPOINT_ROWS } from './endpoints.gen.ts';

export interface Endpoint {
  rpc: string;
  scopes: readonly string[];
  http: readonly string[];
}

/** Endpoints an app key calls and that need at least one scope (MyScopes and the like need none). */
export const KEY_ENDPOINTS: readonly Endpoint[] = ENDPOINT_ROWS.filter(([, auth, scopes]) => auth === 'KeyAuth' && scopes.length > 0).map(
  ([rpc, , scopes, http]) => ({
    rpc,
    scopes,
    http,
  }),
);

const byRpc = new Map(KEY_ENDPOINTS.map((e) => [e.rpc, e]));

/** The scopes an app key needs to call these endpoints (throws on an unknown or non-key endpoint). */
export function scopesForEndpoints(rpcs: readonly string[]): string[] {
  const out = new Set<string>();
  for (const rpc of rpcs) {
    const e = byRpc.get(rpc);
    if (!e) throw new Error(`${rpc} is not an endpoint an app key can call`);
    for (const s of e.scopes) out.add(s);
  }
  return [...out];
}

export function enabledEndpoints(scopes: Iterable<string>): Endpoint[] {
  const have = new Set(scopes);
  if (have.has('All')) return [...KEY_ENDPOINTS];
  return KEY_ENDPOINTS.filter((e) => e.scopes.every((s) => have.has(s)));
}

/** Endpoints people recognise, in the order a summary names them. */
const HEADLINE = [
  'PostModelOutputs',
  'PostWorkflowResults',
  'PostInputs',
  'PostAnnotations',
  'PostSearches',
  'ListInputs',
  'ListModels',
  'ListConcepts',
  'GetApp',
];

/** "enables 87 endpoints, including PostModelOutputs and PostInputs", in the browser's language (a clause: pages show it inside a sentence). */
export function describeEndpoints(scopes: Iterable<string>): { count: number; examples: string[]; text: string } {
  const enabled = enabledEndpoints(scopes);
  const names = new Set(enabled.map((e) => e.rpc));
  const examples = HEADLINE.filter((n) => names.has(n)).slice(0, 2);
  if (!examples.length && enabled[0]) examples.push(enabled[0].rpc);
  const count = enabled.length;
  // Any endpoint enabled gives at least one example (the first, when no headline one is).
  const text =
    count === 0 ? t('scopeEnablesNothing') : tn(examples.length > 1 ? 'scopeEnablesTwo' : 'scopeEnables', count, examples[0] ?? '', examples[1] ?? '');
  return { count, examples, text };
}
