/**
 * The key inventory when the API or the person does something odd: an error text of any length from
 * one app, the token owner's own keys that cannot be listed, and a token forgotten or replaced after
 * a read (what it could see goes with it).
 */
import { describe, expect, it } from 'vitest';
import browser from '../../fakes/browser.ts';
import { handlers } from '../../../src/privileged/operations.ts';
import { SANDBOX_PAT, SANDBOX_PAT_READONLY } from '../../../sandbox/state.ts';
import { addOrg, appKeysPath, ORG, readToEnd, useInventoryWorld } from '../support/inventory-world.ts';

const page = { caller: 'page' as const };

const world = useInventoryWorld();

describe('the key inventory', () => {
  it('keeps reading when one app answers an error text of any length, and keeps the reason short', async () => {
    const orgKeys = addOrg(world());
    await handlers.setOrgs({ op: 'setOrgs', ids: [ORG] }, page);
    const long = 'Something went wrong. '.repeat(400); // 8,800 characters, as a server may write
    world().stub({
      intercept: (url) =>
        url.pathname === appKeysPath(ORG, 't-2') ? new Response(JSON.stringify({ status: { code: 11006, description: long } }), { status: 400 }) : undefined,
    });
    const view = await readToEnd();
    expect(view.status).toBe('done');
    expect(view.message).toBeUndefined();
    const t2 = view.unreadable.find((u) => u.appId === 't-2')!;
    expect(t2.reason.length).toBeLessThanOrEqual(400);
    expect(view.keys.map((k) => k.keyId)).toEqual(expect.arrayContaining([orgKeys[0]!.id, orgKeys[2]!.id]));
    // And it was kept: what the next worker reads is the same.
    expect(JSON.stringify(browser.storage.session._dump())).toContain(orgKeys[2]!.id);
  });

  it('reads the organizations’ keys when the token owner’s own keys cannot be listed, and says so', async () => {
    const orgKeys = addOrg(world());
    await handlers.setOrgs({ op: 'setOrgs', ids: [ORG] }, page);
    world().stub({
      intercept: (url, init) =>
        url.pathname === '/v2/users/me/keys' && (init.method ?? 'GET') === 'GET' ? new Response('<html>Bad gateway</html>', { status: 502 }) : undefined,
    });
    const view = await readToEnd();
    expect(view.status).toBe('done');
    expect(view.unreadable).toContainEqual({ owner: '', appId: '', reason: expect.stringMatching(/^Keysmith could not list your own keys: /) });
    expect(view.keys.map((k) => k.keyId)).toEqual(expect.arrayContaining(orgKeys.map((k) => k.id)));
  });

  it('forgets what a token could see when the token is forgotten, and when another is set', async () => {
    expect((await readToEnd()).keys.length).toBeGreaterThan(0);
    await handlers.forgetPat({ op: 'forgetPat' }, page);
    expect(await handlers.getInventory({ op: 'getInventory' }, page)).toMatchObject({ status: 'empty', keys: [] });
    await handlers.setPat({ op: 'setPat', pat: SANDBOX_PAT }, page);
    expect((await readToEnd()).keys.length).toBeGreaterThan(0);
    await handlers.setPat({ op: 'setPat', pat: SANDBOX_PAT_READONLY }, page);
    expect(await handlers.getInventory({ op: 'getInventory' }, page)).toMatchObject({ status: 'empty', keys: [] });
    expect(Object.keys(browser.storage.session._dump()).filter((k) => k.includes('inventory'))).toEqual([]);
  });
});
