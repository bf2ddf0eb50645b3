/**
 * A change of keys that outlives its worker or its token: a task a dead worker left with rows
 * `sending` goes on and looks each of those up before anything is sent again; two resumes at once
 * (the start-up one and the keep-alive alarm's, a Resume click) run it once; a lock stops it with
 * nothing sent after, resumable; "Forget token" stops it and forgets it.
 */
import { describe, expect, it, vi } from 'vitest';
import browser from '../../fakes/browser.ts';
import * as keyChanges from '../../../src/privileged/key-changes.ts';
import { handlers } from '../../../src/privileged/operations.ts';
import * as storage from '../../../src/privileged/storage/access.ts';
import { KEY_CHANGE } from '../../../src/privileged/storage/items.ts';
import type { KeyChangeRecord } from '../../../src/privileged/storage/schemas.ts';
import type { KeyChangeRowStatus } from '../../../src/pure/protocol/key-changes.ts';
import type { KeyRec } from '../../../sandbox/state.ts';
import { holding } from '../support/inventory-world.ts';
import { events, keysRead, page, rowOf, rpcs, useKeyChangeWorld } from '../support/key-change-world.ts';

const world = useKeyChangeWorld();

/** What a dead worker left: a task still marked running, its rows as given. */
function leftRunning(kind: 'delete' | 'scopes', rows: [KeyRec, KeyChangeRowStatus][], scopes?: string[]): Promise<void> {
  const rec: KeyChangeRecord = {
    id: crypto.randomUUID(),
    kind,
    status: 'running',
    startedAt: new Date().toISOString(),
    scopes,
    rows: rows.map(([k, status]) => ({ keyId: k.id, owner: k.ownerId, appId: k.apps[0]!.id, description: k.description, status })),
  };
  return storage.write(KEY_CHANGE, rec);
}

const order = (ws: ReturnType<typeof world>, id: string) => ws.sb.requests((e) => e.path.endsWith(`/keys/${id}`) || e.rpc === 'PatchKeys').map((e) => e.rpc);

describe('a change the worker’s death stopped', () => {
  it('goes on, looking up each row left sending before sending anything for it', async () => {
    const ws = world();
    const { org, own } = await keysRead(ws);
    ws.sb.keys.delete(org[0]!.id); // done before the worker died
    ws.sb.keys.delete(org[1]!.id); // sent, and it landed, but the worker died before it heard
    await leftRunning('delete', [
      [org[0]!, 'done'],
      [org[1]!, 'sending'],
      [org[2]!, 'sending'], // sent, but it never arrived
      [own[0]!, 'pending'],
    ]);
    await keyChanges.resumeLeft();
    await keyChanges.settled();

    const view = (await handlers.getKeyChange({ op: 'getKeyChange' }, page))!;
    expect(view).toMatchObject({ status: 'done', done: 4, failed: 0 });
    expect(order(ws, org[1]!.id)).toEqual(['GetKey']); // it was gone: nothing sent again
    expect(order(ws, org[2]!.id)).toEqual(['GetKey', 'DeleteKey']); // looked up first, then sent
    expect(order(ws, own[0]!.id)).toEqual(['DeleteKey']);
    expect(rpcs(ws, 'DeleteKey')).toHaveLength(2);
    expect(rowOf(view, org[1]!.id)!.note).toBeUndefined();
  });

  it('stopped before it goes on, says that a row left sending may have landed, and sends nothing', async () => {
    const ws = world();
    const { org } = await keysRead(ws);
    await leftRunning('delete', [
      [org[0]!, 'sending'],
      [org[1]!, 'pending'],
    ]);
    const from = ws.starts.length;
    const view = (await handlers.cancelKeyChange({ op: 'cancelKeyChange' }, page))!;
    expect(view.status).toBe('cancelled');
    expect(rowOf(view, org[0]!.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/could not tell whether this change landed/) });
    expect(rowOf(view, org[1]!.id)!.status).toBe('cancelled');
    expect(ws.starts.slice(from)).toEqual([]);
  });

  it('does not patch again a key that already has the scopes it was being given', async () => {
    const ws = world();
    const { own } = await keysRead(ws);
    const target = ['Predict', 'Models:Get'];
    ws.sb.keys.get(own[0]!.id)!.scopes = [...target]; // the patch landed before the worker died
    await leftRunning(
      'scopes',
      [
        [own[0]!, 'sending'],
        [own[1]!, 'sending'],
      ],
      target,
    );
    await keyChanges.resumeLeft();
    await keyChanges.settled();

    expect(await handlers.getKeyChange({ op: 'getKeyChange' }, page)).toMatchObject({ status: 'done', done: 2 });
    expect(events(ws, 'patched', own[0]!.id)).toBe(0);
    expect(events(ws, 'patched', own[1]!.id)).toBe(1);
    expect(ws.sb.keys.get(own[1]!.id)!.scopes).toEqual(target);
  });

  it('runs once when the start-up resume, the alarm’s and a Resume click come together', async () => {
    const ws = world();
    const { org, own } = await keysRead(ws);
    const keys = [...org, ...own];
    await leftRunning(
      'delete',
      keys.map((k) => [k, 'pending']),
    );
    await Promise.all([keyChanges.resumeLeft(), keyChanges.resumeLeft(), handlers.resumeKeyChange({ op: 'resumeKeyChange' }, page)]);
    await keyChanges.settled();

    expect(await handlers.getKeyChange({ op: 'getKeyChange' }, page)).toMatchObject({ status: 'done', done: keys.length, failed: 0 });
    expect(rpcs(ws, 'DeleteKey')).toHaveLength(keys.length);
    for (const k of keys) expect(events(ws, 'deleted', k.id)).toBe(1);
  });
});

