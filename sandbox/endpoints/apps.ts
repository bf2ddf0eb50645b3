/** ListApps and GetApp. */
import { resolveAppRef, resolveUser, type Principal } from '../auth.ts';
import { bool, f, num, str, type Decoded } from '../decode.ts';
import type { AppRec, Sandbox } from '../state.ts';
import { ApiError, Code } from '../status.ts';
import { appJson, type AppView } from '../wire.ts';
import type { Ctx, Endpoint } from './context.ts';
import { compareBy, paginate, PAGING } from './paging.ts';
import { checkAdditionalFields } from './users.ts';

const VISIBILITY = { UNKNOWN_VISIBILITY: 0, PRIVATE: 10, ORG: 30, PUBLIC: 50 };

/** Owner, fellow organization member, collaborator, or anyone for a public app. */
export function canSee(sb: Sandbox, p: Principal, app: AppRec): boolean {
  return app.userId === p.userId || sb.isMember(p.userId, app.userId) || app.visibility === 50 || sb.collaboration(p.userId, app.userId, app.id) !== undefined;
}

export function appView(sb: Sandbox, p: Principal, q: Decoded): AppView {
  const fields = checkAdditionalFields(q, ['all', 'stars', 'counts']);
  const stars = fields.has('all') || fields.has('stars') || !sb.switches.starsOnlyWithAdditionalFields;
  return { viewerId: p.userId, stars, counts: fields.has('all') || fields.has('counts') };
}

const SORTS = ['sort_by_name', 'sort_by_modified_at', 'sort_by_created_at', 'sort_by_star_count', 'sort_by_id', 'sort_by_relevance'] as const;

/** `gen*`-style wildcard of the deprecated name/id filters; without `*` a substring match. */
function wildcard(pattern: string): (s: string) => boolean {
  const lower = pattern.toLowerCase();
  if (!lower.includes('*')) return (s) => s.toLowerCase().includes(lower);
  const re = new RegExp(
    `^${lower
      .split('*')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return (s) => re.test(s.toLowerCase());
}

function haystack(a: AppRec): string {
  return `${a.id}\n${a.name}\n${a.description}\n${a.notes}`.toLowerCase();
}

export const ListApps: Endpoint = {
  list: 'apps',
  query: {
    ...PAGING,
    additional_fields: f.repeated(f.string),
    sort_ascending: f.bool,
    ...Object.fromEntries(SORTS.map((s) => [s, f.bool])),
    featured_only: f.bool,
    starred_only: f.bool,
    template_only: f.bool,
    'visibility.gettable': f.enum(VISIBILITY),
    search: f.string,
    query: f.string,
    name: f.string,
    id: f.string,
  },
  handle({ sb, p, params, query: q }: Ctx) {
    const view = appView(sb, p, q);
    const { id: uid } = resolveUser(sb, p, params.user_id ?? 'me');

    // sort_by is a oneof: naming two of its members is an error even if one is false.
    const sorts = SORTS.filter((s) => q[s] !== undefined);
    if (sorts.length > 1) throw new ApiError(Code.CONN_BAD_REQUEST_FORMAT, `only one sort_by_* may be given, got ${sorts.join(', ')}`);
    const sortBy = sorts[0] !== undefined && bool(q, sorts[0]) ? sorts[0] : 'sort_by_modified_at';
    const terms = `${str(q, 'search') ?? ''} ${str(q, 'query') ?? ''}`.toLowerCase().split(/\s+/).filter(Boolean);
    if (sortBy === 'sort_by_relevance' && !terms.length) {
      throw new ApiError(Code.CONN_BAD_REQUEST_FORMAT, 'sort_by_relevance needs a search');
    }
    const vis = num(q, 'visibility.gettable');
    const nameFilter = str(q, 'name');
    const idFilter = str(q, 'id');

    let apps = sb.appsOf(uid).filter((a) => canSee(sb, p, a));
    if (bool(q, 'starred_only')) apps = apps.filter((a) => a.starredBy.has(p.userId));
    if (bool(q, 'featured_only')) apps = apps.filter((a) => a.featured);
    if (bool(q, 'template_only')) apps = apps.filter((a) => a.isTemplate);
    if (vis) apps = apps.filter((a) => a.visibility === vis);
    if (terms.length) apps = apps.filter((a) => terms.every((t) => haystack(a).includes(t)));
    if (nameFilter) apps = apps.filter((a) => wildcard(nameFilter)(a.name));
    if (idFilter) apps = apps.filter((a) => wildcard(idFilter)(a.id));

    const asc = bool(q, 'sort_ascending');
    switch (sortBy) {
      case 'sort_by_name':
        apps.sort(compareBy((a) => a.name.toLowerCase(), asc));
        break;
      case 'sort_by_created_at':
        apps.sort(compareBy((a) => a.createdAt, asc));
        break;
      case 'sort_by_star_count':
        apps.sort(compareBy((a) => a.starCount, asc));
        break;
      case 'sort_by_id':
        apps.sort(compareBy((a) => a.id, asc));
        break;
      case 'sort_by_relevance': {
        // A crude relevance: matches in the name count most, then in the id.
        const score = (a: AppRec): number => terms.reduce((n, t) => n + (a.name.toLowerCase().includes(t) ? 2 : 0) + (a.id.includes(t) ? 1 : 0), 0);
        apps.sort(compareBy((a) => score(a) * 1e16 + a.modifiedAt, false));
        break;
      }
      default:
        apps.sort(compareBy((a) => a.modifiedAt, asc));
    }
    return { body: { apps: paginate(sb, q, apps).map((a) => appJson(a, view)) } };
  },
};

export const GetApp: Endpoint = {
  query: { additional_fields: f.repeated(f.string) },
  handle({ sb, p, params, query }: Ctx) {
    const view = appView(sb, p, query);
    const { userId, appId, keyApp } = resolveAppRef(sb, p, params);
    const app = sb.app(userId, appId);
    // An app the caller may not see does not exist for them.
    if (!app || (!keyApp && !canSee(sb, p, app))) throw new ApiError(Code.CONN_DOES_NOT_EXIST, `app "${userId}/${appId}" does not exist`);
    return { body: { app: appJson(app, view) } };
  },
};
