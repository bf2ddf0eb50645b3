/**
 * Calls to the sandbox's API over real HTTPS, as a client would make them: the certificate verified
 * for the name api.clarifai.com, a fresh connection per request.
 */
import type http from 'node:http';
import https from 'node:https';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../sandbox/server.ts';
import { SANDBOX_PAT, type Sandbox } from '../../../sandbox/state.ts';

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

export interface CallOptions {
  /** `Key <token>` unless `authorization` is given; null sends no Authorization header. */
  token?: string | null;
  authorization?: string;
  headers?: Record<string, string>;
  body?: unknown;
  rawBody?: string;
  host?: string;
}

export type Call = (method: string, path: string, o?: CallOptions) => Promise<Reply>;

/** A `call` against the sandbox `running()` answers when the call is made (the sandbox PAT by default). */
export function httpsCaller(running: () => Pick<RunningSandbox, 'port' | 'certPem'>): Call {
  return (method, path, o = {}) => {
    const { port, certPem } = running();
    const token = o.token === undefined ? SANDBOX_PAT : o.token;
    const headers: Record<string, string> = { host: o.host ?? 'api.clarifai.com', ...o.headers };
    if (o.authorization !== undefined) headers.authorization = o.authorization;
    else if (token !== null) headers.authorization = `Key ${token}`;
    const payload = o.rawBody ?? (o.body === undefined ? undefined : JSON.stringify(o.body));
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      // Node frames a body on DELETE neither by length nor by chunks unless told: say its length.
      headers['content-length'] = String(Buffer.byteLength(payload));
    }
    return new Promise((resolve, reject) => {
      const req = https.request({ host: '127.0.0.1', port, method, path, headers, agent: false, ca: certPem, servername: 'api.clarifai.com' }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      });
      req.on('error', reject);
      req.end(payload);
    });
  };
}

/**
 * The sandbox's API started once for the file and reset before each test, with the rate limit off
 * (tests make many quick calls; one that is about the limit turns it back on).
 */
export function useApiSandbox(): { call: Call; readonly sb: Sandbox } {
  let running: RunningSandbox | undefined;
  const started = (): RunningSandbox => {
    if (!running) throw new Error('the sandbox is not started yet');
    return running;
  };
  beforeAll(async () => {
    running = await startSandbox();
  });
  afterAll(async () => {
    await running?.close();
  });
  beforeEach(() => {
    started().sandbox.reset();
    started().sandbox.switches.rateLimitPerSecond = 0;
  });
  return {
    call: httpsCaller(started),
    get sb() {
      return started().sandbox;
    },
  };
}
