/**
 * A model-based test of the job manager: sequences of what a person, the browser and the network
 * do (fast-check commands: start, pause, resume, cancel, Retry failed, Recover, the keep-alive
 * alarm, a worker that dies at any await, a browser restart, Forget token, a lock, the token back,
 * throttles, 5xx, drops after commit and answers that do not say what happened), each let loose
 * among the worker's awaits in an order a fast-check scheduler picks (../support/jobs-model-world.ts).
 * Then faults stop, the token comes back, paused and interrupted jobs are resumed (or recovered)
 * until nothing moves, and the promises are checked:
 * - at most one key per app per job in the sandbox's records (per app and description: see below);
 * - every key the sandbox made for a job is recorded by that job (or found by its Recover), and no
 *   key is recorded by two jobs or for another app or description;
 * - nothing is sent while the vault does not hold the token it carries (after Forget or a lock,
 *   until the token is back);
 * - at most 15 requests start in any rolling second, whoever sends them;
 * - no job is left blocked: every job ends.
 *
 * Not modelled: the pages and the portal (the worker's job API is driven directly, also where a
 * page would not offer the button), unlocking with the passphrase (the token simply comes back,
 * after the couple of seconds a person takes), request timeouts, other browsers or people making
 * keys, Delete duplicates, full storage. Each job's descriptions are its own by default; two jobs
 * with the same ones (the same preset on the same day) are modelled with the switch below.
 *
 * Deterministic: everything random comes from the seed below (JOBS_MODEL_SEED to try another,
 * JOBS_MODEL_RUNS for more runs); a failure prints the seed and path to replay, and what happened.
 * JOBS_MODEL_DEBUG=1 adds the requests, the sandbox's log and keys, and the jobs' rows;
 * JOBS_MODEL_SHRINK=1 lets fast-check look for a shorter failing sequence.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JobProgress, JobResultRow } from '../../../src/pure/protocol/jobs.ts';
import { Sandbox } from '../../../sandbox/state.ts';
import { densest } from '../support/densest.ts';
import { OWNER, START, World, type Faults } from '../support/jobs-model-world.ts';

const SEED = Number(process.env.JOBS_MODEL_SEED ?? 612_517);
const RUNS = Number(process.env.JOBS_MODEL_RUNS ?? 100);
const DEBUG = !!process.env.JOBS_MODEL_DEBUG;
/** app-001 holds keys already, app-007's name is hostile, app-021's has direction overrides, app-033 has none. */
const APPS = ['app-001', 'app-003', 'app-007', 'app-012', 'app-021', 'app-033', 'app-038', 'app-040'];
/** The second names the apps first (GetApp: the worker never listed them). */
const TEMPLATES = ['model {app_id}', 'model {app_name} / {app_id}'];
/**
 * The first and third jobs of a run have the very same descriptions when their template is the
 * same (as two jobs with one preset on one day do), so that only their evidence tells their keys
 * apart; the second has its own. A job with its own descriptions is held to one key per app
 * exactly; jobs that share are held per app and description to no more keys than jobs (a double
 * create by one, with the other's attempt on that app failed, would pass). JOBS_MODEL_SAME_DESCRIPTIONS=1 makes them all
 * the same, =0 none.
 */
const SAME = process.env.JOBS_MODEL_SAME_DESCRIPTIONS;
const shared = (n: number) => (SAME === '1' ? true : SAME === '0' ? false : n % 2 === 1);
const template = (t: number, n: number) => (shared(n) ? TEMPLATES[t]! : `#${n} ${TEMPLATES[t]!}`);
const page = { caller: 'page' as const };

interface Model {
  started: number;
  deaths: number;
}
type Cmd = fc.AsyncCommand<Model, World>;

const steps = fc.integer({ min: 0, max: 40 });
const command = (name: string, run: (m: Model, w: World) => Promise<void> | void, check: (m: Model) => boolean = () => true): Cmd => ({
  check,
  run: async (m, w) => void (await run(m, w)),
  toString: () => name,
});

/** The n-th of the jobs the browser knows of, if any. */
const jobOf = (w: World, n: number) => {
  const ids = w.jobIds();
  return ids.length ? ids[n % ids.length] : undefined;
};

const startCommand = (apps: string[], t: number, n: number) =>
  command(
    `start(${apps.join(',')}; ${t}) +${n}`,
    async (m, w) => {
      const { jobs } = w.worker;
      const tpl = template(t, ++m.started);
      void w.fire(`start ${apps.join(',')} “${tpl}”`, () =>
        jobs.startJob({ op: 'startBulkJob', apps: apps.map((id) => ({ owner: OWNER, id })), scopes: ['Predict'], template: tpl }),
      );
      await w.steps(n);
    },
    (m) => m.started < 3,
  );
