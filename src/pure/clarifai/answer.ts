/**
 * Reading Clarifai's answers, for ./client.ts: success and failure are decided by the body's
 * `status.code`, not by the HTTP status; an answer too large or not Clarifai's JSON is not used;
 * and no error message carries the token (messages are redacted before they leave).
 */
import { t } from '../../i18n/i18n.ts';
import { ClarifaiError, errorFromResponse, StatusCode, type ClarifaiStatus } from './errors.ts';
import type { WithStatus } from './types.ts';

/** No answer Keysmith asks for comes near this (1,000 apps with long descriptions is a few MB). */
export const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/** Replaces the token anywhere in a string: a server that echoes it must not put it in a message. */
function redact(text: string, token: string): string {
  return token ? text.split(token).join('[token]') : text;
}

function redactError(err: ClarifaiError, token: string): ClarifaiError {
  const s = err.status;
  const status: ClarifaiStatus | undefined = s && {
    ...s,
    description: s.description && redact(s.description, token),
    details: s.details && redact(s.details, token),
    developer_notes: s.developer_notes && redact(s.developer_notes, token),
  };
  return new ClarifaiError(err.kind, redact(err.message, token), status, err.httpStatus, err.missingScopes, err.retryAfterSeconds, err.unreadable);
}

/** An answer that was not read or not understood says nothing about what the server did: `unreadable`, so a mutation's outcome is unknown. */
function unused(message: string, httpStatus: number): ClarifaiError {
  return new ClarifaiError('failed', message, undefined, httpStatus, [], undefined, true);
}

/**
 * The body of a successful answer, else the ClarifaiError the answer means, its server texts
 * redacted of `token`. `readFailed` is what to throw when the body cannot be read to its end (the
 * connection broke, or the request's time ran out). `mixed`: a 10010 MIXED_STATUS answer (part of a
 * batch was done) is returned too, for the caller to read its items.
 */
export async function readAnswer<T extends WithStatus>(res: Response, token: string, readFailed: () => ClarifaiError, mixed = false): Promise<T> {
  const retryAfterRaw = res.headers.get('retry-after');
  const retryAfter = retryAfterRaw && /^\d+$/.test(retryAfterRaw) ? Number(retryAfterRaw) : undefined;
  const tooLarge = () => unused(t('errAnswerTooLarge', MAX_RESPONSE_BYTES / 1024 / 1024), res.status);
  if (Number(res.headers.get('content-length')) > MAX_RESPONSE_BYTES) {
    void res.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  let body: T | undefined;
  let text: string;
  try {
    text = await res.text();
  } catch {
    throw readFailed();
  }
  if (text.length > MAX_RESPONSE_BYTES) throw tooLarge();
  let malformed = false;
  try {
    body = text ? (JSON.parse(text) as T) : undefined;
  } catch {
    malformed = true;
  }
  const status = body && typeof body === 'object' && body.status && typeof body.status.code === 'number' ? body.status : undefined;
  if (status?.code === StatusCode.SUCCESS || (mixed && status?.code === StatusCode.MIXED_STATUS)) return body as T;
  // A 2xx that is not Clarifai's JSON: no proxy error, no status to go by.
  if (!status && res.ok) throw unused(t(malformed ? 'errAnswerNotJson' : 'errAnswerNoStatus', res.status), res.status);
  throw redactError(errorFromResponse(status, res.status, retryAfter), token);
}
