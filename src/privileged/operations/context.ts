/**
 * What every operation gets besides its request: who called (the router checked the sender and
 * the message first) and from which tab; the handlers' type; and the small rules several areas share.
 */
import type { Caller } from '../../pure/protocol/common.ts';
import type { Request, Results } from '../../pure/protocol/index.ts';
import { usedBy } from '../api.ts';

export interface Context {
  caller: Caller;
  tabId?: number | undefined;
}

export type Handlers = { [N in keyof Results]: (req: Request<N>, ctx: Context) => Promise<Results[N]> };

/** When each portal tab last brought Keysmith's options page forward (the worker's own clock). */
const broughtForward = new Map<number, number>();
/** How often one portal tab may bring the options page forward. */
export const BRING_FORWARD_EVERY_MS = 10_000;

/**
 * Whether this call may bring the options page forward. A page script can drive the panel with
 * synthetic events; a portal tab that asked for the options page (its button, "Save as preset")
 * must not pull the person away from what they are doing again and again: once in 10 s per tab.
 * What it asked is still done (the preset waits on the options page); only the focus is not taken.
 */
export function mayBringForward(ctx: Context): boolean {
  if (ctx.caller !== 'content') return true;
  const tab = ctx.tabId ?? -1;
  const now = performance.now();
  const last = broughtForward.get(tab);
  if (last !== undefined && now - last < BRING_FORWARD_EVERY_MS) return false;
  broughtForward.set(tab, now);
  return true;
}

/** Runs a job operation after counting the call as use for the idle lock, if an extension page made it. */
export async function afterUse<T>(ctx: Context, run: () => Promise<T>): Promise<T> {
  await usedBy(ctx.caller);
  return run();
}
