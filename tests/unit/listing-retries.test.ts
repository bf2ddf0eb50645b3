/**
 * The picker's listings ride out a passing fault: a throttled answer (arrival jitter can put a
 * sixteenth request into Clarifai's second), a 5xx or a dropped connection is tried again in the
 * worker's pace, so one such answer never leaves an owner's apps out of the picker; an API that
 * stays down is said within seconds. A refusal is not tried again.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { resetBrowser } from '../fakes/browser.ts';
import { handlers } from '../../src/privileged/operations.ts';

const PAT = '0123456789abcdef0123456789abcdef';
const page = { caller: 'page' as const };
const ok = (b: object) => new Response(JSON.stringify({ status: { code: 10000 }, ...b }), { status: 200 });

/** The API, with `faults` answered (in order) before each listing's real answer. */
function api(faults: (() => Response | Promise<Response>)[]) {
  const listed: string[] = [];
  vi.stubGlobal('fetch', async (input: string) => {
    const url = new URL(input);
    if (url.pathname === '/v2/users/me') return ok({ user: { id: 'demo-user', first_name: 'Dana' } });
    if (url.pathname === '/v2/users/me/myscopes') return ok({ scopes: ['All'] });
    listed.push(url.pathname);
    const fault = faults.shift();
    if (fault) return fault();
    if (url.pathname.endsWith('/apps')) return ok({ apps: [{ id: 'app-1', name: 'One' }] });
    if (url.pathname.endsWith('/collaborations'))
      return ok({ collaborations: [{ app: { id: 'shared-1', name: 'S', user_id: 'other' }, app_owner: { id: 'other' } }] });
    return new Response('{}', { status: 404 });
  });
  return listed;
}

const throttled = () => new Response(JSON.stringify({ status: { code: 11005, description: 'Making too many requests' } }), { status: 429 });
const unavailable = () => new Response('<html>Bad gateway</html>', { status: 502 });
const dropped = () => Promise.reject(new TypeError('Failed to fetch'));

beforeEach(async () => {
  resetBrowser();
  vi.unstubAllGlobals();
  api([]);
  await handlers.setPat({ op: 'setPat', pat: PAT }, page);
});

describe('the picker’s listings', () => {
  it('a page of an organization’s apps comes through a throttled answer and a 5xx, or a dropped connection', async () => {
    let listed = api([throttled, unavailable]);
    const r = await handlers.listAppsPage({ op: 'listAppsPage', page: 1, owner: 'acme-org' }, page);
    expect(r.apps.map((a) => a.id)).toEqual(['app-1']);
    expect(listed).toEqual(Array(3).fill('/v2/users/acme-org/apps'));
    listed = api([dropped]);
    expect((await handlers.listAppsPage({ op: 'listAppsPage', page: 1, owner: 'acme-org' }, page)).apps).toHaveLength(1);
    expect(listed).toHaveLength(2);
  }, 20_000);

  it('an API that stays down is said after three tries, not after a minute of them', async () => {
    const listed = api(Array(10).fill(dropped));
    await expect(handlers.listAppsPage({ op: 'listAppsPage', page: 1, owner: 'acme-org' }, page)).rejects.toMatchObject({ kind: 'network' });
    expect(listed).toHaveLength(3);
  }, 20_000);

  it('all of the user’s apps, and the apps shared with them, come through a throttled answer', async () => {
    api([throttled]);
    expect((await handlers.listApps({ op: 'listApps' }, page)).map((a) => a.id)).toEqual(['app-1']);
    api([throttled]);
    expect((await handlers.listSharedApps({ op: 'listSharedApps' }, page)).map((a) => a.id)).toEqual(['shared-1']);
  }, 20_000);

  it('an answer that cannot be read is not tried again: the picker says so at once', async () => {
    const listed = api([() => new Response('{"status":{"code":10000},"apps":[', { status: 200 })]);
    await expect(handlers.listAppsPage({ op: 'listAppsPage', page: 1, owner: 'acme-org' }, page)).rejects.toThrow();
    expect(listed).toHaveLength(1);
  });

  it('a refusal is not tried again: the picker says so at once', async () => {
    const listed = api([() => new Response(JSON.stringify({ status: { code: 11007, description: 'Insufficient scopes' } }), { status: 403 })]);
    await expect(handlers.listAppsPage({ op: 'listAppsPage', page: 1, owner: 'acme-org' }, page)).rejects.toThrow();
    expect(listed).toHaveLength(1);
  });
});
