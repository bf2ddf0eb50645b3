/**
 * One run of a bulk job in this worker, in phases, each before anything is sent for it: name the
 * apps the worker never listed (GetApp), list the keys that already have each app's fields (the
 * evidence, ./job-evidence.ts), then create one key per app (../pure/bulk/runner.ts: pacing,
 * retries, never a key twice). A stop (the token gone, storage full, Forget token, a lock) leaves
 * the job interrupted and resumable; its end is always written (./job-budget.ts `recordEnd`).
 */
import browser from 'webextension-polyfill';
import pLimit from 'p-limit';
import { isValidKeyId } from '../pure/clarifai/client.ts';
import { ClarifaiError } from '../pure/clarifai/errors.ts';
import { runJob } from '../pure/bulk/runner.ts';
import { sameFields } from '../pure/bulk/ownership.ts';
import type { Limiter } from '../pure/bulk/limiter.ts';
import { plainText } from '../pure/bulk/template.ts';
import type { LeftOutApp } from '../pure/protocol.ts';
import { PAT_SCOPES_NEEDED } from '../pure/scopes/catalogue.ts';
import { clientFor as unlimitedClientFor, requirePat } from './api.ts';
import { limited, limiter, passOnPauses, retrying } from './limiter.ts';
import { isStorageFull, OperationError, STORAGE_FULL } from './errors.ts';
import { attemptOf, claimedElsewhere, evidenceWrites, keyHash, ownedNow, takeSnapshots, writeEvidence } from './job-evidence.ts';
import { describe } from './job-plan.ts';
import { active, exclusive, KEEPALIVE_ALARM as ALARM, othersRunning, stoppedHere, type Active } from './job-registry.ts';
import { recordEnd, writePlan } from './job-budget.ts';
import { readControl, readPlan, readStates, writeControl, writeSessionPlan, writeState, writeStates } from './job-store.ts';
import type { JobItemState, JobPlan, PlanItem } from './job-types.ts';

const CONCURRENCY = 6;
const MAX_ATTEMPTS = 8;
/** How often a running job's evidence is copied to storage.local (and at its end). */
const EVIDENCE_EVERY_MS = 5000;

/** Every request of a job's client takes its turn from the worker's one limiter (./limiter.ts). */
export const clientFor = async (pat: string) => limited(await unlimitedClientFor(pat));
/** Turns are taken inside the client: the job's own pacing only passes a throttle's pause on. */
export const pacerFor = (_plan: JobPlan): Limiter => passOnPauses;

const CONTESTED =
  'Another job of this browser was making a key for this app with the same description, scopes and expiry at the same moment, so Keysmith could not tell which key is this job’s. Retry failed looks again once that job is done.';

/**
 * Another run in this worker has an attempt on this app with the same fields whose key may be in
 * the making or just made: sending, its outcome unknown, or recorded but not claimed yet. A key
 * listed now may then be that run's with no claim saying so: this job adopts none meanwhile.
 */
function contested(id: string, plan: JobPlan, item: PlanItem): boolean {
  const mine = attemptOf(plan, item);
  for (const [other, j] of active) {
    if (other === id || j.kind !== 'run' || !j.plan || !j.states) continue;
    for (const [k, it] of j.plan.items.entries()) {
      if (it.owner !== item.owner || it.appId !== item.appId || !sameFields(attemptOf(j.plan, it), mine)) continue;
      const s = j.states[k];
      if (s && (s.status === 'sending' || s.uncertain || (s.keyId !== undefined && !s.claim))) return true;
    }
  }
  return false;
}

/** Checks the PAT up front: a wrong or under-scoped token fails the whole job before anything is sent. */
export async function preflight() {
  const pat = await requirePat();
  const client = await clientFor(pat);
  const { scopes } = await client.myScopes('me');
  if (!scopes.includes('All')) {
    const missing = PAT_SCOPES_NEEDED.createKeys.filter((s) => !scopes.includes(s));
    if (missing.length)
      throw new OperationError('scopes', `The Personal Access Token lacks ${missing.join(', ')}, which creating keys needs. Nothing was created.`);
  }
  return client;
}

/**
 * Names the apps the worker never listed (GetApp), before anything is sent: an app Clarifai says
 * does not exist, or that cannot be looked up, is left out with the reason. The plan is written
 * once, with the apps it serves; nothing was sent yet, so no item state moves.
 */
