/**
 * PostKeys, ListKeys, ListAppKeys, GetKey, PatchKeys, DeleteKey. Validation is strict: scopes must be
 * exposed scope names, endpoints real RPCs, an app key has exactly one app of the user in the path,
 * server-set fields cannot be sent. Dependencies between scopes are NOT enforced (the real service is
 * not known to; a key missing a dependency is merely useless for that scope).
 */
import { insufficientScopes, resolveUser, type Relation } from '../auth.ts';
import { bool, f, msgs, num, str, strs, type Decoded, type MessageSpec } from '../decode.ts';
import { scope } from '../../src/pure/scopes/catalogue.ts';
import { rpcOfEndpoint } from '../rpcs.ts';
import type { AppRef, KeyRec, KeyType, Sandbox } from '../state.ts';
import { ApiError, Code, type StatusCode } from '../status.ts';
import { keyJson } from '../wire.ts';
import type { Ctx, Endpoint } from './context.ts';
import { compareBy, paginate, PAGING } from './paging.ts';

const APP_REF = f.message({ id: f.string, user_id: f.string });
const KEY = f.message({
  id: f.string,
  type: f.string,
  description: f.string,
  scopes: f.repeated(f.string),
  endpoints: f.repeated(f.string),
  apps: f.repeated(APP_REF),
  created_at: f.timestamp,
  expires_at: f.timestamp,
  authorized_idp_ids: f.repeated(f.string),
  organization_id: f.string,
});
const USER_APP_ID = f.message({ user_id: f.string, app_id: f.string });
const POST_KEYS: MessageSpec = { user_app_id: USER_APP_ID, keys: f.repeated(KEY) };
const PATCH_KEYS: MessageSpec = { user_app_id: USER_APP_ID, keys: f.repeated(KEY), action: f.string };

const SERVER_SET = ['created_at', 'authorized_idp_ids', 'organization_id'];
const KEY_TYPES: readonly KeyType[] = ['app_specific_key', 'personal_access_token'];

function bad(details: string): ApiError {
  return new ApiError(Code.CONN_BAD_REQUEST_FORMAT, details);
}

/** May the caller manage keys under `uid`? Org members: a switch (unknown in reality). */
function requireKeyAccess(sb: Sandbox, uid: string, rel: Relation): void {
  if (rel === 'self') return;
  if (rel === 'member' && sb.switches.orgKeysAllowed) return;
  throw insufficientScopes(sb, rel === 'member' ? `members may not manage the keys of organization "${uid}"` : `no access to the keys of user "${uid}"`);
}

function keysUser(ctx: Ctx): string {
  const { id, rel } = resolveUser(ctx.sb, ctx.p, ctx.params.user_id ?? 'me');
  requireKeyAccess(ctx.sb, id, rel);
  return id;
}

function keyType(k: Decoded, where: string): KeyType {
  const t = str(k, 'type') || 'app_specific_key';
  if (!KEY_TYPES.includes(t as KeyType)) throw bad(`${where}.type: unknown key type "${t}"`);
  return t as KeyType;
}

function checkScopes(k: Decoded, where: string): string[] {
  const names = strs(k, 'scopes');
  names.forEach((n, i) => {
    const s = scope(n);
    if (!s) throw bad(`${where}.scopes[${i}]: unknown scope "${n}"`);
    if (!s.exposed) throw bad(`${where}.scopes[${i}]: scope "${n}" cannot be given to a key`);
  });
  return [...new Set(names)];
}

function checkEndpoints(k: Decoded, where: string, type: KeyType): string[] {
  const names = strs(k, 'endpoints');
  names.forEach((n, i) => {
    const r = rpcOfEndpoint(n);
    if (!r) throw bad(`${where}.endpoints[${i}]: unknown endpoint "${n}" (expected /clarifai.api.V2/<Rpc>)`);
    if (type === 'app_specific_key' && r.auth !== 'KeyAuth') throw bad(`${where}.endpoints[${i}]: "${n}" is not available to app-specific keys`);
  });
  return [...new Set(names)];
}

function checkExpiry(sb: Sandbox, k: Decoded, where: string): number | undefined {
  const t = num(k, 'expires_at');
  if (t !== undefined && t <= sb.now()) throw bad(`${where}.expires_at must be in the future`);
  return t;
}

