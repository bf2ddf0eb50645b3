/**
 * What the sandbox's records look like on the wire, following grpc-gateway's JSON as Clarifai serves it:
 * snake_case names, zero values omitted (except the show-if-empty lists), enums as numbers, timestamps
 * RFC 3339 in UTC with 6 fraction digits and `Z`.
 */
import type { AppRec, CollaborationRec, KeyRec, Micros, Sandbox, UserRec } from './state.ts';

export function formatTimestamp(us: Micros): string {
  const seconds = Math.floor(us / 1_000_000);
  const fraction = String(us - seconds * 1_000_000).padStart(6, '0');
  return `${new Date(seconds * 1000).toISOString().slice(0, 19)}.${fraction}Z`;
}

const RFC3339 = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/** Parses what protojson accepts for a Timestamp (any offset, up to 9 fraction digits); undefined if invalid. */
export function parseTimestamp(s: string): Micros | undefined {
  const m = RFC3339.exec(s);
  if (!m?.[1] || !m[3]) return undefined;
  const ms = Date.parse(`${m[1]}${m[3]}`);
  if (Number.isNaN(ms)) return undefined;
  const micros = Number((m[2] ?? '').padEnd(9, '0').slice(0, 6));
  return ms * 1000 + micros;
}

function isZero(v: unknown): boolean {
  if (v === undefined || v === null || v === '' || v === false || v === 0) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.keys(v).length === 0;
  return false;
}

/** Drops zero-valued fields (protojson's default), keeping the listed ones even when empty. */
export function prune(o: Record<string, unknown>, keep: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (keep.includes(k) || !isZero(v)) out[k] = v;
  return out;
}

export interface AppView {
  /** Who asks: `is_starred` is relative to the requesting user. */
  viewerId: string;
  /** additional_fields contains `stars` or `all`. */
  stars: boolean;
  /** additional_fields contains `counts` or `all`. */
  counts: boolean;
}

export function appJson(app: AppRec, view: AppView): Record<string, unknown> {
  return prune(
    {
      id: app.id,
      name: app.name,
      default_language: 'en',
      default_workflow_id: 'General',
      default_workflow: { id: 'General', app_id: 'main', user_id: 'clarifai' },
      user_id: app.userId,
      created_at: formatTimestamp(app.createdAt),
      description: app.description,
      notes: app.notes,
      visibility: { gettable: app.visibility },
      modified_at: formatTimestamp(app.modifiedAt),
      is_starred: view.stars && app.starredBy.has(view.viewerId),
      star_count: view.stars ? app.starCount : 0,
      // BoolValue: present (even when false) once the owner has decided, here always.
      is_template: app.isTemplate,
      extra_info: view.counts ? { counts: prune(app.counts) } : undefined,
    },
    ['is_template'],
  );
}

export function keyJson(key: KeyRec): Record<string, unknown> {
  return prune({
    id: key.id,
    type: key.type,
    description: key.description,
    scopes: key.scopes,
    apps: key.apps.map((a) => ({ id: a.id, user_id: a.userId })),
    created_at: formatTimestamp(key.createdAt),
    expires_at: key.expiresAt === undefined ? undefined : formatTimestamp(key.expiresAt),
    endpoints: key.endpoints,
  });
}

/** `full` for the user themself (company, created_at); others see the public part only. */
export function userJson(user: UserRec, full: boolean): Record<string, unknown> {
  return prune({
    id: user.id,
    first_name: user.firstName,
    last_name: user.lastName,
    company_name: full ? user.companyName : '',
    created_at: full ? formatTimestamp(user.createdAt) : undefined,
    visibility: { gettable: user.kind === 'org' ? 30 : 10 },
  });
}

export function collaborationJson(sb: Sandbox, c: CollaborationRec, view: AppView): Record<string, unknown> {
  const app = sb.app(c.appOwnerId, c.appId);
  const owner = sb.user(c.appOwnerId);
  return prune({
    app: app ? appJson(app, view) : { id: c.appId, user_id: c.appOwnerId },
    app_owner: owner ? userJson(owner, false) : { id: c.appOwnerId },
    scopes: c.scopes,
    endpoints: c.endpoints,
    created_at: formatTimestamp(c.createdAt),
  });
}
