/**
 * The worker's only door. For every message, in this order: who sent it (refused unless this
 * extension's page or its content script in a portal tab's top frame), what it is (schema, unknown
 * keys refused), whether that sender may ask for it; only then the handler runs. Every failure
 * refuses closed with a reply that echoes nothing of the input.
 */
import type { Runtime } from 'webextension-polyfill';
import { t } from '../i18n/i18n.ts';
import { OPERATIONS, parseRequest, type OpName, type Reply, type Request } from '../pure/protocol/index.ts';
import { serializeError } from './errors.ts';
import type { Context } from './operations/context.ts';
import { classifySender, type SelfIdentity } from './sender.ts';

export type AnyHandlers = { [N in OpName]: (req: Request<N>, ctx: Context) => Promise<unknown> };

export function createRouter(handlers: AnyHandlers, self: SelfIdentity) {
  return async function route(message: unknown, sender: Runtime.MessageSender | undefined): Promise<Reply<unknown>> {
    const caller = classifySender(sender, self);
    if (!caller) return { ok: false, error: { kind: 'refused', message: t('errUnknownSender') } };
    const parsed = parseRequest(message);
    if (!parsed.ok) {
      // Where it failed, for whoever debugs; never the values, and never on the screen.
      console.debug('Keysmith: refused a message it could not read', { where: parsed.where, check: parsed.check });
      return { ok: false, error: { kind: 'invalid', message: parsed.reason } };
    }
    const op = parsed.request.op;
    if (!(OPERATIONS[op].from as readonly string[]).includes(caller)) {
      return { ok: false, error: { kind: 'refused', message: t('errRefusedHere', op) } };
    }
    try {
      const handler = handlers[op] as (req: Request, ctx: Context) => Promise<unknown>;
      return { ok: true, value: await handler(parsed.request, { caller, tabId: sender?.tab?.id }) };
    } catch (e) {
      return { ok: false, error: serializeError(e) };
    }
  };
}
