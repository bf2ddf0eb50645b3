import { describe, expect, it, vi } from 'vitest';
import { ClarifaiClient, collectPages, normalizeBaseUrl } from '../../../../src/pure/clarifai/client.ts';
import { ClarifaiError } from '../../../../src/pure/clarifai/errors.ts';

const PAT = 'abcdef0123456789abcdef0123456789';

function json(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

function clientWith(handler: (url: URL, init: RequestInit) => Response | Promise<Response>, opts: { timeoutMs?: number } = {}) {
  const calls: { url: URL; init: RequestInit }[] = [];
  const client = new ClarifaiClient({
    token: PAT,
    fetch: async (input, init) => {
      const url = new URL(input);
      calls.push({ url, init });
      return handler(url, init);
    },
    ...opts,
  });
  return { client, calls };
}

async function failure(p: Promise<unknown>): Promise<ClarifaiError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ClarifaiError) return e;
    throw e;
  }
  throw new Error('expected a ClarifaiError');
}

describe('ClarifaiClient requests', () => {
  it('sends `Authorization: Key <PAT>` to the configured base URL', async () => {
    const { client, calls } = clientWith(() => json(200, { status: { code: 10000 }, user: { id: 'u1' } }));
    await client.me();
    expect(calls[0]!.url.toString()).toBe('https://api.clarifai.com/v2/users/me');
    expect((calls[0]!.init.headers as Record<string, string>).Authorization).toBe(`Key ${PAT}`);
  });

  it('uses another base URL for a private deployment', async () => {
    const calls: string[] = [];
    const client = new ClarifaiClient({
      token: PAT,
      baseUrl: 'https://clarifai.example.test/api/',
      fetch: async (u) => (calls.push(u), json(200, { status: { code: 10000 }, apps: [] })),
    });
    await client.listApps('me');
    expect(calls[0]).toBe('https://clarifai.example.test/api/v2/users/me/apps');
  });

  it('refuses base URLs that are not https', () => {
    expect(() => normalizeBaseUrl('http://api.clarifai.com')).toThrow(/https/);
    expect(() => normalizeBaseUrl('https://u:p@api.clarifai.com')).toThrow();
    expect(normalizeBaseUrl('https://api.clarifai.com/')).toBe('https://api.clarifai.com');
  });

  it('refuses ids that could leave the path before any request', async () => {
    const { client, calls } = clientWith(() => json(200, { status: { code: 10000 } }));
    for (const bad of ['../admin', 'a/b', 'a?x=1', '', 'a b', '%2e%2e']) {
      const e = await failure(client.listApps(bad));
      expect(e.kind).toBe('bad-request');
    }
    expect(calls).toHaveLength(0);
  });

  it('decides by status.code, not by HTTP status: a 200 carrying 11008 is an error', async () => {
    const { client } = clientWith(() => json(200, { status: { code: 11008, description: 'API key invalid' } }));
    const e = await failure(client.me());
    expect(e.kind).toBe('auth');
    expect(e.code).toBe(11008);
  });

  it.each([
    [11008, 401, 'auth', /did not accept this Personal Access Token/],
    [11009, 401, 'auth', /did not accept this Personal Access Token/],
    [11005, 429, 'throttled', /limiting the request rate/],
    [10030, 503, 'transient', /temporarily unavailable/],
    [40032, 504, 'transient', /temporarily unavailable/],
    [11101, 404, 'not-found', /does not exist/],
    [11100, 400, 'bad-request', /malformed/],
  ] as const)('status %i (HTTP %i) is a %s error with a clear message', async (code, http, kind, msg) => {
    const { client } = clientWith(() => json(http, { status: { code, description: 'd', req_id: 'r1' } }));
    const e = await failure(client.me());
    expect(e.kind).toBe(kind);
    expect(e.message).toMatch(msg);
    expect(e.toJSON()).toMatchObject({ code, description: 'd', reqId: 'r1' });
  });

  it('names the missing scopes of an 11007 answer', async () => {
    const { client } = clientWith(() =>
      json(403, { status: { code: 11007, description: 'Insufficient scopes', details: 'missing scopes: Keys:Add, Collaborators:Get' } }),
    );
    const e = await failure(client.postKeys('me', []));
    expect(e.kind).toBe('scopes');
    expect([...e.missingScopes].sort()).toEqual(['Collaborators:Get', 'Keys:Add']);
    expect(e.message).toContain('Keys:Add');
    expect(e.message).toContain('Collaborators:Get');
  });

  it('treats a 502 without a Clarifai body as transient, and 429 without a body as throttled', async () => {
    const a = clientWith(() => new Response('<html>Bad gateway</html>', { status: 502 }));
    expect((await failure(a.client.me())).kind).toBe('transient');
    const b = clientWith(() => new Response('', { status: 429 }));
    expect((await failure(b.client.me())).kind).toBe('throttled');
  });

  it('honours a Retry-After header if one ever comes', async () => {
    const { client } = clientWith(() => json(429, { status: { code: 11005 } }, { 'retry-after': '3' }));
    expect((await failure(client.me())).retryAfterSeconds).toBe(3);
  });

  it('reports a network failure and a timeout as such, outcome unknown', async () => {
    const a = clientWith(() => Promise.reject(new TypeError('Failed to fetch')));
    const net = await failure(a.client.me());
    expect(net.kind).toBe('network');
    expect(net.outcomeUnknown).toBe(true);
    const b = clientWith(
      (_u, init) => new Promise((_r, reject) => init.signal!.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))),
      { timeoutMs: 20 },
    );
    const t = await failure(b.client.me());
    expect(t.kind).toBe('timeout');
    expect(t.retryable).toBe(true);
  });

  it('never puts the token in an error message, even when the server echoes it', async () => {
    const { client } = clientWith(() => json(401, { status: { code: 11009, description: `key ${PAT} not found`, details: PAT } }));
    const e = await failure(client.me());
    expect(JSON.stringify(e.toJSON())).not.toContain(PAT);
    expect(e.message).not.toContain(PAT);
  });

  it('creates keys with the documented body', async () => {
    const { client, calls } = clientWith(() => json(200, { status: { code: 10000 }, keys: [{ id: 'k'.repeat(32) }] }));
    await client.postKeys('demo', [{ description: 'd', scopes: ['All'], apps: [{ id: 'app1', user_id: 'demo' }] }]);
    expect(calls[0]!.init.method).toBe('POST');
    expect(JSON.parse(String(calls[0]!.init.body))).toEqual({ keys: [{ description: 'd', scopes: ['All'], apps: [{ id: 'app1', user_id: 'demo' }] }] });
  });

  it('patches keys with action overwrite', async () => {
    const { client, calls } = clientWith(() => json(200, { status: { code: 10000 }, keys: [] }));
    await client.patchKeys('demo', [{ id: 'abc', scopes: ['Predict'] }]);
    expect(JSON.parse(String(calls[0]!.init.body))).toEqual({ keys: [{ id: 'abc', scopes: ['Predict'] }], action: 'overwrite' });
  });
});

