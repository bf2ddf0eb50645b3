/**
 * The user's presets. Kept in `storage.local`; when the user turns sync on, kept in `storage.sync`
 * instead (one compact item per preset plus one for their order), so they follow the user to other
 * browsers. Sync's quotas are small (100 KB, 8 KB an item, 512 items): every write is checked
 * against them first and refused whole with a clear message, never cut short. Presets hold no secrets.
 *
 * Every item is declared in ./storage/items.ts and read back through its validator: a preset that another
 * browser (through sync) or anything else wrote badly is left out, and the others stay.
 *
 * No user preset can pass for a built-in: a name equal to a built-in's (ignoring case, spacing and
 * invisible characters) is refused when typed, and renamed “… (yours)” when it arrives otherwise:
 * by import, by undo, or from storage written elsewhere (another browser through sync, an older
 * Keysmith, anything that can write storage.local).
 */
import * as v from 'valibot';
import { BUILTIN_PRESETS } from '../pure/presets/builtins.ts';
import { checkScopes } from '../pure/presets/model.ts';
import { fromSyncItem, MAX_NAME, MAX_PRESETS, SYNC_QUOTA, syncItemBytes, toSyncItem, type UserPreset } from '../pure/presets/io.ts';
import { OperationError } from './errors.ts';
import * as storage from './storage/access.ts';
import { entry, memberEntry, type Entry } from './storage/codec.ts';
import { PRESET_ITEM, PRESET_PENDING, PRESET_SYNC, PRESETS_LOCAL, PRESETS_ORDER } from './storage/items.ts';
import { UserPresetSchema, type PendingPresetSchema } from './storage/schemas.ts';

export async function isSyncOn(): Promise<boolean> {
  return storage.read(PRESET_SYNC);
}

async function readLocal(): Promise<UserPreset[]> {
  return storage.read(PRESETS_LOCAL);
}