async function nameUnlisted(plan: JobPlan, client: Awaited<ReturnType<typeof clientFor>>, pacer: Limiter): Promise<JobPlan> {
  const date = plan.date ?? plan.createdAt.slice(0, 10);
  const leftOut = [...(plan.leftOut ?? [])];
  const items: PlanItem[] = [];
  const limit = pLimit(CONCURRENCY);
  const named = await Promise.all(
    plan.items.map((item) =>
      limit(async (): Promise<PlanItem | LeftOutApp> => {
        if (!item.unnamed) return item;
        try {
          const app = await retrying(pacer, () => client.getApp(item.owner, item.appId));
          const appName = typeof app.name === 'string' && app.name ? plainText(app.name, 256) : item.appId;
          const next: PlanItem = { ...item, appName, unnamed: undefined };
          next.description = describe(plan, next, date);
          return next;
        } catch (e) {
          if (stopsJob(e)) throw e; // the token is gone: the job stops, resumable
          const reason =
            e instanceof ClarifaiError && e.kind === 'not-found'
              ? 'Clarifai says this app does not exist (it may have been deleted since it was listed).'
              : `Keysmith could not look this app up on Clarifai to name it: ${(e as Error).message}`;
          return { owner: item.owner, appId: item.appId, reason };
        }
      }),
    ),
  );
  named.forEach((n, i) => {
    if ('reason' in n) leftOut.push({ ...n, pick: plan.items[i]!.pick ?? 0 });
    else items.push(n);
  });
  const next: JobPlan = { ...plan, items, leftOut };
  await writePlan(next);
  return next;
}

export interface RunOptions {
  /** Failed and cancelled apps go again ("Retry failed"). */
  retry?: boolean;
  /** Called once the run has read its state (or found nothing to run). */
  onReady?: () => void;
}

