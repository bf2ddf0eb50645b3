/**
 * A model-based test of rotation, both phases (../support/jobs-model-world.ts: worker generations
 * sharing one browser storage, every await on the outside released in an order a fast-check
 * scheduler picks, the sandbox's strict fake API in process). A rotation of old keys, among them
 * two of the very same shape in one app and keys with endpoint-level scopes, under sequences of
 * faults (throttles, 5xx, drops after commit, answers that do not say what happened), worker deaths
 * at any await, browser restarts, Retry failed, Recover and a person pressing "Delete N old keys"
 * (confirmRotation) at any time. Then faults stop and the job is resumed or recovered until it
 * ends, and the promises are checked:
 * - every old key ends with no replacement or exactly one: for each shape (app, description,
 *   scopes, endpoints, expiry), the keys made since the job began are exactly the ones its rows
 *   recorded, one per row at most, never more than its old keys;
 * - no row records an old key;
 * - an old key is deleted only after the person confirmed (a press of "Delete N old keys", which
 *   starts phase 2's deletions at once), and only one whose replacement existed then;
 * - confirming answers only rows whose replacement exists (that it is refused before the job ends
 *   is ./rotation.test.ts's); confirmed once more at the end, phase 2 deletes every old key whose
 *   replacement exists, unless a browser restart took its id (then the row says so), keeps every
 *   replacement, and deletes nothing else.
 *
 * ROTATION_MODEL_SEED and ROTATION_MODEL_RUNS to try others.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import base from '../../fakes/browser.ts';
import type { RotationRetiring } from '../../../src/pure/protocol/jobs.ts';
import { idGoneAfterRestart } from '../../../src/privileged/rotation-retire.ts';
import { Sandbox, type KeyRec } from '../../../sandbox/state.ts';
import { OWNER, START, World, type Faults } from '../support/jobs-model-world.ts';

const SEED = Number(process.env.ROTATION_MODEL_SEED ?? 90_210);
const RUNS = Number(process.env.ROTATION_MODEL_RUNS ?? 150);
const RPC = '/clarifai.api.V2/PostModelOutputs';

/** The old keys: two look-alikes in app-021, endpoints on one, an expiry on one. */
const OLD: { app: string; description: string; scopes: string[]; endpoints: string[]; expires?: boolean }[] = [
  { app: 'app-003', description: 'prod server', scopes: ['Predict'], endpoints: [] },
  { app: 'app-021', description: 'twin', scopes: ['Predict', 'Models:Get'], endpoints: [] },
  { app: 'app-021', description: 'twin', scopes: ['Models:Get', 'Predict'], endpoints: [] },
  { app: 'app-033', description: 'batch', scopes: ['Inputs:Get'], endpoints: [RPC] },
  { app: 'app-040', description: 'partner', scopes: ['Predict'], endpoints: [], expires: true },
];

function seedOldKeys(w: World): KeyRec[] {
  return OLD.map((o) => {
    const k: KeyRec = {
      id: w.sb.newKeyId(),
      type: 'app_specific_key',
      ownerId: OWNER,
      description: o.description,
      scopes: [...o.scopes],
      endpoints: [...o.endpoints],
      apps: [{ id: o.app, userId: OWNER }],
      createdAt: (START - 86_400_000) * 1000,
      ...(o.expires ? { expiresAt: (START + 90 * 86_400_000) * 1000 } : {}),
    };
    w.sb.keys.set(k.id, k);
    return k;
  });
}

/** The inventory as a finished read would have left it (storage.session, version 1 is stored bare). */
async function seedInventory(keys: readonly KeyRec[]): Promise<void> {
  const iso = (us: number | undefined) => (us === undefined ? undefined : new Date(us / 1000).toISOString());
  const view = {
    status: 'done',
    appsRead: keys.length,
    appsTotal: keys.length,
    unreadable: [],
    keys: keys.map((k) => ({
      keyId: k.id,
      kind: 'app',
      owner: OWNER,
      appId: k.apps[0]!.id,
      description: k.description,
      scopes: k.scopes,
      endpoints: k.endpoints,
      createdAt: iso(k.createdAt),
      ...(k.expiresAt ? { expiresAt: iso(k.expiresAt) } : {}),
    })),
  };
  await base.storage.session.set({ inventory: { view, phase: 'done', todo: [], full: false } });
}