async function readSync(): Promise<UserPreset[]> {
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

/**
 * A name as people compare names: Unicode-normalised (NFKC: full-width and other look-alike forms
 * fold), invisible format characters (zero-width spaces, joiners, direction marks) dropped, any run
 * of spaces one space, trimmed, case folded.
 */
export function nameKey(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/\p{Cf}/gu, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

const BUILTIN_NAMES = new Set(BUILTIN_PRESETS.map((p) => nameKey(p.name)));

export function isBuiltinName(name: string): boolean {
  return BUILTIN_NAMES.has(nameKey(name));
}

/** `name` with a suffix, shortened to fit the name limit. */
function suffixed(name: string, suffix: string): string {
  return `${name.slice(0, MAX_NAME - suffix.length).trimEnd()}${suffix}`;
}

/** The first of `name (word)`, `name (word 2)`, … that neither is a built-in's name nor is `taken`. */
function freeName(name: string, word: string, taken: (n: string) => boolean): string {
  for (let n = 1; ; n++) {
    const candidate = suffixed(name, n === 1 ? ` (${word})` : ` (${word} ${n})`);
    if (!isBuiltinName(candidate) && !taken(candidate)) return candidate;
  }
}

/** Stored presets as shown: one whose name is a built-in's is shown renamed “… (yours)”. */
function unmasked(stored: UserPreset[]): UserPreset[] {
  const out: UserPreset[] = [];
  for (const p of stored) {
    if (!isBuiltinName(p.name)) {
      out.push(p);
      continue;
    }
    const taken = (n: string) => [...stored, ...out].some((q) => q.id !== p.id && nameKey(q.name) === nameKey(n));
    out.push({ ...p, name: freeName(p.name, 'yours', taken) });
  }
  return out;
}

export async function list(): Promise<UserPreset[]> {
  return unmasked((await isSyncOn()) ? await readSync() : await readLocal());
}

/** What sync would hold for these presets, or the reason it cannot. */
function planSync(presets: readonly UserPreset[]): { entries: Entry[] } {
  const entries: Entry[] = [];
  let total = 0;
  for (const p of presets) {
    const e = memberEntry(PRESET_ITEM, { id: p.id }, toSyncItem(p));
    const bytes = syncItemBytes(e.key, e.raw);
    if (bytes > SYNC_QUOTA.bytesPerItem) {
      throw new OperationError(
        'quota',
        `The preset “${p.name}” is too large to sync (${bytes} bytes; the browser allows ${SYNC_QUOTA.bytesPerItem}). Shorten its description.`,
      );
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
    throw new OperationError(
      'quota',
      `${presets.length} presets are more than browser sync can hold (${SYNC_QUOTA.maxItems - 1}). Delete some, or turn sync off.`,
    );
  }
  // Keep a margin: the browser counts a little more than the JSON for its own bookkeeping.
  if (total > SYNC_QUOTA.bytes * 0.97) {
    throw new OperationError(
      'quota',
      `These presets need ${Math.ceil(total / 1024)} KB of browser sync storage, more than the ${SYNC_QUOTA.bytes / 1024} KB it allows. Delete some or shorten their descriptions, or turn sync off.`,
    );
  }
  return { entries };
}

async function writeAll(presets: UserPreset[]): Promise<void> {
  if (presets.length > MAX_PRESETS) throw new OperationError('quota', `Keysmith keeps at most ${MAX_PRESETS} presets.`);
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
    throw new OperationError(
      'quota',
      `Browser sync refused the presets (${e instanceof Error ? e.message.slice(0, 120) : 'quota'}). Nothing was changed; try again later or turn sync off.`,
    );
  }
  await storage.removeKeys('sync', stale);
  // Keep a local copy too, so turning sync off (or sync failing) loses nothing.
  await storage.write(PRESETS_LOCAL, presets);
}

function sameName(presets: readonly UserPreset[], name: string, exceptId?: string) {
  return presets.find((p) => p.id !== exceptId && nameKey(p.name) === nameKey(name));
}

/** Refuses a typed name that is a built-in's or another preset's. */
function checkName(presets: readonly UserPreset[], name: string, exceptId?: string): void {
  if (isBuiltinName(name)) throw new OperationError('invalid', `“${name}” is the name of a built-in preset; choose another name.`);
  if (sameName(presets, name, exceptId)) throw new OperationError('invalid', `A preset named “${name}” exists already; choose another name.`);
}

export interface PresetInput {
  name: string;
  description?: string | undefined;
  scopes: readonly string[];
}

function build(input: PresetInput, id: string): UserPreset {
  const check = checkScopes(input.scopes);
  if (check.unknown.length) throw new OperationError('invalid', `Clarifai does not offer these scopes for keys: ${check.unknown.join(', ')}.`);
  if (!check.scopes.length) throw new OperationError('invalid', 'A preset needs at least one scope.');
  return { id, name: input.name, description: input.description ?? '', scopes: check.scopes, builtIn: false, updatedAt: new Date().toISOString() };
}

export async function create(input: PresetInput): Promise<UserPreset> {
  const presets = await list();
  checkName(presets, input.name);
  const p = build(input, `user:${crypto.randomUUID()}`);
  await writeAll([...presets, p]);
  return p;
}

// --- a preset asked for by the portal page's panel --------------------------------------------
//
// A page script can drive the panel (synthetic events: type a name, tick the portal's scope
// boxes, press Save), so its word alone saves nothing. The preset waits in storage.session, which
// a content script can neither read nor write, until the person confirms it on the options page.

export type PendingPreset = v.InferOutput<typeof PendingPresetSchema>;

/** Checks a preset the panel asks for as create() would, and keeps it waiting (one at a time: the latest). */
export async function propose(input: PresetInput): Promise<PendingPreset> {
  checkName(await list(), input.name);
  const built = build(input, 'user:pending');
  const pending: PendingPreset = {
    id: crypto.randomUUID(),
    name: built.name,
    description: built.description,
    scopes: [...built.scopes],
    askedAt: new Date().toISOString(),
  };
  await storage.write(PRESET_PENDING, pending);
  return pending;
}

export async function pending(): Promise<PendingPreset | undefined> {
  return storage.read(PRESET_PENDING);
}

const GONE = 'That preset is no longer waiting: the portal page asked for another one, or it was saved or discarded. Look at this page again.';

/** Saves the waiting preset the person saw (`id`), and nothing else. */
export async function confirmPending(id: string): Promise<UserPreset> {
  const p = await pending();
  if (p?.id !== id) throw new OperationError('invalid', GONE);
  const saved = await create(p);
  await storage.remove(PRESET_PENDING);
  return saved;
}

export async function discardPending(id: string): Promise<void> {
  const p = await pending();
  if (p?.id === id) await storage.remove(PRESET_PENDING);
}

export async function update(id: string, patch: Partial<PresetInput>): Promise<UserPreset> {
  const presets = await list();
  const i = presets.findIndex((p) => p.id === id);
  if (i < 0) throw new OperationError('invalid', 'That preset no longer exists.');
  const cur = presets[i]!;
  const next = build({ name: patch.name ?? cur.name, description: patch.description ?? cur.description, scopes: patch.scopes ?? cur.scopes }, id);
  checkName(presets, next.name, id);
  presets[i] = next;
  await writeAll(presets);
  return next;
}

export async function remove(id: string): Promise<{ preset: UserPreset; index: number }> {
  const presets = await list();
  const index = presets.findIndex((p) => p.id === id);
  if (index < 0) throw new OperationError('invalid', 'That preset no longer exists.');
  const [preset] = presets.splice(index, 1);
  await writeAll(presets);
  return { preset: preset!, index };
}

/** Puts a deleted preset back where it was (undo). */
export async function restore(preset: PresetInput & { id: string }, index: number): Promise<UserPreset> {
  const presets = await list();
  if (presets.some((p) => p.id === preset.id)) throw new OperationError('invalid', 'That preset exists already.');
  let name = preset.name;
  if (isBuiltinName(name)) name = freeName(name, 'yours', (n) => !!sameName(presets, n));
  if (sameName(presets, name)) name = freeName(name, 'restored', (n) => !!sameName(presets, n));
  const p = build({ ...preset, name }, preset.id);
  presets.splice(Math.max(0, Math.min(index, presets.length)), 0, p);
  await writeAll(presets);
  return p;
}

export async function reorder(ids: readonly string[]): Promise<UserPreset[]> {
  const presets = await list();
  const byId = new Map(presets.map((p) => [p.id, p]));
  if (ids.length !== presets.length || !ids.every((id) => byId.has(id)) || new Set(ids).size !== ids.length) {
    throw new OperationError('invalid', 'The presets changed meanwhile; reload the page and try again.');
  }
  const next = ids.map((id) => byId.get(id)!);
  await writeAll(next);
  return next;
}

/**
 * Adds every preset of an import, or none: a built-in's name gets “(yours)”, a name that exists
 * already “(imported)”.
 */
export async function importMany(inputs: readonly PresetInput[]): Promise<UserPreset[]> {
  const presets = await list();
  const added: UserPreset[] = [];
  const taken = (n: string) => !!sameName([...presets, ...added], n);
  for (const input of inputs) {
    let name = input.name;
    if (isBuiltinName(name)) name = freeName(name, 'yours', taken);
    if (taken(name)) name = freeName(name, 'imported', taken);
    added.push(build({ ...input, name }, `user:${crypto.randomUUID()}`));
  }
  await writeAll([...presets, ...added]);
  return added;
}

/** Turns sync on (merging this browser's presets into what sync holds) or off (keeping a local copy). */
export async function setSync(enabled: boolean): Promise<UserPreset[]> {
  const on = await isSyncOn();
  if (enabled === on) return list();
  if (enabled) {
    const local = await readLocal();
    const remote = await readSync();
    const merged = new Map(remote.map((p) => [p.id, p]));
    for (const p of local) {
      const r = merged.get(p.id);
      if (!r || r.updatedAt < p.updatedAt) merged.set(p.id, p);
    }
    const all = [...merged.values()];
    planSync(all); // refuse before switching if it cannot fit
    await storage.write(PRESET_SYNC, true);
    try {
      await writeAll(all);
    } catch (e) {
      await storage.write(PRESET_SYNC, false);
      throw e;
    }
    return all;
  }
  const remote = await readSync();
  await storage.writeEntries([entry(PRESET_SYNC, false), entry(PRESETS_LOCAL, remote)]);
  return remote;
}
