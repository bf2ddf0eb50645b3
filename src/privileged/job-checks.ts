/**
 * The checks after a job: Recover (find, through the API, the keys a job made when the browser lost
 * its memory of them) and the duplicate sweep (keys the browser made twice by silently re-sending a
 * request). Both go app by app and take a key only when it provably belongs to this job's attempt
 * on that app (../pure/bulk/ownership.ts): never another job's key, never one that was there before.
 */
import type { Limiter as Pacer } from '../pure/bulk/limiter.ts';
import type { Evidence } from '../pure/bulk/ownership.ts';
import type { ClarifaiClient } from '../pure/clarifai/client.ts';
import { ClarifaiError } from '../pure/clarifai/errors.ts';
import { keyHash, ownedNow, readEvidence } from './job-evidence.ts';
import type { JobItemState, JobPlan } from './job-store.ts';

/** What is known of the attempts on item i: this browser's memory first, else the copy in storage.local. */
function evidenceFor(plan: JobPlan, s: JobItemState, stored: readonly Evidence[] | undefined, i: number): Evidence {
  if (s.prior || s.since !== undefined) return { prior: s.prior, snapAt: s.snapAt, since: s.since, until: s.until };
  // A job from before evidence was kept: only time and other jobs' claims tell.
  return stored?.[i] ?? { since: Date.parse(plan.createdAt) };
}

/** Stops the check (the token is gone or refused); anything else concerns one app only. */
function stops(e: unknown): boolean {
  return !(e instanceof ClarifaiError) || e.kind === 'auth';
}

/**
 * Looks up every app the job has no key for, and adopts the key of its own attempt when there is
 * one (the oldest, when a re-sent request made two: the other is then a duplicate). An app that
 * cannot be looked up keeps an unknown outcome and says why; the others go on.
 */
export async function recoverKeys(
  plan: JobPlan,
  states: readonly JobItemState[],
  /** The states are this browser's memory of the job (false after a restart: they are blanks). */
  remembered: boolean,
  client: ClarifaiClient,
  pacer: Pacer,
  elsewhere: ReadonlySet<string>,
): Promise<Map<number, JobItemState>> {
  const stored = await readEvidence(plan);
  const updates = new Map<number, JobItemState>();
  for (const [i, item] of plan.items.entries()) {
    const s = states[i]!;
    if (s.status === 'created') continue;
    // Known never to have been sent: there is nothing to find.
    if (remembered && s.status !== 'sending' && s.attempts === 0 && !s.uncertain) {
      updates.set(i, { ...s, status: 'failed', error: { kind: 'failed', message: 'No request was sent for this app: no key was made.' } });
      continue;
    }
    try {
      const [found] = await ownedNow(client, pacer, plan, item, evidenceFor(plan, s, stored, i), elsewhere);
      updates.set(
        i,
        found
          ? { ...s, status: 'created', keyId: found.id, claim: await keyHash(found.id), adopted: true, uncertain: false, error: undefined }
          : { ...s, status: 'failed', uncertain: false, error: { kind: 'failed', message: 'No key of this job was found for this app: it was not created.' } },
      );
    } catch (e) {
      if (stops(e)) throw e;
      const message = `Keysmith could not look this app up on Clarifai, so whether its key was made is still unknown: ${(e as ClarifaiError).message}`;
      updates.set(i, { ...s, status: 'failed', uncertain: true, error: { kind: (e as ClarifaiError).kind, message } });
    }
  }
  return updates;
}

export interface Duplicate {
  owner: string;
  appId: string;
  keyId: string;
}

/**
 * The sweep after a job (toolchain.md): Chromium silently re-sends a POST when a reused connection
 * closes before the answer, so one attempt can make two keys with only one answer seen. No check
 * before a retry can see that; listing each app's keys afterwards can. A key of this job's own
 * attempt on an app, other than the one it recorded, is such a silent duplicate: it was never shown
 * to anyone, and the person may delete it. An app deleted since has none.
 */
export async function duplicateKeys(plan: JobPlan, states: readonly JobItemState[], client: ClarifaiClient, pacer: Pacer, elsewhere: ReadonlySet<string>): Promise<Duplicate[]> {
  const stored = await readEvidence(plan);
  const out: Duplicate[] = [];
  for (const [i, item] of plan.items.entries()) {
    const s = states[i]!;
    if (s.status !== 'created' || !s.keyId) continue;
    let owned;
    try {
      owned = await ownedNow(client, pacer, plan, item, evidenceFor(plan, s, stored, i), elsewhere);
    } catch (e) {
      if (e instanceof ClarifaiError && e.kind === 'not-found') continue;
      throw e;
    }
    for (const k of owned) if (k.id !== s.keyId) out.push({ owner: item.owner, appId: item.appId, keyId: k.id });
  }
  return out;
}
