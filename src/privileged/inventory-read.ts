/**
 * How the key inventory (./inventory.ts) reads Clarifai: the token owner's own keys (ListKeys), the
 * apps to read (the organizations added to the picker, the apps shared with the user), then each
 * app's keys (ListAppKeys). Every request takes its turn from the worker's one limiter and is tried
 * again after a passing fault (throttled, 5xx, dropped: ./limiter.ts `read`). One app that cannot be
 * read is noted with the reason in words and the read goes on; a token that is wrong, locked or gone
 * stops the whole read (the caller says why).
 */
import { t } from '../i18n/i18n.ts';
import { collectPages, isValidId, isValidKeyId, MAX_PER_PAGE, type ClarifaiClient } from '../pure/clarifai/client.ts';
import { ClarifaiError } from '../pure/clarifai/errors.ts';
import type { ApiKey } from '../pure/clarifai/types.ts';
import type { InventoryKey } from '../pure/protocol/inventory.ts';
import * as appDirectory from './app-directory.ts';
import { OperationError } from './errors.ts';
import { read } from './limiter.ts';
import * as settings from './settings.ts';
import { INVENTORY_MAX_APPS, INVENTORY_MAX_KEYS, type AppToRead, type InventoryRecord } from './storage/schemas.ts';

/** Apps read at once (the limiter sets the pace; this only keeps its turns used while answers travel). */
export const APPS_AT_ONCE = 4;

/** A token that is gone (forgotten, locked, address changed) or that Clarifai refuses stops the whole read. */
export function stopsRead(e: unknown): boolean {
  return e instanceof OperationError || (e instanceof ClarifaiError && e.kind === 'auth');
}

/** Pages one listing may take: no more than the record can hold, so an API that keeps sending full pages ends. */
const KEY_PAGES = { maxPages: Math.ceil(INVENTORY_MAX_KEYS / MAX_PER_PAGE) + 1 };
const APP_PAGES = { maxPages: Math.ceil(INVENTORY_MAX_APPS / MAX_PER_PAGE) + 1 };

/** Long enough for a sentence; the stored record's own bound (1,000) is never reached, whatever Clarifai wrote. */
const MAX_REASON = 400;
const bounded = (s: string) => (s.length > MAX_REASON ? `${s.slice(0, MAX_REASON - 1)}…` : s);

/** Why one app (or one listing) could not be read, in words: never a schema path (Clarifai's details are not repeated). */
export function reasonFor(e: unknown): string {
  if (e instanceof ClarifaiError) {
    if (e.kind === 'scopes' || e.kind === 'not-found') return bounded(t('wkMayNotRead', e.message));
    return bounded(e.message);
  }
  return t('wkCannotRead');
}

const text = (s: unknown, max: number) => (typeof s === 'string' ? s.slice(0, max) : '');
const texts = (xs: unknown) => (Array.isArray(xs) ? xs.filter((x): x is string => typeof x === 'string').map((x) => x.slice(0, 200)) : []).slice(0, 1000);
const time = (s: unknown) => (typeof s === 'string' && s.length <= 40 ? s : undefined);

/** A key as the inventory keeps it; `app`: the app it was listed under (ListAppKeys). Undefined for what is not a key. */
export function inventoryKey(k: ApiKey, app?: AppToRead): InventoryKey | undefined {
  if (!k || typeof k !== 'object' || !isValidKeyId(k.id)) return undefined;
  const ref = Array.isArray(k.apps) ? k.apps[0] : undefined;
  const pat = k.type === 'personal_access_token' || !ref || typeof ref.id !== 'string';
  return {
    // A token is a PAT's secret and is never shown, not even to Keysmith's pages: only its last four characters.
    keyId: pat ? `pat-${k.id.slice(-4)}` : k.id,
    kind: pat ? 'pat' : 'app',
    owner: pat ? '' : text(app?.owner ?? ref.user_id, 128),
    appId: pat ? '' : text(app?.appId ?? ref.id, 128),
    appName: pat ? undefined : app?.appName,
    description: text(k.description, 1000),
    scopes: texts(k.scopes),
    endpoints: texts(k.endpoints),
    createdAt: time(k.created_at),
    expiresAt: time(k.expires_at),
  };
}

