/**
 * The world of the job manager's model-based test (../privileged/jobs.model.test.ts): worker generations that
 * share one browser storage, every await of theirs on the outside world released in an order a
 * fast-check scheduler picks, and the sandbox's strict fake API answering in process.
 *
 * - Storage (`storage.local`, `.session`, `.sync`, `permissions.contains`) and the network are the
 *   worker's only ways out; each call is a task of the scheduler, so any of them may come first.
 *   Time is fake (Date, setTimeout): "let time pass to the next timer" is a task too.
 * - The network is `handleApi` of ../sandbox/api.ts, called with in-memory request and response
 *   objects: its pipeline (authentication, its own rate limit, injected throttles, 5xx and drops
 *   after commit, strict decoding, the endpoints) unchanged. A request arrives at the sandbox as
 *   one task and its answer comes back as another, so a key may be committed long before the
 *   worker hears of it. Answers that say nothing about the outcome (a 2xx that is not JSON, a
 *   success without the key) can be injected on top.
 * - A worker dies between any two tasks, that is at any await on the outside: its module state is
 *   abandoned (`vi.resetModules()` and a fresh import, as a browser starts a new worker), its
 *   timers are dropped, its tasks still pending either land (already sent) or not, and none of
 *   them ever answers it. Storage survives, as `storage.session` survives a worker.
 * - Every request the worker starts is recorded: when (fake time), with which token, and whether
 *   the vault held that token at that moment.
 *
 * Everything random is seeded (the scheduler by fast-check; Math.random, the sandbox's data and
 * faults, the job ids by the run's seed), so a run is the same every time.
 */
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Scheduler } from 'fast-check';
import { vi } from 'vitest';
import base, { resetBrowser } from '../../fakes/browser.ts';
import { handleApi } from '../../../sandbox/api.ts';
import { Prng } from '../../../sandbox/prng.ts';
import { DEMO_USER_ID, SANDBOX_PAT, Sandbox } from '../../../sandbox/state.ts';

type Jobs = typeof import('../../../src/privileged/jobs.ts');
type Handlers = (typeof import('../../../src/privileged/operations.ts'))['handlers'];
type Vault = typeof import('../../../src/privileged/vault.ts');
type KeyChanges = typeof import('../../../src/privileged/key-changes.ts');

/** One service worker's modules: its own memory, the shared storage. */
export interface Worker {
  n: number;
  jobs: Jobs;
  handlers: Handlers;
  vault: Vault;
  /** The change of keys (a rotation's phase 2 deletes through it), resumed with the jobs. */
  keyChanges: KeyChanges;
}

export interface RequestStart {
  at: number;
  method: string;
  path: string;
  token: string;
  /** The vault held this request's token when it left. */
  vaultHeld: boolean;
  worker: number;
}

interface Task {
  dead: boolean;
  effect: () => unknown;
}

export const PAT = SANDBOX_PAT;
export const OWNER = DEMO_USER_ID;
export const START = Date.UTC(2031, 4, 6, 9, 0, 0);
const realImmediate = setImmediate;
const never = <T>() => new Promise<T>(() => {});
const PROFILE = { userId: DEMO_USER_ID, name: 'Dana Demo', scopes: ['All'], verifiedAt: new Date(START).toISOString() };
/** A sealed copy's shape, for "Remember on this device": only its presence matters here (unlocking is not modelled). */
const SEALED = { v: 1, kdf: 'PBKDF2-SHA256', iterations: 600_000, salt: 'c2FsdHNhbHRzYWx0c2FsdA==', iv: 'aXZpdml2aXZpdml2', data: 'ZGF0YWRhdGFkYXRhZGF0YQ==' };

export type Faults = 'none' | 'throttles' | '5xx' | 'drops' | 'unknown answers' | 'all';

/** A key answer replaced by one that does not say whether the key was made. */
const UNKNOWN_ANSWERS: [number, string][] = [
  [200, '<html>gateway</html>'],
  [200, JSON.stringify({ status: { code: 10000 }, keys: [] })],
  [200, JSON.stringify({ keys: [] })],
];

