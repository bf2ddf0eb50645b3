/**
 * Whether Clarifai takes several keys in one PostKeys, found out safely, and how many at once.
 * `PostKeysRequest.keys` is a repeated field, but whether one request may carry keys for several
 * apps, how many, and what happens when one of them is refused are not documented. So:
 *
 * - The first bulk job of a session sends one batch of two keys (the probe). A batch answered in
 *   full, each key bound to the app it named, means batches work; a batch refused as a whole
 *   whose keys are then each made alone means they do not (one key a request, for good, on this API
 *   address); an answer holding fewer keys than asked means only part was done (batches go on, and
 *   the keys missing from an answer are looked up app by app before anything is sent for them).
 * - When batches work, the size grows from 2, fourfold after each batch answered in full, up to
 *   the person's cap; it halves on a time-out, and a size refused as a whole (its keys then made in
 *   smaller batches) is never reached again.
 * - What was learned is kept per API address, with its date (`Learned`), and a later job of the
 *   same session starts from it without a probe.
 *
 * Pure: the batcher (./batcher.ts) reports each batch's outcome here; the worker keeps `Learned`.
 */

export interface Learned {
  /**
   * `works`: a batch was answered in full; `partial`: some answer held fewer keys than asked;
   * `refused`: a batch of two was refused as a whole while its keys were made one at a time.
   */
  verdict: 'works' | 'partial' | 'refused';
  /** The largest batch answered (1 when refused). */
  size: number;
  /** The smallest batch size refused as a whole whose keys were then made in smaller ones. */
  tooLarge?: number | undefined;
  /** When it was learned (ms since epoch). */
  at: number;
}

/** The largest cap a person may set, and the cap unless they lower it. */
export const MAX_BATCH = 100;
export const DEFAULT_BATCH_CAP = 50;
/** Clarifai's 11100 CONN_BAD_REQUEST_FORMAT: the request's form is refused (a batch, or its size). */
const FORM_REFUSED = 11100;
/** What was learned is trusted this long; then the next job probes again. */
export const LEARNED_FOR_MS = 30 * 24 * 3600 * 1000;

export interface PolicyOptions {
  /** The most keys in one request (the person's cap, 1 to MAX_BATCH; 1 or less turns batches off). */
  cap: number;
  /** What an earlier job learned on this API address. */
  learned?: Learned | undefined;
  /** A job of this session already probed this API address: start from `learned` without a probe. */
  probed: boolean;
  now(): number;
}

export class BatchPolicy {
  private size: number;
  private probing: boolean;
  private best: number;
  private verdict: Learned['verdict'] | undefined;
  private tooLarge: number | undefined;
  private changed = false;
  private unknowns = 0;
  private readonly cap: number;

  constructor(private readonly o: PolicyOptions) {
    this.cap = Math.max(1, Math.min(MAX_BATCH, Math.floor(o.cap)));
    const l = o.learned;
    this.verdict = l?.verdict;
    this.best = l?.verdict === 'refused' ? 1 : (l?.size ?? 1);
    this.tooLarge = l?.tooLarge;
    const off = this.cap < 2 || l?.verdict === 'refused';
    this.probing = !off && !(o.probed && l);
    this.size = off ? 1 : this.probing ? 2 : this.bounded(Math.max(2, this.best));
  }

  /** The most keys a batch may ever carry in this job. */
  capacity(): number {
    return this.cap;
  }

  /** How many keys the next batch may carry (1: one key a request). */
  nextSize(): number {
    return this.size;
  }

  /** While the probe is out, no other batch is sent: its answer decides what follows. */
  isProbing(): boolean {
    return this.probing;
  }

  /** A batch of `n` keys was answered (`partial`: fewer keys than asked, each bound to its app). */
  answered(n: number, partial: boolean): void {
    if (n < 2) return;
    const wasProbe = this.probing;
    this.probing = false;
    const verdict = partial || this.verdict === 'partial' ? 'partial' : 'works';
    if (verdict !== this.verdict || (!partial && n > this.best)) this.changed = true;
    this.verdict = verdict;
    if (!partial) this.best = Math.max(this.best, n);
    if (wasProbe) this.size = this.bounded(Math.max(8, this.best));
    else if (!partial && n >= this.size) this.size = this.bounded(this.size * 4);
  }

  /**
   * A batch of `n` was refused as a whole (with Clarifai's `code`), and each of its keys was then
   * made in smaller requests: the refusal was of the batch, not of an app. Batches are refused for
   * good only on the probe's word or a refusal of the request's form (11100); a pair refused
   * otherwise (a stray failure) sends one key a request for the rest of this job only.
   */
  refused(n: number, code?: number): void {
    const wasProbe = this.probing;
    this.probing = false;
    if (n <= 2) {
      this.size = 1;
      if (!wasProbe && code !== FORM_REFUSED) return;
      this.changed = true;
      this.verdict = 'refused';
      this.best = 1;
      this.tooLarge = 2;
      return;
    }
    this.changed = true;
    this.tooLarge = Math.min(this.tooLarge ?? Infinity, n);
    this.size = this.bounded(Math.min(this.size, Math.floor(n / 2)));
  }

  /**
   * A batch of `n` timed out or its outcome is unknown: smaller batches from now on, never below
   * two; a probe stays one. Probes that keep ending so, or batches of two that do, send one key a
   * request for the rest of this job (nothing is learned: a slow network is no verdict).
   */
  unknown(n: number): void {
    if (n < 2) return;
    this.unknowns++;
    if (this.probing) {
      if (this.unknowns >= 2) [this.probing, this.size] = [false, 1];
      return;
    }
    if (this.size <= 2 && this.unknowns >= 3) this.size = 1;
    else this.size = Math.max(2, Math.min(this.size, Math.floor(n / 2)));
  }

  /** What to remember for this API address, when this job learned something new. */
  learned(): Learned | undefined {
    if (!this.changed || !this.verdict) return undefined;
    return { verdict: this.verdict, size: this.best, ...(this.tooLarge ? { tooLarge: this.tooLarge } : {}), at: this.o.now() };
  }

  private bounded(n: number): number {
    return Math.max(1, Math.min(n, this.cap, this.tooLarge ? this.tooLarge - 1 : Infinity));
  }
}