const faults = fc.constantFrom<Faults>('none', 'throttles', '5xx', 'drops', 'unknown answers', 'all');
/** Every run begins with a job of three apps or more, under some faults. */
const first = fc.record({ apps: fc.subarray(APPS, { minLength: 3 }), t: fc.nat(TEMPLATES.length - 1), f: faults, n: steps }).map(({ apps, t, f, n }) => {
  const start = startCommand(apps, t, n);
  return command(`faults: ${f}, ${String(start)}`, (m, w) => (w.setFaults(f), start.run(m, w)));
});
const startJob = fc
  .record({ apps: fc.subarray(APPS, { minLength: 1, maxLength: 5 }), t: fc.nat(TEMPLATES.length - 1), n: steps })
  .map(({ apps, t, n }) => startCommand(apps, t, n));

/** Pause, resume, cancel, Retry failed or Recover one of the jobs. */
const controlJob = fc.record({ job: fc.nat(3), action: fc.constantFrom('pause', 'resume', 'cancel', 'retry', 'recover'), n: steps }).map(({ job, action, n }) =>
  command(`${action}(#${job}) +${n}`, async (_m, w) => {
    const id = jobOf(w, job);
    const { jobs } = w.worker;
    if (id) {
      void w.fire(`${action} ${id.slice(-2)}`, () =>
        action === 'retry' ? jobs.retryFailed(id) : action === 'recover' ? jobs.recover(id) : jobs.control(id, action as 'pause' | 'resume' | 'cancel'),
      );
    }
    await w.steps(n);
  }),
);
const alarm = steps.map((n) => command(`alarm +${n}`, (_m, w) => (w.alarm(), w.steps(n))));
const wait = fc.integer({ min: 1, max: 200 }).map((n) => command(`wait +${n}`, (_m, w) => w.steps(n)));

const commands = [
  startJob,
  controlJob,
  alarm,
  fc.record({ alarm: fc.boolean(), n: steps }).map(({ alarm, n }) =>
    command(
      `die${alarm ? ' (woken by the alarm)' : ''} +${n}`,
      async (m, w) => {
        m.deaths++;
        await w.die({ alarm });
        await w.steps(n);
      },
      (m) => m.deaths < 4,
    ),
  ),
  steps.map((n) =>
    command(
      `browser restart +${n}`,
      async (m, w) => {
        m.deaths++;
        await w.die({ wipeSession: true });
        await w.steps(n);
      },
      (m) => m.deaths < 4,
    ),
  ),
  fc.record({ what: fc.constantFrom('forget', 'lock'), n: steps }).map(({ what, n }) =>
    command(`${what} +${n}`, async (_m, w) => {
      const { handlers } = w.worker;
      void w.fire(what, () => (what === 'forget' ? handlers.forgetPat({ op: 'forgetPat' }, page) : handlers.lock({ op: 'lock' }, page)));
      await w.steps(n);
    }),
  ),
  steps.map((n) =>
    command(`token back +${n}`, async (_m, w) => {
      if (!w.vaultHoldsToken()) void w.fire('token back', () => w.newToken());
      await w.steps(n);
    }),
  ),
  fc.record({ f: faults, n: steps }).map(({ f, n }) => command(`faults: ${f} +${n}`, (_m, w) => (w.setFaults(f), w.steps(n)))),
  wait,
];

/** The token back, paused and interrupted jobs resumed (or recovered), until nothing moves; faults stop after the first round. */
async function letEverythingFinish(w: World): Promise<Map<string, JobProgress>> {
  let last = new Map<string, JobProgress>();
  for (let round = 0; round < 10; round++) {
    if (round === 1) w.setFaults('none');
    if (!w.vaultHoldsToken()) await w.drive(w.fire('token back', () => w.newToken()));
    await w.idle();
    w.alarm();
    await w.idle();
    const { jobs } = w.worker;
    last = new Map();
    let moved = false;
    for (const id of w.jobIds()) {
      const p = await w.drive(jobs.progress(id));
      last.set(id, p);
      if (p.status === 'paused' || (p.status === 'interrupted' && p.resumable)) void w.fire(`resume ${id.slice(-2)}`, () => jobs.control(id, 'resume'));
      else if (p.status === 'interrupted') void w.fire(`recover ${id.slice(-2)}`, () => jobs.recover(id));
      else continue;
      moved = true;
    }
    if (!moved) break;
  }
  await w.idle();
  return last;
}

interface JobSeen {
  id: string;
  rows: JobResultRow[];
}

const group = (owner: string, appId: string, description: string) => `${owner}/${appId} “${description}”`;

async function recorded(w: World): Promise<JobSeen[]> {
  const out: JobSeen[] = [];
  for (const id of w.jobIds()) out.push({ id, rows: (await w.drive(w.worker.jobs.results(id))).rows });
  return out;
}