/** What one read works on: its record (changed in place), its client, when to stop, and where to save. */
export interface Reading {
  rec: InventoryRecord;
  client: ClarifaiClient;
  signal: AbortSignal;
  /** Saves the record; `force` saves now, else at most once a second (./inventory.ts). */
  checkpoint(force?: boolean): Promise<void>;
}

/**
 * About how many bytes of storage.session the keys may take. Chrome's session storage holds 10 MB,
 * shared with running bulk jobs, whose created key ids must always find room: the inventory keeps
 * to well under half of it.
 */
export const INVENTORY_MAX_BYTES = 4_000_000;

/** The keys already in the record, and about how many bytes they take. */
interface Tally {
  seen: Set<string>;
  bytes: number;
}

/** Adds keys not seen yet, up to INVENTORY_MAX_KEYS and INVENTORY_MAX_BYTES (then `full`). */
function addKeys(r: Reading, tally: Tally, keys: (InventoryKey | undefined)[]): void {
  for (const k of keys) {
    if (!k || tally.seen.has(k.keyId)) continue;
    const bytes = JSON.stringify(k).length;
    if (r.rec.view.keys.length >= INVENTORY_MAX_KEYS || tally.bytes + bytes > INVENTORY_MAX_BYTES) {
      r.rec.full = true;
      return;
    }
    tally.seen.add(k.keyId);
    tally.bytes += bytes;
    r.rec.view.keys.push(k);
  }
}

/** The token owner's own keys, each app key with the app its `apps[0]` names (the name from the picker's directory, when listed). */
async function readOwn(r: Reading, tally: Tally): Promise<void> {
  let keys: ApiKey[];
  try {
    // Three pages at a time: thousands of own keys take a round trip per 3,000 (./limiter paces them).
    keys = await collectPages((page, per) => read(() => r.client.listKeys('me', page, per, undefined, r.signal)), { ...KEY_PAGES, ahead: 3 });
  } catch (e) {
    // Like any one listing: noted, and the organizations' and shared apps' keys are still read.
    if (stopsRead(e) || r.signal.aborted) throw e;
    // The first note of the read (own keys come first), marked so that listing again keeps it.
    r.rec.view.unreadable.unshift({ owner: '', appId: '', reason: bounded(t('wkOwnKeysUnreadable', reasonFor(e))) });
    r.rec.ownUnreadable = true;
    return;
  }
  const listed = keys.map((k) => inventoryKey(k));
  // Two tokens may end alike: each PAT's stand-in is numbered, so that neither hides the other.
  listed.forEach((k, i) => k?.kind === 'pat' && (k.keyId = `pat-${i}-${k.keyId.slice(4)}`));
  const apps = listed.filter((k): k is InventoryKey => k?.kind === 'app');
  const names = await appDirectory.namesOf(apps);
  apps.forEach((k, i) => (k.appName = names[i]));
  addKeys(r, tally, listed);
}

/** The apps to read: every app of each organization added, then those shared with the user, each once. */
async function listApps(r: Reading): Promise<AppToRead[]> {
  const out = new Map<string, AppToRead>();
  const add = (owner: string | undefined, appId: string | undefined, appName: unknown) => {
    if (!isValidId(owner) || !isValidId(appId)) return;
    if (!out.has(`${owner}/${appId}`))
      out.set(`${owner}/${appId}`, { owner, appId, appName: typeof appName === 'string' && appName ? appName.slice(0, 300) : undefined });
  };
  const unreadable = (owner: string, e: unknown, reason: (why: string) => string) => {
    if (stopsRead(e) || r.signal.aborted) throw e;
    r.rec.view.unreadable.push({ owner, appId: '', reason: bounded(reason(reasonFor(e))) });
  };
  for (const org of await settings.getOrgs()) {
    try {
      const apps = await collectPages(
        (page, per_page) => read(() => r.client.listApps(org, { page, per_page, sort_by: 'id', sort_ascending: true }, r.signal)),
        APP_PAGES,
      );
      for (const a of apps) add(a?.user_id ?? org, a?.id, a?.name);
    } catch (e) {
      unreadable(org, e, (why) => t('wkOrgAppsUnreadable', org, why));
    }
  }
  try {
    const collabs = await collectPages((page, per) => read(() => r.client.listCollaborations('me', page, per, r.signal)), APP_PAGES);
    for (const c of collabs) add(c?.app_owner?.id ?? c?.app?.user_id, c?.app?.id, c?.app?.name);
  } catch (e) {
    unreadable('', e, (why) => t('wkSharedAppsUnreadable', why));
  }
  const all = [...out.values()];
  if (all.length > INVENTORY_MAX_APPS) r.rec.full = true;
  return all.slice(0, INVENTORY_MAX_APPS);
}

