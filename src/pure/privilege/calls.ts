/**
 * Every call of Clarifai's API (service V2 of the protos), as a person looks for one: by what it does
 * ("Predict on a model", "List concepts"), by its RPC name (`PostModelOutputs`) or by its REST method
 * and path. Pure; the table is ../scopes/endpoints.gen.ts, generated from the protos.
 */
import { t, type MessageId } from '../../i18n/i18n.ts';
import { ENDPOINT_ROWS } from '../scopes/endpoints.gen.ts';

export interface ApiCall {
  rpc: string;
  /** Who may make it: `KeyAuth` (an app key or a PAT), `PATAuth` (a PAT only), `SessionTokenAuth`, `NoAuth`. */
  auth: string;
  /** The scopes it depends on (`cl_depending_scopes`). */
  scopes: readonly string[];
  /** Its REST bindings, "METHOD /v2/…" with `{placeholders}`. */
  http: readonly string[];
  /** What it does, in words (the browser's language, looked up when read): "List concepts", "Predict on a model". */
  readonly phrase: string;
  /** The resource it acts on, for grouping: "concepts", "model outputs". */
  resource: string;
}

/** An RPC's verb, and what it does to the resource (its `$1`: the rest of the RPC's name, in words). */
const VERBS = {
  Post: 'lpVerbPost',
  Get: 'lpVerbGet',
  List: 'lpVerbList',
  Patch: 'lpVerbPatch',
  Delete: 'lpVerbDelete',
  Put: 'lpVerbPut',
  Stream: 'lpVerbStream',
  Sync: 'lpVerbSync',
  Cancel: 'lpVerbCancel',
} as const satisfies Record<string, MessageId>;
type Verb = keyof typeof VERBS;

/** Calls people name by what they do rather than by the verb of their RPC. */
const PHRASES = {
  PostModelOutputs: 'lpCallPostModelOutputs',
  PostWorkflowResults: 'lpCallPostWorkflowResults',
  PostSearches: 'lpCallPostSearches',
  PostInputsSearches: 'lpCallPostInputsSearches',
  PostAnnotationsSearches: 'lpCallPostAnnotationsSearches',
  PostModelVersionsTrainingTimeEstimate: 'lpCallPostModelVersionsTrainingTimeEstimate',
  MyScopes: 'lpCallMyScopes',
} as const satisfies Record<string, MessageId>;

const words = (camel: string) =>
  camel
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase();

/**
 * A call as a person looks for it. Its resource is words of the RPC's name (Clarifai's, as the
 * scope names are); its phrase is looked up each time it is read, in the browser's language.
 */
function describe(rpc: string, auth: string, scopes: readonly string[], http: readonly string[]): ApiCall {
  const verb = (Object.keys(VERBS) as Verb[]).find((v) => rpc.startsWith(v) && /[A-Z]/.test(rpc[v.length] ?? ''));
  const resource = words(verb ? rpc.slice(verb.length) : rpc);
  const named = Object.hasOwn(PHRASES, rpc) ? PHRASES[rpc as keyof typeof PHRASES] : undefined;
  return {
    rpc,
    auth,
    scopes,
    http,
    resource,
    get phrase() {
      if (named) return t(named);
      return verb ? t(VERBS[verb], resource) : words(rpc).replace(/^./, (c) => c.toUpperCase());
    },
  };
}

export const API_CALLS: readonly ApiCall[] = ENDPOINT_ROWS.map(([rpc, auth, scopes, http]) => describe(rpc, auth, scopes, http));

const byRpc = new Map(API_CALLS.map((c) => [c.rpc.toLowerCase(), c]));

export function callByRpc(rpc: string): ApiCall | undefined {
  return byRpc.get(rpc.toLowerCase());
}

/** Can an app-specific key make this call at all? (A PAT-only call never can, whatever its scopes.) */
export const appKeyCan = (c: ApiCall) => c.auth === 'KeyAuth';

/** Calls whose words (phrase, RPC name, REST path) contain every word of `query`, the app-key ones first. */
export function searchCalls(query: string, limit = 30): ApiCall[] {
  const q = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!q.length) return [];
  const hit = API_CALLS.filter((c) => {
    const hay = `${c.phrase} ${c.rpc} ${c.http.join(' ')}`.toLowerCase();
    return q.every((w) => hay.includes(w));
  });
  return [...hit.filter(appKeyCan), ...hit.filter((c) => !appKeyCan(c))].slice(0, limit);
}

/** A REST binding as a matcher of concrete paths: each `{placeholder}` one path segment. */
const matchers = API_CALLS.flatMap((c) =>
  c.http.map((h) => {
    const [method, path] = h.split(' ') as [string, string];
    const pattern = path
      .split(/\{[^}]+\}/)
      .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
      .join('[^/]+');
    return { call: c, method, re: new RegExp(`^${pattern}/?$`), literal: path.replace(/\{[^}]+\}/g, '').length };
  }),
);

/**
 * The call a REST request names: `method` and a path (a full URL, a query string and a trailing
 * slash are fine). When several bindings match, the one with the most literal text wins
 * (`/models/{id}/versions/{v}/outputs` over `/models/{id}/{x}/outputs`).
 */
export function callByRest(method: string, pathOrUrl: string): ApiCall | undefined {
  let path = pathOrUrl.trim();
  const at = path.indexOf('/v2/');
  if (at < 0) return undefined;
  path = path.slice(at).split(/[?#\s"']/)[0]!;
  const m = method.toUpperCase();
  const hits = matchers.filter((x) => x.method === m && x.re.test(path)).sort((a, b) => b.literal - a.literal);
  return hits[0]?.call;
}
