/** Errors the worker raises itself, and the one way any error becomes a reply. */
import { ClarifaiError, type SerializedError } from '../pure/clarifai/errors.ts';

export class OperationError extends Error {
  constructor(
    readonly kind: SerializedError['kind'],
    message: string,
  ) {
    super(message);
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
  console.warn('Keysmith: internal error', e instanceof Error ? e.name : typeof e);
  return { kind: 'internal', message: 'Keysmith hit an internal error; try again.' };
}