/** Keys the sandbox made (deleted ones too) for the apps and descriptions of the jobs, by group. */
function made(w: World, seen: JobSeen[]): Map<string, string[]> {
  const groups = new Set(seen.flatMap((j) => j.rows.map((r) => group(r.owner, r.appId, r.description))));
  const out = new Map<string, string[]>();
  for (const e of w.sb.keyEvents) {
    if (e.kind !== 'created' || !e.app) continue;
    const g = group(e.app.userId, e.app.id, e.description);
    if (groups.has(g)) out.set(g, [...(out.get(g) ?? []), e.keyId]);
  }
  return out;
}

/** Keys made for a job that no job recorded. */
function unrecorded(w: World, seen: JobSeen[]): string[] {
  const mine = new Set(seen.flatMap((j) => j.rows.flatMap((r) => (r.keyId ? [r.keyId] : []))));
  return [...made(w, seen)].flatMap(([g, ids]) => ids.filter((id) => !mine.has(id)).map((id) => `${g}: ${id.slice(0, 6)}…`));
}

/** Checks every promise; answers the most request starts in one second, for the caller's summary. */
async function checkPromises(w: World): Promise<number> {
  const final = await letEverythingFinish(w);
  // No job is left blocked.
  for (const [id, p] of final) expect(['done', 'cancelled'], `job ${id} ends (${JSON.stringify(p)})`).toContain(p.status);

  let seen = await recorded(w);
  // At most one key per app per job: a group (app and description) has no more keys than jobs that serve it.
  const serving = new Map<string, number>();
  for (const j of seen)
    for (const r of j.rows) serving.set(group(r.owner, r.appId, r.description), (serving.get(group(r.owner, r.appId, r.description)) ?? 0) + 1);
  for (const [g, ids] of made(w, seen)) expect(ids.length, `keys made for ${g}`).toBeLessThanOrEqual(serving.get(g) ?? 0);

  // Every key made is recorded by a job, or found by its Recover.
  if (unrecorded(w, seen).length) {
    w.trail.push(`unrecorded before Recover: ${unrecorded(w, seen).join('; ')}`);
    for (const j of seen) if (j.rows.some((r) => r.status !== 'created')) void w.fire(`final recover ${j.id.slice(-2)}`, () => w.worker.jobs.recover(j.id));
    await w.idle();
    seen = await recorded(w);
  }
  expect(unrecorded(w, seen).join('; '), 'keys made that no job recorded').toBe('');

  // A recorded key is a key the sandbox made for that very app and description, and no other job's.
  const keys = new Map<string, string>();
  for (const e of w.sb.keyEvents) if (e.kind === 'created' && e.app) keys.set(e.keyId, group(e.app.userId, e.app.id, e.description));
  const owners = new Map<string, string>();
  for (const j of seen) {
    for (const r of j.rows) {
      if (!r.keyId) continue;
      expect(keys.get(r.keyId), `job ${j.id} records a key of ${r.appId} it made`).toBe(group(r.owner, r.appId, r.description));
      expect(owners.get(r.keyId), `a key recorded by two jobs`).toBeUndefined();
      owners.set(r.keyId, j.id);
    }
  }

  // Nothing was sent with a token the vault no longer held.
  const sentWithout = w.starts.filter((r) => !r.vaultHeld).map((r) => `${r.method} ${r.path} at +${r.at - START} ms (worker ${r.worker})`);
  expect(sentWithout.join('; '), 'requests sent while the vault did not hold their token').toBe('');
  // At most 15 request starts in any rolling second.
  const busiest = densest(w.starts.map((r) => r.at));
  expect(busiest, 'most request starts in one second').toBeLessThanOrEqual(15);
  return busiest;
}

async function report(w: World): Promise<void> {
  console.log(`jobs-model: what happened\n  ${w.trail.join('\n  ')}`);
  if (!DEBUG) return;
  console.log(w.starts.map((r) => `+${r.at - START} worker ${r.worker} ${r.method} ${r.path}${r.vaultHeld ? '' : ' (no token in the vault)'}`).join('\n'));
  console.log(w.sb.log.map((e) => `sandbox ${e.seq} ${e.method} ${e.path} ${e.status}/${e.code} ${e.fault ?? ''}`).join('\n'));
  console.log(w.sb.keyEvents.map((e) => `${e.kind} ${e.keyId.slice(0, 6)} ${e.app?.id} “${e.description}” +${e.time / 1000 - START}`).join('\n'));
  for (const id of w.jobIds()) {
    const r = await w.drive(w.worker.jobs.results(id)).catch(() => undefined);
    console.log(
      `job ${id.slice(-2)} ${r?.progress.status}: ${r?.rows.map((x) => `${x.appId} ${x.status}${x.adopted ? ' (adopted)' : ''} ${x.keyId?.slice(0, 6) ?? ''}`).join(', ')}`,
    );
  }
}

