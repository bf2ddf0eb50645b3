/**
 * Launches Debian's Chromium with a Keysmith build loaded, the real Clarifai hostnames mapped to the
 * local HTTPS sandbox. Used by the end-to-end tests and by `npm start`.
 *
 * Recipe (docs/browser-testing.md): Playwright's own `ignoreHTTPSErrors` does not cover the service
 * worker's fetch, so the sandbox certificate is trusted by its public-key hash instead; the
 * background-networking flags keep the closed network from flooding Chromium with refused connections.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Worker } from 'playwright-core';
import { submitToken } from '../drive/forms.ts';

export interface LaunchOptions {
  /** The unpacked extension; default dist/chrome. */
  extensionDir?: string;
  /** Sandbox port and certificate hash; absent for the real clarifai.com (`npm start -- --real`). */
  sandbox?: { port: number; spkiHash: string };
  headless?: boolean;
  executablePath?: string;
  /** Reuse this profile (and keep it on close), to test what survives a browser restart. */
  profileDir?: string;
}

export interface Launched {
  context: BrowserContext;
  extensionId: string;
  worker: Worker;
  url(path: string): string;
  close(): Promise<void>;
}

export const HOSTS = ['clarifai.com', 'portal.clarifai.com', 'api.clarifai.com'] as const;

export async function launchWithExtension(opts: LaunchOptions = {}): Promise<Launched> {
  const ext = resolve(opts.extensionDir ?? 'dist/chrome');
  const profile = opts.profileDir ?? mkdtempSync(join(tmpdir(), 'keysmith-profile-'));
  const args = [
    `--disable-extensions-except=${ext}`,
    `--load-extension=${ext}`,
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-features=Translate,OptimizationHints,MediaRouter',
  ];
  if (opts.sandbox) {
    const { port, spkiHash } = opts.sandbox;
    args.push(`--host-resolver-rules=${HOSTS.map((h) => `MAP ${h} 127.0.0.1:${port}`).join(', ')}, EXCLUDE localhost`);
    args.push(`--ignore-certificate-errors-spki-list=${spkiHash}`);
  }
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: opts.executablePath ?? process.env.KEYSMITH_CHROMIUM ?? '/usr/bin/chromium',
    headless: opts.headless ?? true,
    args,
    viewport: { width: 1280, height: 860 },
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    extensionId,
    worker,
    url: (path) => `chrome-extension://${extensionId}/${path.replace(/^\//, '')}`,
    async close() {
      await context.close().catch(() => {});
      if (!opts.profileDir) rmSync(profile, { recursive: true, force: true });
    },
  };
}

export const OPTIONS_PAGE = 'src/pages/options/index.html';

/** Types a PAT into the options page and saves it; returns the status line (success or the error). */
export async function savePat(b: Launched, pat: string): Promise<string> {
  const page = await b.context.newPage();
  await page.goto(b.url(OPTIONS_PAGE));
  // Playwright's page is the end-to-end driver's Finder (sandbox/drive/types.ts), as the compiler checks.
  const text = await submitToken(page, pat);
  await page.close();
  return text;
}
