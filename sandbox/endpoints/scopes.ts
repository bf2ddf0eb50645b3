/**
 * ListScopes: the scope catalogue with dependencies, as the portal's key form loads it. Browser session
 * only per the proto (a switch lets a PAT in). Scope dependencies come from scope.proto, endpoint
 * dependencies from the scopes each RPC needs (both generated from the protos).
 */
import { insufficientScopes, resolveUser } from '../auth.ts';
import { f, str } from '../decode.ts';
import { EXPOSED_SCOPES } from '../../src/pure/scopes/catalogue.ts';
import { ALL_RPCS, endpointName } from '../rpcs.ts';
import { ApiError, Code } from '../status.ts';
import { prune } from '../wire.ts';
import type { Ctx, Endpoint } from './context.ts';

export const ListScopes: Endpoint = {
  query: { key_type: f.string },
  handle({ sb, p, params, query }: Ctx) {
    const { id, rel } = resolveUser(sb, p, params.user_id ?? 'me');
    if (rel === 'other') throw insufficientScopes(sb, `no access to user "${id}"`);
    const keyType = str(query, 'key_type') || 'app_specific_key';
    if (keyType !== 'app_specific_key' && keyType !== 'personal_access_token') {
      throw new ApiError(Code.CONN_BAD_REQUEST_FORMAT, `key_type must be app_specific_key or personal_access_token, got "${keyType}"`);
    }
    const authTypes = keyType === 'app_specific_key' ? ['KeyAuth'] : ['KeyAuth', 'PATAuth'];
    return {
      body: {
        scope_deps: EXPOSED_SCOPES.map((s) => prune({ scope: s.name, depending_scopes: s.depends })),
        endpoint_deps: ALL_RPCS.filter((r) => authTypes.includes(r.auth)).map((r) => prune({ endpoint: endpointName(r.name), depending_scopes: r.scopes })),
      },
    };
  },
};