interface Model {
  deaths: number;
}
type Cmd = fc.AsyncCommand<Model, World>;
const steps = fc.integer({ min: 0, max: 40 });
const command = (name: string, run: (m: Model, w: World) => Promise<void> | void, check: (m: Model) => boolean = () => true): Cmd => ({
  check,
  run: async (m, w) => void (await run(m, w)),
  toString: () => name,
});
const faults = fc.constantFrom<Faults>('none', 'throttles', '5xx', 'drops', 'unknown answers', 'all');

/** What confirmRotation answered when it was not refused. */
const confirmations: RotationRetiring[] = [];
const page = { caller: 'page' as const };
/** The person presses "Delete N old keys": phase 2 starts deleting the old keys whose replacement exists. */
const confirm = (w: World, jobId: string) => w.worker.handlers.confirmRotation({ op: 'confirmRotation', jobId }, page);

const jobOf = (w: World) => w.jobIds()[0];

const commands = [
  fc.record({ action: fc.constantFrom('retry', 'recover', 'confirm'), n: steps }).map(({ action, n }) =>
    command(`${action} +${n}`, async (_m, w) => {
      const id = jobOf(w);
      const { jobs } = w.worker;
      if (id && action === 'confirm') {
        // (jobs is this worker's; the confirmation goes through its handlers, as the page's does.)
        void w.fire('confirm', async () => {
          confirmations.push(await confirm(w, id)); // refused unless the job has ended (tests/unit/privileged/rotation.test.ts)
        });
      } else if (id) void w.fire(action, () => (action === 'retry' ? jobs.retryFailed(id) : jobs.recover(id)));
      await w.steps(n);
    }),
  ),
  steps.map((n) => command(`alarm +${n}`, (_m, w) => (w.alarm(), w.steps(n)))),
  fc.record({ alarm: fc.boolean(), n: steps }).map(({ alarm, n }) =>
    command(
      `die +${n}`,
      async (m, w) => (m.deaths++, await w.die({ alarm }), await w.steps(n)),
      (m) => m.deaths < 4,
    ),
  ),
  steps.map((n) =>
    command(
      `browser restart +${n}`,
      async (m, w) => (m.deaths++, await w.die({ wipeSession: true }), await w.steps(n)),
      (m) => m.deaths < 4,
    ),
  ),
  fc.record({ f: faults, n: steps }).map(({ f, n }) => command(`faults: ${f} +${n}`, (_m, w) => (w.setFaults(f), w.steps(n)))),
  fc.integer({ min: 1, max: 200 }).map((n) => command(`wait +${n}`, (_m, w) => w.steps(n))),
];

async function finish(w: World): Promise<void> {
  for (let round = 0; round < 10; round++) {
    if (round === 1) w.setFaults('none');
    if (!w.vaultHoldsToken()) await w.drive(w.fire('token back', () => w.newToken())); // a restart locked it
    await w.idle();
    w.alarm();
    await w.idle();
    const id = jobOf(w);
    if (!id) return;
    const { jobs } = w.worker;
    const p = await w.drive(jobs.progress(id));
    if (p.status === 'paused' || (p.status === 'interrupted' && p.resumable)) void w.fire('resume', () => jobs.control(id, 'resume'));
    else if (p.status === 'interrupted') void w.fire('recover', () => jobs.recover(id));
    else break;
  }
  await w.idle();
}

const shape = (k: { apps: { id: string }[]; description: string; scopes: string[]; endpoints: string[]; expiresAt?: number | undefined }) =>
  JSON.stringify([
    k.apps[0]!.id,
    k.description,
    [...new Set(k.scopes)].sort(),
    [...new Set(k.endpoints)].sort(),
    k.expiresAt ? Math.floor(k.expiresAt / 1e6) : 0,
  ]);

