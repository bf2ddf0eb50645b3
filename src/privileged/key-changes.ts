/**
 * A change of existing keys, asked for from the key inventory page: delete them, or give them a
 * scope set. One task at a time in the worker, claimed synchronously in the job registry (so the
 * keep-alive alarm's resume and a new worker's resume never both run it, a lock or "Forget token"
 * halts it with `interruptAll`, and the alarm stays while it runs). Kept in `storage.session` (key
 * ids are secrets), each row saved as `sending` before its request leaves (./key-change-rows.ts),
 * so that a task the worker's death stopped goes on and never repeats what landed. What lands is
 * said in the inventory (./inventory.ts `amend`).
 *
 * Every key is resolved against the worker's own inventory: a page's word is not taken for a key's
 * owner, app or scopes.
 */
import browser from 'webextension-polyfill';
import { t } from '../i18n/i18n.ts';
import type { KeyChangeRow, KeyChangeView } from '../pure/protocol/key-changes.ts';
import { clientFor, requirePat } from './api.ts';
import { isStorageFull, OperationError, storageFull } from './errors.ts';
import * as inventory from './inventory.ts';
import { failedRow, notInInventory, rowOf, targetOf, type StartRequest } from './key-change-plan.ts';
import { changeRow, uncertainChange } from './key-change-rows.ts';
import { claim, KEEPALIVE_ALARM, release, type Active } from './job-registry.ts';
import { limiter } from './limiter.ts';
import * as storage from './storage/access.ts';
import { KEY_CHANGE } from './storage/items.ts';
import type { KeyChangeRecord } from './storage/schemas.ts';

/** The task's name in the job registry (no job id looks like it: those are uuids). */
export const KEY_CHANGE_CLAIM = 'key-change';

export { noScopes, notInInventory, patReadOnly, type StartRequest } from './key-change-plan.ts';

export const busy = (): string => t('errKeyChangeBusy');
export const stoppedFirst = (): string => t('errKeyChangeStopped');
const halted = (): string => t('wkChangeHalted');

export interface Target {
  keyId: string;
  owner: string;
  appId: string;
  appName?: string | undefined;
  description: string;
  /** The rotation's item whose old key this is (reported back through `onRowSettled`). */
  ref?: number | undefined;
  /** Delete only while this key exists (the old key's replacement). */
  requires?: { owner: string; keyId: string } | undefined;
}

/** Hears each row of a task with an origin (a rotation's phase 2) that ended done or failed. */
type RowListener = (origin: { rotation: string }, row: KeyChangeRow) => Promise<void>;
let rowListener: RowListener | undefined;

/** Registers the one listener for rows of tasks started for a purpose (./rotation-retire.ts). */
export function onRowSettled(listener: RowListener): void {
  rowListener = listener;
}

interface Run {
  rec: KeyChangeRecord;
  job: Active;
  /** Cancel was asked: no row starts after the one on its way. */
  cancelled: boolean;
  done: Promise<void>;
}

/** The task this worker runs now. */
let run: Run | undefined;

/** Saves are chained, so that an older snapshot never lands after a newer one. */
let saving: Promise<void> = Promise.resolve();
function save(rec: KeyChangeRecord): Promise<void> {
  const snapshot = structuredClone(rec);
  const next = saving.then(() => storage.write(KEY_CHANGE, snapshot));
  saving = next.catch(() => {});
  return next;
}

function shown(rec: KeyChangeRecord): KeyChangeView {
  const { scopes: _s, endpoints: _e, ...view } = structuredClone(rec);
  const count = (s: KeyChangeRow['status']) => rec.rows.filter((r) => r.status === s).length;
  return { ...view, done: count('done'), unchanged: count('unchanged'), failed: count('failed'), total: rec.rows.length };
}

/** Why the task stopped, in words: the halt's reason, the token's or storage's sentence, Clarifai's. */
function stopWords(e: unknown, job: Active): string {
  if (job.halt?.signal.aborted) return typeof job.halt.signal.reason === 'string' ? job.halt.signal.reason : halted();
  if (isStorageFull(e)) return storageFull();
  if (e instanceof Error && 'kind' in e) return e.message.slice(0, 400);
  return t('wkChangeInternal');
}

