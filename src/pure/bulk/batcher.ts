/**
 * Sends a bulk job's keys in batches (several keys in one PostKeys), for ./runner.ts. Each app's
 * task hands its key over with `send` and gets back what one PostKeys of its own would have given:
 * the new key's id, or the error its app's request would have met. So every rule of the runner
 * holds per key inside a batch: an app is saved `sending` before the request that carries it
 * leaves, an unknown outcome is looked up app by app before anything is sent for it again, and a
 * key is never made twice.
 *
 * - A batch holds keys of one owner (PostKeys is per user), each app at most once, so every key
 *   of an answer tells by its `apps` which app it is for.
 * - An answer with one key for each app asked, each bound to an app it named, makes each app's key.
 *   One with fewer keys than asked, each bound to an app it named, makes those; the others' outcome
 *   is unknown (looked up). Anything else (a key for an app not asked, two for one app, an id that
 *   is not a key's) makes none: every app of the batch is looked up.
 * - A batch refused as a whole (nothing made: a missing app, a refused scope, a batch too large or
 *   refused) is split in halves, each sent on its own, down to single keys, so the good apps still
 *   get their keys and a bad one meets its own refusal alone. When every key of a refused batch is
 *   then made, the refusal was of the batch itself (./batching.ts learns from it).
 * - A throttle or a passing fault of the whole batch is every app's: each tries again as it would.
 */
import type { ClarifaiError } from '../clarifai/errors.ts';
import type { BatchPolicy } from './batching.ts';
import type { Limiter } from './limiter.ts';

export interface BatchKey {
  id?: string | undefined;
  apps?: readonly { id?: string | undefined; user_id?: string | undefined }[] | undefined;
}

export interface BatcherDeps {
  policy: BatchPolicy;
  /** One PostKeys carrying the keys of these items (all of one owner, each app once), as answered. */
  post(indices: readonly number[]): Promise<{ keys: readonly BatchKey[]; mixed: boolean }>;
  /** One PostKeys for one item alone: its key id (the runner's one-key path). */
  postOne(index: number): Promise<string>;
  /** Where item `index`'s key goes. */
  target(index: number): { owner: string; appId: string };
  isKeyId(id: string): boolean;
  /** Errors that end the job (thrown to every item as they came). */
  stopsJob(e: unknown): boolean;
  /** Stops the job: an item's state could not be saved. */
  halt(e: unknown): void;
  /** The runner's view of an error: a ClarifaiError, unknown outcome for anything else. */
  asClarifai(e: unknown): ClarifaiError;
  /** An unknown outcome for an item an answer did not account for. */
  unaccounted(): ClarifaiError;
  pacer: Limiter;
  sleep(ms: number): Promise<void>;
  stopped(): boolean;
  isCancelled(): boolean;
}

/** Why an item handed over was not sent: the job stopped, or it was cancelled. */
export class NotSent extends Error {
  constructor(readonly why: 'stopped' | 'cancelled') {
    super(why);
  }
}

interface Waiting {
  index: number;
  owner: string;
  appId: string;
  announce: () => Promise<void>;
  resolve(keyId: string): void;
  reject(e: unknown): void;
}

/** How long the first key waits for others to join its batch. */
const GATHER_MS = 20;
/** Batches on their way at once (the worker's limiter paces them); while probing, one. */
const BATCHES_IN_FLIGHT = 3;
/** Single keys on their way at once: as many as the one-key path has (src/privileged/job-client.ts). */
const SINGLES_IN_FLIGHT = 6;
/**
 * Refusals that say nothing was made: the request's form (11100), a missing app (11101), a scope
 * the token lacks (11007). Any other refusal of a batch may come after some of its keys were made.
 */
const NOTHING_MADE = new Set([11100, 11101, 11007]);

export class Batcher {
  private readonly queue: Waiting[] = [];
  /** Items an answer left out: sent alone from now on, so each meets its own answer. */
  private readonly alone = new Set<number>();
  private batches = 0;
  private singles = 0;
  private timer = false;

  constructor(private readonly d: BatcherDeps) {}

