/**
 * The presets: the built-in ones and the user's, and a preset the portal page's panel asks to save
 * (kept waiting until the person confirms it on the options page).
 */
import browser from 'webextension-polyfill';
import { BUILTIN_PRESETS } from '../../pure/presets/builtins.ts';
import { parseImport } from '../../pure/presets/io.ts';
import type { Preset } from '../../pure/presets/model.ts';
import type { PresetList, PresetView } from '../../pure/protocol/presets.ts';
import { describeEndpoints } from '../../pure/scopes/endpoints.ts';
import { OperationError } from '../errors.ts';
import * as pendingPreset from '../preset-pending.ts';
import { isSyncOn } from '../preset-sync.ts';
import * as presets from '../presets-store.ts';
import { mayBringForward, type Handlers } from './context.ts';

function presetView(p: Preset): PresetView {
  return { ...p, enables: describeEndpoints(p.scopes).text };
}

async function presetList(): Promise<PresetList> {
  const user = await presets.list();
  return { presets: [...BUILTIN_PRESETS, ...user].map(presetView), sync: await isSyncOn() };
}

export const presetOperations = {
  listPresets: () => presetList(),
  savePreset: async (req) => presetView(await presets.create(req)),
  async proposePreset(req, ctx) {
    // Checked now (so the panel hears a clash at once), kept in the worker, saved only when the
    // person confirms it on the options page.
    const p = await pendingPreset.propose(req);
    const opened = mayBringForward(ctx);
    if (opened) await browser.runtime.openOptionsPage();
    return { pending: true as const, name: p.name, opened };
  },
  async getPendingPreset() {
    const p = await pendingPreset.pending();
    return p ? { ...p, scopes: [...p.scopes], enables: describeEndpoints(p.scopes).text } : null;
  },
  confirmPendingPreset: async ({ id }) => presetView(await pendingPreset.confirmPending(id)),
  async discardPendingPreset({ id }) {
    await pendingPreset.discardPending(id);
    return null;
  },
  updatePreset: async ({ id, name, description, scopes }) => presetView(await presets.update(id, { name, description, scopes })),
  deletePreset: ({ id }) => presets.remove(id),
  restorePreset: async ({ index, id, name, description, scopes }) => presetView(await presets.restore({ id, name, description, scopes }, index)),
  async reorderPresets({ ids }) {
    await presets.reorder(ids);
    return presetList();
  },
  async importPresets({ text }) {
    const parsed = parseImport(text);
    if (!parsed.ok) throw new OperationError('invalid', parsed.error);
    const added = await presets.importMany(parsed.presets);
    return { added: added.length, names: added.map((p) => p.name), addedDependencies: parsed.addedDependencies };
  },
  async setPresetSync({ enabled }) {
    await presets.setSync(enabled);
    return presetList();
  },
} satisfies Partial<Handlers>;
