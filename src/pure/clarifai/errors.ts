/**
 * Clarifai status codes and the errors the client raises. Pure: no browser APIs.
 *
 * Invariant: an error's message never contains the token it was made with (the client redacts it),
 * and is decided by the body's `status.code`, never by the HTTP status alone.
 */
import { list, t } from '../../i18n/i18n.ts';
import { EXPOSED_SCOPES } from '../scopes/catalogue.ts';

export const StatusCode = {
  SUCCESS: 10000,
  MIXED_STATUS: 10010,
  FAILURE: 10020,
  TRY_AGAIN: 10030,
  CONN_THROTTLED: 11005,
  CONN_INSUFFICIENT_SCOPES: 11007,
  CONN_KEY_INVALID: 11008,
  CONN_KEY_NOT_FOUND: 11009,
  CONN_BAD_REQUEST_FORMAT: 11100,
  CONN_DOES_NOT_EXIST: 11101,
  CONN_INVALID_REQUEST: 11102,
  DATABASE_DUPLICATE_KEY: 40010,
  RPC_REQUEST_QUEUE_FULL: 40030,
  RPC_SERVER_UNAVAILABLE: 40031,
  RPC_REQUEST_TIMEOUT: 40032,
} as const;

/** What went wrong, in the terms the UI and the retry logic need. */
export type ErrorKind =
  | 'auth' // the token is wrong or unknown (11008, 11009, 11102)
  | 'scopes' // the token lacks scopes (11007)
  | 'throttled' // 11005 / HTTP 429
  | 'transient' // 10030, 40030-40032, 5xx without a Clarifai status
  | 'network' // the request never got an answer
  | 'timeout' // no answer in time
  | 'not-found' // 11101
  | 'bad-request' // 11100 and other client mistakes
  | 'failed'; // anything else Clarifai refused

export interface ClarifaiStatus {
  code: number;
  description?: string;
  details?: string;
  req_id?: string;
  developer_notes?: string;
}

export class ClarifaiError extends Error {
  override readonly name = 'ClarifaiError';
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly status?: ClarifaiStatus,
    readonly httpStatus?: number,
    /** Scopes named as missing by an 11007 answer. */
    readonly missingScopes: readonly string[] = [],
    /** Seconds from a Retry-After header, when one came (none ever has, but honour it). */
    readonly retryAfterSeconds?: number,
    /**
     * The server may have done what was asked though the answer does not say so: a 2xx that is
     * not Clarifai's JSON, an answer too large to read, a success without what it should carry.
     */
    readonly unreadable = false,
  ) {
    super(message);
  }

  get code(): number | undefined {
    return this.status?.code;
  }

  /** Whether trying the same request again later can succeed. */
  get retryable(): boolean {
    return this.kind === 'throttled' || this.kind === 'transient' || this.kind === 'network' || this.kind === 'timeout';
  }

  /** Whether the request may have reached the server and changed something (outcome unknown). */
  get outcomeUnknown(): boolean {
    return this.kind === 'network' || this.kind === 'timeout' || this.unreadable;
  }

  /** A plain object safe to send to another context (no stack, no token). */
  toJSON(): SerializedError {
    return {
      kind: this.kind,
      message: this.message,
      code: this.status?.code,
      description: this.status?.description,
      details: this.status?.details,
      reqId: this.status?.req_id,
      missingScopes: [...this.missingScopes],
    };
  }
}

export interface SerializedError {
  kind: ErrorKind | 'refused' | 'invalid' | 'no-token' | 'quota' | 'internal';
  message: string;
  code?: number | undefined;
  description?: string | undefined;
  details?: string | undefined;
  reqId?: string | undefined;
  missingScopes?: string[] | undefined;
}

/**
 * A list after "Missing scopes:" / "Missing scope(s):", up to what ends it (a quote, a line, a full
 * stop: anything the class does not hold); "for endpoint …" is cut off after the match. Greedy and
 * with no lookahead, so a long run of spaces costs linear time, not quadratic.
 */
const MISSING_LIST = /missing scopes?(?:\(s\))?\s*:([A-Za-z_:, ]*)/gi;
const LIST_END = /\sfor\b/;
/** Text longer than this is cut before it is searched: an error is a few hundred characters. */
const MAX_ERROR_TEXT = 20_000;