describe('a change whose token goes', () => {
  /** A delete of the three organization keys, its second request held on its way. */
  async function startHeld(ws: ReturnType<typeof world>, org: KeyRec[]) {
    const gate = holding(ws, (p) => p === `/v2/users/tiny-org/keys/${org[1]!.id}`);
    await handlers.startKeyChange({ op: 'startKeyChange', kind: 'delete', keyIds: org.map((k) => k.id) }, page);
    await vi.waitFor(() => expect(gate.held()).toBe(1), { timeout: 5000, interval: 5 });
    return gate;
  }

  it('stops at a lock with nothing sent after it, and goes on when resumed', async () => {
    const ws = world();
    const { org } = await keysRead(ws);
    const gate = await startHeld(ws, org);
    const lockedAt = Date.now();
    await handlers.lock({ op: 'lock' }, page);
    gate.release(); // the request already on its way is answered, and said
    await keyChanges.settled();

    const stopped = (await handlers.getKeyChange({ op: 'getKeyChange' }, page))!;
    expect(stopped).toMatchObject({ status: 'stopped', done: 2, message: expect.stringMatching(/^Keysmith was locked/) });
    expect(rowOf(stopped, org[2]!.id)!.status).toBe('pending');
    expect(ws.starts.filter((s) => s.at > lockedAt)).toEqual([]);
    expect(ws.sb.keys.has(org[2]!.id)).toBe(true);

    await handlers.resumeKeyChange({ op: 'resumeKeyChange' }, page);
    await keyChanges.settled();
    expect(await handlers.getKeyChange({ op: 'getKeyChange' }, page)).toMatchObject({ status: 'done', done: 3 });
    expect(ws.sb.keys.has(org[2]!.id)).toBe(false);
    expect(rpcs(ws, 'DeleteKey')).toHaveLength(3);
  });

  it('a stopped change is not replaced unseen by a new one (its rows may have landed); dismissed, it is', async () => {
    const ws = world();
    const { org, own } = await keysRead(ws);
    const gate = await startHeld(ws, org);
    await handlers.lock({ op: 'lock' }, page);
    gate.release();
    await keyChanges.settled();
    expect((await handlers.getKeyChange({ op: 'getKeyChange' }, page))?.status).toBe('stopped');
    await expect(handlers.startKeyChange({ op: 'startKeyChange', kind: 'delete', keyIds: [own[0]!.id] }, page)).rejects.toThrow(keyChanges.stoppedFirst());
    expect(ws.sb.keys.has(own[0]!.id)).toBe(true);
    await handlers.dismissKeyChange({ op: 'dismissKeyChange' }, page);
    await handlers.startKeyChange({ op: 'startKeyChange', kind: 'delete', keyIds: [own[0]!.id] }, page);
    await keyChanges.settled();
    expect(ws.sb.keys.has(own[0]!.id)).toBe(false);
  });

  it('stops at "Forget token" with nothing sent after it, and its record goes with the token', async () => {
    const ws = world();
    const { org } = await keysRead(ws);
    const gate = await startHeld(ws, org);
    const forgetAt = Date.now();
    const forgetting = handlers.forgetPat({ op: 'forgetPat' }, page);
    await vi.waitFor(() => expect(browser.storage.session._dump().vault).toBeUndefined(), { timeout: 2000, interval: 5 });
    gate.release();
    await forgetting;

    expect(await handlers.getKeyChange({ op: 'getKeyChange' }, page)).toBeNull();
    expect(browser.storage.session._dump().keyChange).toBeUndefined();
    expect(ws.starts.filter((s) => s.at > forgetAt)).toEqual([]);
    expect(ws.sb.keys.has(org[2]!.id)).toBe(true);
    expect(rpcs(ws, 'DeleteKey')).toHaveLength(2);
  });
});
