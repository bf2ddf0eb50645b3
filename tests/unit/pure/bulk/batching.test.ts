/**
 * Batched PostKeys: the policy that probes, grows, halves and gives up (src/pure/bulk/batching.ts),
 * and the runner sending through the batcher (src/pure/bulk/batcher.ts) against a fake Clarifai
 * that takes batches in each way a real one might: all or nothing, a maximum size with its own
 * refusal, partial answers, batches refused outright, and answers that are lost, late or odd. The
 * property: every good app ends with exactly one key, the one recorded; a bad app fails alone; no
 * app ever gets two keys.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClarifaiError } from '../../../../src/pure/clarifai/errors.ts';
import { BatchPolicy, type Learned } from '../../../../src/pure/bulk/batching.ts';
import { fakeClock } from '../../support/fake-clock.ts';
import { runJob, tally, type ItemState, type JobItem, type RunnerDeps } from '../../../../src/pure/bulk/runner.ts';

const NOW = 1_700_000_000_000;
const policy = (o: Partial<ConstructorParameters<typeof BatchPolicy>[0]> = {}) => new BatchPolicy({ cap: 50, probed: false, now: () => NOW, ...o });

describe('BatchPolicy', () => {
  it('probes with two, then grows fourfold to the cap', () => {
    const p = policy({ cap: 40 });
    expect([p.nextSize(), p.isProbing()]).toEqual([2, true]);
    p.answered(2, false);
    expect([p.nextSize(), p.isProbing()]).toEqual([8, false]);
    p.answered(8, false);
    expect(p.nextSize()).toBe(32);
    p.answered(32, false);
    expect(p.nextSize()).toBe(40);
    p.answered(3, false); // a smaller batch (the job's last) does not shrink or grow it
    expect(p.nextSize()).toBe(40);
    expect(p.learned()).toEqual({ verdict: 'works', size: 32, at: NOW });
  });

  it('gives batches up for good when a batch of two is refused and its keys are made alone', () => {
    const p = policy();
    p.refused(2);
    expect([p.nextSize(), p.isProbing()]).toEqual([1, false]);
    expect(p.learned()).toMatchObject({ verdict: 'refused', size: 1 });
    expect(policy({ learned: p.learned() }).nextSize()).toBe(1);
    expect(policy({ learned: p.learned(), probed: true }).nextSize()).toBe(1);
  });

  it('a pair refused mid-job for another reason than its form sends one key a request for this job only', () => {
    const p = policy({ learned: { verdict: 'works', size: 8, at: 1 }, probed: true });
    p.refused(2, 10020);
    expect(p.nextSize()).toBe(1);
    expect(p.learned()).toBeUndefined();
    const q = policy({ learned: { verdict: 'works', size: 8, at: 1 }, probed: true });
    q.refused(2, 11100);
    expect(q.learned()).toMatchObject({ verdict: 'refused' });
  });

  it('halves on a size refused as a whole and never reaches that size again', () => {
    const p = policy({ learned: { verdict: 'works', size: 32, at: 1 }, probed: true });
    expect(p.nextSize()).toBe(32);
    p.refused(32);
    expect(p.nextSize()).toBe(16);
    p.answered(16, false);
    expect(p.nextSize()).toBe(31); // fourfold, but under the size refused
    const next = policy({ learned: p.learned(), probed: true });
    next.answered(31, false);
    expect(next.nextSize()).toBe(31);
  });

  it('halves on a time-out, never below two, and a timed-out probe stays a probe once', () => {
    const p = policy();
    p.unknown(2);
    expect([p.nextSize(), p.isProbing()]).toEqual([2, true]);
    const twice = policy();
    twice.unknown(2);
    twice.unknown(2);
    expect([twice.nextSize(), twice.isProbing(), twice.learned()]).toEqual([1, false, undefined]);
    p.answered(2, false);
    p.answered(8, false);
    p.unknown(32);
    expect(p.nextSize()).toBe(16);
  });

  it('starts from what this session learned without a probe; a new session probes first, then jumps to it', () => {
    const learned: Learned = { verdict: 'works', size: 40, at: 1 };
    expect([policy({ learned, probed: true }).nextSize(), policy({ learned, probed: true }).isProbing()]).toEqual([40, false]);
    const fresh = policy({ learned });
    expect(fresh.nextSize()).toBe(2);
    fresh.answered(2, false);
    expect(fresh.nextSize()).toBe(40);
  });

  it('a cap of one, or a partial answer, is said as such', () => {
    expect(policy({ cap: 1 }).nextSize()).toBe(1);
    const p = policy();
    p.answered(2, true);
    expect(p.learned()).toMatchObject({ verdict: 'partial', size: 1 });
  });
});

type Mode = 'atomic' | 'single' | 'partial' | 'max3' | 'first-only' | 'batches-time-out';
type BatchFault =
  | 'ok'
  | 'throttle'
  | 'timeout-after-commit'
  | 'lost-before-commit'
  | 'short-answer'
  | 'odd-answer'
  | 'proxy-502-after-commit'
  | 'null-entry'
  | 'same-id-twice'
  | 'made-then-failed';
const BATCH_FAULTS: BatchFault[] = [
  'ok',
  'throttle',
  'timeout-after-commit',
  'lost-before-commit',
  'short-answer',
  'odd-answer',
  'proxy-502-after-commit',
  'null-entry',
  'same-id-twice',
  'made-then-failed',
];

function world(mode: Mode, bad: Set<string>, faults: BatchFault[]) {
  const clock = fakeClock(NOW);
  let n = 0;
  let f = 0;
  const server = new Map<string, { id: string; description: string; created: number }[]>();
  const batches: number[] = [];
  const commit = (item: JobItem) => {
    const id = `k${++n}`.padEnd(32, '0');
    server.set(item.appId, [...(server.get(item.appId) ?? []), { id, description: item.description, created: clock.now() }]);
    return { id, apps: [{ id: item.appId, user_id: item.owner }] };
  };
  const missing = (appId: string) => new ClarifaiError('not-found', `app ${appId} does not exist`, { code: 11101 }, 404);
  // Most apps are one user's, some an organization's: a batch must never mix them.
  const its = (count: number): JobItem[] =>
    Array.from({ length: count }, (_, i) => ({ owner: i % 5 === 4 ? 'org' : 'u', appId: `app-${i}`, description: `key ${i}` }));
  const items = its(40);
  /** Each item's last saved status, and every breach of the rules a batch must keep. */
  const last: (string | undefined)[] = [];
  const breaches: string[] = [];
  const deps: RunnerDeps = {
    now: clock.now,
    sleep: clock.sleep,
    random: () => 0.5,
    async createKey(item) {
      if (bad.has(item.appId)) throw missing(item.appId);
      return commit(item).id;
    },
    async findKey(item, since) {
      return server.get(item.appId)?.find((k) => k.description === item.description && k.created >= since)?.id;
    },
    async save(i, st) {
      last[i] = st.status;
    },
  };
  async function post(indices: readonly number[]) {
    batches.push(indices.length);
    const asked = indices.map((i) => items[i]!);
    for (const i of indices) if (last[i] !== 'sending') breaches.push(`app-${i} was sent before it was saved as sending`);
    if (new Set(asked.map((it) => it.owner)).size > 1) breaches.push('a batch mixed owners');
    if (new Set(asked.map((it) => it.appId)).size < asked.length) breaches.push('a batch named an app twice');
    if (mode === 'batches-time-out') throw new ClarifaiError('timeout', 'timeout');
    if (mode === 'single' && asked.length > 1) throw new ClarifaiError('bad-request', 'one key per request', { code: 11100 }, 400);
    if (mode === 'max3' && asked.length > 3) throw new ClarifaiError('bad-request', 'at most 3 keys', { code: 11100 }, 400);
    const good = asked.filter((it) => !bad.has(it.appId));
    if (good.length < asked.length && (mode !== 'partial' || !good.length)) throw missing(asked.find((it) => bad.has(it.appId))!.appId);
    const fault = faults[f++] ?? 'ok'; // each fault once, then Clarifai behaves
    if (fault === 'throttle') throw new ClarifaiError('throttled', 'throttled', { code: 11005 }, 429);
    if (fault === 'lost-before-commit') throw new ClarifaiError('network', 'dropped');
    // `first-only`: a Clarifai that reads only the first key of a request and says nothing of the rest.
    const keys = (mode === 'first-only' ? good.slice(0, 1) : good).map(commit).reverse(); // an answer's order need not be the request's
    if (fault === 'timeout-after-commit') throw new ClarifaiError('timeout', 'timeout');
    if (fault === 'proxy-502-after-commit') throw new ClarifaiError('transient', 'bad gateway', undefined, 502);
    if (fault === 'short-answer') return { keys: keys.slice(1), mixed: false };
    if (fault === 'null-entry') return { keys: [null as unknown as (typeof keys)[number], ...keys], mixed: false };
    if (fault === 'same-id-twice' && keys.length > 1) return { keys: keys.map((k) => ({ ...k, id: keys[0]!.id })), mixed: false };
    if (fault === 'made-then-failed') throw new ClarifaiError('failed', 'failure', { code: 10020 }, 500);
    if (fault === 'odd-answer') return { keys: keys.map((k, i) => (i === 0 ? { ...k, apps: [{ id: 'not-asked', user_id: 'u' }] } : k)), mixed: false };
    return { keys, mixed: good.length < asked.length };
  }
  const run = (count: number, p: BatchPolicy) => {
    const states: ItemState[] = Array.from({ length: count }, () => ({ status: 'pending', attempts: 0 }));
    const done = clock.run(
      runJob(items.slice(0, count), states, deps, {
        ratePerSecond: 15,
        concurrency: 6,
        maxAttempts: 8,
        isCancelled: () => false,
        whenRunning: async () => {},
        batching: { policy: p, post, isKeyId: (id) => /^[0-9a-z]{32}$/.test(id) },
      }),
    );
    return done.then(() => {
      expect(breaches).toEqual([]);
      return states;
    });
  };
  return { server, batches, run, items };
}

