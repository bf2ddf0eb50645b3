/** The protocol (./index.ts) of the PAT: setting, remembering, locking and forgetting it. */
import * as v from 'valibot';
import { t } from '../../i18n/i18n.ts';
import { Op, type OperationTable } from './common.ts';

/** A PAT as typed: trimmed by the page; letters, digits, `-` and `_` (32 hex today). */
export const PatSchema = v.pipe(
  v.string(),
  v.minLength(20, () => t('errPatTooShort')),
  v.maxLength(128, () => t('errPatTooLong')),
  v.regex(/^[A-Za-z0-9_-]+$/, () => t('errPatCharacters')),
);

const Passphrase = v.pipe(
  v.string(),
  v.minLength(8, () => t('errPassphraseShort', 8)),
  v.maxLength(1024),
);

export const SESSION_OPERATIONS = {
  /** Is a PAT set, whose, and which of the scopes Keysmith needs it has. Never the PAT. */
  getSession: { from: ['content', 'page'], schema: Op('getSession', {}) },
  /** Verify a PAT with Clarifai and keep it in memory (storage.session). */
  setPat: { from: ['page'], schema: Op('setPat', { pat: PatSchema, remember: v.optional(v.boolean()), passphrase: v.optional(Passphrase) }) },
  /** Opens a remembered (sealed) PAT after a browser restart or an idle lock. */
  unlock: { from: ['page'], schema: Op('unlock', { passphrase: v.pipe(v.string(), v.maxLength(1024)) }) },
  lock: { from: ['page'], schema: Op('lock', {}) },
  changePassphrase: { from: ['page'], schema: Op('changePassphrase', { oldPassphrase: v.pipe(v.string(), v.maxLength(1024)), newPassphrase: Passphrase }) },
  /** Ask Clarifai again who the stored PAT belongs to and what it may do. */
  testPat: { from: ['page'], schema: Op('testPat', {}) },
  forgetPat: { from: ['page'], schema: Op('forgetPat', {}) },
} as const satisfies OperationTable;

export interface SessionView {
  hasToken: boolean;
  /** A remembered token is stored sealed but not unlocked (after a browser restart or the idle time). */
  locked?: boolean;
  /** The token is remembered on this device (sealed with a passphrase). */
  remembered?: boolean;
  /** Whose token it is; absent when no token is set. */
  user?: { id: string; name: string };
  /** The last four characters of the PAT, for extension pages only. */
  tokenHint?: string;
  /** Scopes Keysmith needs that the PAT lacks ([] when it has them all). */
  missingScopes?: string[];
  verifiedAt?: string;
  /** Why Keysmith forgot the token by itself, when it did (e.g. the API address changed). */
  notice?: string;
}

export interface SessionAnswers {
  getSession: SessionView;
  setPat: SessionView;
  unlock: SessionView;
  lock: SessionView;
  changePassphrase: SessionView;
  testPat: SessionView;
  forgetPat: SessionView;
}
