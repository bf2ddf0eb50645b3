/**
 * The key inventory: every key the token can see, read in the background (./inventory-read.ts) and
 * kept only in `storage.session` (key ids are secrets), with the apps still to read, so that a read
 * the worker's death stopped goes on where it was. One read at a time in a worker: asking again
 * while one runs answers its view.
 */
import { t } from '../i18n/i18n.ts';
import type { InventoryView } from '../pure/protocol/inventory.ts';
import { clientFor, requirePat } from './api.ts';
import { isStorageFull, OperationError, storageFull } from './errors.ts';
import { readOn, reasonFor, stopsRead, type Reading } from './inventory-read.ts';
import { limited } from './limiter.ts';
import * as storage from './storage/access.ts';
import { INVENTORY } from './storage/items.ts';
import { INVENTORY_MAX_APPS, INVENTORY_MAX_KEYS, type InventoryRecord } from './storage/schemas.ts';

export const interrupted = (): string => t('wkReadInterrupted');
/** Why the inventory is not whole; the numbers as the messages' language writes them. */
export const full = (): string => t('wkInventoryFull', INVENTORY_MAX_KEYS.toLocaleString(t('locale')), INVENTORY_MAX_APPS.toLocaleString(t('locale')));
/** How often a read saves what it has read (and what is left) while it reads. */
export const SAVE_EVERY_MS = 1000;

const empty = (): InventoryRecord => ({
  view: { status: 'empty', appsRead: 0, appsTotal: 0, keys: [], unreadable: [] },
  phase: 'own',
  todo: [],
  full: false,
});

interface Run {
  rec: InventoryRecord;
  abort: AbortController;
  done: Promise<void>;
  /** A save due once a second has passed since the last one. */
  later?: ReturnType<typeof setTimeout> | undefined;
}

/** The read running in this worker. */
let run: Run | undefined;
/** The record of this worker's last read when storage refused its last save (full): what it says wins over storage. */
let unsaved: InventoryRecord | undefined;

/** Saves are chained, so that an older snapshot never lands after a newer one. */
let saving: Promise<void> = Promise.resolve();
let savedAt = -Infinity;

function save(rec: InventoryRecord): Promise<void> {
  savedAt = performance.now();
  const snapshot = structuredClone(rec);
  const next = saving.then(() => storage.write(INVENTORY, snapshot));
  saving = next.catch(() => {});
  return next;
}

/** The view a page sees: a copy, and a read this worker does not run is one that was interrupted. */
function shown(rec: InventoryRecord, running: boolean): InventoryView {
  const view = structuredClone(rec.view);
  if (view.status === 'reading' && !running) return { ...view, status: 'stopped', message: interrupted() };
  return view;
}

async function stored(): Promise<InventoryRecord> {
  return unsaved ?? (await storage.read(INVENTORY)) ?? empty();
}

/** The words a person reads when the read stopped: the token's and the API's own sentences, else a plain one. */
function stopWords(e: unknown): string {
  if (isStorageFull(e)) return storageFull();
  if (e instanceof OperationError) return e.message.slice(0, 400);
  return stopsRead(e) ? (e as Error).message.slice(0, 400) : t('wkReadStopped', reasonFor(e));
}

async function execute(r: Run): Promise<void> {
  const { rec } = r;
  const reading: Reading = {
    rec,
    signal: r.abort.signal,
    client: undefined as never,
    checkpoint: (force = false) => {
      const since = performance.now() - savedAt;
      if (force || since >= SAVE_EVERY_MS) {
        clearTimeout(r.later);
        r.later = undefined;
        return save(rec);
      }
      // Saved a moment ago: save again once a second has passed, so that what is read before a
      // long wait (an app that takes its time to answer) is not left unsaved.
      r.later ??= setTimeout(() => {
        r.later = undefined;
        if (run === r) save(rec).catch(() => {});
      }, SAVE_EVERY_MS - since);
      return Promise.resolve();
    },
  };
  try {
    reading.client = limited(await clientFor(await requirePat()));
    await readOn(reading);
    if (!r.abort.signal.aborted) {
      rec.view.status = 'done';
      rec.view.message = rec.full ? full() : undefined;
    }
  } catch (e) {
    if (!r.abort.signal.aborted) {
      rec.view.status = 'stopped';
      rec.view.message = stopWords(e);
    }
  }
  rec.view.readAt = new Date().toISOString();
  clearTimeout(r.later);
  try {
    await save(rec);
  } catch (e) {
    rec.view.message = stopWords(e);
    unsaved = rec; // kept in this worker's memory, which getInventory shows
  }
}