describe('runJob with batches', () => {
  it('makes 40 keys in far fewer requests when batches work', async () => {
    const w = world('atomic', new Set(), ['ok']);
    const p = policy();
    const states = await w.run(40, p);
    expect(tally(states)).toMatchObject({ created: 40, failed: 0 });
    expect(w.batches[0]).toBe(2); // the probe
    expect(w.batches.length).toBeLessThanOrEqual(6);
    states.forEach((s, i) => expect(w.server.get(`app-${i}`)!.map((k) => k.id)).toEqual([s.keyId]));
  });

  it('falls back to one key a request for good when batches are refused outright', async () => {
    const w = world('single', new Set(), ['ok']);
    const p = policy();
    const states = await w.run(10, p);
    expect(tally(states)).toMatchObject({ created: 10, failed: 0 });
    expect(w.batches).toEqual([2]); // the probe only
    expect(p.learned()).toMatchObject({ verdict: 'refused' });
  });

  it('splits a batch that one missing app makes fail, so the others get their keys and it fails alone', async () => {
    const w = world('atomic', new Set(['app-5']), ['ok']);
    const states = await w.run(12, policy({ learned: { verdict: 'works', size: 12, at: 1 }, probed: true }));
    expect(states[5]).toMatchObject({ status: 'failed', error: { code: 11101 } });
    expect(tally(states)).toMatchObject({ created: 11, failed: 1 });
    expect(w.batches[0]).toBe(10); // app-4 and app-9 are the organization's: a batch of their own
  });

  it('learns a maximum size from its refusal and stays under it', async () => {
    const w = world('max3', new Set(), ['ok']);
    const p = policy({ learned: { verdict: 'works', size: 8, at: 1 }, probed: true });
    const states = await w.run(30, p);
    expect(tally(states)).toMatchObject({ created: 30 });
    expect(p.learned()).toMatchObject({ tooLarge: 4 });
    expect(w.batches.slice(-3).every((n) => n <= 3)).toBe(true);
  });

  it('looks up the keys a short answer left out, and adopts them instead of making them again', async () => {
    const w = world('atomic', new Set(), ['short-answer', 'ok']);
    const states = await w.run(6, policy());
    expect(tally(states)).toMatchObject({ created: 6 });
    expect(states.filter((s) => s.adopted)).toHaveLength(1);
    for (let i = 0; i < 6; i++) expect(w.server.get(`app-${i}`)).toHaveLength(1);
  });

  it('against a Clarifai that makes only the first key of each request, sends the rest alone and makes every key once', async () => {
    const w = world('first-only', new Set(), ['ok']);
    const p = policy();
    const states = await w.run(20, p);
    expect(tally(states)).toMatchObject({ created: 20, failed: 0 });
    for (let i = 0; i < 20; i++) expect(w.server.get(`app-${i}`)).toHaveLength(1);
    expect(states.every((s) => s.attempts <= 2)).toBe(true);
    expect(p.nextSize()).toBeLessThan(8); // answers that left out most of their keys made batches smaller
  });

  it('against a Clarifai whose batches always time out, falls back to one key a request after two probes', async () => {
    const w = world('batches-time-out', new Set(), ['ok']);
    const p = policy();
    const states = await w.run(12, p);
    expect(tally(states)).toMatchObject({ created: 12, failed: 0 });
    expect(w.batches.length).toBeLessThanOrEqual(2);
    expect(p.learned()).toBeUndefined(); // a slow network is no verdict
  });

  it('a refusal in words that do not say nothing was made: each app is looked up, its key adopted, not made again', async () => {
    const w = world('atomic', new Set(), ['made-then-failed']);
    const states = await w.run(2, policy());
    expect(states.map((s) => [s.status, s.adopted])).toEqual([
      ['created', true],
      ['created', true],
    ]);
    for (let i = 0; i < 2; i++) expect(w.server.get(`app-${i}`)).toHaveLength(1);
  });

  it('under any mode, missing apps and faults: one key per good app, the recorded one; bad apps fail; never two', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<Mode>('atomic', 'single', 'partial', 'max3', 'first-only', 'batches-time-out'),
        fc.integer({ min: 1, max: 24 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 23 }), { maxLength: 4 }),
        fc.array(fc.constantFrom(...BATCH_FAULTS), { minLength: 1, maxLength: 8 }),
        fc.record({ cap: fc.integer({ min: 1, max: 16 }), size: fc.option(fc.integer({ min: 2, max: 16 }), { nil: undefined }) }),
        async (mode, count, badIdx, faults, { cap, size }) => {
          const bad = new Set(badIdx.filter((i) => i < count).map((i) => `app-${i}`));
          const w = world(mode, bad, faults);
          const p = policy({ cap, probed: size !== undefined, learned: size ? { verdict: 'works', size, at: 1 } : undefined });
          const states = await w.run(count, p);
          states.forEach((s, i) => {
            const keys = w.server.get(`app-${i}`) ?? [];
            expect(keys.length).toBeLessThanOrEqual(1);
            if (bad.has(`app-${i}`)) expect(s).toMatchObject({ status: 'failed', error: { code: 11101 } });
            else {
              expect(s.status).toBe('created');
              expect(keys.map((k) => k.id)).toEqual([s.keyId]);
            }
          });
        },
      ),
      { numRuns: 150 },
    );
  });
});