async function execute(r: Run): Promise<void> {
  const { rec, job } = r;
  const halt = (job.halt = new AbortController());
  await browser.alarms?.create(KEEPALIVE_ALARM, { periodInMinutes: 0.5 });
  try {
    const client = await clientFor(await requirePat());
    client.gateWith(async () => {
      const leaving = await limiter.takeTicket();
      // Halted while this request waited for its turn: it does not leave.
      if (halt.signal.aborted) {
        leaving(false); // the turn is given back
        throw new OperationError('no-token', halted());
      }
      return leaving;
    });
    const target = rec.scopes ? { scopes: rec.scopes, endpoints: rec.endpoints } : undefined;
    const work = { client, kind: rec.kind, target, markSending: () => save(rec) };
    for (const row of rec.rows) {
      if (r.cancelled || halt.signal.aborted) break;
      if (row.status !== 'pending' && row.status !== 'sending') continue;
      await changeRow(work, row);
      const ended = row.status as KeyChangeRow['status'];
      if (rec.origin && rowListener && (ended === 'done' || ended === 'failed')) await rowListener(rec.origin, row).catch(() => {}); // a report: the deletion stands either way
      if (ended !== 'done') continue;
      const change = rec.kind === 'delete' ? { deleted: [row.keyId] } : { changed: [{ keyId: row.keyId, ...target! }] };
      await inventory.amend(change).catch(() => {}); // the inventory is a view: a failed save there changes nothing here
    }
    if (halt.signal.aborted) throw new OperationError('no-token', halted());
    // Told again at the end (the listener is idempotent): a worker that died between a row and its report still reports it.
    if (rec.origin && rowListener)
      for (const row of rec.rows) if (row.status === 'done' || row.status === 'failed') await rowListener(rec.origin, row).catch(() => {});
    if (r.cancelled) for (const row of rec.rows) if (row.status === 'pending') row.status = 'cancelled';
    rec.status = r.cancelled ? 'cancelled' : 'done';
    rec.message = undefined;
    rec.finishedAt = new Date().toISOString();
  } catch (e) {
    rec.status = 'stopped';
    rec.message = stopWords(e, job);
  }
  await save(rec).catch((e: unknown) => {
    rec.message = stopWords(e, job); // kept in this worker's memory until it ends
  });
}

/** Runs the claimed task in the background; the claim is released when it ends. */
function launch(rec: KeyChangeRecord, job: Active): Run {
  const r: Run = { rec, job, cancelled: false, done: Promise.resolve() };
  run = r;
  r.done = execute(r)
    .catch(() => {})
    .finally(() => {
      if (run === r) run = undefined;
      release(KEY_CHANGE_CLAIM, job);
    });
  return r;
}

/** Claims the one task, writes its record and starts it; `rows` are made once claimed. */
async function begin(make: () => Promise<Omit<KeyChangeRecord, 'id' | 'status' | 'startedAt'>>): Promise<KeyChangeView> {
  const job = claim(KEY_CHANGE_CLAIM, 'run');
  if (!job) throw new OperationError('invalid', busy());
  try {
    const before = await storage.read(KEY_CHANGE);
    if (before?.status === 'running') throw new OperationError('invalid', busy()); // a dead worker's, which the next resume goes on with
    // A stopped change may have rows whose outcome is unknown: it is not thrown away unseen.
    if (before?.status === 'stopped') throw new OperationError('invalid', stoppedFirst());
    await requirePat(); // a missing or locked token is said now, before anything is kept
    const rec: KeyChangeRecord = { ...(await make()), id: crypto.randomUUID(), status: 'running', startedAt: new Date().toISOString() };
    await save(rec);
    return shown(launch(rec, job).rec);
  } catch (e) {
    if (run?.job !== job) release(KEY_CHANGE_CLAIM, job);
    throw e;
  }
}

/** Starts a change of keys from the inventory (a stopped or ended task is replaced), and answers at once. */
export function start(req: StartRequest): Promise<KeyChangeView> {
  const target = targetOf(req);
  return begin(async () => {
    const known = new Map((await inventory.view()).keys.map((k) => [k.keyId, k]));
    const rows = [...new Set(req.keyIds)].map((id) => {
      const k = known.get(id);
      return k ? rowOf(k, req.kind, target) : failedRow(id, notInInventory());
    });
    return { kind: req.kind, presetName: req.presetName, rows, scopes: target?.scopes, endpoints: target?.endpoints };
  });
}

