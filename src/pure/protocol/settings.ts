/**
 * The protocol (./index.ts) of Keysmith's settings and of the content script's attach reports
 * (what the popup offers for a bug report).
 */
import * as v from 'valibot';
import { CLIPBOARD_CLEAR_SECONDS, LOCK_AFTER_MINUTES } from '../settings.ts';
import { MAX_BATCH, type Learned } from '../bulk/batching.ts';
import { ScopeListSchema } from '../presets/io.ts';
import { Op, type OperationTable } from './common.ts';

/** A dialog outline is bounded: 400 lines of at most ~100 characters. */
export const MAX_OUTLINE_CHARS = 60_000;

export const SETTINGS_OPERATIONS = {
  getSettings: { from: ['page'], schema: Op('getSettings', {}) },
  /** The API address (src/privileged/settings.ts owns it); a new one forgets the token. */
  setApiAddress: { from: ['page'], schema: Op('setApiAddress', { apiBaseUrl: v.pipe(v.string(), v.maxLength(200)) }) },
  /** The lock's time (the vault owns it). */
  setLockAfter: {
    from: ['page'],
    schema: Op('setLockAfter', { minutes: v.pipe(v.number(), v.integer(), v.minValue(LOCK_AFTER_MINUTES.min), v.maxValue(LOCK_AFTER_MINUTES.max)) }),
  },
  /** How long a copy of key ids stays on the clipboard (settings.ts owns it). */
  setClipboardClear: {
    from: ['page'],
    schema: Op('setClipboardClear', {
      seconds: v.pipe(v.number(), v.integer(), v.minValue(CLIPBOARD_CLEAR_SECONDS.min), v.maxValue(CLIPBOARD_CLEAR_SECONDS.max)),
    }),
  },
  /** Batched key creation: the switch, the cap, and what jobs learned per API address. */
  getBatching: { from: ['page'], schema: Op('getBatching', {}) },
  setBatching: {
    from: ['page'],
    schema: Op('setBatching', { enabled: v.boolean(), cap: v.pipe(v.number(), v.integer(), v.minValue(2), v.maxValue(MAX_BATCH)) }),
  },
  /** Forgets what was learned: the next job probes again. */
  forgetBatching: { from: ['page'], schema: Op('forgetBatching', {}) },
  /**
   * The panel's links: brings Keysmith's options page forward, opens the key inventory (`page:
   * 'inventory'`), or opens the options page's Least privilege section showing what the dialog's
   * ticked scopes allow (`page: 'least'`, `scopes`: shown only, never acted on).
   */
  openOptions: {
    from: ['content'],
    schema: Op('openOptions', { page: v.optional(v.picklist(['inventory', 'least'])), scopes: v.optional(ScopeListSchema) }),
  },
  /** The content script could not attach to a dialog it half-recognised: say so, quietly. */
  reportAttach: {
    from: ['content'],
    schema: Op('reportAttach', {
      attached: v.boolean(),
      reason: v.optional(v.pipe(v.string(), v.maxLength(200))),
      /** A sanitized outline of the dialog (dialogOutline in src/untrusted/portal-dom/outline.ts), for a bug report. */
      outline: v.optional(v.pipe(v.string(), v.maxLength(MAX_OUTLINE_CHARS))),
    }),
  },
  /** The popup: what the content script of that tab reported (the outline offered for copying). */
  getAttachReport: { from: ['page'], schema: Op('getAttachReport', { tabId: v.pipe(v.number(), v.integer(), v.minValue(0)) }) },
} as const satisfies OperationTable;

/** Every setting, each read from its owner. */
export interface Settings {
  apiBaseUrl: string;
  /** Minutes without use after which a remembered token is locked. */
  lockAfterMinutes: number;
  /** Seconds after a copy of key ids until the results page clears the clipboard (0: never). */
  clipboardClearSeconds: number;
}

export interface ApiAddressSaved {
  apiBaseUrl: string;
  /** The address changed, so the token (verified against the old one) was forgotten. */
  tokenForgotten?: boolean;
}

/** What a tab's content script last said about attaching to a key dialog. */
export interface AttachReport {
  attached: boolean;
  reason?: string | undefined;
  outline?: string | undefined;
}

export interface Batching {
  enabled: boolean;
  cap: number;
  learned: { address: string; learned: Learned }[];
}

export interface SettingsAnswers {
  getBatching: Batching;
  setBatching: Batching;
  forgetBatching: Batching;
  getSettings: Settings;
  setApiAddress: ApiAddressSaved;
  setLockAfter: { lockAfterMinutes: number };
  setClipboardClear: { clipboardClearSeconds: number };
  openOptions: null;
  reportAttach: null;
  getAttachReport: AttachReport | null;
}
