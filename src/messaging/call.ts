/**
 * How content scripts and extension pages ask the worker for a named operation. The caller's half of
 * src/pure/protocol/; imports only types from it, so no schema code lands in the content script.
 *
 * It uses the browser's own promise-returning `runtime.sendMessage` (Firefox's `browser`, Chrome's
 * `chrome` since Chrome 99) rather than webextension-polyfill: the content script loads on every
 * portal page, and the polyfill is a third of its size.
 */
import type { Reply, Request, Results } from '../pure/protocol/index.ts';
import type { SerializedError } from '../pure/clarifai/errors.ts';
import { t } from '../i18n/i18n.ts';

export class WorkerError extends Error {
  constructor(readonly error: SerializedError) {
    super(error.message);
  }
}

/** What a person reads when a call failed: the worker's message, or that the worker did not answer. */
export function errorText(e: unknown): string {
  return e instanceof WorkerError ? e.message : t('workerNoAnswer');
}

interface NativeRuntime {
  runtime: { id?: string; sendMessage(message: unknown): Promise<unknown> };
}

const native = () => {
  const g = globalThis as { browser?: NativeRuntime; chrome?: NativeRuntime };
  return (g.browser ?? g.chrome)?.runtime;
};

function runtime(): NativeRuntime['runtime'] {
  const api = native();
  if (!api) throw new Error('no extension runtime');
  return api;
}

/** Whether this script has lost its extension (updated, reloaded or removed since it loaded): every call would throw. */
export function extensionGone(): boolean {
  return !native()?.id;
}

export async function call<R extends Request>(request: R): Promise<Results[R['op']]> {
  type N = R['op'];
  let reply: Reply<Results[N]> | undefined;
  try {
    reply = (await runtime().sendMessage(request)) as Reply<Results[N]> | undefined;
  } catch {
    throw new WorkerError({ kind: 'internal', message: t('workerNoAnswer') });
  }
  if (!reply || typeof reply !== 'object') throw new WorkerError({ kind: 'internal', message: t('workerNoAnswer') });
  if (!reply.ok) throw new WorkerError(reply.error);
  return reply.value;
}
