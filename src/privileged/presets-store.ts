/**
 * The user's presets, as the operations change them: create, edit, delete and undo, reorder,
 * import, and turning sync on or off. Where they are kept (storage.local or sync, within sync's
 * quotas) is ./preset-sync.ts; how names are kept apart from the built-ins' is ./preset-names.ts;
 * a preset the portal page asks for waits in ./preset-pending.ts.
 */
import { list as listOf, t } from '../i18n/i18n.ts';
import { checkScopes } from '../pure/presets/model.ts';
import type { UserPreset } from '../pure/presets/io.ts';
import { OperationError } from './errors.ts';
import { checkName, freeName, isBuiltinName, sameName, unmasked } from './preset-names.ts';
import { isSyncOn, planSync, readLocal, readSync, writeAll } from './preset-sync.ts';
import * as storage from './storage/access.ts';
import { entry } from './storage/codec.ts';
import { PRESET_SYNC, PRESETS_LOCAL } from './storage/items.ts';

export async function list(): Promise<UserPreset[]> {
  return unmasked((await isSyncOn()) ? await readSync() : await readLocal());
}
export interface PresetInput {
  name: string;
  description?: string | undefined;
  scopes: readonly string[];
}

export function build(input: PresetInput, id: string): UserPreset {
  const check = checkScopes(input.scopes);
  if (check.unknown.length) throw new OperationError('invalid', t('errScopesNotOffered', listOf(check.unknown)));
  if (!check.scopes.length) throw new OperationError('invalid', t('errPresetNeedsScope'));
  return { id, name: input.name, description: input.description ?? '', scopes: check.scopes, builtIn: false, updatedAt: new Date().toISOString() };
}

export async function create(input: PresetInput): Promise<UserPreset> {
  const presets = await list();
  checkName(presets, input.name);
  const p = build(input, `user:${crypto.randomUUID()}`);
  await writeAll([...presets, p]);
  return p;
}
export async function update(id: string, patch: Partial<PresetInput>): Promise<UserPreset> {
  const presets = await list();
  const i = presets.findIndex((p) => p.id === id);
  if (i < 0) throw new OperationError('invalid', t('errPresetGone'));
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
  if (index < 0) throw new OperationError('invalid', t('errPresetGone'));
  const [preset] = presets.splice(index, 1);
  await writeAll(presets);
  return { preset: preset!, index };
}

/** Puts a deleted preset back where it was (undo). */
export async function restore(preset: PresetInput & { id: string }, index: number): Promise<UserPreset> {
  const presets = await list();
  if (presets.some((p) => p.id === preset.id)) throw new OperationError('invalid', t('errPresetExists'));
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
    throw new OperationError('invalid', t('errPresetsChanged'));
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
