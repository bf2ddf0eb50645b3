/**
 * The message protocol between the service worker and everyone else: one module both sides import,
 * so the compiler catches a mismatch. Pure: schemas and types only. This file puts the areas
 * together (the whole table of operations, parsing a message, every answer's type); each area's
 * file holds its operations and the types of their answers: ./session.ts, ./settings.ts,
 * ./apps.ts, ./presets.ts, ./jobs.ts, ./proposals.ts, ./inventory.ts, ./key-changes.ts.
 *
 * Threat model in one line: the content script runs beside a page we do not trust, so anything it
 * sends may be forged by a compromised portal; the worker therefore offers named operations only,
 * checks who sent each message, then its shape (unknown keys refused), then whether that kind of
 * sender may ask for that operation.
 *
 * Content scripts import only the types from src/pure/protocol/ (`import type`), so valibot stays
 * out of the script that loads on every portal page.
 */
import * as v from 'valibot';
import { t } from '../../i18n/i18n.ts';
import type { SerializedError } from '../clarifai/errors.ts';
import { APP_OPERATIONS, type AppAnswers } from './apps.ts';
import type { OperationTable } from './common.ts';
import { INVENTORY_OPERATIONS, type InventoryAnswers } from './inventory.ts';
import { JOB_OPERATIONS, type JobAnswers } from './jobs.ts';
import { KEY_CHANGE_OPERATIONS, type KeyChangeAnswers } from './key-changes.ts';
import { PRESET_OPERATIONS, type PresetAnswers } from './presets.ts';
import { PROPOSAL_OPERATIONS, type ProposalAnswers } from './proposals.ts';
import { SESSION_OPERATIONS, type SessionAnswers } from './session.ts';
import { SETTINGS_OPERATIONS, type SettingsAnswers } from './settings.ts';

/** Every operation, its request schema and who may ask for it. */
export const OPERATIONS = {
  ...SESSION_OPERATIONS,
  ...SETTINGS_OPERATIONS,
  ...APP_OPERATIONS,
  ...PRESET_OPERATIONS,
  ...JOB_OPERATIONS,
  ...PROPOSAL_OPERATIONS,
  ...INVENTORY_OPERATIONS,
  ...KEY_CHANGE_OPERATIONS,
} as const satisfies OperationTable;

export type OpName = keyof typeof OPERATIONS;
export type Request<N extends OpName = OpName> = v.InferOutput<(typeof OPERATIONS)[N]['schema']>;

export const RequestSchema = v.variant('op', Object.values(OPERATIONS).map((o) => o.schema) as unknown as [(typeof OPERATIONS)[OpName]['schema']]);

/** The fixed sentence for a request whose fault has no sentence of its own. */
export const unreadableMessage = (): string => t('errUnreadableRequest');

/** How a sentence ends, in the scripts a translation may use (valibot's own messages end in none of these). */
const SENTENCE_END = /[.!?\u3002\uFF0E\uFF01\uFF1F\u0964]$/u;

/**
 * Parses a message; returns the request, or a reason a person can read: the schema's own sentence
 * when it has one (our messages are sentences from _locales, ending in a full stop; valibot's
 * defaults start with "Invalid" and may quote the input), else a fixed sentence. Never a schema path, never the
 * input. `where` and `check` (path keys and the failed check's name, no values) are for a debug log.
 */
export function parseRequest(message: unknown): { ok: true; request: Request } | { ok: false; reason: string; where: string; check: string } {
  const r = v.safeParse(RequestSchema, message);
  if (r.success) return { ok: true, request: r.output as Request };
  const issue = r.issues[0];
  // Keys the schema knows look like names; anything else (a sender's own key) is not repeated.
  const where = (issue.path ?? [])
    .map((p) => (typeof p.key === 'number' || (typeof p.key === 'string' && /^[a-z][A-Za-z]{0,40}$/.test(p.key)) ? String(p.key) : '?'))
    .join('.');
  const human = SENTENCE_END.test(issue.message) && !/^Invalid /.test(issue.message) && issue.message.length <= 200;
  return { ok: false, reason: human ? issue.message : unreadableMessage(), where, check: issue.type };
}

/** What each operation answers, by its name. */
export interface Results extends SessionAnswers, SettingsAnswers, AppAnswers, PresetAnswers, JobAnswers, ProposalAnswers, InventoryAnswers, KeyChangeAnswers {}

export type Reply<T> = { ok: true; value: T } | { ok: false; error: SerializedError };
