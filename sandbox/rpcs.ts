/**
 * The V2 service as the protos describe it (generated into src/pure/scopes/endpoints.gen.ts): for each
 * RPC its auth type, the scopes a caller needs and its REST bindings. The sandbox takes paths, auth types
 * and required scopes from here rather than typing them again, so it cannot drift from the proto.
 */
import { ENDPOINT_ROWS } from '../src/pure/scopes/endpoints.gen.ts';

export type AuthType = 'PATAuth' | 'KeyAuth' | 'SessionTokenAuth' | 'NoAuth' | string;

export interface Rpc {
  name: string;
  auth: AuthType;
  scopes: readonly string[];
  /** `METHOD /v2/...` with `{user_app_id.user_id}`-style placeholders. */
  bindings: readonly string[];
}

const byName = new Map<string, Rpc>(ENDPOINT_ROWS.map(([name, auth, scopes, bindings]) => [name, { name, auth, scopes, bindings }]));

export const ALL_RPCS: readonly Rpc[] = [...byName.values()];

export function rpc(name: string): Rpc {
  const r = byName.get(name);
  if (!r) throw new Error(`no RPC ${name} in endpoints.gen.ts`);
  return r;
}

/** The endpoint string of an RPC as keys and scope listings carry it. */
export function endpointName(rpcName: string): string {
  return `/clarifai.api.V2/${rpcName}`;
}

/** The RPC named by an endpoint string, if it is one of the service's. */
export function rpcOfEndpoint(endpoint: string): Rpc | undefined {
  const m = /^\/clarifai\.api\.V2\/(\w+)$/.exec(endpoint);
  return m?.[1] ? byName.get(m[1]) : undefined;
}