/** For the rotation: deletes keys it knows (they need not be in the inventory), by the same engine. */
export function startKeyChangeFor(kind: 'delete', targets: Target[], origin: { rotation: string }): Promise<KeyChangeView> {
  return begin(async () => {
    const seen = new Set<string>();
    const rows = targets.flatMap((k): KeyChangeRow[] => {
      if (seen.has(k.keyId)) return [];
      seen.add(k.keyId);
      return [
        { keyId: k.keyId, owner: k.owner, appId: k.appId, appName: k.appName, description: k.description, status: 'pending', ref: k.ref, requires: k.requires },
      ];
    });
    return { kind, rows, origin };
  });
}

/** The task running, or the last one. */
export async function view(): Promise<KeyChangeView | null> {
  if (run) return shown(run.rec);
  const rec = await storage.read(KEY_CHANGE);
  return run ? shown((run as Run).rec) : rec ? shown(rec) : null;
}

/** Stops the task after the request on its way (what landed is kept); a record no worker runs is marked so. */
export async function cancel(): Promise<KeyChangeView | null> {
  const r = run;
  if (r) {
    r.cancelled = true;
    await r.done;
    return shown(r.rec);
  }
  const job = claim(KEY_CHANGE_CLAIM, 'run');
  if (!job) return view();
  try {
    const rec = await storage.read(KEY_CHANGE);
    if (!rec || (rec.status !== 'running' && rec.status !== 'stopped')) return rec ? shown(rec) : null;
    // A row a dead worker left sending may have landed: said so (and told to a rotation), not counted as done.
    for (const row of rec.rows) {
      if (row.status === 'sending') Object.assign(row, { status: 'failed', error: uncertainChange() });
      else if (row.status === 'pending') row.status = 'cancelled';
    }
    if (rec.origin && rowListener) for (const row of rec.rows) if (row.status === 'failed') await rowListener(rec.origin, row).catch(() => {});
    Object.assign(rec, { status: 'cancelled', message: undefined, finishedAt: new Date().toISOString() });
    await save(rec);
    return shown(rec);
  } finally {
    release(KEY_CHANGE_CLAIM, job);
  }
}

/** Goes on with a task left running (a dead worker's: `left`) or, asked by the page, a stopped one. */
async function goOn(stopped: boolean): Promise<KeyChangeView | null> {
  if (run) return shown(run.rec);
  const job = claim(KEY_CHANGE_CLAIM, 'run'); // synchronously: two resumes never both run it
  if (!job) return view();
  let launched = false;
  try {
    const rec = await storage.read(KEY_CHANGE);
    if (!rec || !(rec.status === 'running' || (stopped && rec.status === 'stopped'))) return rec ? shown(rec) : null;
    // A dead worker's requests of its last second still count at Clarifai: this limiter never saw them.
    if (rec.status === 'running') limiter.holdOneWindow();
    Object.assign(rec, { status: 'running', message: undefined, finishedAt: undefined });
    launch(rec, job);
    launched = true;
    return shown(rec);
  } finally {
    if (!launched) release(KEY_CHANGE_CLAIM, job);
  }
}

/** The page's Resume: a stopped task goes on (rows that may have landed are looked up first). */
export const resume = () => goOn(true);
/** At the worker's start and on the keep-alive alarm: a task a dead worker left running goes on. */
export const resumeLeft = async (): Promise<void> => void (await goOn(false));

/** Forgets the task's record; one running is not forgotten. */
export async function dismiss(): Promise<void> {
  const job = claim(KEY_CHANGE_CLAIM, 'run');
  if (!job) throw new OperationError('invalid', busy());
  try {
    const rec = await storage.read(KEY_CHANGE);
    if (rec?.status === 'running') throw new OperationError('invalid', busy());
    await saving;
    await storage.remove(KEY_CHANGE);
  } finally {
    release(KEY_CHANGE_CLAIM, job);
  }
}

/** The token was forgotten or replaced: its task stops (nothing more is sent) and its record goes. */
export async function forget(): Promise<void> {
  const r = run;
  if (r) {
    r.job.halt?.abort(t('wkTokenForgotten'));
    await r.done;
  }
  await saving;
  await storage.remove(KEY_CHANGE);
}

/** For tests: waits for this worker's task to end. */
export async function settled(): Promise<void> {
  await run?.done;
}