describe('the job manager under every interleaving (model-based)', () => {
  it('never a key twice, never a key lost, nothing sent without the token, 15 a second, no job blocked', async () => {
    console.log(`jobs-model: seed ${SEED}, ${RUNS} runs (JOBS_MODEL_SEED, JOBS_MODEL_RUNS to try others)`);
    const sb = new Sandbox(7);
    const total = { runs: 0, jobs: 0, requests: 0, keys: 0, deaths: 0, restarts: 0, throttled: 0, errors: 0, drops: 0, unknownAnswers: 0 };
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), first, fc.commands(commands, { maxCommands: 18 }), fc.integer(), async (s, start, cmds, seed) => {
        const w = await World.create(s, sb, seed);
        try {
          const model: Model = { started: 0, deaths: 0 };
          await start.run(model, w);
          await fc.asyncModelRun(() => ({ model, real: w }), cmds);
          await checkPromises(w);
          total.runs++;
          total.jobs += w.jobIds().length;
          total.requests += w.starts.length;
          total.keys += w.sb.keyEvents.filter((e) => e.kind === 'created').length;
          total.deaths += w.seen.deaths;
          total.restarts += w.seen.restarts;
          total.unknownAnswers += w.seen.unknownAnswers;
          for (const e of w.sb.log) {
            if (e.code === 11005) total.throttled++;
            if (e.fault === 'error') total.errors++;
            if (e.fault === 'drop') total.drops++;
          }
        } catch (e) {
          await report(w);
          throw e;
        } finally {
          w.dispose();
        }
      }),
      // No shrinking by default (the seed and path replay a failure as it was); JOBS_MODEL_SHRINK=1 for a shorter one.
      { seed: SEED, numRuns: RUNS, endOnFailure: !process.env.JOBS_MODEL_SHRINK },
    );
    console.log(
      `jobs-model: ${total.runs} runs, ${total.jobs} jobs, ${total.requests} requests, ${total.keys} keys made; ${total.deaths} worker deaths, ${total.restarts} browser restarts; ` +
        `${total.throttled} throttled, ${total.errors} 5xx, ${total.drops} drops after commit, ${total.unknownAnswers} answers without the outcome`,
    );
  }, 60_000);

  /**
   * The model's jobs are small (a few apps), so its runs never press on the limit: with the
   * limiter at 1,000 a second they still passed. Here three jobs of many apps start at once and
   * run together (Recover, Retry failed and the alarm sending too), so a limiter that lets a
   * sixteenth request into a second is caught; the busiest second is checked to reach the limit,
   * so this check can fail at all.
   */
  it('15 a second, however many jobs, Recovers and resumes send at once', async () => {
    const sb = new Sandbox(7);
    const all = [...sb.apps.values()].filter((a) => a.userId === OWNER).map((a) => a.id);
    let busiest = 0;
    const big = fc.array(fc.record({ apps: fc.subarray(all, { minLength: 12, maxLength: 30 }), t: fc.nat(TEMPLATES.length - 1) }), {
      minLength: 3,
      maxLength: 3,
    });
    // Pause, resume, cancel, Retry failed, Recover; the alarm; waits. No deaths, restarts or lost
    // tokens here: they only slow the jobs down (the model above has them).
    const busy = [controlJob, alarm, wait];
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        big,
        fc.constantFrom<Faults>('none', 'throttles'),
        fc.commands(busy, { maxCommands: 6 }),
        fc.integer(),
        async (s, jobs, f, cmds, seed) => {
          const w = await World.create(s, sb, seed);
          try {
            const model: Model = { started: 0, deaths: 0 };
            // Throttles or none: answers that leave the outcome unknown, on two jobs' attempts with the
            // same fields at once, leave keys no job can prove its own (the model above has them).
            w.setFaults(f);
            for (const j of jobs) await startCommand(j.apps, j.t, 0).run(model, w);
            await fc.asyncModelRun(() => ({ model, real: w }), cmds);
            busiest = Math.max(busiest, await checkPromises(w));
          } catch (e) {
            await report(w);
            throw e;
          } finally {
            w.dispose();
          }
        },
      ),
      { seed: SEED, numRuns: Math.max(1, Math.round(RUNS / 10)), endOnFailure: !process.env.JOBS_MODEL_SHRINK },
    );
    console.log(`jobs-model, three big jobs at once: the busiest second held ${busiest} request starts`);
    expect(busiest, 'the busiest second of all runs reaches the limit (else this test could not catch a faster limiter)').toBe(15);
  }, 60_000);
});
