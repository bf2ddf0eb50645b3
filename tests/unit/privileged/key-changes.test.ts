/**
 * Bulk changes to existing keys, against the sandbox: deleting keys and giving them a preset's
 * scopes from the inventory, each key once, under its owner, with what landed said in the inventory;
 * rows refused one by one (not in the inventory, a PAT, a key Clarifai will not change) while the
 * others go on; a dropped answer after Clarifai committed, and throttling.
 */
import { describe, expect, it } from 'vitest';
import * as keyChanges from '../../../src/privileged/key-changes.ts';
import { notFoundToDelete } from '../../../src/privileged/key-change-rows.ts';
import { handlers } from '../../../src/privileged/operations.ts';
import { createRouter } from '../../../src/privileged/router.ts';
import { BUILTIN_PRESETS } from '../../../src/pure/presets/builtins.ts';
import { DEMO_USER_ID } from '../../../sandbox/state.ts';
import { appKey } from '../support/inventory-world.ts';
import { changeToEnd, events, keysRead, OWN_APP, page, rowOf, rpcs, useKeyChangeWorld } from '../support/key-change-world.ts';

const world = useKeyChangeWorld();
const predict = BUILTIN_PRESETS.find((p) => p.id === 'builtin:predict')!;
const ENDPOINT = '/clarifai.api.V2/PostModelOutputs';
const inventoryIds = async () => (await handlers.getInventory({ op: 'getInventory' }, page)).keys.map((k) => k.keyId);

describe('deleting keys', () => {
  it('deletes the chosen keys under their owners, once each, leaves the others, and amends the inventory', async () => {
    const ws = world();
    const { org, own } = await keysRead(ws);
    const chosen = [org[0]!, org[2]!, own[1]!];
    const view = await changeToEnd({ kind: 'delete', keyIds: chosen.map((k) => k.id) });

    expect(view).toMatchObject({ kind: 'delete', status: 'done', done: 3, failed: 0, unchanged: 0, total: 3 });
    expect(view.rows.map((r) => r.status)).toEqual(['done', 'done', 'done']);
    expect(rowOf(view, org[0]!.id)).toMatchObject({ owner: 'tiny-org', appId: 't-1', description: 'key of t-1' });
    for (const k of chosen) expect(ws.sb.keys.has(k.id)).toBe(false);
    for (const k of [org[1]!, own[0]!]) expect(ws.sb.keys.has(k.id)).toBe(true);
    expect(rpcs(ws, 'DeleteKey').map((e) => e.path)).toEqual(chosen.map((k) => `/v2/users/${k.ownerId}/keys/${k.id}`));
    const left = await inventoryIds();
    for (const k of chosen) expect(left).not.toContain(k.id);
    for (const k of [org[1]!, own[0]!]) expect(left).toContain(k.id);
  });

  it('does not count a key Clarifai does not find as deleted, and refuses ids not in the inventory and PATs, row by row', async () => {
    const ws = world();
    const { org, view: inv } = await keysRead(ws);
    const pat = inv.keys.find((k) => k.kind === 'pat')!;
    ws.sb.keys.delete(org[1]!.id); // gone since the inventory was read
    const unknown = 'f'.repeat(32);
    const view = await changeToEnd({ kind: 'delete', keyIds: [org[0]!.id, org[1]!.id, unknown, pat.keyId, org[0]!.id] });

    expect(view).toMatchObject({ status: 'done', total: 4, done: 1, failed: 3 });
    // Gone meanwhile, or asked for under the wrong user: Keysmith cannot tell, so it does not say deleted.
    expect(rowOf(view, org[1]!.id)).toMatchObject({ status: 'failed', error: notFoundToDelete() });
    expect(rowOf(view, unknown)).toMatchObject({ status: 'failed', error: keyChanges.notInInventory(), owner: '', appId: '' });
    expect(rowOf(view, pat.keyId)).toMatchObject({ status: 'failed', error: keyChanges.patReadOnly() });
    expect(rpcs(ws, 'DeleteKey')).toHaveLength(2); // the duplicate id once; nothing for the refused rows
  });

  it('ends done after a dropped answer to a committed delete, having deleted each key once', async () => {
    const ws = world();
    const { org } = await keysRead(ws);
    ws.sb.setFaults({ dropAfterCommitRate: 1 });
    const view = await changeToEnd({ kind: 'delete', keyIds: org.map((k) => k.id) });

    expect(view).toMatchObject({ status: 'done', done: 3, failed: 0 });
    for (const r of view.rows) expect(r.error, 'its own delete, looked up: not "does not exist"').toBeUndefined();
    expect(rpcs(ws, 'DeleteKey').every((e) => e.fault === 'drop')).toBe(true);
    for (const k of org) expect(events(ws, 'deleted', k.id)).toBe(1);
    expect(rpcs(ws, 'DeleteKey')).toHaveLength(3); // looked up (GetKey), never sent again
    expect(rpcs(ws, 'GetKey')).toHaveLength(3);
  });

  it('is slowed by throttling, not failed', async () => {
    const ws = world();
    const { org, own } = await keysRead(ws);
    ws.sb.switches.rateLimitPerSecond = 2;
    const all = [...org, ...own];
    const view = await changeToEnd({ kind: 'delete', keyIds: all.map((k) => k.id) });
    expect(view).toMatchObject({ status: 'done', done: all.length, failed: 0 });
    expect(ws.sb.throttledCount()).toBeGreaterThan(0);
    for (const k of all) expect(events(ws, 'deleted', k.id)).toBe(1);
  });
});