describe('the gate before a request leaves', () => {
  it('tells the gate when the request leaves, and gives its turn back when the last check stops it', async () => {
    class Checked extends ClarifaiClient {
      refuse = false;
      protected override beforeSend(): Promise<void> {
        return this.refuse ? Promise.reject(new Error('the token is gone')) : Promise.resolve();
      }
    }
    let fetched = 0;
    const client = new Checked({
      token: PAT,
      fetch: async () => (fetched++, json(200, { status: { code: 10000 }, user: { id: 'u1' } })),
    });
    const leaves: (boolean | undefined)[] = [];
    client.gateWith(async () => (sent?: boolean) => void leaves.push(sent));
    await client.me();
    client.refuse = true;
    await expect(client.me()).rejects.toThrow('the token is gone');
    expect(leaves).toEqual([undefined, false]);
    expect(fetched).toBe(1);
  });
});

describe('collectPages, asking pages ahead', () => {
  const listing = (n: number) => {
    const asked: number[] = [];
    const fetchPage = async (page: number, per: number) => {
      asked.push(page);
      return Array.from({ length: Math.max(0, Math.min(per, n - (page - 1) * per)) }, (_, i) => (page - 1) * per + i);
    };
    return { asked, fetchPage };
  };

  it('joins the pages in order and stops at the first short one', async () => {
    for (const n of [0, 1, 999, 1000, 1001, 2999, 3000, 3001, 5009]) {
      const { asked, fetchPage } = listing(n);
      const all = await collectPages(fetchPage, { perPage: 1000, ahead: 3 });
      expect(all).toEqual(Array.from({ length: n }, (_, i) => i));
      const needed = Math.floor(n / 1000) + 1;
      expect(asked.length).toBeGreaterThanOrEqual(needed);
      expect(asked.length).toBeLessThan(needed + 3); // at most two pages asked past the end
      if (n < 1000) expect(asked).toEqual([1]); // one page: one request
    }
  });

  it('asks the first page alone, then each round at once, and fails when one page fails', async () => {
    let inFlight = 0;
    let most = 0;
    const fetchPage = async (page: number) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, 1));
      inFlight--;
      if (page === 5) throw new Error('dropped');
      return [page, page];
    };
    const asked: number[][] = [];
    const tracked = async (page: number) => {
      if (inFlight === 0) asked.push([]);
      asked.at(-1)!.push(page);
      return fetchPage(page);
    };
    await expect(collectPages(tracked, { perPage: 2, ahead: 3 })).rejects.toThrow('dropped');
    expect(most).toBe(3);
    expect(asked).toEqual([[1], [2, 3, 4], [5, 6, 7]]);
  });

  it('keeps to maxPages', async () => {
    await expect(collectPages(async () => [1], { perPage: 1, maxPages: 5, ahead: 3 })).rejects.toThrow(/5 pages/);
  });
});

