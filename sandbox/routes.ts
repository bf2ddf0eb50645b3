/**
 * Path routing. The route table is every REST binding of every RPC in the proto; those the sandbox
 * implements have an Endpoint, the others answer 10040 NOT_IMPLEMENTED (so a typo in a path shows up as
 * 11101 "no such route", and a real-but-unsupported call as 10040). Literal segments win over
 * parameters (`/apps/ids` over `/apps/{app_id}`), as in grpc-gateway.
 */
import type { Endpoint } from './endpoints/context.ts';
import { GetApp, ListApps } from './endpoints/apps.ts';
import { ListCollaborations } from './endpoints/collaborations.ts';
import {
  DeleteInputs,
  GetConcept,
  GetInput,
  GetModel,
  ListConcepts,
  ListInputs,
  ListModels,
  PostConcepts,
  PostInputs,
  PostModelOutputs,
} from './endpoints/data.ts';
import { DeleteKey, GetKey, ListAppKeys, ListKeys, PatchKeys, PostKeys } from './endpoints/keys.ts';
import { ListScopes } from './endpoints/scopes.ts';
import { GetUser, MyScopes, MyScopesUser } from './endpoints/users.ts';
import { ALL_RPCS, type Rpc } from './rpcs.ts';

const ENDPOINTS: Readonly<Record<string, Endpoint>> = {
  GetUser,
  MyScopesUser,
  MyScopes,
  ListApps,
  GetApp,
  ListCollaborations,
  PostKeys,
  ListKeys,
  ListAppKeys,
  GetKey,
  PatchKeys,
  DeleteKey,
  ListScopes,
  ListInputs,
  GetInput,
  PostInputs,
  DeleteInputs,
  ListConcepts,
  GetConcept,
  PostConcepts,
  ListModels,
  GetModel,
  PostModelOutputs,
};

type Segment = string | { param: string };

interface Route {
  method: string;
  segments: Segment[];
  literals: number;
  rpc: Rpc;
  endpoint?: Endpoint;
}

function parseBinding(binding: string, rpc: Rpc): Route {
  const [method = '', path = ''] = binding.split(' ');
  const segments = path
    .split('/')
    .filter(Boolean)
    .map((s): Segment => {
      const m = /^\{([^}=]+)\}$/.exec(s);
      // `{user_app_id.user_id}` → `user_id`
      return m?.[1] ? { param: m[1].split('.').at(-1) ?? m[1] } : s;
    });
  const endpoint = ENDPOINTS[rpc.name];
  return { method, segments, literals: segments.filter((s) => typeof s === 'string').length, rpc, ...(endpoint ? { endpoint } : {}) };
}

const ROUTES: readonly Route[] = ALL_RPCS.flatMap((r) => r.bindings.map((b) => parseBinding(b, r)));

export type Match = { kind: 'ok'; rpc: Rpc; endpoint?: Endpoint; params: Record<string, string> } | { kind: 'method'; allowed: string[] } | { kind: 'none' };

function matchPath(route: Route, parts: readonly string[]): Record<string, string> | undefined {
  if (route.segments.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const seg = route.segments[i];
    const part = parts[i] ?? '';
    if (seg === undefined) return undefined;
    if (typeof seg === 'string') {
      if (seg !== part) return undefined;
    } else {
      if (!part) return undefined;
      try {
        params[seg.param] = decodeURIComponent(part);
      } catch {
        return undefined;
      }
    }
  }
  return params;
}

export function matchRoute(method: string, pathname: string): Match {
  // A trailing slash or an empty segment matches nothing, as in grpc-gateway.
  const parts = pathname.split('/').slice(1);
  if (parts.some((p) => p === '')) return { kind: 'none' };
  let best: { route: Route; params: Record<string, string> } | undefined;
  const allowed = new Set<string>();
  for (const route of ROUTES) {
    const params = matchPath(route, parts);
    if (!params) continue;
    allowed.add(route.method);
    if (route.method === method && (!best || route.literals > best.route.literals)) best = { route, params };
  }
  if (best) return { kind: 'ok', rpc: best.route.rpc, params: best.params, ...(best.route.endpoint ? { endpoint: best.route.endpoint } : {}) };
  return allowed.size ? { kind: 'method', allowed: [...allowed] } : { kind: 'none' };
}