/** Answers as fetch does, without streams: every step is a promise job, so a run is deterministic. */
function response(status: number, headers: Record<string, string | number>, body: string): Response {
  const h = new Headers();
  for (const [k, v] of Object.entries(headers)) h.set(k, String(v));
  return { status, ok: status >= 200 && status < 300, headers: h, text: async () => body, body: null } as unknown as Response;
}

type Answer = { status: number; headers: Record<string, string | number>; body: string } | 'dropped';

/** One request through the sandbox's pipeline, in process. Resolves once it has answered (or dropped). */
function serve(sb: Sandbox, method: string, url: URL, headers: Record<string, string>, body: string | undefined): Promise<Answer> {
  return new Promise((resolve) => {
    const socket = { destroy: () => resolve('dropped') };
    const lower: Record<string, string> = { host: 'api.clarifai.com' };
    for (const [k, v] of Object.entries(headers)) lower[k.toLowerCase()] = v;
    const req = Object.assign(new EventEmitter(), { method, url: url.pathname + url.search, headers: lower, socket });
    let status = 0;
    let head: Record<string, string | number> = {};
    const res = {
      headersSent: false,
      writeHead(s: number, h: Record<string, string | number> = {}) {
        status = s;
        head = h;
        res.headersSent = true;
        return res;
      },
      end(text?: string) {
        resolve({ status, headers: head, body: text ?? '' });
      },
      destroy: () => resolve('dropped'),
    };
    handleApi(sb, req as never, res as never);
    if (body) req.emit('data', Buffer.from(body));
    req.emit('end');
  });
}

export class World {
  readonly starts: RequestStart[] = [];
  /** What happened, in order (for a failure's report). */
  readonly trail: string[] = [];
  worker!: Worker;
  private readonly pending = new Set<Task>();
  private readonly rng: Prng;
  private unknownRate = 0;
  /** What the run went through, for the test's summary. */
  readonly seen = { deaths: 0, restarts: 0, unknownAnswers: 0 };
  private timeQueued = false;
  private workers = 0;

  private constructor(
    readonly s: Scheduler,
    readonly sb: Sandbox,
    seed: number,
  ) {
    this.rng = new Prng(seed);
  }

  /** A fresh browser (storage empty but for the token, remembered), a fresh sandbox, and a worker. */
  static async create(s: Scheduler, sb: Sandbox, seed: number): Promise<World> {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date', 'performance'], now: START });
    resetBrowser();
    sb.now = () => Date.now() * 1000;
    sb.reset(7);
    sb.setFaults({ seed: seed >>> 0 });
    const w = new World(s, sb, seed);
    const random = new Prng(seed ^ 0x5eed);
    vi.spyOn(Math, 'random').mockImplementation(() => random.next());
    let uuid = 0;
    vi.spyOn(crypto, 'randomUUID').mockImplementation(
      () => `00000000-0000-4000-8000-${(++uuid).toString(16).padStart(12, '0')}` as `${string}-${string}-${string}-${string}-${string}`,
    );
    // SHA-256 at once: WebCrypto answers from a thread pool, whose timing the scheduler cannot order.
    vi.spyOn(crypto.subtle, 'digest').mockImplementation(async (_alg, data) => {
      const d = createHash('sha256')
        .update(new Uint8Array(data as ArrayBuffer))
        .digest();
      return d.buffer.slice(d.byteOffset, d.byteOffset + d.byteLength) as ArrayBuffer;
    });
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.stubGlobal('fetch', (input: string, init: RequestInit) => w.fetch(input, init));
    await base.storage.local.set({ 'vault:sealed': SEALED });
    await w.spawn();
    await w.drive(w.worker.vault.store(PAT, PROFILE));
    await w.drive(w.worker.vault.touch());
    return w;
  }

  dispose(): void {
    vi.clearAllTimers();
    vi.useRealTimers();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  }

  // --- the outside world, as tasks of the scheduler --------------------------------------------

