/**
 * One run of a bulk job in this worker, in phases, each before anything is sent for it: name the
 * apps the worker never listed (GetApp), list the keys that already have each app's fields (the
 * evidence, ./job-evidence.ts), then create one key per app (../pure/bulk/runner.ts: pacing,
 * retries, never a key twice). A stop (the token gone, storage full, Forget token, a lock) leaves
 * the job interrupted and resumable; its end is always written (./job-budget.ts `recordEnd`).
 */
import browser from 'webextension-polyfill';
import { isValidKeyId } from '../pure/clarifai/client.ts';
import { ClarifaiError } from '../pure/clarifai/errors.ts';
import { runJob } from '../pure/bulk/runner.ts';
import { requirePat } from './api.ts';
import * as batching from './batching.ts';
import { limiter } from './limiter.ts';
import { isStorageFull, OperationError, storageFull } from './errors.ts';
import { t } from '../i18n/i18n.ts';
import { recordEnd } from './job-budget.ts';
import { claimsNowFor } from './job-claims.ts';
import { clientFor, CONCURRENCY, pacerFor, stopsJob } from './job-client.ts';
import { keyHash, ownedNow, takeSnapshots, writeEvidence } from './job-evidence.ts';
import { nameUnlisted } from './job-naming.ts';
import { claim, exclusive, KEEPALIVE_ALARM as ALARM, release, stoppedHere, type Active } from './job-registry.ts';
import { readControl, readPlan, readStates, writeControl, writeSessionPlan, writeState, writeStates } from './job-store.ts';
import { keyFieldsOf, type JobItemState } from './job-types.ts';

const MAX_ATTEMPTS = 8;
/** How often a running job's evidence is copied to storage.local (and at its end). */
const EVIDENCE_EVERY_MS = 5000;

export interface RunOptions {
  /** Failed and cancelled apps go again ("Retry failed"). */
  retry?: boolean;
  /** Called once the run has read its state (or found nothing to run). */
  onReady?: () => void;
}

/** Starts a run of the job unless one is running in this worker. Resolves when the run has ended. */
export function run(id: string): Promise<void> {
  const job = claim(id, 'run');
  if (!job) return Promise.resolve();
  return launch(id, job, {}).catch(() => console.warn('Keysmith: a bulk job could not start')); // its storage could not be read
}

export function launch(id: string, job: Active, opts: RunOptions): Promise<void> {
  return runClaimed(id, job, opts).finally(() => {
    opts.onReady?.();
    release(id, job);
  });
}

async function runClaimed(id: string, job: Active, opts: RunOptions): Promise<void> {
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
  let policy: Awaited<ReturnType<typeof batching.policyFor>>;
  let address = '';
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
        if (control.status !== 'paused' && !halt.signal.aborted) return leaving;
        leaving(false); // the turn is given back: this request does not leave on it
        if (halt.signal.aborted) throw new OperationError('invalid', t('errJobStoppedBeforeLeaving'));
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
    // This run's own requests on their way (see ./job-claims.ts: an item of the same job with the same
    // fields on the same app, a rotation of two look-alike keys, adopts no key while one is).
    const inFlight = (job.inFlight = new Set<number>());
    /** Keys this run's look-ups adopted, by item, until their states say so. */
    const reserved = new Map<string, number>();
    const claimsNow = claimsNowFor(id, plan);
    const items = plan.items;
    const newKey = (i: number) => {
      const item = items[i]!;
      const { scopes, endpoints, expiresAt } = keyFieldsOf(plan, item);
      return {
        description: item.description,
        scopes,
        ...(endpoints?.length ? { endpoints } : {}),
        apps: [{ id: item.appId, user_id: item.owner }],
        ...(expiresAt ? { expires_at: expiresAt } : {}),
      };
    };
    // Several keys in one PostKeys where this API address takes them (./batching.ts).
    policy = await batching.policyFor(client.baseUrl);
    address = client.baseUrl;
    await runJob(
      items,
      states,
      {
        now: () => Date.now(),
        sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
        random: Math.random,
        async createKey(item, index) {
          control.current = `${item.owner}/${item.appId}`;
          const i = index ?? items.indexOf(item as (typeof items)[number]);
          inFlight.add(i);
          const [key] = await client.postKeys(item.owner, [newKey(i)]);
          // A success without a usable key says nothing about whether one was made: unknown, looked up.
          if (!key || !isValidKeyId(key.id)) throw new ClarifaiError('failed', t('errNoNewKey'), undefined, undefined, [], undefined, true);
          return key.id;
        },
        // Adopt only a key of this job's own attempt on the app (never another job's, never an old one).
        async findKey(_item, _since, i) {
          const st = states[i]!;
          const item = items[i]!;
          const owned = await ownedNow(client, pacer, plan, item, { prior: st.prior, snapAt: st.snapAt, since: st.since }, () => claimsNow(item, i));
          // Chosen and reserved with nothing awaited: another item of this job with the same fields
          // (a rotation's look-alike keys) looking at once never takes the same key.
          const found = owned.find((k) => !states.some((o, n) => n !== i && o.keyId === k.id) && (reserved.get(k.id) ?? i) === i);
          if (found) reserved.set(found.id, i);
          return found?.id;
        },
        async save(i, st) {
          const s = st as JobItemState;
          if (s.since !== undefined) s.until = Date.now(); // the attempt's window ends no earlier than now
          if (s.keyId && !s.claim) s.claim = await keyHash(s.keyId);
          await writeState(id, i, s);
          // Its answer is in, and any key it brought is claimed: other items may judge keys again.
          if (s.status !== 'sending') inFlight.delete(i);
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
        ...(policy && {
          batching: {
            policy,
            isKeyId: isValidKeyId,
            post(indices) {
              control.current = `${items[indices[0]!]!.owner}/${items[indices[0]!]!.appId}`;
              for (const i of indices) inFlight.add(i);
              return client.postKeyBatch(items[indices[0]!]!.owner, indices.map(newKey));
            },
          },
        }),
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
    if (policy) await batching.remember(address, policy).catch(() => {}); // a full storage: learned again next time
    const finalPlan = plan;
    await exclusive(id, async () => {
      control.finishedAt = Date.now();
      control.current = undefined;
      await writeEvidence(finalPlan, job.states ?? []).catch(() => {});
      // Never throws: a write that fails (a full storage) must not leave the job marked running.
      if (await recordEnd(id, control, finalPlan, job.states ?? [])) stoppedHere.delete(id);
      else stoppedHere.set(id, control.status === 'interrupted' && control.stopped ? control.stopped : t('errJobEndNotSaved', storageFull()));
    });
  }
}

function stopReason(e: unknown, halt: AbortSignal): string {
  if (isStorageFull(e) || (e instanceof OperationError && e.message === storageFull())) return t('errJobStoppedRoom', storageFull());
  const why =
    halt.aborted && typeof halt.reason === 'string'
      ? halt.reason
      : e instanceof OperationError || e instanceof ClarifaiError
        ? e.message
        : t('chkInternalError');
  return t('errJobStoppedToken', why);
}
