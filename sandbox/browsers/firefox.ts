/**
 * Launches Debian's Firefox ESR with Keysmith's Firefox build installed (temporarily, no signing),
 * the real Clarifai hostnames sent to the local HTTPS sandbox. Firefox has no host-resolver flag, so
 * a PAC file sends those three hosts to a tiny CONNECT proxy that forwards them to the sandbox's port
 * (docs/browser-testing.md, "Firefox ESR"). Driven by puppeteer-core over WebDriver BiDi.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { GECKO_ID } from '../../vite.config.ts';
import { FIREFOX } from '../../scripts/ensure-browser.ts';
import { HOSTS } from './chromium.ts';
import { internalMethod, internalObject } from './puppeteer-internals.ts';

/** Pinned, so extension pages have a known address. */
export const FIREFOX_EXTENSION_UUID = '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f';

/** Forwards CONNECT for the Clarifai hosts (port 443) to the sandbox; refuses anything else. */
function startConnectProxy(sandboxPort: number): Promise<{ server: Server; port: number }> {
  const server = createServer((_req, res) => {
    res.writeHead(405);
    res.end();
  });
  server.on('connect', (req, client) => {
    const [host, port] = (req.url ?? '').split(':');
    if (!(HOSTS as readonly string[]).includes(host ?? '') || port !== '443') {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = connect(sandboxPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(client);
      client.pipe(upstream);
    });
    const close = () => {
      upstream.destroy();
      client.destroy();
    };
    upstream.on('error', close);
    client.on('error', close);
  });
  return new Promise((res) => server.listen(0, '127.0.0.1', () => res({ server, port: (server.address() as { port: number }).port })));
}

export interface LaunchedFirefox {
  browser: Browser;
  url(path: string): string;
  /** Where downloads land, without asking. */
  downloadDir: string;
  /**
   * Calls `fn` in the browser's own (chrome) scope, over BiDi with `--remote-allow-system-access`:
   * what about:debugging does, such as reading or terminating the extension's background. Tests only.
   * `fn` is sent as its source, so it uses only the Gecko globals it is given and its arguments
   * (strings, numbers, booleans); it answers primitives or arrays of them.
   */
  privileged<A extends ChromeArg[], R>(fn: (gecko: ChromeScope, ...args: A) => R, ...args: A): Promise<Awaited<R>>;
  close(): Promise<void>;
}

export interface FirefoxOptions {
  sandboxPort: number;
  extensionDir?: string;
  /**
   * Reuse this profile (and keep it on close), to test what survives a browser restart. Firefox
   * removes a temporary add-on (the only kind an unsigned build can be) when it closes; the profile
   * keeps its storage, as it keeps a signed add-on's, and the same build is installed on each start.
   */
  profileDir?: string;
}

export async function launchFirefox(opts: FirefoxOptions): Promise<LaunchedFirefox> {
  const proxy = await startConnectProxy(opts.sandboxPort);
  const profile = opts.profileDir ?? mkdtempSync(join(tmpdir(), 'keysmith-ff-'));
  const downloadDir = mkdtempSync(join(tmpdir(), 'keysmith-ff-downloads-'));
  const pac = `function FindProxyForURL(url, host) { if (${HOSTS.map((h) => `host == "${h}"`).join(' || ')}) return "PROXY 127.0.0.1:${proxy.port}"; return "DIRECT"; }`;
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    protocol: 'webDriverBiDi',
    userDataDir: profile,
    acceptInsecureCerts: true,
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: FIREFOX_EXTENSION_UUID }),
      'extensions.webextensions.keepStorageOnUninstall': true,
      'extensions.webextensions.keepUuidOnUninstall': true,
      'network.proxy.type': 2,
      'network.proxy.autoconfig_url': `data:text/plain,${encodeURIComponent(pac)}`,
      'network.proxy.allow_hijacking_localhost': false,
      'app.update.enabled': false,
      'browser.download.folderList': 2,
      'browser.download.dir': downloadDir,
      'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false,
      // The downloads panel would take the keyboard focus from the page.
      'browser.download.alwaysOpenPanel': false,
      'datareporting.policy.dataSubmissionEnabled': false,
    },
  });
  await browser.installExtension(resolve(opts.extensionDir ?? 'dist/firefox'));
  // Puppeteer has no call for the chrome scope; its BiDi connection takes raw commands.
  const send = internalMethod(internalObject(browser, 'connection'), 'send');
  const bidi = async (method: string, params: object) => ((await send(method, params)) as { result: BidiResult }).result;
  let chromeContext: string | undefined;
  async function privileged<A extends ChromeArg[], R>(fn: (gecko: ChromeScope, ...args: A) => R, ...args: A): Promise<Awaited<R>> {
    chromeContext ??= (await bidi('browsingContext.getTree', { 'moz:scope': 'chrome' })).contexts[0]!.context;
    const result = await bidi('script.callFunction', {
      // The one piece of Gecko code kept as a string: it hands `fn` the chrome scope's globals.
      functionDeclaration: `function (...args) { return (${fn.toString()})({ Services, ChromeUtils }, ...args); }`,
      arguments: args.map((value) => ({ type: typeof value, value })),
      target: { context: chromeContext },
      awaitPromise: true,
      serializationOptions: { maxObjectDepth: 2 },
    });
    if (result.type !== 'success') throw new Error(`privileged evaluation failed: ${result.exceptionDetails?.text ?? result.type}`);
    return deserialize(result.result) as Awaited<R>;
  }
  return {
    browser,
    url: (path) => `moz-extension://${FIREFOX_EXTENSION_UUID}/${path.replace(/^\//, '')}`,
    downloadDir,
    privileged,
    async close() {
      await browser.close().catch(() => {});
      proxy.server.close();
      if (!opts.profileDir) rmSync(profile, { recursive: true, force: true });
      rmSync(downloadDir, { recursive: true, force: true });
    },
  };
}

/** What privileged() can pass to the chrome scope: BiDi's primitive local values. */
export type ChromeArg = string | number | boolean;

/** The few pieces of Gecko's chrome-scope API the tests use, as privileged() hands them over. */
export interface ChromeScope {
  Services: {
    wm: { getMostRecentWindow(type: 'navigator:browser'): { gBrowser: GeckoTabBrowser } };
    prefs: { getIntPref(name: string, fallback: number): number; setIntPref(name: string, value: number): void };
  };
  ChromeUtils: {
    importESModule(url: 'resource://gre/modules/ExtensionParent.sys.mjs'): {
      ExtensionParent: { GlobalManager: { getExtension(id: string): GeckoExtension | undefined } };
    };
  };
}

/** A browser window's tab strip. */
export interface GeckoTabBrowser {
  tabs: ArrayLike<GeckoTab>;
  removeTab(tab: GeckoTab | undefined): void;
}
export interface GeckoTab {
  linkedBrowser: { browserId: number; currentURI: { spec: string } };
}

/** An installed extension, as about:debugging sees it. */
export interface GeckoExtension {
  backgroundState: string;
  terminateBackground(options: { ignoreDevToolsAttached: boolean; disableResetIdleForTest: boolean }): Promise<void>;
}

interface BidiResult {
  contexts: { context: string }[];
  type: string;
  result: { type: string; value?: unknown };
  exceptionDetails?: { text: string };
}

/** BiDi's remote values, for the primitives and arrays of them that the privileged helpers return. */
function deserialize(v: { type: string; value?: unknown }): unknown {
  if (v.type === 'array') return (v.value as { type: string; value?: unknown }[]).map(deserialize);
  if (v.type === 'undefined' || v.type === 'null') return undefined;
  return v.value;
}
