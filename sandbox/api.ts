/**
 * The fake api.clarifai.com: one request from arrival to answer.
 *
 * Order: CORS preflight → body → injected latency → route (11101 / 11103) → authentication
 * (11102 / 11008 / 11009) → per-user rate limit (11005) → injected throttle / transient error → scopes
 * (11007) → a real call the sandbox does not serve (10040) → strict query and body decoding (11100) → the endpoint (which may commit) → answer, or, for a
 * committed mutation hit by drop-after-commit on a fresh connection, no answer at all.
 * Every request ends up in `sb.log`.
 */
import { randomBytes } from 'node:crypto';
import type http from 'node:http';
import { authenticate, requireScopes } from './auth.ts';
import { corsHeaders, isPreflight, preflight } from './cors.ts';
import { decodeBody, decodeQuery } from './decode.ts';
import { BAD_GATEWAY_HTML, countOnConnection, nextTransient, rollFaults } from './faults.ts';
import { admit, throttledDetails } from './ratelimit.ts';
import { matchRoute } from './routes.ts';
import type { LogEntry, Sandbox } from './state.ts';
import { ApiError, Code, httpStatusOf, statusJson } from './status.ts';

const MAX_BODY_BYTES = 1 << 20;

/** The whole body, or null if the client went away or sent more than MAX_BODY_BYTES. */
function readBody(req: http.IncomingMessage): Promise<string | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY_BYTES) chunks.push(c);
    });
    req.on('end', () => resolve(size <= MAX_BODY_BYTES ? Buffer.concat(chunks).toString('utf8') : null));
    req.on('error', () => resolve(null));
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function finish(sb: Sandbox, entry: LogEntry, status: number, code: number): void {
  entry.status = status;
  entry.code = code;
  entry.seq = sb.log.length + 1;
  sb.log.push(entry);
}

export function handleApi(sb: Sandbox, req: http.IncomingMessage, res: http.ServerResponse): void {
  serve(sb, req, res).catch((err: unknown) => {
    console.error('[sandbox] unexpected error while answering', req.method, req.url, err);
    if (!res.headersSent) {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end('sandbox error');
    } else {
      res.destroy();
    }
  });
}