/**
 * Starts a read, or goes on with a stopped or cancelled one (`refresh`: starts over), and answers
 * at once with its view. A read already running is not started again: its view is the answer.
 */
export async function start(refresh = false): Promise<InventoryView> {
  if (run) return shown(run.rec, true);
  const before = await stored();
  if (run) return shown((run as Run).rec, true); // another call started one while storage answered
  if (!refresh && before.view.status === 'done') return shown(before, false);
  const rec = refresh || before.view.status === 'empty' ? empty() : before;
  rec.view.status = 'reading';
  rec.view.message = undefined;
  const r: Run = { rec, abort: new AbortController(), done: Promise.resolve() };
  run = r;
  unsaved = undefined;
  r.done = (async () => {
    try {
      await save(rec);
      await execute(r);
    } catch (e) {
      // The first save failed (storage full): said in the view, nothing was sent.
      rec.view.status = 'stopped';
      rec.view.message = stopWords(e);
      unsaved = rec;
    } finally {
      if (run === r) run = undefined;
    }
  })();
  return shown(rec, true);
}

/** The inventory as far as it has been read. */
export async function view(): Promise<InventoryView> {
  return run ? shown(run.rec, true) : shown(await stored(), false);
}

/** Stops the read in progress (or marks one the worker's death interrupted as cancelled); what was read is kept. */
export async function cancel(): Promise<InventoryView> {
  const r = run;
  if (r) {
    r.rec.view.status = 'cancelled';
    r.rec.view.message = undefined;
    r.abort.abort();
    await r.done;
    return shown(r.rec, false);
  }
  const rec = await stored();
  if (run) return cancel(); // a read began while the record was read: that is the one to stop
  if (rec.view.status === 'reading') {
    rec.view.status = 'cancelled';
    rec.view.message = undefined;
    await save(rec);
  }
  return shown(rec, false);
}

/**
 * The token was forgotten or replaced (or its address changed): the keys it could see go with it,
 * and a read with it stops. Another token's inventory is read afresh.
 */
export async function forget(): Promise<void> {
  const r = run;
  if (r) {
    r.abort.abort();
    await r.done.catch(() => {});
  }
  unsaved = undefined;
  await saving; // a save already on its way lands first, and is then removed with the rest
  await storage.remove(INVENTORY);
}

/** A change of keys that landed (../key-changes.ts): keys deleted, keys with new scopes. */
export interface Amendment {
  deleted?: readonly string[];
  changed?: readonly { keyId: string; scopes: readonly string[]; endpoints?: readonly string[] | undefined }[];
}

/** Applies an amendment to a record in place; applying it twice changes nothing more. */
function applyTo(rec: InventoryRecord, a: Amendment): void {
  const gone = new Set(a.deleted ?? []);
  const changed = new Map((a.changed ?? []).map((c) => [c.keyId, c]));
  rec.view.keys = rec.view.keys.filter((k) => !gone.has(k.keyId));
  for (const k of rec.view.keys) {
    const c = changed.get(k.keyId);
    if (!c) continue;
    k.scopes = [...c.scopes];
    if (c.endpoints) k.endpoints = [...c.endpoints];
  }
}

/**
 * Says in the inventory what a change of keys did, so the page shows the truth: a deleted key
 * leaves it, a changed key shows its new scopes. A read in progress is changed in memory (its own
 * saves keep it, and a key it has seen is never added again); otherwise the stored record is
 * read and written in the chain of saves, so that no older snapshot lands after it.
 */
export function amend(a: Amendment): Promise<void> {
  if (run) applyTo(run.rec, a);
  if (unsaved) applyTo(unsaved, a);
  const next = saving.then(async () => {
    // Looked at again when its turn comes: a read may have begun meanwhile.
    if (run) return storage.write(INVENTORY, structuredClone((applyTo(run.rec, a), run.rec)));
    const rec = unsaved ?? (await storage.read(INVENTORY));
    if (!rec) return;
    applyTo(rec, a);
    if (run) applyTo((run as Run).rec, a); // began while storage answered
    if (!unsaved) await storage.write(INVENTORY, rec);
  });
  saving = next.catch(() => {});
  return next;
}

/** For tests: waits for this worker's read to end. */
export async function settled(): Promise<void> {
  await run?.done;
}