  /** `effect` runs when the scheduler releases this task; a dead worker's task never answers. */
  private io<T>(label: string, effect: () => Promise<T>): Promise<T> {
    const task: Task = { dead: false, effect };
    this.pending.add(task);
    return this.s.schedule(Promise.resolve(), label).then(() => {
      if (task.dead) return never<T>();
      this.pending.delete(task);
      return effect();
    });
  }

  private async fetch(input: string, init: RequestInit): Promise<Response> {
    const url = new URL(input);
    const method = init.method ?? 'GET';
    const headers = { ...(init.headers as Record<string, string>) };
    const token = (headers.Authorization ?? '').replace(/^Key /, '');
    const vault = JSON.stringify(base.storage.session._dump().vault ?? null);
    this.starts.push({ at: Date.now(), method, path: url.pathname, token, vaultHeld: !!token && vault.includes(`"pat":"${token}"`), worker: this.worker.n });
    const body = typeof init.body === 'string' ? init.body : undefined;
    const answer = await this.io(`arrive ${method} ${url.pathname}`, () => serve(this.sb, method, url, headers, body));
    const got = await this.io(`answer ${method} ${url.pathname}`, async () => answer);
    if (got === 'dropped') throw new TypeError('Failed to fetch');
    if (method === 'POST' && got.status === 200 && this.unknownRate > 0 && this.rng.chance(this.unknownRate)) {
      const [status, text] = this.rng.pick(UNKNOWN_ANSWERS);
      this.seen.unknownAnswers++;
      return response(status, { 'Content-Type': 'application/json' }, text);
    }
    return response(got.status, got.headers, got.body);
  }

  /** A new worker: fresh module state, the same storage and alarms. */
  private async spawn(): Promise<void> {
    vi.resetModules();
    const b = (await import('../../fakes/browser.ts')).default;
    for (const name of ['local', 'session', 'sync'] as const) {
      const from = base.storage[name] as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
      const to = b.storage[name] as unknown as Record<string, unknown>;
      for (const m of ['get', 'set', 'remove', 'clear']) to[m] = (...a: unknown[]) => this.io(`${name}.${m}`, () => from[m]!(...a));
    }
    b.storage.session.setAccessLevel = () => this.io('session.setAccessLevel', async () => {});
    b.permissions.contains = () => this.io('permissions.contains', async () => true);
    b._alarms = base._alarms; // alarms belong to the browser, not to the worker
    const [jobs, operations, vault, keyChanges] = await Promise.all([
      import('../../../src/privileged/jobs.ts'),
      import('../../../src/privileged/operations.ts'),
      import('../../../src/privileged/vault.ts'),
      import('../../../src/privileged/key-changes.ts'),
    ]);
    this.worker = { n: ++this.workers, jobs, handlers: operations.handlers, vault, keyChanges };
  }

  /**
   * The worker dies now, between two awaits: what it had sent may still land, it hears nothing
   * more, its timers never fire. `wipeSession`: the browser closed too (storage.session is gone).
   * A new worker starts as the service worker's top level does, and, `alarm`, woken by the
   * keep-alive alarm, whose listener resumes jobs too.
   */
  async die(opts: { wipeSession?: boolean; alarm?: boolean } = {}): Promise<void> {
    for (const t of this.pending) {
      if (this.rng.chance(0.5)) void Promise.resolve(t.effect()).catch(() => {});
      t.dead = true;
    }
    this.pending.clear();
    const now = Date.now();
    vi.clearAllTimers(); // (which also winds the fake clock back to where it began)
    vi.setSystemTime(now);
    if (opts.wipeSession) {
      base.storage.session._reset();
      base._alarms.clear();
      vi.setSystemTime(now + 3000); // closing and starting a browser takes a few seconds
    }
    this.trail.push(`worker ${this.worker.n} died${opts.wipeSession ? ' with the browser' : ''}`);
    if (opts.wipeSession) this.seen.restarts++;
    else this.seen.deaths++;
    await this.spawn();
    const { jobs, vault, keyChanges } = this.worker;
    this.fire('worker start', async () => {
      await vault.lockDownSessionStorage();
      await Promise.all([jobs.resumeJobs(), keyChanges.resumeLeft()]);
    });
    if (opts.alarm) this.alarm();
  }

