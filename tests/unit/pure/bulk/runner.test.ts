/**
 * The bulk runner with a fake clock and a fake Clarifai that misbehaves on command. The property:
 * under any sequence of throttles, errors, timeouts and dropped connections, every app ends with
 * exactly one key or a reported failure, and no app gets two.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClarifaiError } from '../../../../src/pure/clarifai/errors.ts';
import {
  backoffMs,
  MAX_RETRY_AFTER_MS,
  Pacer,
  runJob,
  THROTTLE_PAUSE_MS,
  tally,
  type ItemState,
  type JobItem,
  type RunnerDeps,
} from '../../../../src/pure/bulk/runner.ts';
import { retrying } from '../../../../src/privileged/limiter.ts';
import { fakeClock } from '../../support/fake-clock.ts';

type Fault =
  | 'ok'
  | 'throttle'
  | 'error'
  | 'drop-after-commit'
  | 'lost-before-commit'
  | 'proxy-502-after-commit'
  | 'timeout-after-commit'
  | 'unreadable-after-commit'
  | 'unreadable-before-commit';
const FAULTS: Fault[] = [
  'ok',
  'throttle',
  'error',
  'drop-after-commit',
  'lost-before-commit',
  'proxy-502-after-commit',
  'timeout-after-commit',
  'unreadable-after-commit',
  'unreadable-before-commit',
];
/** A 2xx Keysmith cannot read (not JSON, no status, too large, no key): says nothing about the key. */
const unreadable = () => new ClarifaiError('failed', 'not valid JSON (HTTP 200)', undefined, 200, [], undefined, true);

function world(script: Fault[], opts: { listFaults?: Fault[] } = {}) {
  const clock = fakeClock(1_700_000_000_000);
  let n = 0;
  let listN = 0;
  const server = new Map<string, { id: string; description: string; created: number }[]>();
  const saved: ItemState[][] = [];
  const requests: number[] = [];
  const deps: RunnerDeps = {
    now: clock.now,
    sleep: clock.sleep,
    random: () => 0.5,
    async createKey(item) {
      requests.push(clock.now());
      const fault = script[n++ % script.length] ?? 'ok';
      const commit = () => {
        const id = `key${n}`.padEnd(32, '0');
        const list = server.get(item.appId) ?? [];
        list.push({ id, description: item.description, created: clock.now() });
        server.set(item.appId, list);
        return id;
      };
      switch (fault) {
        case 'ok':
          return commit();
        case 'throttle':
          throw new ClarifaiError('throttled', 'throttled', { code: 11005 }, 429);
        case 'error':
          throw new ClarifaiError('transient', 'try again', { code: 10030 }, 503);
        case 'drop-after-commit':
          commit();
          throw new ClarifaiError('network', 'dropped');
        case 'lost-before-commit':
          throw new ClarifaiError('network', 'dropped');
        case 'proxy-502-after-commit':
          commit();
          throw new ClarifaiError('transient', 'bad gateway', undefined, 502);
        case 'timeout-after-commit':
          commit();
          throw new ClarifaiError('timeout', 'timeout');
        case 'unreadable-after-commit':
          commit();
          throw unreadable();
        case 'unreadable-before-commit':
          throw unreadable();
      }
    },
    async findKey(item, since) {
      requests.push(clock.now());
      const f = opts.listFaults?.[listN++ % (opts.listFaults.length || 1)];
      if (f === 'throttle') throw new ClarifaiError('throttled', 'throttled', { code: 11005 }, 429);
      if (f === 'lost-before-commit') throw new ClarifaiError('network', 'dropped');
      return server.get(item.appId)?.find((k) => k.description === item.description && k.created >= since)?.id;
    },
    async save(i, s) {
      (saved[i] ??= []).push(structuredClone(s));
    },
  };
  const run = (...args: Parameters<typeof runJob>) => clock.run(runJob(...args));
  return { deps, server, saved, requests, run, advance: (ms: number) => clock.set(clock.now() + ms), now: clock.now };
}

