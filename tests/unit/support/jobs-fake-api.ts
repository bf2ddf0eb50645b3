/**
 * A small fake Clarifai on `fetch` for the job manager's tests: myscopes, GetApp, PostKeys,
 * ListAppKeys, ListKeys and DeleteKey, with switches for the answers a test needs.
 */
import { afterEach, vi } from 'vitest';
import * as batching from '../../../src/privileged/batching.ts';
import * as jobs from '../../../src/privileged/jobs.ts';
import { DEFAULT_BATCH_CAP } from '../../../src/pure/bulk/batching.ts';

// Every scenario that uses this fake ends with no run or check of the job manager going: one left
// running sent its requests into the next scenario's fake API (a second key for two apps there).
// Stopped as "Forget token" stops them; a run that does not end within the bound fails the scenario.
afterEach(async () => {
  jobs.interruptAll('The scenario is over.');
  let timer: ReturnType<typeof setTimeout> | undefined;
  const bound = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('A job run outlived its scenario by 5 s')), 5000)));
  try {
    await Promise.race([jobs.whenIdle(), bound]);
  } finally {
    clearTimeout(timer);
  }
});

export interface FakeKey {
  id: string;
  description: string;
  scopes: string[];
  apps: { id: string; user_id: string }[];
  created_at: string;
  expires_at?: string;
}

export interface FakeApiOptions {
  myScopes?: string[];
  /** Answer PostKeys for this app with this response instead (the key is not created unless `commit`). */
  post?: (appId: string, n: number) => { response: () => Response; commit: boolean } | undefined;
  /** Hold every request until the returned promise resolves. */
  gate?: (url: URL, init: RequestInit) => Promise<void> | undefined;
  /** Answer any request with this instead, when it returns one. */
  respond?: (url: URL, init: RequestInit) => Response | undefined;
  /**
   * Let jobs send several keys in one PostKeys (all made, or none when one is refused). Off unless
   * asked: these scenarios are about one key a request (batches: tests/unit/pure/bulk/batching.test.ts,
   * tests/unit/privileged/batching.test.ts, tests/e2e/batching.test.ts).
   */
  batching?: boolean;
}

export const PAT = '0123456789abcdef0123456789abcdef';

export function fakeApi(opts: FakeApiOptions = {}) {
  if (!opts.batching) void batching.set(false, DEFAULT_BATCH_CAP); // written long before any job reads it
  const keys: FakeKey[] = [];
  const posts: string[] = [];
  /** Every request: method, path, the token it carried, when it started. */
  const requests: { method: string; path: string; token: string; at: number }[] = [];
  let n = 0;
  const ok = (b: object) => new Response(JSON.stringify({ status: { code: 10000 }, ...b }), { status: 200 });
  vi.stubGlobal('fetch', async (input: string, init: RequestInit) => {
    const url = new URL(input);
    const auth = (init.headers as Record<string, string>).Authorization ?? '';
    requests.push({ method: init.method ?? 'GET', path: url.pathname, token: auth.replace(/^Key /, ''), at: Date.now() });
    await opts.gate?.(url, init);
    if (init.signal?.aborted) throw new DOMException('aborted', 'AbortError');
    const special = opts.respond?.(url, init);
    if (special) return special;
    if (url.pathname === '/v2/users/me/myscopes') return ok({ scopes: opts.myScopes ?? ['All'] });
    if (init.method === 'POST' && url.pathname.endsWith('/keys')) {
      const asked = (JSON.parse(String(init.body)) as { keys: Omit<FakeKey, 'id' | 'created_at'>[] }).keys;
      const made: FakeKey[] = [];
      for (const k of asked) {
        const appId = k.apps[0]!.id;
        posts.push(appId);
        const key: FakeKey = { ...k, id: (++n).toString(16).padStart(32, 'a'), created_at: new Date().toISOString() };
        const special = opts.post?.(appId, posts.filter((p) => p === appId).length);
        if (special) {
          if (special.commit && asked.length === 1) keys.push(key);
          return special.response(); // a batch with a key so answered is answered so, all or nothing
        }
        made.push(key);
      }
      keys.push(...made);
      return ok({ keys: made });
    }
    if (init.method === 'DELETE') {
      const id = url.pathname.split('/').pop();
      const i = keys.findIndex((k) => k.id === id);
      if (i >= 0) keys.splice(i, 1);
      return ok({});
    }
    const m = /\/users\/([^/]+)\/apps\/([^/]+)\/keys$/.exec(url.pathname);
    if (m) return ok({ keys: keys.filter((k) => k.apps[0]!.id === m[2]).reverse() });
    if (/\/users\/[^/]+\/keys$/.test(url.pathname)) return ok({ keys: [...keys].reverse() });
    const app = /\/apps\/(app-\d+)$/.exec(url.pathname);
    if (app) return ok({ app: { id: app[1], name: `App ${app[1]!.slice(4)}` } });
    return new Response(JSON.stringify({ status: { code: 11101 } }), { status: 404 });
  });
  const perApp = () => {
    const m = new Map<string, number>();
    for (const k of keys) m.set(k.apps[0]!.id, (m.get(k.apps[0]!.id) ?? 0) + 1);
    return m;
  };
  return { keys, posts, requests, perApp };
}

export const apps = (n: number, owner = 'demo') => Array.from({ length: n }, (_, i) => ({ owner, id: `app-${i}` }));

/** A fake API that holds every PostKeys until `release()`: a job busy with requests in flight. */
export function heldPosts(opts: Omit<FakeApiOptions, 'gate'> = {}) {
  const waiting: (() => void)[] = [];
  let open = false;
  const api = fakeApi({
    ...opts,
    gate: (url, init) => (init.method === 'POST' && url.pathname.endsWith('/keys') && !open ? new Promise<void>((r) => waiting.push(r)) : undefined),
  });
  return {
    api,
    held: () => waiting.length,
    release() {
      open = true;
      for (const r of waiting.splice(0)) r();
    },
  };
}