/** The single app of an app key, resolved (`user_id` defaults to the path's user; `me` works). */
function checkApp(ctx: Ctx, uid: string, rel: Relation, k: Decoded, where: string): AppRef {
  const apps = msgs(k, 'apps');
  if (apps.length !== 1) throw bad(`${where}.apps: an app-specific key needs exactly one app, got ${apps.length}`);
  const ref = apps[0] as Decoded;
  const id = str(ref, 'id');
  if (!id) throw bad(`${where}.apps[0].id is required`);
  const given = str(ref, 'user_id') || uid;
  const userId = given === 'me' ? ctx.p.userId : given;
  if (userId !== uid) {
    const viaCollaboration = ctx.sb.switches.collaboratorKeysAllowed && rel === 'self' && ctx.sb.collaboration(uid, userId, id) && ctx.sb.app(userId, id);
    if (!viaCollaboration) throw bad(`${where}.apps[0].user_id "${userId}" is not the user in the path ("${uid}")`);
  } else if (!ctx.sb.app(uid, id)) {
    throw new ApiError(Code.CONN_DOES_NOT_EXIST, `app "${uid}/${id}" does not exist`);
  }
  return { id, userId };
}

function rejectServerSet(k: Decoded, where: string, fields: readonly string[]): void {
  for (const name of fields) if (k[name] !== undefined) throw bad(`${where}.${name} is set by the server and cannot be sent`);
}

type Draft = Omit<KeyRec, 'id' | 'createdAt'>;

function draftNewKey(ctx: Ctx, uid: string, rel: Relation, k: Decoded, where: string): Draft {
  rejectServerSet(k, where, ['id', ...SERVER_SET]);
  const type = keyType(k, where);
  const scopes = checkScopes(k, where);
  const endpoints = checkEndpoints(k, where, type);
  if (!scopes.length && !endpoints.length) throw bad(`${where}: a key needs at least one scope or endpoint`);
  const expiresAt = checkExpiry(ctx.sb, k, where);
  let apps: AppRef[] = [];
  if (type === 'personal_access_token') {
    if (msgs(k, 'apps').length) throw bad(`${where}.apps: a personal access token belongs to no app`);
    if (rel !== 'self') throw bad(`${where}: personal access tokens can only be created for yourself`);
  } else {
    apps = [checkApp(ctx, uid, rel, k, where)];
  }
  const draft: Draft = { type, ownerId: uid, description: str(k, 'description') ?? '', scopes, endpoints, apps };
  if (expiresAt !== undefined) draft.expiresAt = expiresAt;
  return draft;
}

export const PostKeys: Endpoint = {
  list: 'keys',
  body: POST_KEYS,
  handle(ctx: Ctx) {
    const { sb, body, reqId } = ctx;
    const { id: uid, rel } = resolveUser(sb, ctx.p, ctx.params.user_id ?? 'me');
    requireKeyAccess(sb, uid, rel);
    const items = msgs(body, 'keys');
    if (!items.length) throw bad('keys: at least one key is required');
    const mode = sb.switches.postKeysMulti;
    if (items.length > 1 && mode === 'single') throw bad(`keys: one key per request, got ${items.length}`);
    const most = sb.switches.postKeysMaxBatch;
    if (most > 0 && items.length > most) throw bad(`keys: at most ${most} keys per request, got ${items.length}`);

    const drafts: Draft[] = [];
    const errors: ApiError[] = [];
    items.forEach((k, i) => {
      try {
        drafts.push(draftNewKey(ctx, uid, rel, k, `keys[${i}]`));
      } catch (e) {
        if (!(e instanceof ApiError) || mode !== 'partial') throw e;
        errors.push(e);
      }
    });
    if (!drafts.length && errors[0]) throw errors[0];

    // Ids are drawn only once everything validated, so a refused request does not shift later ids.
    const created = drafts.map((d): KeyRec => ({ ...d, id: sb.newKeyId(), createdAt: sb.now() }));
    for (const key of created) sb.addKey(key, reqId);
    const code: StatusCode = errors.length ? Code.MIXED_STATUS : Code.SUCCESS;
    return { body: { keys: created.map(keyJson) }, code, committed: true };
  },
};

function ownedKey(sb: Sandbox, uid: string, id: string): KeyRec {
  const key = sb.keys.get(id);
  if (!key || key.ownerId !== uid) throw new ApiError(Code.CONN_DOES_NOT_EXIST, `key does not exist`);
  return key;
}

const newestFirst = compareBy<KeyRec>((k) => k.createdAt, false);

export const ListKeys: Endpoint = {
  list: 'keys',
  query: { ...PAGING, not_expired: f.bool, scopes: f.repeated(f.string), endpoints: f.repeated(f.string), type: f.string },
  handle(ctx: Ctx) {
    const { sb, query: q } = ctx;
    const uid = keysUser(ctx);
    const type = str(q, 'type');
    if (type && !KEY_TYPES.includes(type as KeyType)) throw bad(`type: unknown key type "${type}"`);
    const scopes = strs(q, 'scopes');
    const endpoints = strs(q, 'endpoints');
    const keys = [...sb.keys.values()]
      .filter((k) => k.ownerId === uid)
      .filter((k) => !type || k.type === type)
      .filter((k) => !bool(q, 'not_expired') || !sb.isExpired(k))
      .filter((k) => scopes.every((s) => k.scopes.includes(s)))
      .filter((k) => endpoints.every((e) => k.endpoints.includes(e)))
      .sort(newestFirst);
    return { body: { keys: paginate(sb, q, keys).map(keyJson) } };
  },
};

