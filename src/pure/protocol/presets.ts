/** The protocol (./index.ts) of presets: listing, saving, the portal's proposals, import and sync. */
import * as v from 'valibot';
import { t } from '../../i18n/i18n.ts';
import { DescriptionSchema, MAX_IMPORT_BYTES, MAX_PRESETS, NameSchema, ScopeListSchema, type UserPreset } from '../presets/io.ts';
import type { Preset } from '../presets/model.ts';
import { Op, type OperationTable } from './common.ts';

const PresetId = v.pipe(v.string(), v.regex(/^user:[A-Za-z0-9-]{1,64}$/, 'not a preset id'));
const PresetFields = {
  name: NameSchema,
  description: v.optional(DescriptionSchema, ''),
  scopes: v.pipe(
    ScopeListSchema,
    v.minLength(1, () => t('errPresetNeedsScope')),
  ),
};

export const PRESET_OPERATIONS = {
  /** Built-in and user presets, each with what it enables. */
  listPresets: { from: ['content', 'page'], schema: Op('listPresets', {}) },
  /** Save a new preset: the options page only (a page script can drive the portal's panel). */
  savePreset: { from: ['page'], schema: Op('savePreset', PresetFields) },
  /**
   * The dialog's "Save as preset": nothing is saved on the page's word. The preset waits in the
   * worker until the person confirms it on the options page, which this opens.
   */
  proposePreset: { from: ['content'], schema: Op('proposePreset', PresetFields) },
  /** The preset waiting for the person's confirmation, if any. */
  getPendingPreset: { from: ['page'], schema: Op('getPendingPreset', {}) },
  confirmPendingPreset: { from: ['page'], schema: Op('confirmPendingPreset', { id: v.pipe(v.string(), v.uuid('not a request id')) }) },
  discardPendingPreset: { from: ['page'], schema: Op('discardPendingPreset', { id: v.pipe(v.string(), v.uuid('not a request id')) }) },
  updatePreset: {
    from: ['page'],
    schema: Op('updatePreset', {
      id: PresetId,
      name: v.optional(PresetFields.name),
      description: v.optional(PresetFields.description),
      scopes: v.optional(PresetFields.scopes),
    }),
  },
  deletePreset: { from: ['page'], schema: Op('deletePreset', { id: PresetId }) },
  restorePreset: { from: ['page'], schema: Op('restorePreset', { id: PresetId, ...PresetFields, index: v.pipe(v.number(), v.integer(), v.minValue(0)) }) },
  reorderPresets: { from: ['page'], schema: Op('reorderPresets', { ids: v.pipe(v.array(PresetId), v.maxLength(MAX_PRESETS)) }) },
  importPresets: { from: ['page'], schema: Op('importPresets', { text: v.pipe(v.string(), v.maxLength(MAX_IMPORT_BYTES)) }) },
  setPresetSync: { from: ['page'], schema: Op('setPresetSync', { enabled: v.boolean() }) },
} as const satisfies OperationTable;

export interface PresetView extends Preset {
  /** "enables 35 endpoints, including PostModelOutputs and PostWorkflowResults" */
  enables: string;
}

/** A preset the portal page's panel asked to save, as the options page shows it for confirmation. */
export interface PendingPresetView {
  /** Confirm or discard names this id, so a preset swapped in meanwhile is not saved unseen. */
  id: string;
  name: string;
  description: string;
  scopes: string[];
  enables: string;
  askedAt: string;
}

export interface PresetList {
  presets: PresetView[];
  sync: boolean;
}

export interface ImportReport {
  added: number;
  names: string[];
  addedDependencies: { name: string; added: string[] }[];
}

export interface PresetAnswers {
  listPresets: PresetList;
  savePreset: PresetView;
  /** `opened`: the options page was brought forward (not when this tab did so in the last 10 s). */
  proposePreset: { pending: true; name: string; opened: boolean };
  getPendingPreset: PendingPresetView | null;
  confirmPendingPreset: PresetView;
  discardPendingPreset: null;
  updatePreset: PresetView;
  deletePreset: { preset: UserPreset; index: number };
  restorePreset: PresetView;
  reorderPresets: PresetList;
  importPresets: ImportReport;
  setPresetSync: PresetList;
}
