/**
 * The one way unit tests fake the Clarifai API: the worker's code against the sandbox's strict fake
 * (sandbox/, which follows Clarifai's protos), in Node. `fetch` is stubbed with one that sends each
 * request over real HTTPS to the sandbox (as api.clarifai.com, its certificate checked), on a fresh
 * connection, and records when each request started. No test answers requests by path itself.
 *
 * Per test file: `workerSandbox()` in beforeAll, `close()` in afterAll; in beforeEach
 * `vi.unstubAllGlobals()`, `ws.sb.reset()` (seeded data, faults, switches, log) and `ws.stub()`.
 * The seeded data and tokens are in sandbox/seed.ts and sandbox/constants.ts (SANDBOX_PAT,
 * SANDBOX_PAT_READONLY, PARTNER_PAT); `addApp` and `addPat` below add what one test needs. A fault
 * is the sandbox's own (`sb.setFaults`, `sb.switches`, `sb.holdKeys()`) or, for an exact sequence
 * (this request throttled, the next one a 502, a dropped connection) or a request held for a race,
 * `stub({ intercept })`: it sees every request first and answers it itself when it returns a Response.
 *
 * (tests/unit/support/jobs-fake-api.ts and jobs-model-world.ts are the job engine's own fakes, which hold
 * requests and fake time for its concurrency and model tests.)
 */
import https from 'node:https';
import { afterAll, beforeAll, beforeEach, vi } from 'vitest';
import { resetBrowser } from '../../fakes/browser.ts';
import { startSandbox, type RunningSandbox } from '../../../sandbox/server.ts';
import type { AppRec, KeyRec, Sandbox } from '../../../sandbox/state.ts';

export interface WorkerSandbox {
  running: RunningSandbox;
  sb: Sandbox;
  /** Start time (ms), host and path of every request the worker sent, in order (intercepted ones too). */
  starts: { at: number; method: string; host: string; path: string }[];
  /** Installs the stub (call in beforeEach, after vi.unstubAllGlobals). */
  stub(opts?: { intercept?: (url: URL, init: RequestInit) => Response | undefined | Promise<Response | undefined> }): void;
  close(): Promise<void>;
}

function send(running: RunningSandbox, url: URL, init: RequestInit): Promise<Response> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...(init.headers as Record<string, string>), host: 'api.clarifai.com' };
    const signal = init.signal ?? undefined;
    if (signal?.aborted) return reject(new DOMException('aborted', 'AbortError'));
    const req = https.request(
      {
        host: '127.0.0.1',
        port: running.port,
        method: init.method ?? 'GET',
        path: url.pathname + url.search,
        headers,
        agent: false,
        ca: running.certPem,
        servername: 'api.clarifai.com',
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const h = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') h.set(k, v);
          const status = res.statusCode ?? 500;
          resolve(new Response(status === 204 ? null : Buffer.concat(chunks), { status, headers: h }));
        });
        res.on('error', reject);
      },
    );
    req.on('error', () => reject(new TypeError('Failed to fetch')));
    signal?.addEventListener('abort', () => {
      req.destroy();
      reject(new DOMException('aborted', 'AbortError'));
    });
    req.end(typeof init.body === 'string' ? init.body : undefined);
  });
}

export async function workerSandbox(): Promise<WorkerSandbox> {
  const running = await startSandbox();
  const starts: WorkerSandbox['starts'] = [];
  return {
    running,
    sb: running.sandbox,
    starts,
    stub(opts = {}) {
      starts.length = 0;
      vi.stubGlobal('fetch', async (input: string, init: RequestInit) => {
        const url = new URL(input);
        starts.push({ at: Date.now(), method: init.method ?? 'GET', host: url.host, path: url.pathname });
        const r = await opts.intercept?.(url, init);
        return r ?? send(running, url, init);
      });
    },
    close: () => running.close(),
  };
}

/** Adds an app to the sandbox as if the user had made it (any id or name: the API's data is not ours). */
export function addApp(sb: Sandbox, userId: string, id: string, name: string): AppRec {
  const now = sb.now();
  const app: AppRec = {
    id,
    userId,
    name,
    description: '',
    notes: '',
    createdAt: now,
    modifiedAt: now,
    visibility: 10,
    starredBy: new Set(),
    starCount: 0,
    isTemplate: false,
    featured: false,
    counts: { datasets: 0, models: 0, workflows: 0, modules: 0, inputs: 0 },
  };
  sb.apps.set(`${userId}/${id}`, app);
  return app;
}

/** Adds a Personal Access Token to the sandbox as if the user had made one with these scopes. */
export function addPat(sb: Sandbox, userId: string, id: string, scopes: readonly string[]): KeyRec {
  const key: KeyRec = {
    id,
    type: 'personal_access_token',
    ownerId: userId,
    description: 'A PAT made for this test',
    scopes: [...scopes],
    endpoints: [],
    apps: [],
    createdAt: sb.now(),
  };
  sb.keys.set(id, key);
  return key;
}

/**
 * One sandbox for a test file, and before each test: a fresh fake browser, no stubbed globals but
 * the sandbox's fetch, and the sandbox's seed. Answers a getter (the sandbox starts in `beforeAll`).
 */
export function useWorkerSandbox(): () => WorkerSandbox {
  let ws: WorkerSandbox | undefined;
  beforeAll(async () => {
    ws = await workerSandbox();
  });
  afterAll(() => ws?.close());
  beforeEach(() => {
    resetBrowser();
    vi.unstubAllGlobals();
    ws!.sb.reset();
    ws!.stub();
  });
  return () => ws!;
}