/** One app's keys; a failure other than a stopping one puts the app in `unreadable`. Done either way, unless cancelled. */
async function readApp(r: Reading, tally: Tally, app: AppToRead): Promise<void> {
  try {
    const keys = await collectPages((page, per) => read(() => r.client.listAppKeys(app.owner, app.appId, page, per, r.signal)), KEY_PAGES);
    if (r.signal.aborted) return;
    addKeys(
      r,
      tally,
      keys.map((k) => inventoryKey(k, app)),
    );
  } catch (e) {
    if (stopsRead(e) || r.signal.aborted) throw e;
    r.rec.view.unreadable.push({ owner: app.owner, appId: app.appId, reason: reasonFor(e) });
  }
  r.rec.todo = r.rec.todo.filter((a) => a.owner !== app.owner || a.appId !== app.appId);
  r.rec.view.appsRead++;
  await r.checkpoint();
}

/**
 * Saves at the end of a phase without waiting for it: reading goes on while storage writes (saves
 * are chained, so none lands out of order). A worker that dies first reads that phase again, which
 * is harmless; a save that fails (storage full) fails again at the read's end, which says so.
 */
function saveBehind(r: Reading): void {
  r.checkpoint(true).catch(() => {});
}

/** Reads on from where the record's phase says; throws what stops the read. Returns when done or cancelled. */
export async function readOn(r: Reading): Promise<void> {
  const tally: Tally = { seen: new Set(r.rec.view.keys.map((k) => k.keyId)), bytes: JSON.stringify(r.rec.view.keys).length };
  if (r.rec.phase === 'own') {
    await readOwn(r, tally);
    if (r.signal.aborted) return;
    r.rec.phase = 'list';
    saveBehind(r);
  }
  if (r.rec.phase === 'list') {
    // Listed again: a listing's failure from before is not kept twice (the own keys' note, the first, stays).
    r.rec.view.unreadable = r.rec.view.unreadable.filter((u, i) => u.appId !== '' || (i === 0 && r.rec.ownUnreadable === true));
    r.rec.todo = await listApps(r);
    if (r.signal.aborted) return;
    r.rec.view.appsRead = 0;
    r.rec.view.appsTotal = r.rec.todo.length;
    r.rec.phase = 'apps';
    saveBehind(r);
  }
  if (r.rec.phase === 'apps') {
    const queue = [...r.rec.todo];
    const stop = new AbortController();
    const work = async () => {
      // A full record takes no more apps: what it cannot hold is not asked for.
      for (let app = queue.shift(); app && !r.signal.aborted && !stop.signal.aborted && !r.rec.full; app = queue.shift()) await readApp(r, tally, app);
    };
    // The first stopping failure stops the other lanes too (they take no new app); it is thrown once all have ended.
    const lanes = await Promise.allSettled(
      Array.from({ length: APPS_AT_ONCE }, () =>
        work().catch((e: unknown) => {
          stop.abort();
          throw e;
        }),
      ),
    );
    const failed = lanes.find((l): l is PromiseRejectedResult => l.status === 'rejected');
    if (failed) throw failed.reason;
    if (r.signal.aborted) return;
    r.rec.phase = 'done';
  }
}