export async function runClaimed(id: string, job: Active, opts: RunOptions): Promise<void> {
  const setup = await exclusive(id, async () => {
    const plan = await readPlan(id);
    if (!plan) return undefined;
    if (opts.retry) {
      // A failure whose outcome was unknown keeps `uncertain` and its evidence: it is looked up
      // before any retry. A certain failure starts a new series: its evidence is taken afresh.
      const before = await readStates(plan);
      const updates = new Map<number, JobItemState>();
      before.forEach((st, i) => {
        if (st.status !== 'failed' && st.status !== 'cancelled') return;
        // So does one in which an earlier attempt may have made a key (`maybeMade`), whatever its last
        // attempt said: its listing from before and its times are what tell that key is this job's.
        const keep = st.uncertain || st.maybeMade;
        const fresh = keep ? { uncertain: true } : { prior: undefined, snapAt: undefined, since: undefined, until: undefined, maybeMade: undefined };
        updates.set(i, { ...st, ...fresh, status: 'pending', error: undefined, attempts: 0 });
      });
      await writeStates(id, updates);
      await writeSessionPlan(plan);
      await writeControl(id, { status: 'running', startedAt: Date.now() });
    }
    const control = await readControl(id);
    if (!control || (control.status !== 'running' && control.status !== 'paused')) return undefined;
    job.states = await readStates(plan);
    job.control = control;
    return { plan, control };
  });
  opts.onReady?.();
  if (!setup) return;
  let plan = setup.plan;
  job.plan = plan;
  const control = setup.control;
  const halt = (job.halt = new AbortController());
  let evidenceTimer: ReturnType<typeof setTimeout> | undefined;
  const keepEvidence = () => {
    evidenceTimer ??= setTimeout(() => {
      evidenceTimer = undefined;
      void writeEvidence(plan, job.states!).catch(() => {});
    }, EVIDENCE_EVERY_MS);
  };
  await browser.alarms?.create(ALARM, { periodInMinutes: 0.5 });
  try {
    const client = await clientFor(await requirePat());
    // The limiter's turn is the last wait before a request leaves, and it can last seconds: a turn
    // that comes while the person has paused the job is not used. The request waits for Resume (or
    // Cancel), then takes a new turn, so nothing queued leaves after Pause.
    client.gateWith(async () => {
      for (;;) {
        const leaving = await limiter.takeTicket(); // counted when the request leaves (see ./limiter.ts `limited`)
        // Stopped while this request waited for its turn: it does not leave (it stays `sending` and is
        // looked up before anything is sent again).
        if (halt.signal.aborted) throw new OperationError('invalid', 'The job stopped before this request left.');
        if (control.status !== 'paused') return leaving;
        await Promise.race([
          new Promise<void>((r) => job.wake.push(r)),
          new Promise<void>((r) => halt.signal.addEventListener('abort', () => r(), { once: true })),
        ]);
      }
    });
    const pacer = pacerFor(plan);
    if (plan.items.some((it) => it.unnamed)) {
      plan = await nameUnlisted(plan, client, pacer);
      job.plan = plan;
      job.states = plan.items.map(() => ({ status: 'pending', attempts: 0 }));
    }
    // The evidence, before anything is sent: which keys with each app's fields are already there.
    const snaps = await takeSnapshots(plan, job.states!, client, pacer);
    for (const [i, st] of snaps) job.states![i] = st;
    await writeStates(id, snaps);
    await writeEvidence(plan, job.states!);
    const states = job.states!;
    // Other jobs' claims, taken after each listing (see ownedNow), then judged with nothing awaited:
    // those of runs going on now from their memory; those kept in storage.local read again only
    // when a job of this worker has written its evidence since (one that ended left them there).
    let stored: { at: number; claims: Promise<Set<string>> } | undefined;
    const claimsNow = async (item: PlanItem): Promise<Set<string>> => {
      for (;;) {
        const at = evidenceWrites();
        if (stored?.at !== at) stored = { at, claims: claimedElsewhere(id, []) };
        let claims: Set<string>;
        try {
          claims = new Set(await stored.claims);
        } catch (e) {
          stored = undefined;
          throw e;
        }
        if (evidenceWrites() !== at) continue; // a job wrote its evidence meanwhile (perhaps it ended): read again
        for (const other of othersRunning(id)) for (const o of other) if (o.claim) claims.add(o.claim);
        // Looked again later (a passing fault to the runner), when that run's attempt has settled.
        if (contested(id, plan, item)) throw new ClarifaiError('transient', CONTESTED);
        return claims;
      }
    };
    const items = plan.items;
    const scopes = plan.scopes;
    const expiresAt = plan.expiresAt;
    await runJob(
      items,
      states,
      {
        now: () => Date.now(),
        sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
        random: Math.random,
        async createKey(item) {
          control.current = `${item.owner}/${item.appId}`;
          const [key] = await client.postKeys(item.owner, [
            { description: item.description, scopes, apps: [{ id: item.appId, user_id: item.owner }], ...(expiresAt ? { expires_at: expiresAt } : {}) },
          ]);
          // A success without a usable key says nothing about whether one was made: unknown, looked up.
          if (!key || !isValidKeyId(key.id))
            throw new ClarifaiError('failed', 'Clarifai answered that it worked but did not send the new key.', undefined, undefined, [], undefined, true);
          return key.id;
        },
        // Adopt only a key of this job's own attempt on the app (never another job's, never an old one).
        async findKey(_item, _since, i) {
          const st = states[i]!;
          const item = items[i]!;
          const [found] = await ownedNow(client, pacer, plan, item, { prior: st.prior, snapAt: st.snapAt, since: st.since }, () => claimsNow(item));
          return found?.id;
        },
        async save(i, st) {
          const s = st as JobItemState;
          if (s.since !== undefined) s.until = Date.now(); // the attempt's window ends no earlier than now
          if (s.keyId && !s.claim) s.claim = await keyHash(s.keyId);
          await writeState(id, i, s);
          keepEvidence();
        },
      },
      {
        ratePerSecond: plan.ratePerSecond,
        concurrency: CONCURRENCY,
        maxAttempts: MAX_ATTEMPTS,
        isCancelled: () => control.status === 'cancelled',
        whenRunning: () => (control.status === 'paused' ? new Promise<void>((r) => job.wake.push(r)) : Promise.resolve()),
        stopsJob,
        signal: halt.signal,
        limiter: pacer,
      },
    );
    if (control.status !== 'cancelled') control.status = 'done';
  } catch (e) {
    // The token is gone (forgotten, locked, replaced, refused) or storage failed: stop, keep what
    // is known; the job is interrupted and resumable once the token is back.
    control.status = 'interrupted';
    control.stopped = stopReason(e, halt.signal);
    console.warn('Keysmith: bulk job stopped', e instanceof Error ? e.name : typeof e);
  } finally {
    clearTimeout(evidenceTimer);
    const finalPlan = plan;
    await exclusive(id, async () => {
      control.finishedAt = Date.now();
      control.current = undefined;
      await writeEvidence(finalPlan, job.states ?? []).catch(() => {});
      // Never throws: a write that fails (a full storage) must not leave the job marked running.
      if (await recordEnd(id, control, finalPlan, job.states ?? [])) stoppedHere.delete(id);
      else
        stoppedHere.set(
          id,
          control.status === 'interrupted' && control.stopped
            ? control.stopped
            : `${STORAGE_FULL} The job’s end could not be saved, so it is kept as interrupted; once there is room, press Resume.`,
        );
    });
  }
}

/** A token that is gone, or refused by Clarifai, stops the whole job: no app fails for it. */
function stopsJob(e: unknown): boolean {
  return e instanceof OperationError || (e instanceof ClarifaiError && e.kind === 'auth');
}

function stopReason(e: unknown, halt: AbortSignal): string {
  if (isStorageFull(e) || (e instanceof OperationError && e.message === STORAGE_FULL))
    return `${STORAGE_FULL} The job stopped and sent nothing more; once there is room, press Resume.`;
  const why =
    halt.aborted && typeof halt.reason === 'string'
      ? halt.reason
      : e instanceof OperationError || e instanceof ClarifaiError
        ? e.message
        : 'Keysmith hit an internal error.';
  return `${why} The job stopped and sent nothing more; once the token is back, press Resume.`;
}
