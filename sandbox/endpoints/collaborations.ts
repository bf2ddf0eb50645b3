/** ListCollaborations: the apps other users shared with the caller. */
import { insufficientScopes, resolveUser } from '../auth.ts';
import { bool, f } from '../decode.ts';
import { collaborationJson } from '../wire.ts';
import { appView } from './apps.ts';
import type { Ctx, Endpoint } from './context.ts';
import { paginate, PAGING } from './paging.ts';

export const ListCollaborations: Endpoint = {
  list: 'collaborations',
  query: { ...PAGING, template_only: f.bool },
  handle({ sb, p, params, query: q }: Ctx) {
    const { id, rel } = resolveUser(sb, p, params.user_id ?? 'me');
    if (rel === 'other') throw insufficientScopes(sb, `no access to the collaborations of user "${id}"`);
    const view = appView(sb, p, {});
    let list = sb.collaborations.filter((c) => c.userId === id);
    if (bool(q, 'template_only')) list = list.filter((c) => sb.app(c.appOwnerId, c.appId)?.isTemplate === true);
    list.sort((a, b) => b.createdAt - a.createdAt || (a.appId < b.appId ? -1 : 1));
    return { body: { collaborations: paginate(sb, q, list).map((c) => collaborationJson(sb, c, view)) } };
  },
};