/**
 * Scope names mentioned in a free-text `details`, in catalogue order. Single-word scopes (`All`,
 * `Predict`) are too common as words to pick out of prose, so they count only inside a list that
 * says it names the missing scopes ("Missing scopes: Predict, Models:Get").
 */
export function scopesNamedIn(whole: string | undefined): string[] {
  if (!whole) return [];
  const text = whole.slice(0, MAX_ERROR_TEXT);
  const listed = new Set<string>();
  for (const m of text.matchAll(MISSING_LIST)) for (const w of (m[1] ?? '').split(LIST_END)[0]!.split(/[,\s]+/)) listed.add(w);
  const found: string[] = [];
  for (const s of EXPOSED_SCOPES) {
    if (listed.has(s.name) || listed.has(s.name.replace(':', '_'))) {
      found.push(s.name);
      continue;
    }
    if (!s.action) continue;
    const re = new RegExp(`(^|[^A-Za-z:])${s.name.replace(':', '[:_]')}($|[^A-Za-z])`);
    if (re.test(text)) found.push(s.name);
  }
  return found;
}

function kindOf(code: number | undefined, httpStatus: number): ErrorKind {
  switch (code) {
    case StatusCode.CONN_KEY_INVALID:
    case StatusCode.CONN_KEY_NOT_FOUND:
    case StatusCode.CONN_INVALID_REQUEST:
      return 'auth';
    case StatusCode.CONN_INSUFFICIENT_SCOPES:
      return 'scopes';
    case StatusCode.CONN_THROTTLED:
      return 'throttled';
    case StatusCode.TRY_AGAIN:
    case StatusCode.RPC_REQUEST_QUEUE_FULL:
    case StatusCode.RPC_SERVER_UNAVAILABLE:
    case StatusCode.RPC_REQUEST_TIMEOUT:
      return 'transient';
    case StatusCode.CONN_DOES_NOT_EXIST:
      return 'not-found';
    case StatusCode.CONN_BAD_REQUEST_FORMAT:
      return 'bad-request';
    case undefined:
      if (httpStatus === 429) return 'throttled';
      if (httpStatus >= 500) return 'transient';
      if (httpStatus === 401) return 'auth';
      return 'failed';
    default:
      return 'failed';
  }
}

/**
 * The sentence a person reads, in the browser's language. Clarifai's own description (its words,
 * as it wrote them) is added where it helps.
 */
export function messageFor(kind: ErrorKind, status: ClarifaiStatus | undefined, httpStatus: number, missing: readonly string[]): string {
  const said = status?.description;
  const theirs = said ? (status?.req_id ? t('errClarifaiSaysRequest', said, status.req_id) : t('errClarifaiSays', said)) : '';
  switch (kind) {
    case 'auth':
      return t(status?.code === StatusCode.CONN_INVALID_REQUEST ? 'errCredentialsMalformed' : 'errPatRefused', theirs);
    case 'scopes':
      return missing.length ? t('errPatLacksScopes', list(missing), theirs) : t('errPatLacksScope', theirs);
    case 'throttled':
      return t('errThrottled', theirs);
    case 'transient':
      return t('errUnavailable', httpStatus, theirs);
    case 'not-found':
      return t('errDoesNotExist', theirs);
    case 'bad-request':
      return t('errMalformed', theirs);
    default:
      if (!status?.code) return t('errRefusedHttp', httpStatus, theirs);
      if (!said) return t('errRefusedStatus', status.code);
      return status.req_id ? t('errRefusedStatusSaysRequest', status.code, said, status.req_id) : t('errRefusedStatusSays', status.code, said);
  }
}

export function errorFromResponse(status: ClarifaiStatus | undefined, httpStatus: number, retryAfter?: number): ClarifaiError {
  const kind = kindOf(status?.code, httpStatus);
  const missing = kind === 'scopes' ? scopesNamedIn(`${status?.details ?? ''} ${status?.description ?? ''}`) : [];
  return new ClarifaiError(kind, messageFor(kind, status, httpStatus, missing), status, httpStatus, missing, retryAfter);
}
