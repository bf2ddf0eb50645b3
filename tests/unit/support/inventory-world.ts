/**
 * What the key inventory's tests (tests/unit/privileged/inventory*.test.ts) set up in the sandbox:
 * a small organization with keys, app keys, requests held until released, and counts of what was sent.
 */
import { afterEach, beforeEach } from 'vitest';
import * as inventory from '../../../src/privileged/inventory.ts';
import { tuning } from '../../../src/privileged/limiter.ts';
import { handlers } from '../../../src/privileged/operations.ts';
import type { InventoryView } from '../../../src/pure/protocol/inventory.ts';
import type { KeyRec } from '../../../sandbox/state.ts';
import { DEMO_USER_ID, SANDBOX_PAT } from '../../../sandbox/state.ts';
import { addApp, useWorkerSandbox, type WorkerSandbox } from './worker-sandbox.ts';

const page = { caller: 'page' as const };

/**
 * One sandbox for the file; before each test a fresh browser, sandbox and token (no pacing: the
 * limiter's own test sets it), after each no read left running. Answers the sandbox of the moment.
 */
export function useInventoryWorld(): () => WorkerSandbox {
  const world = useWorkerSandbox();
  beforeEach(async () => {
    world().sb.switches.rateLimitPerSecond = 0;
    tuning.ratePerSecond = 1000;
    await handlers.setPat({ op: 'setPat', pat: SANDBOX_PAT }, page);
  });
  afterEach(async () => {
    await inventory.cancel(); // a test that failed midway leaves no read for the next
    tuning.ratePerSecond = 15;
  });
  return world;
}

/** Starts a read (`refresh`: over) and answers the view once it has ended. */
export async function readToEnd(refresh = false): Promise<InventoryView> {
  await handlers.readInventory({ op: 'readInventory', refresh }, page);
  await inventory.settled();
  return handlers.getInventory({ op: 'getInventory' }, page);
}

export const ORG = 'tiny-org';
export const ORG_APPS = ['t-1', 't-2', 't-3', 't-4', 't-5'];
/** The apps shared with demo-user in the seed (sandbox/seed.ts). */
export const SHARED = ['pp-vision-lab', 'pp-retail-audit', 'pp-moderation', 'pp-receipts-ocr'];

/** An app key in the sandbox, under the app's owner. */
export function appKey(ws: WorkerSandbox, owner: string, appId: string, description: string, scopes = ['Predict']): KeyRec {
  const key: KeyRec = {
    id: ws.sb.newKeyId(),
    type: 'app_specific_key',
    ownerId: owner,
    description,
    scopes,
    endpoints: [],
    apps: [{ id: appId, userId: owner }],
    createdAt: ws.sb.now(),
  };
  ws.sb.keys.set(key.id, key);
  return key;
}

/** An organization demo-user belongs to, with `apps` (named `Tiny <id>`). */
export function addOrgWith(ws: WorkerSandbox, apps: readonly string[]): void {
  ws.sb.users.set(ORG, { id: ORG, kind: 'org', firstName: '', lastName: '', companyName: 'Tiny', createdAt: ws.sb.now(), members: [DEMO_USER_ID] });
  for (const id of apps) addApp(ws.sb, ORG, id, `Tiny ${id}`);
}

/** The small organization: five apps, a key on each of the first three (returned). */
export function addOrg(ws: WorkerSandbox): KeyRec[] {
  addOrgWith(ws, ORG_APPS);
  return ORG_APPS.slice(0, 3).map((id) => appKey(ws, ORG, id, `key of ${id}`));
}

/** Holds every request whose path matches until released (or the request is aborted); `held()` counts those waiting. */
export function holding(ws: WorkerSandbox, match: (path: string) => boolean) {
  const waiting: (() => void)[] = [];
  let on = true;
  ws.stub({
    intercept: (url, init) => {
      if (!on || !match(url.pathname)) return undefined;
      return new Promise<undefined>((resolve, reject) => {
        waiting.push(() => resolve(undefined));
        init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      });
    },
  });
  return {
    held: () => waiting.length,
    release() {
      on = false;
      for (const go of waiting.splice(0)) go();
    },
  };
}

export const appKeysPath = (owner: string, app: string) => `/v2/users/${owner}/apps/${app}/keys`;
/** How many requests to `path` the worker sent since the last `ws.stub()`. */
export const sentTo = (ws: WorkerSandbox, path: string) => ws.starts.filter((s) => s.path === path).length;
