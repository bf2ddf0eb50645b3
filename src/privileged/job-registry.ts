/**
 * What this worker is doing with bulk jobs now: which it runs or checks (`active`), claimed
 * synchronously so that two callers never both run one job, and the per-job lock that puts a
 * run's reads and its final write, and each pause, resume or cancel, one after another. Memory
 * only: a new worker starts with none, and finds what a dead one left in storage (./jobs.ts
 * `resumeJobs`). A change of existing keys (./key-changes.ts) claims its one task here too, as a
 * run named `key-change`, so that `interruptAll` halts it and the keep-alive alarm stays while it runs.
 */
import browser from 'webextension-polyfill';
import type { CheckKind, JobControl, JobItemState, JobPlan } from './job-types.ts';

const ALARM = 'keysmith-job-keepalive';
export const KEEPALIVE_ALARM = ALARM;

/** What this worker is doing with a job now: running it, or checking it (Recover, duplicates). */
export interface Active {
  kind: 'run' | 'check';
  /** Which check runs in the background (Recover, the sweep); absent for a short one (clear, delete). */
  check?: CheckKind;
  /** A run's plan, once it has read it (other runs compare their attempts with its, see `contested`). */
  plan?: JobPlan;
  /** A run's latest states and control, in memory once it has read them from storage. */
  states?: JobItemState[];
  control?: JobControl;
  /** A run's items whose PostKeys is on its way, until its answer is recorded and claimed. */
  inFlight?: Set<number>;
  /** Paused tasks waiting for Resume. */
  wake: (() => void)[];
  /** Aborted to stop a run at once ("Forget token", a lock), with the reason as a sentence. */
  halt?: AbortController;
  /** A check in the background: settles when it has ended. */
  ended?: Promise<void>;
}

/** Jobs this worker instance is running or checking now. See `claim`. */
export const active = new Map<string, Active>();
/** Why a run stopped, when storage had no room to keep it: this worker still says it. */
export const stoppedHere = new Map<string, string>();
const locks = new Map<string, Promise<void>>();

/** The states of the other jobs running in this worker: keys they recorded are theirs. */
export function othersRunning(id: string): JobItemState[][] {
  return [...active].flatMap(([other, j]) => (other !== id && j.states ? [j.states] : []));
}

/**
 * Claims "this job is running (or being checked) in this worker", synchronously: callers that race
 * (the keep-alive alarm's resume and the top-level resume of a worker that just woke, two Resume
 * clicks, two "Retry failed") cannot both get it, because no await comes between the check and the
 * claim. Released in a `finally` by whoever got it.
 */
export function claim(id: string, kind: Active['kind']): Active | undefined {
  if (active.has(id)) return undefined;
  const job: Active = { kind, wake: [] };
  active.set(id, job);
  return job;
}

export function release(id: string, job: Active) {
  if (active.get(id) === job) active.delete(id);
  // Checks in the background need the keep-alive alarm as runs do.
  if (![...active.values()].some((j) => j.kind === 'run' || j.check)) void browser.alarms?.clear(ALARM);
}

/**
 * Runs `fn` after every earlier `exclusive` call for this job has finished: the run's reading of
 * its state and its final write, and each pause, resume or cancel, happen one at a time, so a
 * pause that lands while a run is still reading storage is read by that run, not lost.
 */
export function exclusive<T>(id: string, fn: () => Promise<T>): Promise<T> {
  const prev = locks.get(id) ?? Promise.resolve();
  const next = prev.then(fn, fn);
  const tail = next.then(
    () => {},
    () => {},
  );
  locks.set(id, tail);
  void tail.then(() => {
    if (locks.get(id) === tail) locks.delete(id);
  });
  return next;
}

/**
 * Stops every run in this worker at once ("Forget token", a lock): no request is sent after this,
 * answers already on their way are recorded, and each job is left interrupted and resumable. (Each
 * request also checks the vault before it leaves: see ./api.ts.)
 */
export function interruptAll(reason: string): void {
  for (const job of active.values()) job.halt?.abort(reason); // runs, and Recover or the sweep
}

/**
 * Settles once this worker runs and checks no job. Tests wait for it between scenarios (after
 * `interruptAll`), so that a run one scenario left going never sends into the next one's API.
 */
export async function whenIdle(): Promise<void> {
  while (active.size) await new Promise((r) => setTimeout(r, 5));
}

/** The run in this worker that has read its state, if any: its memory is newer than storage. */
export function live(id: string): Active | undefined {
  const job = active.get(id);
  return job?.kind === 'run' && job.control ? job : undefined;
}
