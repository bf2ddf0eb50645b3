/**
 * Clarifai status codes the sandbox answers with, their descriptions and the HTTP status that goes with
 * each (docs/clarifai-api.md, "Status codes and errors"; numbers from api/status/status_code.proto, descriptions as Clarifai's
 * status-code page and observed responses word them).
 */
export const Code = {
  SUCCESS: 10000,
  MIXED_STATUS: 10010,
  FAILURE: 10020,
  TRY_AGAIN: 10030,
  NOT_IMPLEMENTED: 10040,
  CONN_THROTTLED: 11005,
  CONN_INSUFFICIENT_SCOPES: 11007,
  CONN_KEY_INVALID: 11008,
  CONN_KEY_NOT_FOUND: 11009,
  CONN_BAD_REQUEST_FORMAT: 11100,
  CONN_DOES_NOT_EXIST: 11101,
  CONN_INVALID_REQUEST: 11102,
  CONN_METHOD_NOT_ALLOWED: 11103,
  MODEL_DOES_NOT_EXIST: 21200,
  INPUT_SUCCESS: 30000,
  INPUT_DOES_NOT_EXIST: 30102,
  DATABASE_DUPLICATE_KEY: 40010,
  RPC_SERVER_UNAVAILABLE: 40031,
  RPC_REQUEST_TIMEOUT: 40032,
} as const;

export type StatusCode = (typeof Code)[keyof typeof Code];

const DESCRIPTION: Record<StatusCode, string> = {
  10000: 'Ok',
  10010: 'Mixed Success',
  10020: 'Failure',
  10030: 'Try the request again',
  10040: 'Not implemented',
  11005: 'Making too many requests',
  11007: 'Insufficient scopes',
  11008: 'Invalid API key or Invalid API key/application pair',
  11009: 'API key not found',
  11100: 'Bad request format',
  11101: 'Resource does not exist',
  11102: 'Invalid request',
  11103: 'Request method not allowed',
  21200: 'Model does not exist',
  30000: 'Input successfully processed',
  30102: 'Input does not exist',
  40010: 'Duplicate key',
  40031: 'RPC server unavailable',
  40032: 'RPC request timeout',
};

/** HTTP status per code. 11007's is unknown in reality (401 or 403): see Switches.insufficientScopesHttpStatus. */
const HTTP: Record<StatusCode, number> = {
  10000: 200,
  10010: 207,
  10020: 500,
  10030: 503,
  10040: 501,
  11005: 429,
  11007: 403,
  11008: 401,
  11009: 401,
  11100: 400,
  11101: 404,
  11102: 400,
  11103: 405,
  21200: 404,
  30000: 200,
  30102: 404,
  40010: 409,
  40031: 503,
  40032: 504,
};

export function describe(code: StatusCode): string {
  return DESCRIPTION[code];
}

export function httpStatusOf(code: StatusCode): number {
  return HTTP[code];
}

/** Thrown anywhere in request handling; the pipeline turns it into `{status:{…}}` plus the empty list. */
export class ApiError extends Error {
  constructor(
    readonly code: StatusCode,
    readonly details?: string,
    /** Overrides the HTTP status that normally goes with `code`. */
    readonly http?: number,
  ) {
    super(`${code} ${describe(code)}${details ? `: ${details}` : ''}`);
  }
}

/** A status object as it appears on the wire; zero values omitted like every other field. */
export function statusJson(code: StatusCode, reqId: string, details?: string): Record<string, unknown> {
  const s: Record<string, unknown> = { code, description: describe(code) };
  if (details) s.details = details;
  s.req_id = reqId;
  return s;
}