/** The user in ListAppKeys' path: as every key call, or (switch) a collaborator on that app whose collaboration grants Keys:Get. */
function appKeysUser(ctx: Ctx, appId: string): string {
  const { id, rel } = resolveUser(ctx.sb, ctx.p, ctx.params.user_id ?? 'me');
  if (rel === 'other' && ctx.sb.switches.collaboratorAppKeysListed) {
    const c = ctx.sb.collaboration(ctx.p.userId, id, appId);
    if (c && (c.scopes.includes('All') || c.scopes.includes('Keys:Get'))) return id;
  }
  requireKeyAccess(ctx.sb, id, rel);
  return id;
}

export const ListAppKeys: Endpoint = {
  list: 'keys',
  query: PAGING,
  handle(ctx: Ctx) {
    const { sb, query: q } = ctx;
    const appId = ctx.params.app_id ?? '';
    const uid = appKeysUser(ctx, appId);
    if (!sb.app(uid, appId)) throw new ApiError(Code.CONN_DOES_NOT_EXIST, `app "${uid}/${appId}" does not exist`);
    const keys = [...sb.keys.values()].filter((k) => k.ownerId === uid && k.apps[0]?.id === appId && k.apps[0].userId === uid).sort(newestFirst);
    return { body: { keys: paginate(sb, q, keys).map(keyJson) } };
  },
};

export const GetKey: Endpoint = {
  handle(ctx: Ctx) {
    const uid = keysUser(ctx);
    return { body: { key: keyJson(ownedKey(ctx.sb, uid, ctx.params.key_id ?? '')) } };
  },
};

function patched(ctx: Ctx, uid: string, k: Decoded, where: string): KeyRec {
  rejectServerSet(k, where, SERVER_SET);
  const id = str(k, 'id');
  if (!id) throw bad(`${where}.id is required`);
  const old = ownedKey(ctx.sb, uid, id);
  if (k.type !== undefined && keyType(k, where) !== old.type) throw bad(`${where}.type cannot be changed`);
  if (k.apps !== undefined) {
    const same =
      old.type === 'personal_access_token'
        ? msgs(k, 'apps').length === 0
        : (() => {
            const ref = checkApp(ctx, uid, 'self', k, where);
            return ref.id === old.apps[0]?.id && ref.userId === old.apps[0]?.userId;
          })();
    if (!same) throw bad(`${where}.apps cannot be changed`);
  }
  // "overwrite": every field present in the request replaces the stored one; absent fields stay.
  const next: KeyRec = { ...old, scopes: [...old.scopes], endpoints: [...old.endpoints], apps: [...old.apps] };
  if (k.description !== undefined) next.description = str(k, 'description') ?? '';
  if (k.scopes !== undefined) next.scopes = checkScopes(k, where);
  if (k.endpoints !== undefined) next.endpoints = checkEndpoints(k, where, old.type);
  if (k.expires_at !== undefined) next.expiresAt = checkExpiry(ctx.sb, k, where);
  if (!next.scopes.length && !next.endpoints.length) throw bad(`${where}: a key needs at least one scope or endpoint`);
  return next;
}

export const PatchKeys: Endpoint = {
  list: 'keys',
  body: PATCH_KEYS,
  handle(ctx: Ctx) {
    const { sb, body, reqId } = ctx;
    const uid = keysUser(ctx);
    const action = str(body, 'action');
    if (action !== 'overwrite') throw bad(`action must be "overwrite" for keys, got ${JSON.stringify(action ?? '')}`);
    const items = msgs(body, 'keys');
    if (!items.length) throw bad('keys: at least one key is required');
    const ids = items.map((k) => str(k, 'id'));
    if (new Set(ids).size !== ids.length) throw bad('keys: the same key appears twice');
    const next = items.map((k, i) => patched(ctx, uid, k, `keys[${i}]`));
    for (const key of next) sb.replaceKey(key, reqId);
    return { body: { keys: next.map(keyJson) }, committed: true };
  },
};

export const DeleteKey: Endpoint = {
  handle(ctx: Ctx) {
    const uid = keysUser(ctx);
    const key = ownedKey(ctx.sb, uid, ctx.params.key_id ?? '');
    ctx.sb.deleteKey(key.id, ctx.reqId);
    return { body: {}, committed: true };
  },
};
