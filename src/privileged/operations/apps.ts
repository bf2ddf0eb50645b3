/**
 * Listing apps for the pickers (the owner's, the shared ones) and the organizations added to them.
 * Every app listed is remembered, so a bulk job names its apps itself (../app-directory.ts).
 */
import { collectPages, MAX_PER_PAGE } from '../../pure/clarifai/client.ts';
import type { ApiApp } from '../../pure/clarifai/types.ts';
import type { AppSummary } from '../../pure/protocol/apps.ts';
import { clientFor, requirePat } from '../api.ts';
import * as appDirectory from '../app-directory.ts';
import { limited, read } from '../limiter.ts';
import * as settings from '../settings.ts';
import * as vault from '../vault.ts';
import type { Handlers } from './context.ts';

function summary(a: ApiApp, owner: string): AppSummary {
  return {
    id: a.id,
    name: typeof a.name === 'string' ? a.name : a.id,
    description: typeof a.description === 'string' ? a.description : '',
    owner: a.user_id ?? owner,
    createdAt: a.created_at,
    modifiedAt: a.modified_at,
  };
}

export const appOperations = {
  async listAppsPage(req, ctx) {
    const pat = await requirePat(ctx.caller);
    const owner = req.owner ?? (await vault.getProfile())?.userId ?? 'me';
    const client = limited(await clientFor(pat));
    // A throttled, 5xx or dropped answer is tried again: one passing fault must not leave an owner's apps out of the picker.
    const apps = await read(() => client.listApps(owner, { page: req.page, per_page: MAX_PER_PAGE, sort_by: 'id', sort_ascending: true }));
    const listed = apps.filter((a) => a && typeof a.id === 'string').map((a) => summary(a, owner));
    await appDirectory.remember(listed); // a bulk job names its apps from here
    return { apps: listed, last: apps.length < MAX_PER_PAGE };
  },
  async listApps(req, ctx) {
    const pat = await requirePat(ctx.caller);
    const owner = req.owner ?? (await vault.getProfile())?.userId ?? 'me';
    const client = limited(await clientFor(pat));
    const apps = await collectPages((page, perPage) => read(() => client.listApps(owner, { page, per_page: perPage, sort_by: 'id', sort_ascending: true })));
    const listed = apps.filter((a) => a && typeof a.id === 'string').map((a) => summary(a, owner));
    await appDirectory.remember(listed); // a bulk job names its apps from here
    return listed;
  },
  async listSharedApps(_req, ctx) {
    const client = limited(await clientFor(await requirePat(ctx.caller)));
    const collabs = await collectPages((page, per) => read(() => client.listCollaborations('me', page, per)));
    const listed = collabs.filter((c) => c.app && typeof c.app.id === 'string').map((c) => summary(c.app!, c.app_owner?.id ?? c.app!.user_id ?? ''));
    await appDirectory.remember(listed); // a bulk job names its apps from here
    return listed;
  },
  listOrgs: () => settings.getOrgs(),
  setOrgs: ({ ids }) => settings.setOrgs(ids),
} satisfies Partial<Handlers>;
