/**
 * CORS as api.clarifai.com does it: only a fixed list of browser origins gets CORS headers. Other origins
 * get an answer without them, which a page cannot read; an extension's service worker with host
 * permission for the API host does not need CORS at all, so nothing is refused for lacking it.
 */
import type http from 'node:http';
import type { Sandbox } from './state.ts';

const ALLOW_METHODS = 'GET, POST, PATCH, DELETE';
const ALLOW_HEADERS = 'Authorization, Content-Type, X-Clarifai-Session-Token';
const EXPOSE_HEADERS = 'x-clarifai-request-id';

export function isPreflight(req: http.IncomingMessage): boolean {
  return req.method === 'OPTIONS' && req.headers.origin !== undefined && req.headers['access-control-request-method'] !== undefined;
}

function allowed(sb: Sandbox, origin: string | undefined): origin is string {
  return origin !== undefined && sb.switches.corsOrigins.includes(origin);
}

/** Headers for an actual (non-preflight) response. */
export function corsHeaders(sb: Sandbox, origin: string | undefined): Record<string, string> {
  if (!allowed(sb, origin)) return {};
  return { 'Access-Control-Allow-Origin': origin, 'Access-Control-Expose-Headers': EXPOSE_HEADERS, Vary: 'Origin' };
}

/** Status and headers of the answer to a preflight: 204 with the allowances, or 403 without any. */
export function preflight(sb: Sandbox, req: http.IncomingMessage): { status: number; headers: Record<string, string> } {
  const origin = req.headers.origin;
  if (!allowed(sb, origin)) return { status: 403, headers: { Vary: 'Origin' } };
  return {
    status: 204,
    headers: {
      'Access-Control-Allow-Origin': origin,
      'Access-Control-Allow-Methods': ALLOW_METHODS,
      'Access-Control-Allow-Headers': ALLOW_HEADERS,
      Vary: 'Origin',
    },
  };
}
