/**
 * Serves the fake Clarifai portal (./app.tsx) for clarifai.com and portal.clarifai.com: an HTML shell
 * for every path (single-page-app fallback) and the bundle, built in memory with vite's JS API the first
 * time it is needed. The bundle is cached in this process and on disk (.sandbox/portal/<hash>.json,
 * keyed by the sources, so any edit rebuilds), so a second start is fast.
 *
 * The shell hands the page its portal session (a browser session token, never a PAT) in a JSON script
 * element; the page calls https://api.clarifai.com with it. The CSP is strict on purpose: the page may
 * run only its own script and talk only to the API, so an extension that injects inline scripts or
 * styles into the page is caught here as it would be on a strict real site.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type http from 'node:http';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PortalOptions {
  /** The portal session token the page sends as X-Clarifai-Session-Token. */
  sessionToken: string;
  /** The signed-in user. */
  userId: string;
  /** Replaces the default Content-Security-Policy (for experiments; the default is what tests use). */
  csp?: string;
}

export type PortalHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export const PORTAL_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  'connect-src https://api.clarifai.com',
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

interface Asset {
  path: string;
  contentType: string;
  body: string;
}

interface Bundle {
  hash: string;
  script: string;
  styles: string[];
  assets: Asset[];
}

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const cacheDir = join(repo, '.sandbox', 'portal');

function sourceFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(tsx?|css)$/.test(e.name)) out.push(p);
    }
  };
  walk(here);
  walk(join(repo, 'src', 'pure', 'scopes'));
  return out.sort();
}

function version(pkg: string): string {
  try {
    return (JSON.parse(readFileSync(join(repo, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}

function sourceHash(): string {
  const h = createHash('sha256');
  h.update(`vite ${version('vite')} preact ${version('preact')}\n`);
  for (const f of sourceFiles())
    h.update(`${relative(repo, f)}\n`)
      .update(readFileSync(f))
      .update('\n');
  return h.digest('hex').slice(0, 16);
}

function contentType(path: string): string {
  if (path.endsWith('.js')) return 'text/javascript; charset=utf-8';
  if (path.endsWith('.css')) return 'text/css; charset=utf-8';
  if (path.endsWith('.svg')) return 'image/svg+xml';
  return 'application/octet-stream';
}

async function buildBundle(hash: string): Promise<Bundle> {
  const { build } = await import('vite');
  const result = await build({
    configFile: false,
    root: here,
    mode: 'production',
    logLevel: 'warn',
    publicDir: false,
    envDir: false,
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    build: {
      write: false,
      target: 'es2022',
      minify: true,
      sourcemap: false,
      cssCodeSplit: false,
      modulePreload: false,
      copyPublicDir: false,
      reportCompressedSize: false,
      rolldownOptions: {
        input: join(here, 'main.tsx'),
        output: {
          entryFileNames: 'static/js/main.[hash].js',
          chunkFileNames: 'static/js/[name].[hash].js',
          assetFileNames: (info) => (info.names.some((n) => n.endsWith('.css')) ? 'static/css/main.[hash][extname]' : 'static/media/[name].[hash][extname]'),
        },
      },
    },
  });
  const outputs = Array.isArray(result) ? result : 'output' in result ? [result] : [];
  if (!outputs.length) throw new Error('portal: vite build returned no output');
  const assets: Asset[] = [];
  let script = '';
  for (const o of outputs.flatMap((r) => r.output)) {
    const path = `/${o.fileName}`;
    if (o.type === 'chunk') {
      assets.push({ path, contentType: contentType(path), body: o.code });
      if (o.isEntry) script = path;
    } else {
      const body = typeof o.source === 'string' ? o.source : Buffer.from(o.source).toString('utf8');
      assets.push({ path, contentType: contentType(path), body });
    }
  }
  if (!script) throw new Error('portal: no entry chunk in the build');
  return { hash, script, styles: assets.filter((a) => a.path.endsWith('.css')).map((a) => a.path), assets };
}

async function loadBundle(): Promise<Bundle> {
  const hash = sourceHash();
  const file = join(cacheDir, `${hash}.json`);
  try {
    const cached = JSON.parse(readFileSync(file, 'utf8')) as Bundle;
    if (cached.hash === hash && cached.script) return cached;
  } catch {
    // not built yet (or unreadable): build below
  }
  const bundle = await buildBundle(hash);
  try {
    mkdirSync(cacheDir, { recursive: true });
    // Write-then-rename: parallel test workers never read half a file.
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(bundle));
    renameSync(tmp, file);
    // Only the current version is kept.
    for (const old of readdirSync(cacheDir)) if (old.endsWith('.json') && old !== `${hash}.json`) rmSync(join(cacheDir, old), { force: true });
  } catch {
    // a read-only checkout still works, just without the disk cache
  }
  return bundle;
}

let bundlePromise: Promise<Bundle> | undefined;

/** The portal bundle, built once per process (and once per source version on disk). */
export function portalBundle(): Promise<Bundle> {
  bundlePromise ??= loadBundle().catch((e: unknown) => {
    bundlePromise = undefined;
    throw e;
  });
  return bundlePromise;
}

/** JSON safe inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function shell(bundle: Bundle, opts: PortalOptions): string {
  const styles = bundle.styles.map((href) => `<link rel="stylesheet" href="${href}">`).join('');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>Clarifai</title>',
    styles,
    `<script type="module" src="${bundle.script}"></script>`,
    '</head>',
    '<body>',
    '<div id="root"></div>',
    `<script type="application/json" id="session">${scriptJson({ token: opts.sessionToken, userId: opts.userId })}</script>`,
    '</body>',
    '</html>',
  ].join('\n');
}

export async function createPortalHandler(opts: PortalOptions): Promise<PortalHandler> {
  const bundle = await portalBundle();
  const assets = new Map(bundle.assets.map((a) => [a.path, a]));
  const html = shell(bundle, opts);
  const csp = opts.csp ?? PORTAL_CSP;
  const common = { 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'strict-origin-when-cross-origin' };

  return (req, res) => {
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      res.writeHead(405, { ...common, Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('method not allowed\n');
      return;
    }
    const path = (req.url ?? '/').split(/[?#]/)[0] ?? '/';
    const asset = assets.get(path);
    if (asset) {
      res.writeHead(200, { ...common, 'Content-Type': asset.contentType, 'Cache-Control': 'public, max-age=31536000, immutable' });
      res.end(method === 'HEAD' ? undefined : asset.body);
      return;
    }
    if (path === '/favicon.ico') {
      // Browsers ask for it on every page; an empty answer keeps their consoles free of 404s.
      res.writeHead(204, { ...common, 'Cache-Control': 'public, max-age=86400' });
      res.end();
      return;
    }
    if (path.startsWith('/static/') || path === '/robots.txt') {
      res.writeHead(404, { ...common, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(method === 'HEAD' ? undefined : 'not found\n');
      return;
    }
    res.writeHead(200, { ...common, 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Security-Policy': csp });
    res.end(method === 'HEAD' ? undefined : html);
  };
}
