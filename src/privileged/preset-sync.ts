/**
 * Where the user's presets live. Kept in `storage.local`; when the user turns sync on, kept in
 * `storage.sync` instead (one compact item per preset plus one for their order), so they follow
 * the user to other browsers. Sync's quotas are small (100 KB, 8 KB an item, 512 items): every
 * write is checked against them first and refused whole with a clear message, never cut short.
 * Presets hold no secrets.
 *
 * Every item is declared in ./storage/items.ts and read back through its validator: a preset that
 * another browser (through sync) or anything else wrote badly is left out, and the others stay.
 */
import * as v from 'valibot';
import { t, tn } from '../i18n/i18n.ts';
import { fromSyncItem, MAX_PRESETS, SYNC_QUOTA, syncItemBytes, toSyncItem, type UserPreset } from '../pure/presets/io.ts';
import { OperationError } from './errors.ts';
import * as storage from './storage/access.ts';
import { entry, memberEntry, type Entry } from './storage/codec.ts';
import { PRESET_ITEM, PRESET_SYNC, PRESETS_LOCAL, PRESETS_ORDER } from './storage/items.ts';
import { UserPresetSchema } from './storage/schemas.ts';

export async function isSyncOn(): Promise<boolean> {
  return storage.read(PRESET_SYNC);
}

export async function readLocal(): Promise<UserPreset[]> {
  return storage.read(PRESETS_LOCAL);
}

export async function readSync(): Promise<UserPreset[]> {
  const order = await storage.read(PRESETS_ORDER);
  const items = new Map<string, UserPreset>();
  for (const { parts, value } of await storage.readFamily(PRESET_ITEM)) {
    try {
      // Its scopes decoded from the bit set are checked like any stored preset's.
      const p = v.safeParse(UserPresetSchema, fromSyncItem(parts.id, value));
      if (p.success) items.set(parts.id, p.output);
    } catch {
      // An item another version of Keysmith wrote badly: skip it rather than lose the others.
    }
  }
  const ordered = order.filter((id) => items.has(id)).map((id) => items.get(id)!);
  const rest = [...items.values()].filter((p) => !order.includes(p.id)).sort((a, b) => a.updatedAt.localeCompare(b.updatedAt));
  return [...ordered, ...rest];
}
/** What sync would hold for these presets, or the reason it cannot. */
export function planSync(presets: readonly UserPreset[]): { entries: Entry[] } {
  const entries: Entry[] = [];
  let total = 0;
  for (const p of presets) {
    const e = memberEntry(PRESET_ITEM, { id: p.id }, toSyncItem(p));
    const bytes = syncItemBytes(e.key, e.raw);
    if (bytes > SYNC_QUOTA.bytesPerItem) {
      throw new OperationError('quota', t('errSyncItemTooLarge', p.name, bytes, SYNC_QUOTA.bytesPerItem));
    }
    entries.push(e);
    total += bytes;
  }
  const order = entry(
    PRESETS_ORDER,
    presets.map((p) => p.id),
  );
  entries.push(order);
  total += syncItemBytes(order.key, order.raw);
  if (presets.length + 1 > SYNC_QUOTA.maxItems) {
    throw new OperationError('quota', tn('errSyncTooMany', presets.length, SYNC_QUOTA.maxItems - 1));
  }
  // Keep a margin: the browser counts a little more than the JSON for its own bookkeeping.
  if (total > SYNC_QUOTA.bytes * 0.97) {
    throw new OperationError('quota', t('errSyncTooLarge', Math.ceil(total / 1024), SYNC_QUOTA.bytes / 1024));
  }
  return { entries };
}

export async function writeAll(presets: UserPreset[]): Promise<void> {
  if (presets.length > MAX_PRESETS) throw new OperationError('quota', t('errTooManyPresets', MAX_PRESETS));
  if (!(await isSyncOn())) {
    await storage.write(PRESETS_LOCAL, presets);
    return;
  }
  const { entries } = planSync(presets);
  const keep = new Set(entries.map((e) => e.key));
  const stale = (await storage.familyKeys(PRESET_ITEM)).filter((k) => !keep.has(k));
  try {
    await storage.writeEntries(entries);
  } catch (e) {
    throw new OperationError('quota', t('errSyncRefused', e instanceof Error ? e.message.slice(0, 120) : t('errSyncQuota')));
  }
  await storage.removeKeys('sync', stale);
  // Keep a local copy too, so turning sync off (or sync failing) loses nothing.
  await storage.write(PRESETS_LOCAL, presets);
}