async function checkPromises(w: World, old: readonly KeyRec[], templated: boolean): Promise<void> {
  const oldIds = new Set(old.map((k) => k.id));
  // What each old key's replacement looks like: its fields, and the template's description if one was set.
  const target = (o: KeyRec) => shape({ ...o, description: templated ? `rotated: ${o.description}` : o.description });
  // An old key is deleted only once the person confirmed, and only one whose replacement existed then.
  const confirmedRows = () => new Set(confirmations.flatMap((c) => c.retirable.map((k) => k.i)));
  const deletedBeforeEnd = old.flatMap((k, i) => (w.sb.keys.has(k.id) ? [] : [i]));
  for (const i of deletedBeforeEnd) expect(confirmedRows().has(i), `old key ${i} deleted without a confirmation`).toBe(true);
  await finish(w);
  const id = jobOf(w);
  if (!id) return; // the rotation never started (a restart took the inventory first)
  const { jobs } = w.worker;
  let r = await w.drive(jobs.results(id));
  expect(['done', 'cancelled'], `the rotation ends (${r.progress.status})`).toContain(r.progress.status);
  const made = () => [...w.sb.keys.values()].filter((k) => !oldIds.has(k.id) && k.createdAt >= START * 1000 && old.some((o) => target(o) === shape(k)));
  const recorded = () => new Set(r.rows.flatMap((row) => (row.keyId ? [row.keyId] : [])));
  if (made().some((k) => !recorded().has(k.id))) {
    w.trail.push(
      `final recover (unrecorded: ${made()
        .filter((k) => !recorded().has(k.id))
        .map((k) => k.apps[0]!.id)
        .join(', ')})`,
    );
    void w.fire('final recover', () => jobs.recover(id));
    await w.idle();
    r = await w.drive(jobs.results(id));
  }
  const byShape = new Map<string, number>();
  for (const o of old) byShape.set(target(o), (byShape.get(target(o)) ?? 0) + 1);
  const rowsOf = new Map<string, string[]>();
  for (const k of made()) rowsOf.set(shape(k), [...(rowsOf.get(shape(k)) ?? []), k.id]);
  for (const [s, ids] of rowsOf) expect(ids.length, `replacements made for ${s}`).toBeLessThanOrEqual(byShape.get(s)!);
  expect(
    made()
      .filter((k) => !recorded().has(k.id))
      .map((k) => k.apps[0]!.id),
    'replacements no row recorded',
  ).toEqual([]);
  const keys = r.rows.flatMap((row) => (row.keyId ? [row.keyId] : []));
  expect(new Set(keys).size, 'a replacement recorded by two rows').toBe(keys.length);
  for (const [i, row] of r.rows.entries()) {
    if (!row.keyId) continue;
    expect(oldIds.has(row.keyId), `row ${i} records an old key`).toBe(false);
    const k = w.sb.keys.get(row.keyId);
    expect(k && shape(k), `row ${i}'s key has its old key's fields`).toBe(target(old[i]!));
  }
  // confirmRotation answered only rows whose replacement exists (and a replacement, once made, stays recorded).
  for (const c of confirmations) for (const k of c.retirable) expect(r.rows[k.i]!.status).toBe('created');
  // Confirmed now that it has ended: phase 2 deletes exactly the old keys whose replacement exists.
  const created = r.rows.flatMap((row, i) => (row.status === 'created' && row.keyId ? [i] : []));
  await retireToEnd(w, id);
  r = await w.drive(jobs.results(id));
  for (const i of confirmedRows()) expect(created, `confirmed row ${i} has its replacement`).toContain(i);
  old.forEach((k, i) => {
    const row = r.rows[i]!;
    if (!created.includes(i)) return expect(w.sb.keys.has(k.id), `old key ${i}, with no replacement, still there`).toBe(true);
    // A browser restart took the old id (and what phase 2 had done before it): nothing deleted on
    // the plan's word, and the row says so; otherwise the old key is deleted, and its row says so.
    const unknown = row.retired === 'failed' && row.retiredError === idGoneAfterRestart();
    if (w.sb.keys.has(k.id)) expect(unknown, `old key ${i} kept: the row says a restart took its id`).toBe(true);
    else expect(unknown || row.retired === 'deleted', `old key ${i} deleted, and its row says so (or that a restart left it unknown)`).toBe(true);
    expect(w.sb.keys.has(row.keyId!), `replacement ${i} kept`).toBe(true);
  });
  const deletes = w.sb.keyEvents.filter((e) => e.kind === 'deleted');
  expect(
    deletes.every((e) => old.some((k) => k.id === e.keyId)),
    'only old keys deleted',
  ).toBe(true);
}