  /**
   * Item `index`'s key, sent in a batch. `announce` saves the item as `sending`; it is awaited
   * before the request that carries it leaves.
   */
  send(index: number, announce: () => Promise<void>): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      const { owner, appId } = this.d.target(index);
      this.queue.push({ index, owner, appId, announce, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    const size = this.d.policy.nextSize();
    const head = this.queue[0];
    const ready = size < 2 || this.queue.some((w) => this.alone.has(w.index)) || (head && this.queue.filter((w) => w.owner === head.owner).length >= size);
    if (ready) return this.pump();
    if (this.timer) return;
    this.timer = true;
    void this.d.sleep(GATHER_MS).then(() => {
      this.timer = false;
      this.pump();
    });
  }

  private pump(): void {
    for (;;) {
      const single = this.queue.find((w) => this.alone.has(w.index));
      let batch = single ? [single] : this.queue.length ? this.peek(this.d.policy.nextSize()) : [];
      if (!batch.length) return;
      const one = batch.length === 1;
      if (one ? this.singles >= SINGLES_IN_FLIGHT : this.batches >= (this.d.policy.isProbing() ? 1 : BATCHES_IN_FLIGHT)) {
        // No room for a batch: a single key of another owner may still go.
        if (one) return;
        const lone = this.queue.find((w) => !this.queue.some((o) => o !== w && o.owner === w.owner));
        if (!lone || this.singles >= SINGLES_IN_FLIGHT) return;
        batch = [lone];
      }
      for (const w of batch) this.queue.splice(this.queue.indexOf(w), 1);
      const counted = batch.length === 1 ? 'singles' : 'batches';
      this[counted]++;
      void this.start(batch)
        .catch((e: unknown) => this.d.halt(e)) // never: start() settles every item itself
        .finally(() => {
          this[counted]--;
          for (const w of batch) w.reject(new NotSent('stopped')); // a no-op for items already settled
          if (this.queue.length) this.schedule();
        });
    }
  }

  /** Up to `size` waiting items of the oldest one's owner, each app once, oldest first (not taken yet). */
  private peek(size: number): Waiting[] {
    const owner = this.queue[0]!.owner;
    const apps = new Set<string>();
    const batch: Waiting[] = [];
    for (const w of this.queue) {
      if (batch.length >= Math.max(1, size)) break;
      if (w.owner !== owner || apps.has(w.appId) || this.alone.has(w.index)) continue;
      apps.add(w.appId);
      batch.push(w);
    }
    return batch;
  }

  private async start(batch: Waiting[]): Promise<void> {
    if (this.d.stopped()) return batch.forEach((w) => w.reject(new NotSent('stopped')));
    if (this.d.isCancelled()) return batch.forEach((w) => w.reject(new NotSent('cancelled')));
    try {
      // Each item's own storage key: saved side by side. One that fails stops the job; those saved are
      // `sending` and not sent, so they are looked up first when it resumes.
      await Promise.all(batch.map((w) => w.announce()));
    } catch (e) {
      this.d.halt(e); // a state that could not be saved stops the job, as it does for one key
      return batch.forEach((w) => w.reject(new NotSent('stopped')));
    }
    // Announced: left `sending`, each is looked up before anything is sent for it again.
    await this.dispatch(batch);
  }

  /** Nothing more leaves for these (announced) items: the job stopped, or was cancelled. */
  private held(batch: Waiting[]): boolean {
    const why = this.d.stopped() ? 'stopped' : this.d.isCancelled() ? 'cancelled' : undefined;
    if (why) batch.forEach((w) => w.reject(new NotSent(why)));
    return !!why;
  }

  /** Sends an announced batch; whether every item of it got its key. */
  private async dispatch(batch: Waiting[]): Promise<boolean> {
    if (this.held(batch)) return false;
    if (batch.length === 1) {
      const w = batch[0]!;
      try {
        await this.d.pacer.take();
        w.resolve(await this.d.postOne(w.index));
        return true;
      } catch (e) {
        w.reject(e);
        return false;
      }
    }
    await this.d.pacer.take();
    let answer: { keys: readonly BatchKey[]; mixed: boolean };
    try {
      answer = await this.d.post(batch.map((w) => w.index));
    } catch (err) {
      if (this.d.stopsJob(err) || err instanceof NotSent) {
        batch.forEach((w) => w.reject(err));
        return false;
      }
      const e = this.d.asClarifai(err);
      if (refusedWhole(e) && e.code !== undefined && NOTHING_MADE.has(e.code)) {
        // Nothing was made: split, each half on its own (a stopping or cancelled job sends no more).
        const half = Math.ceil(batch.length / 2);
        const done = await Promise.all([this.dispatch(batch.slice(0, half)), this.dispatch(batch.slice(half))]);
        const all = done.every(Boolean);
        if (all) this.d.policy.refused(batch.length, e.code);
        return all;
      }
      if (refusedWhole(e)) {
        // Refused in words that do not say nothing was made: each is looked up, then sent alone.
        for (const w of batch) this.alone.add(w.index);
        batch.forEach((w) => w.reject(this.d.unaccounted()));
        return false;
      }
      if (e.outcomeUnknown || (e.kind === 'transient' && e.code === undefined)) this.d.policy.unknown(batch.length);
      batch.forEach((w) => w.reject(e));
      return false;
    }
    return this.settle(batch, answer);
  }

  /** Gives each item of the batch its key from the answer, or an unknown outcome (see the top). */
  private settle(batch: Waiting[], answer: { keys: readonly BatchKey[]; mixed: boolean }): boolean {
    const byApp = new Map(batch.map((w) => [w.appId, w]));
    const got = new Map<Waiting, string>();
    const ids = new Set<string>();
    let regular = Array.isArray(answer.keys) && answer.keys.length <= batch.length;
    for (const k of regular ? answer.keys : []) {
      const key = k && typeof k === 'object' ? k : undefined;
      const apps = Array.isArray(key?.apps) ? key.apps : [];
      const app = apps.length === 1 && apps[0] && typeof apps[0] === 'object' ? apps[0] : undefined;
      const w = typeof app?.id === 'string' ? byApp.get(app.id) : undefined;
      const id = typeof key?.id === 'string' ? key.id : '';
      if (!w || (app?.user_id !== undefined && app.user_id !== w.owner) || !this.d.isKeyId(id) || got.has(w) || ids.has(id)) regular = false;
      else {
        got.set(w, id);
        ids.add(id);
      }
    }
    if (!regular) got.clear();
    for (const w of batch) {
      const id = got.get(w);
      if (id) w.resolve(id);
      else {
        if (regular) this.alone.add(w.index);
        w.reject(this.d.unaccounted());
      }
    }
    if (regular) this.d.policy.answered(batch.length, got.size < batch.length || answer.mixed);
    // An answer that left out most of its keys, or that could not be read, makes batches smaller.
    if (!regular || got.size < batch.length / 2) this.d.policy.unknown(batch.length);
    return got.size === batch.length;
  }
}

/** Refused as a whole: not passing, not unknown, not the token's. */
function refusedWhole(e: ClarifaiError): boolean {
  return !e.retryable && !e.outcomeUnknown && e.kind !== 'auth';
}
