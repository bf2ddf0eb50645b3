/**
 * How content scripts and extension pages ask the worker for a named operation. The caller's half of
 * src/pure/protocol.ts; imports only types from it, so no schema code lands in the content script.
 */
import browser from 'webextension-polyfill';
import type { Reply, Request, Results } from '../pure/protocol.ts';
import type { SerializedError } from '../pure/clarifai/errors.ts';

export class WorkerError extends Error {
  constructor(readonly error: SerializedError) {
    super(error.message);
  }
}

export async function call<R extends Request>(request: R): Promise<Results[R['op']]> {
  type N = R['op'];
  let reply: Reply<Results[N]> | undefined;
  try {
    reply = (await browser.runtime.sendMessage(request)) as Reply<Results[N]> | undefined;
  } catch {
    throw new WorkerError({ kind: 'internal', message: 'Keysmith’s background worker did not answer; reload the page and try again.' });
  }
  if (!reply || typeof reply !== 'object') throw new WorkerError({ kind: 'internal', message: 'Keysmith’s background worker gave no answer.' });
  if (!reply.ok) throw new WorkerError(reply.error);
  return reply.value;
}