/** The final confirmation, and phase 2 driven to its end (resumed when a lock or death stopped it, confirmed again when an earlier task held it). */
async function retireToEnd(w: World, id: string): Promise<void> {
  let confirmed = false;
  for (let round = 0; round < 12; round++) {
    if (!w.vaultHoldsToken()) await w.drive(w.fire('token back', () => w.newToken()));
    if (!confirmed) confirmed = (await w.drive(w.fire('final confirm', async () => confirmations.push(await confirm(w, id))))) !== undefined;
    w.alarm();
    await w.idle();
    const task = await w.drive(w.worker.keyChanges.view());
    if (task?.status === 'stopped') void w.fire('resume deletes', () => w.worker.keyChanges.resume());
    else if (confirmed && task?.status !== 'running') return;
    await w.idle();
  }
  throw new Error('phase 2 did not end');
}

describe('rotation under every interleaving (model-based)', () => {
  it('every old key ends with no replacement or exactly one, and is deleted only after the confirmation, once its replacement exists', async () => {
    const sb = new Sandbox(7);
    const total = { runs: 0, rotations: 0, replacements: 0, adopted: 0, deaths: 0, restarts: 0, drops: 0, unknownAnswers: 0, confirmed: 0, oldDeleted: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        faults,
        steps,
        fc.boolean(),
        fc.commands(commands, { maxCommands: 14 }),
        fc.integer(),
        async (s, f, n, template, cmds, seed) => {
          const w = await World.create(s, sb, seed);
          confirmations.length = 0;
          try {
            const old = seedOldKeys(w);
            await seedInventory(old);
            w.setFaults(f);
            const req = { op: 'startRotation' as const, keyIds: old.map((k) => k.id), ...(template ? { template: 'rotated: {description}' } : {}) };
            void w.fire('start rotation', () => w.worker.jobs.startRotation(req));
            await w.steps(n);
            await fc.asyncModelRun(() => ({ model: { deaths: 0 }, real: w }), cmds);
            await checkPromises(w, old, template);
            total.runs++;
            const id = w.jobIds()[0];
            if (id) {
              const r = await w.drive(w.worker.jobs.results(id));
              total.rotations++;
              total.replacements += r.rows.filter((row) => row.keyId).length;
              total.adopted += r.rows.filter((row) => row.adopted).length;
            }
            total.deaths += w.seen.deaths;
            total.restarts += w.seen.restarts;
            total.unknownAnswers += w.seen.unknownAnswers;
            total.drops += w.sb.log.filter((e) => e.fault === 'drop').length;
            total.confirmed += confirmations.length;
            total.oldDeleted += old.filter((k) => !w.sb.keys.has(k.id)).length;
          } catch (e) {
            console.log(`rotation-model: what happened\n  ${w.trail.join('\n  ')}`);
            const id = w.jobIds()[0];
            const r = id ? await w.drive(w.worker.jobs.results(id)).catch(() => undefined) : undefined;
            console.log(
              r?.rows
                .map(
                  (x) =>
                    `${x.appId} ${x.status}${x.adopted ? ' (adopted)' : ''}${x.uncertain ? ' (uncertain)' : ''} ${x.keyId?.slice(0, 6) ?? ''} ${x.error ?? ''}`,
                )
                .join('\n'),
            );
            console.log(w.sb.keyEvents.map((e) => `${e.kind} ${e.keyId.slice(0, 6)} ${e.app?.id} “${e.description}” +${e.time / 1000 - START}`).join('\n'));
            throw e;
          } finally {
            w.dispose();
          }
        },
      ),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    console.log(`rotation-model: seed ${SEED}: ${JSON.stringify(total)}`);
  }, 120_000);
});
