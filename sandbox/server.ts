/**
 * One HTTPS server on 127.0.0.1 for the whole sandbox, routed by Host header:
 *   api.clarifai.com (and localhost / 127.0.0.1) → the fake API, plus the control API under /__sandbox/
 *   clarifai.com, portal.clarifai.com            → the fake portal (opts.handlePortal), else 404
 * A browser reaches it under the real hostnames with Chromium's --host-resolver-rules; the self-signed
 * certificate (made at start) is accepted with --ignore-certificate-errors-spki-list=<spkiHash>.
 *
 * CLI for local development:  npx tsx sandbox/server.ts --port 8443 [--seed 123]
 */
import { createHash, X509Certificate } from 'node:crypto';
import type http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generate } from 'selfsigned';
import { handleApi } from './api.ts';
import { handleControl } from './control.ts';
import { API_HOST, PORTAL_HOSTS, SANDBOX_PAT, SANDBOX_PAT_READONLY, SANDBOX_SESSION_TOKEN } from './constants.ts';
import { Sandbox } from './state.ts';

export interface SandboxOptions {
  /** 0 or absent: a free port. */
  port?: number;
  /** Serves clarifai.com and portal.clarifai.com. */
  handlePortal?: (req: http.IncomingMessage, res: http.ServerResponse) => void;
  seed?: number;
}

export interface RunningSandbox {
  port: number;
  /** https://127.0.0.1:<port>; without a Host header of its own a request there reaches the API. */
  url: string;
  sandbox: Sandbox;
  certPem: string;
  /** base64 SHA-256 of the certificate's SubjectPublicKeyInfo, for --ignore-certificate-errors-spki-list. */
  spkiHash: string;
  close(): Promise<void>;
}

const API_HOSTS = new Set([API_HOST, 'localhost', '127.0.0.1']);
const PORTAL = new Set<string>(PORTAL_HOSTS);

async function makeCertificate(): Promise<{ cert: string; key: string; spkiHash: string }> {
  const day = 24 * 60 * 60 * 1000;
  const pems = await generate([{ name: 'commonName', value: API_HOST }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(Date.now() - day),
    notAfterDate: new Date(Date.now() + 30 * day),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'clarifai.com' },
          { type: 2, value: 'portal.clarifai.com' },
          { type: 2, value: API_HOST },
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  const spki = new X509Certificate(pems.cert).publicKey.export({ type: 'spki', format: 'der' });
  return { cert: pems.cert, key: pems.private, spkiHash: createHash('sha256').update(spki).digest('base64') };
}

/** The Host header without its port, lower-case. */
function hostOf(req: http.IncomingMessage): string {
  return (req.headers.host ?? '').toLowerCase().replace(/:\d+$/, '');
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<RunningSandbox> {
  const sandbox = new Sandbox(opts.seed);
  const { cert, key, spkiHash } = await makeCertificate();

  const server = https.createServer({ cert, key }, (req, res) => {
    const host = hostOf(req);
    if (API_HOSTS.has(host)) {
      if ((req.url ?? '').startsWith('/__sandbox/')) {
        void handleControl(sandbox, req, res);
      } else {
        handleApi(sandbox, req, res);
      }
    } else if (PORTAL.has(host) && opts.handlePortal) {
      opts.handlePortal(req, res);
    } else {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end(`no site for host "${host}"\n`);
    }
  });

  // Tracked so that close() does not wait for idle keep-alive connections.
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  // Browsers probe and abort TLS handshakes with a self-signed certificate; that is not an error here.
  server.on('tlsClientError', () => {});

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', fail);
      ok();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    port,
    url: `https://127.0.0.1:${port}`,
    sandbox,
    certPem: cert,
    spkiHash,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        for (const s of sockets) s.destroy();
      }),
  };
}

async function main(argv: readonly string[]): Promise<void> {
  const arg = (name: string): number | undefined => {
    const i = argv.indexOf(name);
    const v = i >= 0 ? Number(argv[i + 1]) : undefined;
    if (v !== undefined && !Number.isInteger(v)) throw new Error(`${name} needs an integer`);
    return v;
  };
  const port = arg('--port') ?? 8443;
  const seed = arg('--seed');
  const sb = await startSandbox({ port, ...(seed !== undefined ? { seed } : {}) });
  const map = ['api.clarifai.com', ...PORTAL_HOSTS].map((h) => `MAP ${h} 127.0.0.1:${sb.port}`).join(', ');
  console.log(
    [
      `Keysmith sandbox on ${sb.url} (fake data, local development only)`,
      `  hosts: api.clarifai.com → API; clarifai.com, portal.clarifai.com → portal (by Host header)`,
      `  PAT (demo-user):           ${SANDBOX_PAT}`,
      `  read-only PAT (demo-user): ${SANDBOX_PAT_READONLY}`,
      `  portal session token:      ${SANDBOX_SESSION_TOKEN}`,
      `  certificate SPKI hash:     ${sb.spkiHash}`,
      `  chromium flags: "--host-resolver-rules=${map}" --ignore-certificate-errors-spki-list=${sb.spkiHash}`,
      `  faults: curl -sk -H 'Host: api.clarifai.com' -X POST ${sb.url}/__sandbox/faults -d '{"errorRate":0.2}'`,
    ].join('\n'),
  );
  const stop = (): void => {
    void sb.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
