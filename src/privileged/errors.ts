/** Errors the worker raises itself, and the one way any error becomes a reply. */
import { t } from '../i18n/i18n.ts';
import { ClarifaiError, type SerializedError } from '../pure/clarifai/errors.ts';

export class OperationError extends Error {
  constructor(
    readonly kind: SerializedError['kind'],
    message: string,
  ) {
    super(message);
  }
}

/** What a person reads when the browser refuses a write because Keysmith's storage is full. */
export const storageFull = (): string => t('errStorageFull');

/**
 * The browser refused a write to `storage.local` or `storage.session` because the area is full:
 * Chrome says "QUOTA_BYTES quota exceeded" (local) or "Session storage quota bytes exceeded"
 * (session); Firefox throws a QuotaExceededError ("The current transaction exceeded its quota
 * limitations." for local, "storage.session API call exceeded its quota limitations." for session).
 * `storage.sync`'s own limits (per item, items, writes an hour) are not this: preset-sync.ts says
 * those itself.
 */
export function isStorageFull(e: unknown): boolean {
  const name = e instanceof Error || e instanceof DOMException ? e.name : '';
  const text = e instanceof Error || e instanceof DOMException ? e.message : typeof e === 'string' ? e : '';
  if (/storage\.sync|PER_ITEM|MAX_ITEMS|MAX_WRITE_OPERATIONS/i.test(text)) return false;
  return name === 'QuotaExceededError' || /\bQUOTA_BYTES\b|quota bytes exceeded|QuotaExceededError|exceeded its quota/i.test(text);
}

/** Runs a storage write; a full area becomes storageFull(), in words, with nothing else changed. */
export async function storageWrite<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    if (isStorageFull(e)) throw new OperationError('quota', storageFull());
    throw e;
  }
}

/**
 * Turns anything thrown into a message-safe error. Clarifai errors are already redacted by the
 * client; our own carry fixed texts; anything else is reported without its text, which could hold
 * data we did not choose to send.
 */
export function serializeError(e: unknown): SerializedError {
  if (e instanceof ClarifaiError) return e.toJSON();
  if (e instanceof OperationError) return { kind: e.kind, message: e.message };
  // Starting a job, remembering a token, saving a preset: a full storage is said as such, not "internal error".
  if (isStorageFull(e)) return { kind: 'quota', message: storageFull() };
  console.warn('Keysmith: internal error', e instanceof Error ? e.name : typeof e);
  return { kind: 'internal', message: t('errInternal') };
}