  /** The keep-alive alarm fires, if a job set it. */
  alarm(): void {
    const { jobs, keyChanges } = this.worker;
    if (base._alarms.has(jobs.KEEPALIVE_ALARM)) this.fire('alarm', () => Promise.all([jobs.resumeJobs(), keyChanges.resumeLeft()]));
  }

  setFaults(f: Faults): void {
    const on = (k: Faults) => (f === k ? 0.35 : f === 'all' ? 0.12 : 0);
    this.sb.setFaults({ throttleRate: on('throttles'), errorRate: on('5xx'), dropAfterCommitRate: on('drops') });
    this.unknownRate = on('unknown answers');
  }

  vaultHoldsToken(): boolean {
    return JSON.stringify(base.storage.session._dump().vault ?? null).includes(PAT);
  }

  /**
   * The person saves the token again (or unlocks it): the vault holds it, remembered. Pasting a
   * token or typing a passphrase takes a person a couple of seconds.
   */
  async newToken(): Promise<void> {
    await new Promise((r) => setTimeout(r, 2000));
    await base.storage.local.set({ 'vault:sealed': SEALED });
    await this.worker.vault.store(PAT, PROFILE);
    await this.worker.vault.touch();
  }

  /** Starts an operation in the current worker and goes on; its outcome is kept in the trail. */
  fire<T>(label: string, op: () => Promise<T>): Promise<T | undefined> {
    const n = this.worker.n;
    this.trail.push(`w${n}: ${label}`);
    return op().then(
      (v) => v,
      (e: unknown) => {
        this.trail.push(`w${n}: ${label} → ${e instanceof Error ? e.message.slice(0, 90) : String(e)}`);
        return undefined;
      },
    );
  }

  // --- driving ---------------------------------------------------------------------------------

  /** Lets every promise job run (the scheduler's tasks and timers wait). */
  private async settle(): Promise<void> {
    for (let i = 0; i < 3; i++) await new Promise<void>((r) => realImmediate(r));
  }

  /** Releases one task the scheduler picks (time passing is one of them). False when nothing is left. */
  async step(): Promise<boolean> {
    await this.settle();
    if (!this.timeQueued && vi.getTimerCount() > 0) {
      this.timeQueued = true;
      void this.s.schedule(Promise.resolve(), 'time passes').then(() => {
        this.timeQueued = false;
        vi.advanceTimersToNextTimer();
      });
    }
    if (this.s.count() === 0) return false;
    await this.s.waitNext(1);
    await this.settle();
    return true;
  }

  async steps(n: number): Promise<void> {
    for (let i = 0; i < n && (await this.step()); i++);
  }

  /** Steps until nothing is left to release (every live operation has ended). */
  async idle(max = 50_000): Promise<void> {
    for (let i = 0; i < max; i++) if (!(await this.step())) return;
    throw new Error(`the worker was still busy after ${max} steps`);
  }

  /** Steps until `p` settles. */
  async drive<T>(p: Promise<T>, max = 50_000): Promise<T> {
    let done = false;
    const watched = p.finally(() => {
      done = true;
    });
    watched.catch(() => {});
    for (let i = 0; i < max && !done; i++) if (!(await this.step()) && !done) await this.settle();
    if (!done) throw new Error(`an operation did not end after ${max} steps`);
    return watched;
  }

  // --- what is in storage ----------------------------------------------------------------------

  /** Every job the browser knows of (its plan is kept), oldest first. */
  jobIds(): string[] {
    const ids = new Set<string>();
    for (const area of [base.storage.session, base.storage.local]) {
      for (const k of Object.keys(area._dump())) {
        const m = /^job:([0-9a-f-]+):plan$/.exec(k);
        if (m) ids.add(m[1]!);
      }
    }
    return [...ids].sort();
  }
}