describe('changing scopes', () => {
  it('patches only the keys that differ, to exactly the preset’s scopes, keeping their endpoints', async () => {
    const ws = world();
    ws.sb.switches.rateLimitPerSecond = 0;
    const { org, own } = await keysRead(ws);
    // Before the read: one key already has the preset's scopes, one has an endpoint of its own.
    ws.sb.keys.get(org[1]!.id)!.scopes = [...predict.scopes].reverse();
    ws.sb.keys.get(own[0]!.id)!.endpoints = [ENDPOINT];
    await handlers.readInventory({ op: 'readInventory', refresh: true }, page);
    const { settled } = await import('../../../src/privileged/inventory.ts');
    await settled();

    const chosen = [...org, own[0]!];
    const view = await changeToEnd({ kind: 'scopes', keyIds: chosen.map((k) => k.id), scopes: [...predict.scopes], presetName: predict.name });

    expect(view).toMatchObject({ kind: 'scopes', status: 'done', presetName: 'Predict only', done: 3, unchanged: 1, failed: 0, total: 4 });
    expect(rowOf(view, org[1]!.id)).toMatchObject({ status: 'unchanged', gains: [], loses: [] });
    expect(rowOf(view, org[0]!.id)!.gains).toEqual([...predict.scopes].filter((s) => s !== 'Predict').sort());
    expect(rpcs(ws, 'PatchKeys')).toHaveLength(3);
    expect(events(ws, 'patched', org[1]!.id)).toBe(0);
    for (const k of chosen) expect([...ws.sb.keys.get(k.id)!.scopes].sort()).toEqual([...predict.scopes].sort());
    expect(ws.sb.keys.get(own[0]!.id)!.endpoints).toEqual([ENDPOINT]);
    expect(ws.sb.keys.get(own[1]!.id)!.scopes).toEqual(['Predict']); // not chosen
    const inv = await handlers.getInventory({ op: 'getInventory' }, page);
    const shown = inv.keys.find((k) => k.keyId === org[0]!.id)!;
    expect([...shown.scopes].sort()).toEqual([...predict.scopes].sort());
    expect(inv.keys.find((k) => k.keyId === own[0]!.id)!.endpoints).toEqual([ENDPOINT]);
  });

  it('fails the one key Clarifai refuses, in words, and changes the rest', async () => {
    const ws = world();
    const { org, own } = await keysRead(ws);
    ws.sb.keys.delete(org[0]!.id); // no longer on Clarifai
    ws.sb.switches.orgKeysAllowed = false; // and the organization's keys may not be managed by its members
    const view = await changeToEnd({ kind: 'scopes', keyIds: [org[0]!.id, org[1]!.id, ...own.map((k) => k.id)], scopes: ['Predict', 'Apps:Get'] });

    expect(view).toMatchObject({ status: 'done', done: 2, failed: 2 });
    for (const k of own) expect(rowOf(view, k.id)!.status).toBe('done');
    const refused = rowOf(view, org[1]!.id)!;
    expect(refused.status).toBe('failed');
    expect(refused.error).toMatch(/^The token may not change this key\./);
    expect(refused.error).not.toContain(org[1]!.id);
    expect(rowOf(view, org[0]!.id)!.status).toBe('failed');
    expect(JSON.stringify(view.rows.map((r) => r.error))).not.toMatch(/keys\[0\]|\{"/);
  });

  it('ends done after a dropped answer to a committed patch, having patched each key once', async () => {
    const ws = world();
    const { own } = await keysRead(ws);
    ws.sb.setFaults({ dropAfterCommitRate: 1 });
    const view = await changeToEnd({ kind: 'scopes', keyIds: own.map((k) => k.id), scopes: ['Predict', 'Models:Get'] });
    expect(view).toMatchObject({ status: 'done', done: 2, failed: 0 });
    for (const k of own) expect(events(ws, 'patched', k.id)).toBe(1);
    expect(rpcs(ws, 'PatchKeys')).toHaveLength(2);
  });

  it('refuses scopes Clarifai does not give keys, or none, before anything starts', async () => {
    const ws = world();
    const { own } = await keysRead(ws);
    const ids = own.map((k) => k.id);
    await expect(handlers.startKeyChange({ op: 'startKeyChange', kind: 'scopes', keyIds: ids }, page)).rejects.toThrow(keyChanges.noScopes());
    await expect(handlers.startKeyChange({ op: 'startKeyChange', kind: 'scopes', keyIds: ids, scopes: ['Keys:Frobnicate'] }, page)).rejects.toThrow(
      /no key the scope Keys:Frobnicate/,
    );
    expect(await handlers.getKeyChange({ op: 'getKeyChange' }, page)).toBeNull();
    expect(rpcs(ws, 'PatchKeys')).toHaveLength(0);
  });
});

describe('a change started by another part of the worker', () => {
  it('deletes keys the caller knows, not read into the inventory, and says whose purpose it served', async () => {
    const ws = world();
    const { own } = await keysRead(ws);
    const fresh = [appKey(ws, DEMO_USER_ID, OWN_APP, 'made after the read'), own[0]!];
    const targets = fresh.map((k) => ({ keyId: k.id, owner: k.ownerId, appId: k.apps[0]!.id, description: k.description }));
    await keyChanges.startKeyChangeFor('delete', [...targets, targets[0]!], { rotation: 'job-1' });
    await keyChanges.settled();
    const view = (await handlers.getKeyChange({ op: 'getKeyChange' }, page))!;
    expect(view).toMatchObject({ kind: 'delete', status: 'done', done: 2, total: 2, origin: { rotation: 'job-1' } });
    for (const k of fresh) expect(ws.sb.keys.has(k.id)).toBe(false);
    expect(await inventoryIds()).not.toContain(own[0]!.id);
  });
});

describe('who may ask', () => {
  it('refuses a change asked by the content script before anything runs', async () => {
    const ws = world();
    const { org } = await keysRead(ws);
    const self = { id: 'ext-id', origin: 'chrome-extension://ext-id' };
    const portalTab = { id: 'ext-id', url: 'https://clarifai.com/demo/app/settings', origin: 'https://clarifai.com', tab: { id: 7 }, frameId: 0 };
    const r = await createRouter(handlers, self)({ op: 'startKeyChange', kind: 'delete', keyIds: [org[0]!.id] }, portalTab as never);
    expect(r).toMatchObject({ ok: false, error: { kind: 'refused' } });
    expect(await handlers.getKeyChange({ op: 'getKeyChange' }, page)).toBeNull();
    expect(ws.sb.keys.has(org[0]!.id)).toBe(true);
  });

  it('runs one change at a time', async () => {
    const ws = world();
    const { org } = await keysRead(ws);
    const first = handlers.startKeyChange({ op: 'startKeyChange', kind: 'delete', keyIds: [org[0]!.id] }, page);
    await expect(handlers.startKeyChange({ op: 'startKeyChange', kind: 'delete', keyIds: [org[1]!.id] }, page)).rejects.toThrow(keyChanges.busy());
    await first;
    await keyChanges.settled();
    expect(ws.sb.keys.has(org[1]!.id)).toBe(true);
  });
});