describe('collectPages', () => {
  it('asks page after page until a short page, with progress', async () => {
    const items = Array.from({ length: 2500 }, (_, i) => i);
    const fetchPage = vi.fn(async (page: number, per: number) => items.slice((page - 1) * per, page * per));
    const progress: number[] = [];
    const all = await collectPages(fetchPage, { perPage: 1000, onPage: (n) => progress.push(n) });
    expect(all).toEqual(items);
    expect(fetchPage).toHaveBeenCalledTimes(3);
    expect(progress).toEqual([1000, 2000, 2500]);
  });

  it('asks once more after an exactly full page, and stops on the empty one', async () => {
    const fetchPage = vi.fn(async (page: number) => (page === 1 ? [1, 2] : []));
    expect(await collectPages(fetchPage, { perPage: 2 })).toEqual([1, 2]);
    expect(fetchPage).toHaveBeenCalledTimes(2);
  });

  it('gives up on a server that never sends a short page', async () => {
    await expect(collectPages(async () => [1], { perPage: 1, maxPages: 5 })).rejects.toThrow(/5 pages/);
  });
});

describe('hostile answers', () => {
  it('a 200 with malformed JSON is a clear error, not a crash', async () => {
    const { client } = clientWith(() => new Response('{"status":{"code":10000},"apps":[{"id":"x"', { status: 200 }));
    const e = await failure(client.listApps('me'));
    expect(e.message).toMatch(/was not valid JSON \(HTTP 200\)/);
  });

  it('a huge answer is refused with a clear message', async () => {
    const big = JSON.stringify({ status: { code: 10000 }, apps: [{ id: 'a', description: 'x'.repeat(17 * 1024 * 1024) }] });
    const { client } = clientWith(() => new Response(big, { status: 200 }));
    expect((await failure(client.listApps('me'))).message).toMatch(/larger than 16 MB/);
    const { client: c2 } = clientWith(() => new Response('{}', { status: 200, headers: { 'content-length': String(64 * 1024 * 1024) } }));
    expect((await failure(c2.listApps('me'))).message).toMatch(/larger than 16 MB/);
  });
});