async function serve(sb: Sandbox, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const position = countOnConnection(req.socket);
  const reqId = randomBytes(16).toString('hex');
  const method = req.method ?? '';
  const url = new URL(req.url ?? '/', 'https://api.clarifai.com');
  const origin = req.headers.origin;
  const entry: LogEntry = { seq: 0, time: Date.now(), method, path: url.pathname, query: url.search.slice(1), reqId, status: 0, code: 0 };
  if (origin) entry.origin = origin;

  // While drops are possible, no connection may be reused (docs/browser-testing.md: Chromium re-sends a POST
  // whose reused connection closes early, which would hide the drop from the extension).
  const connection = (): Record<string, string> => (sb.faults.dropAfterCommitRate > 0 ? { Connection: 'close' } : {});

  if (isPreflight(req)) {
    const { status, headers } = preflight(sb, req);
    res.writeHead(status, { ...headers, ...connection() });
    res.end();
    finish(sb, entry, status, 0);
    return;
  }

  if (sb.switches.apiDown) {
    req.socket.destroy();
    finish(sb, entry, 0, 0);
    return;
  }
  const raw = await readBody(req);
  if (sb.faults.latencyMs > 0) await sleep(sb.faults.latencyMs);
  // A test holding a job mid-way: key creations wait (arrived, not answered) until it lets them go.
  if (sb.keyGate && method === 'POST' && /\/keys$/.test(url.pathname)) {
    sb.keysHeld++;
    await sb.keyGate;
    sb.keysHeld--;
  }

  const sendJson = (status: number, code: number, body: Record<string, unknown>, extra: Record<string, string> = {}): void => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'Content-Type': 'application/json',
      'Content-Length': String(Buffer.byteLength(text)),
      'x-clarifai-request-id': reqId,
      ...corsHeaders(sb, origin),
      ...connection(),
      ...extra,
    });
    res.end(text);
    finish(sb, entry, status, code);
  };

  /** Hostile answers for the attack tests (switch corruptAppLists). */
  const sendCorrupt = (mode: 'malformed-json' | 'wrong-types' | 'huge', body: Record<string, unknown>): void => {
    let text = JSON.stringify(body);
    if (mode === 'malformed-json') text = text.slice(0, Math.max(20, Math.floor(text.length / 2)));
    if (mode === 'wrong-types') {
      const apps = (body.apps as Record<string, unknown>[]).map((a, i) =>
        i % 3 === 0 ? { ...a, id: 42 + i, name: { html: '<b>x</b>' } } : i % 3 === 1 ? { ...a, name: ['x'], description: 7 } : a,
      );
      text = JSON.stringify({ ...body, apps });
    }
    if (mode === 'huge') {
      const filler = 'x'.repeat(30_000);
      text = JSON.stringify({ ...body, apps: Array.from({ length: 1000 }, (_, i) => ({ id: `huge-${i}`, description: filler })) });
    }
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Content-Length': String(Buffer.byteLength(text)),
      'x-clarifai-request-id': reqId,
      ...corsHeaders(sb, origin),
      ...connection(),
    });
    res.end(text);
    finish(sb, entry, 200, Code.SUCCESS);
  };

  let list: string | undefined;
  try {
    if (raw === null) throw new ApiError(Code.CONN_BAD_REQUEST_FORMAT, `request body missing or larger than ${MAX_BODY_BYTES} bytes`);
    const match = matchRoute(method, url.pathname);
    if (match.kind === 'none') throw new ApiError(Code.CONN_DOES_NOT_EXIST, `no route for ${method} ${url.pathname}`);
    if (match.kind === 'method') {
      throw new ApiError(Code.CONN_METHOD_NOT_ALLOWED, `${method} is not allowed on ${url.pathname} (allowed: ${match.allowed.join(', ')})`);
    }
    entry.rpc = match.rpc.name;
    const endpoint = match.endpoint;
    list = endpoint?.list;

    const p = authenticate(sb, req, match.rpc);
    entry.userId = p.userId;
    entry.auth = p.kind;

    if (!admit(sb, p.userId, Date.now())) {
      entry.fault = 'ratelimit';
      throw new ApiError(Code.CONN_THROTTLED, throttledDetails(sb));
    }
    const roll = rollFaults(sb);
    if (roll.throttle) {
      entry.fault = 'throttle';
      throw new ApiError(Code.CONN_THROTTLED, throttledDetails(sb));
    }
    if (roll.error) {
      entry.fault = 'error';
      const t = nextTransient(sb);
      if (t.code === undefined) {
        // A gateway's answer: HTML, no CORS headers, no request id.
        res.writeHead(t.http, { 'Content-Type': 'text/html', 'Content-Length': String(Buffer.byteLength(BAD_GATEWAY_HTML)), ...connection() });
        res.end(BAD_GATEWAY_HTML);
        finish(sb, entry, t.http, 0);
        return;
      }
      throw new ApiError(t.code, t.details, t.http);
    }

    requireScopes(sb, p, match.rpc);
    // A real call the sandbox does not serve still checks who calls and their scopes first, as Clarifai
    // would: a key one scope short gets 11007 on every call, served or not.
    if (!endpoint) throw new ApiError(Code.NOT_IMPLEMENTED, `${match.rpc.name} is a real Clarifai call the sandbox does not implement`);
    const query = decodeQuery(url.searchParams, endpoint.query ?? {}, sb.switches.rejectUnknownQueryParams);
    const body = endpoint.body ? decodeBody(raw, endpoint.body) : {};
    const reply = endpoint.handle({ sb, p, rpc: match.rpc, params: match.params, query, body, reqId });
    const code = reply.code ?? Code.SUCCESS;

    if (reply.committed && roll.drop && position === 1) {
      // Committed, and now the connection dies before a single byte of the answer.
      entry.fault = 'drop';
      req.socket.destroy();
      finish(sb, entry, 0, code);
      return;
    }
    if (match.rpc.name === 'ListApps' && code === Code.SUCCESS && sb.switches.corruptAppLists !== 'none') {
      return sendCorrupt(sb.switches.corruptAppLists, { status: statusJson(code, reqId), ...reply.body });
    }
    sendJson(httpStatusOf(code), code, { status: statusJson(code, reqId), ...reply.body });
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    const extra: Record<string, string> =
      e.code === Code.CONN_THROTTLED && sb.switches.retryAfterSeconds > 0 ? { 'Retry-After': String(sb.switches.retryAfterSeconds) } : {};
    sendJson(e.http ?? httpStatusOf(e.code), e.code, { status: statusJson(e.code, reqId, e.details), ...(list ? { [list]: [] } : {}) }, extra);
  }
}
