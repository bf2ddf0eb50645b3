/** GetUser, MyScopesUser and MyScopes: who the caller is and what their token may do. */
import { insufficientScopes, resolveAppRef, resolveUser } from '../auth.ts';
import { f, strs, type Decoded } from '../decode.ts';
import { ApiError, Code } from '../status.ts';
import { appJson, prune, userJson } from '../wire.ts';
import type { Ctx, Endpoint } from './context.ts';

/** additional_fields values each call documents; anything else is refused (the real service may ignore it). */
export function checkAdditionalFields(q: Decoded, allowed: readonly string[]): Set<string> {
  const values = strs(q, 'additional_fields');
  for (const v of values) {
    if (!allowed.includes(v)) {
      throw new ApiError(Code.CONN_BAD_REQUEST_FORMAT, `additional_fields: unsupported value "${v}" (supported: ${allowed.join(', ')})`);
    }
  }
  return new Set(values);
}

export const GetUser: Endpoint = {
  query: { additional_fields: f.repeated(f.string) },
  handle({ sb, p, params, query }: Ctx) {
    // The proto says GetUser "hasn't been exposed and only used by portal": a switch can make it fail.
    if (!sb.switches.getUserEnabled) throw new ApiError(Code.CONN_DOES_NOT_EXIST, 'GetUser is not available');
    checkAdditionalFields(query, ['all', 'stars']);
    const { id, rel } = resolveUser(sb, p, params.user_id ?? 'me');
    const user = sb.user(id);
    if (!user) throw new ApiError(Code.CONN_DOES_NOT_EXIST, `user "${id}" does not exist`);
    return { body: { user: userJson(user, rel !== 'other') } };
  },
};

function scopesOf(ctx: Ctx): { scopes: readonly string[]; endpoints: readonly string[] } {
  // A browser session acts with the user's full rights.
  return ctx.p.key ? { scopes: ctx.p.key.scopes, endpoints: ctx.p.key.endpoints } : { scopes: ['All'], endpoints: [] };
}

export const MyScopesUser: Endpoint = {
  handle(ctx: Ctx) {
    const { id, rel } = resolveUser(ctx.sb, ctx.p, ctx.params.user_id ?? 'me');
    if (rel === 'other') throw insufficientScopes(ctx.sb, `no access to user "${id}"`);
    const { scopes, endpoints } = scopesOf(ctx);
    return { body: prune({ scopes, endpoints }) };
  },
};

/** The app-scoped variant: an app key asks what it may do in its app. */
export const MyScopes: Endpoint = {
  handle(ctx: Ctx) {
    const { sb, p, params } = ctx;
    const { userId, appId } = resolveAppRef(sb, p, params);
    const app = sb.app(userId, appId);
    if (!app) throw new ApiError(Code.CONN_DOES_NOT_EXIST, `app "${userId}/${appId}" does not exist`);
    const { scopes, endpoints } = scopesOf(ctx);
    return { body: prune({ scopes, app: appJson(app, { viewerId: p.userId, stars: false, counts: false }), endpoints }) };
  },
};