const items = (n: number): JobItem[] => Array.from({ length: n }, (_, i) => ({ owner: 'u', appId: `app-${i}`, description: `key for app-${i}` }));
const fresh = (n: number): ItemState[] => Array.from({ length: n }, () => ({ status: 'pending', attempts: 0 }));
const running = { isCancelled: () => false, whenRunning: async () => {} };

describe('runJob', () => {
  it('creates one key per app when all goes well', async () => {
    const w = world(['ok']);
    const states = fresh(30);
    await w.run(items(30), states, w.deps, { ratePerSecond: 15, concurrency: 4, maxAttempts: 5, ...running });
    expect(tally(states)).toMatchObject({ created: 30, failed: 0, left: 0 });
    for (let i = 0; i < 30; i++) expect(w.server.get(`app-${i}`)).toHaveLength(1);
  });

  it('paces request starts under the rate limit', async () => {
    const w = world(['ok']);
    await w.run(items(60), fresh(60), w.deps, { ratePerSecond: 15, concurrency: 8, maxAttempts: 5, ...running });
    for (let i = 15; i < w.requests.length; i++) expect(w.requests[i]! - w.requests[i - 15]!).toBeGreaterThanOrEqual(1000);
  });

  it('adopts the key of a dropped connection instead of creating a second', async () => {
    const w = world(['drop-after-commit', 'ok']);
    const states = fresh(1);
    await w.run(items(1), states, w.deps, { ratePerSecond: 15, concurrency: 1, maxAttempts: 5, ...running });
    expect(states[0]).toMatchObject({ status: 'created', adopted: true, attempts: 1 });
    expect(w.server.get('app-0')).toHaveLength(1);
    expect(states[0]!.keyId).toBe(w.server.get('app-0')![0]!.id);
  });

  it('adopts the key of an answer it could not read instead of recording a failure', async () => {
    const w = world(['unreadable-after-commit', 'ok']);
    const states = fresh(1);
    await w.run(items(1), states, w.deps, { ratePerSecond: 15, concurrency: 1, maxAttempts: 5, ...running });
    expect(states[0]).toMatchObject({ status: 'created', adopted: true, attempts: 1 });
    expect(w.server.get('app-0')).toHaveLength(1);
  });

  it('reports a non-retryable failure with Clarifai’s message and does not retry it', async () => {
    const w = world(['ok']);
    w.deps.createKey = async () => {
      throw new ClarifaiError('scopes', 'lacks Keys:Add', { code: 11007, description: 'Insufficient scopes' }, 403, ['Keys:Add']);
    };
    const states = fresh(2);
    await w.run(items(2), states, w.deps, { ratePerSecond: 15, concurrency: 1, maxAttempts: 5, ...running });
    expect(states.map((s) => [s.status, s.attempts, s.error?.code])).toEqual([
      ['failed', 1, 11007],
      ['failed', 1, 11007],
    ]);
  });

  it('resumes after the worker died mid-request: a `sending` item is looked up before any retry', async () => {
    const w = world(['ok']);
    // The first run committed the key for app-0 and died before saving `created`.
    w.server.set('app-0', [{ id: 'x'.repeat(32), description: 'key for app-0', created: w.now() }]);
    w.advance(5000);
    const states: ItemState[] = [
      { status: 'sending', attempts: 1, since: w.now() - 5000 },
      { status: 'pending', attempts: 0 },
    ];
    await w.run(items(2), states, w.deps, { ratePerSecond: 15, concurrency: 2, maxAttempts: 5, ...running });
    expect(states[0]).toMatchObject({ status: 'created', keyId: 'x'.repeat(32), adopted: true });
    expect(w.server.get('app-0')).toHaveLength(1);
    expect(w.server.get('app-1')).toHaveLength(1);
  });

  it('saves `sending` before each request leaves', async () => {
    const w = world(['ok']);
    const order: string[] = [];
    const save = w.deps.save;
    w.deps.save = async (i, s) => (order.push(`save:${s.status}`), save(i, s));
    const create = w.deps.createKey;
    w.deps.createKey = async (item) => (order.push('request'), create(item));
    await w.run(items(1), fresh(1), w.deps, { ratePerSecond: 15, concurrency: 1, maxAttempts: 5, ...running });
    expect(order).toEqual(['save:sending', 'request', 'save:created']);
  });

  it('stops on cancel, marking what was not sent', async () => {
    const w = world(['ok']);
    let cancelled = false;
    const states = fresh(10);
    const create = w.deps.createKey;
    w.deps.createKey = async (item) => {
      if (item.appId === 'app-2') cancelled = true;
      return create(item);
    };
    await w.run(items(10), states, w.deps, { ratePerSecond: 15, concurrency: 1, maxAttempts: 5, isCancelled: () => cancelled, whenRunning: async () => {} });
    expect(tally(states)).toMatchObject({ created: 3, cancelled: 7 });
  });

  it('stops the whole job on an error that says the token is gone: nothing more is sent, every state kept', async () => {
    const w = world(['ok']);
    class Gone extends Error {}
    const create = w.deps.createKey;
    const sent: string[] = [];
    w.deps.createKey = async (item) => {
      if (item.appId === 'app-3') throw new Gone('token gone');
      sent.push(item.appId);
      return create(item);
    };
    const states = fresh(8);
    const run = w.run(items(8), states, w.deps, { ratePerSecond: 15, concurrency: 1, maxAttempts: 5, ...running, stopsJob: (e) => e instanceof Gone });
    await expect(run).rejects.toBeInstanceOf(Gone);
    expect(sent).toEqual(['app-0', 'app-1', 'app-2']);
    expect(states.map((s) => s.status)).toEqual(['created', 'created', 'created', 'sending', 'pending', 'pending', 'pending', 'pending']);
  });

  it('stops when its signal is aborted, even while paused, and records an answer already on its way', async () => {
    const w = world(['ok']);
    const stop = new AbortController();
    const create = w.deps.createKey;
    w.deps.createKey = async (item) => {
      if (item.appId === 'app-1') stop.abort('forgotten'); // the answer to this one is still recorded
      return create(item);
    };
    const states = fresh(5);
    const run = w.run(items(5), states, w.deps, { ratePerSecond: 15, concurrency: 1, maxAttempts: 5, ...running, signal: stop.signal });
    await expect(run).rejects.toBe('forgotten');
    expect(states.map((s) => s.status)).toEqual(['created', 'created', 'pending', 'pending', 'pending']);
    const paused = new AbortController();
    const never = w.run(items(2), fresh(2), w.deps, {
      ratePerSecond: 15,
      concurrency: 1,
      maxAttempts: 5,
      isCancelled: () => false,
      whenRunning: () => new Promise(() => {}),
      signal: paused.signal,
    });
    paused.abort('locked');
    await expect(never).rejects.toBe('locked');
  });

  it('stops the whole run when a state cannot be saved: it ends only when no task is running, and nothing is sent after', async () => {
    // Real timers and no pacing: a task that outlived the run would go on sending where the test can see it.
    const sent: string[] = [];
    let busy = 0;
    const deps: RunnerDeps = {
      now: () => Date.now(),
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      random: () => 0.5,
      async createKey(item) {
        busy++;
        sent.push(item.appId);
        await new Promise((r) => setTimeout(r, 5));
        busy--;
        return `${item.appId}`.padEnd(32, '0');
      },
      findKey: async () => undefined,
      async save(i, s) {
        if (i === 3 && s.status === 'created') throw new Error('QUOTA_BYTES quota exceeded'); // storage is full
      },
    };
    const states = fresh(20);
    const free = { take: async () => {}, penalize: () => {} };
    const run = runJob(items(20), states, deps, { ratePerSecond: 15, concurrency: 4, maxAttempts: 5, ...running, limiter: free });
    await expect(run).rejects.toThrow(/QUOTA_BYTES/);
    expect(busy).toBe(0); // every request already sent has been answered, and its answer recorded
    const atEnd = sent.length;
    expect(atEnd).toBeLessThan(20);
    await new Promise((r) => setTimeout(r, 100));
    expect(sent.length).toBe(atEnd); // no task left running: a Resume now cannot race the old run
    expect(states.filter((s) => s.status === 'created').length).toBe(atEnd);
  });

  it('property: any mix of faults ends with exactly one key or a reported failure per app, never two', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...FAULTS), { minLength: 1, maxLength: 40 }),
        fc.array(fc.constantFrom<Fault>('ok', 'throttle', 'lost-before-commit'), { minLength: 1, maxLength: 10 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 8 }),
        async (script, listFaults, apps, concurrency, maxAttempts) => {
          const w = world(script, { listFaults });
          const states = fresh(apps);
          await w.run(items(apps), states, w.deps, { ratePerSecond: 15, concurrency, maxAttempts, ...running });
          for (let i = 0; i < apps; i++) {
            const onServer = w.server.get(`app-${i}`) ?? [];
            const s = states[i]!;
            expect(onServer.length).toBeLessThanOrEqual(1); // never two
            expect(['created', 'failed']).toContain(s.status); // every app accounted for
            if (s.status === 'created') expect(s.keyId).toBe(onServer[0]?.id);
            if (s.status === 'failed') {
              expect(s.error?.message).toBeTruthy();
              // A key may exist only if the failure says its outcome is unknown (Recover finds it).
              if (onServer.length) expect(s.uncertain).toBe(true);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('pacing and backoff', () => {
  it('backs off exponentially with full jitter, capped', () => {
    expect(backoffMs(1, 1)).toBe(500);
    expect(backoffMs(3, 1)).toBe(2000);
    expect(backoffMs(20, 1)).toBe(30_000);
    expect(backoffMs(3, 0)).toBe(0);
  });

  it('caps a Retry-After at a minute: one answer cannot stall the job (or, through the one limiter, the worker) for a day', async () => {
    const w = world(['ok']);
    let n = 0;
    const create = w.deps.createKey;
    w.deps.createKey = async (item) => {
      if (n++ === 0) {
        w.requests.push(w.now());
        throw new ClarifaiError('throttled', 'throttled', { code: 11005 }, 429, [], 86_400); // Retry-After: 86400
      }
      return create(item);
    };
    const states = fresh(1);
    await w.run(items(1), states, w.deps, { ratePerSecond: 15, concurrency: 1, maxAttempts: 5, ...running });
    expect(states[0]!.status).toBe('created');
    expect(w.requests[1]! - w.requests[0]!).toBeLessThanOrEqual(MAX_RETRY_AFTER_MS + 1000);
    expect(w.requests[1]! - w.requests[0]!).toBeGreaterThanOrEqual(MAX_RETRY_AFTER_MS);
  });

  it('caps a Retry-After at a minute in the worker’s look-ups too', async () => {
    const pauses: number[] = [];
    let n = 0;
    const got = await retrying({ take: async () => {}, penalize: (ms) => void pauses.push(ms) }, async () => {
      if (n++ === 0) throw new ClarifaiError('throttled', 'throttled', { code: 11005 }, 429, [], 86_400);
      return 'listed';
    });
    expect(got).toBe('listed');
    expect(pauses).toEqual([MAX_RETRY_AFTER_MS]);
  });

  it('a throttle pushes the next start back', async () => {
    let t = 0;
    const p = new Pacer(10, { now: () => t, sleep: async (ms) => void (t += ms) });
    await p.take();
    p.penalize(THROTTLE_PAUSE_MS);
    await p.take();
    expect(t).toBe(THROTTLE_PAUSE_MS);
  });
});
