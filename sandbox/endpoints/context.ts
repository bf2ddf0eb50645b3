/**
 * What an endpoint handler receives and returns. Handlers are synchronous: by the time one runs, the
 * body is read, the caller authenticated, rate limits and faults applied and the query/body decoded,
 * so a commit and its answer can never interleave with another request.
 */
import type { Principal } from '../auth.ts';
import type { Decoded, MessageSpec, QuerySpec } from '../decode.ts';
import type { Rpc } from '../rpcs.ts';
import type { Sandbox } from '../state.ts';
import type { StatusCode } from '../status.ts';

export interface Ctx {
  sb: Sandbox;
  p: Principal;
  rpc: Rpc;
  /** Path parameters by their last name part: `user_id`, `app_id`, `key_id` (absent on /v2/apps, /v2/app). */
  params: Readonly<Record<string, string>>;
  query: Decoded;
  body: Decoded;
  reqId: string;
}

export interface Reply {
  /** Response fields besides `status`. */
  body: Record<string, unknown>;
  /** Default SUCCESS. */
  code?: StatusCode;
  /** The handler changed state (a drop-after-commit fault may then hit). */
  committed?: boolean;
}

export interface Endpoint {
  query?: QuerySpec;
  /** Request body message; absent for calls without a body (any body is then ignored). */
  body?: MessageSpec;
  /** The show-if-empty list of the response message, present as [] even in error answers. */
  list?: 'apps' | 'keys' | 'collaborations' | 'inputs' | 'concepts' | 'models' | 'outputs';
  handle(ctx: Ctx): Reply;
}
