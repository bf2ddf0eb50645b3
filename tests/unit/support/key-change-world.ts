/**
 * What the tests of changes to existing keys (tests/unit/privileged/key-changes*.test.ts) set up:
 * the inventory world (./inventory-world.ts) with keys of the user's own app and of an
 * organization's, read into the worker's inventory; a change run to its end; counts of the
 * requests the sandbox saw by RPC.
 */
import { afterEach } from 'vitest';
import * as keyChanges from '../../../src/privileged/key-changes.ts';
import { handlers } from '../../../src/privileged/operations.ts';
import type { InventoryView } from '../../../src/pure/protocol/inventory.ts';
import type { Request } from '../../../src/pure/protocol/index.ts';
import type { KeyChangeView } from '../../../src/pure/protocol/key-changes.ts';
import type { KeyRec } from '../../../sandbox/state.ts';
import { DEMO_USER_ID } from '../../../sandbox/state.ts';
import { addOrg, appKey, ORG, readToEnd, useInventoryWorld } from './inventory-world.ts';
import { addApp, type WorkerSandbox } from './worker-sandbox.ts';

export const page = { caller: 'page' as const };
export const OWN_APP = 'kc-app';

/** The inventory world, and no change left running or kept after each test. */
export function useKeyChangeWorld(): () => WorkerSandbox {
  const world = useInventoryWorld();
  afterEach(async () => {
    await keyChanges.cancel();
    await keyChanges.settled();
    await keyChanges.forget();
  });
  return world;
}

/** Three organization keys and two of the user's own app, in the sandbox and read into the inventory. */
export async function keysRead(ws: WorkerSandbox): Promise<{ org: KeyRec[]; own: KeyRec[]; view: InventoryView }> {
  const org = addOrg(ws);
  addApp(ws.sb, DEMO_USER_ID, OWN_APP, 'Key change app');
  const own = [appKey(ws, DEMO_USER_ID, OWN_APP, 'own one'), appKey(ws, DEMO_USER_ID, OWN_APP, 'own two')];
  await handlers.setOrgs({ op: 'setOrgs', ids: [ORG] }, page);
  const view = await readToEnd(true);
  return { org, own, view };
}

type Start = Omit<Request<'startKeyChange'>, 'op'>;

/** Starts a change and answers its view once it has ended. */
export async function changeToEnd(req: Start): Promise<KeyChangeView> {
  await handlers.startKeyChange({ op: 'startKeyChange', ...req }, page);
  await keyChanges.settled();
  return (await handlers.getKeyChange({ op: 'getKeyChange' }, page))!;
}

/** The requests of one RPC the sandbox answered (or dropped), in order. */
export const rpcs = (ws: WorkerSandbox, rpc: string) => ws.sb.requests((e) => e.rpc === rpc);
/** Keys the sandbox saw deleted or patched, by id. */
export const events = (ws: WorkerSandbox, kind: 'deleted' | 'patched', id: string) => ws.sb.keyEvents.filter((e) => e.kind === kind && e.keyId === id).length;

export const rowOf = (v: KeyChangeView, keyId: string) => v.rows.find((r) => r.keyId === keyId);
