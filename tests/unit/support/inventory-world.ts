/**
 * What the key inventory's tests (tests/unit/privileged/inventory*.test.ts) set up in the sandbox:
 * a small organization with keys, app keys, requests held until released, and counts of what was sent.
 */
import type { KeyRec } from '../../../sandbox/state.ts';
import { DEMO_USER_ID } from '../../../sandbox/state.ts';
import { addApp, type WorkerSandbox } from './worker-sandbox.ts';

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
