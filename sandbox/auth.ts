/**
 * Who is calling and what they may do: the Authorization header (`Key <token>`, exactly), the portal's
 * browser session header, the auth type each RPC accepts (from the proto), scope checks and the caller's
 * relation to the user id in the path.
 */
import type http from 'node:http';
import { SESSION_HEADER } from './constants.ts';
import { endpointName, type Rpc } from './rpcs.ts';
import type { KeyRec, Sandbox } from './state.ts';
import { ApiError, Code } from './status.ts';

export interface Principal {
  /** The authenticated user (for an app key: the user or organization owning its app). */
  userId: string;
  kind: 'pat' | 'session' | 'app_key';
  /** The PAT or app key that authenticated; absent for a browser session. */
  key?: KeyRec;
}

const MALFORMED_HEADER = 'Empty or malformed authorization header. Please provide an API key or session token.';

function single(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** Authenticates a request for `rpc`, or throws the status Clarifai would answer. */
export function authenticate(sb: Sandbox, req: http.IncomingMessage, target: Rpc): Principal {
  const session = single(req.headers[SESSION_HEADER]);
  if (session !== undefined) {
    const userId = sb.sessions.get(session);
    if (!userId) throw new ApiError(Code.CONN_KEY_INVALID, 'invalid or expired session token');
    return { userId, kind: 'session' };
  }

  const header = single(req.headers.authorization);
  // Exactly "Key", one space, the token: `key …`, `Bearer …`, `Key:…`, two spaces are all refused.
  const m = header === undefined ? null : /^Key ([^\s]+)$/.exec(header);
  if (!m?.[1]) throw new ApiError(Code.CONN_INVALID_REQUEST, MALFORMED_HEADER);
  const token = m[1];
  if (!/^[0-9a-f]{32}$/.test(token)) throw new ApiError(Code.CONN_KEY_INVALID, 'malformed API key');
  const key = sb.keys.get(token);
  if (!key) throw new ApiError(Code.CONN_KEY_NOT_FOUND, 'invalid key');
  if (sb.isExpired(key)) throw new ApiError(Code.CONN_KEY_INVALID, 'API key has expired');

  const kind = key.type === 'personal_access_token' ? 'pat' : 'app_key';
  if (target.auth === 'SessionTokenAuth' && !(kind === 'pat' && sb.switches.scopesAcceptPat)) {
    throw new ApiError(Code.CONN_KEY_INVALID, `${target.name} accepts only a browser session (X-Clarifai-Session-Token)`);
  }
  if (target.auth === 'PATAuth' && kind === 'app_key') {
    throw new ApiError(Code.CONN_KEY_INVALID, `${target.name} needs a Personal Access Token; an app-specific API key cannot be used`);
  }
  return { userId: key.ownerId, kind, key };
}

/** The scopes `p` lacks for `target` (a browser session has all; `All` covers everything). */
export function missingScopes(p: Principal, target: Rpc): string[] {
  const key = p.key;
  if (!key || key.scopes.includes('All') || key.endpoints.includes(endpointName(target.name))) return [];
  return target.scopes.filter((s) => !key.scopes.includes(s));
}

export function insufficientScopes(sb: Sandbox, details: string): ApiError {
  return new ApiError(Code.CONN_INSUFFICIENT_SCOPES, details, sb.switches.insufficientScopesHttpStatus);
}

export function requireScopes(sb: Sandbox, p: Principal, target: Rpc): void {
  const missing = missingScopes(p, target);
  if (missing.length) throw insufficientScopes(sb, `Missing scopes: ${missing.join(', ')}`);
}

/** How the caller stands to a user id from the path: themself, a member of that organization, or anyone else. */
export type Relation = 'self' | 'member' | 'other';

/**
 * The app a per-app call is about: from the path (`/users/{user_id}/apps/{app_id}/…`, `me` resolved),
 * or, on the short paths without ids, the app of the app key making the call. An app key may only
 * name its own app (11008 otherwise).
 */
export function resolveAppRef(
  sb: Sandbox,
  p: Principal,
  params: Readonly<Record<string, string>>,
): { userId: string; appId: string; keyApp: { userId: string; id: string } | undefined } {
  const keyApp = p.kind === 'app_key' ? p.key?.apps[0] : undefined;
  if (params.user_id === undefined || params.app_id === undefined) {
    if (!keyApp) throw new ApiError(Code.CONN_KEY_INVALID, 'Must provide app external ID in API authorizer');
    return { userId: keyApp.userId, appId: keyApp.id, keyApp };
  }
  const userId = resolveUser(sb, p, params.user_id).id;
  const appId = params.app_id;
  if (keyApp && (keyApp.userId !== userId || keyApp.id !== appId)) {
    throw new ApiError(Code.CONN_KEY_INVALID, `API key is not valid for app "${userId}/${appId}"`);
  }
  return { userId, appId, keyApp };
}

/** Resolves `me` and checks the user exists (11101 otherwise). */
export function resolveUser(sb: Sandbox, p: Principal, uid: string): { id: string; rel: Relation } {
  const id = uid === 'me' ? p.userId : uid;
  if (!sb.user(id)) throw new ApiError(Code.CONN_DOES_NOT_EXIST, `user "${id}" does not exist`);
  if (id === p.userId) return { id, rel: 'self' };
  if (sb.isMember(p.userId, id)) return { id, rel: 'member' };
  return { id, rel: 'other' };
}
