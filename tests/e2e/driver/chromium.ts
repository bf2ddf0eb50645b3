/**
 * The Chromium driver: Debian's Chromium through playwright-core. Playwright's pages and locators
 * already are the driver interface (structurally: the compiler checks it); only downloads, tabs the
 * extension opens and the service worker's life need code here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { launchWithExtension, type Launched, type LaunchOptions } from '../../../sandbox/browsers/chromium.ts';
import type { FullSandbox } from '../../../sandbox/full.ts';
import type { Download, Driver, DriverPage } from '../../../sandbox/drive/types.ts';

export async function chromiumDriver(sb: FullSandbox, options: Omit<LaunchOptions, 'sandbox' | 'profileDir'> = {}): Promise<Driver & { browser: Launched }> {
  // A profile of its own, kept across restart() and removed by close().
  const profileDir = mkdtempSync(join(tmpdir(), 'keysmith-chromium-'));
  const launch = () => launchWithExtension({ ...options, profileDir, sandbox: { port: sb.port, spkiHash: sb.spkiHash } });
  let browser = await launch();
  /**
   * The Playwright page behind each DriverPage this driver handed out. A Playwright page is a
   * DriverPage as it is (the compiler checks it here), but chooseFile() and download() need
   * Playwright's own events, which the interface does not have.
   */
  const pages = new WeakMap<DriverPage, Page>();
  const asDriverPage = (page: Page): DriverPage => {
    pages.set(page, page);
    return page;
  };
  const playwrightPage = (page: DriverPage): Page => {
    const raw = pages.get(page);
    if (!raw) throw new Error('not a page this Chromium driver opened');
    return raw;
  };

  /**
   * The worker's DevTools view, from an extension resource (whose origin owns the registration) that
   * runs no script, so looking does not wake the worker.
   */
  async function workerStatus() {
    const page = await browser.context.newPage();
    await page.goto(browser.url('manifest.json'));
    const cdp = await browser.context.newCDPSession(page);
    /** The extension's newest worker version, and every status seen, per version. */
    const status = { versionId: '', seen: [] as { versionId: string; runningStatus: string }[] };
    cdp.on('ServiceWorker.workerVersionUpdated', (e) => {
      for (const v of e.versions) {
        if (v.scriptURL.includes(browser.extensionId)) {
          status.versionId = v.versionId;
          status.seen.push({ versionId: v.versionId, runningStatus: v.runningStatus });
        }
      }
    });
    await cdp.send('ServiceWorker.enable');
    await expect.poll(() => status.versionId).not.toBe('');
    return { cdp, status, close: () => page.close() };
  }

  const driver: Driver & { browser: Launched } = {
    name: 'chromium',
    sb,
    get browser() {
      return browser;
    },
    extensionUrl: (path) => browser.url(path),
    async open(url) {
      const page = await browser.context.newPage();
      await page.goto(url);
      return asDriverPage(page);
    },
    async runScript(page, source) {
      await playwrightPage(page).evaluate(`(() => { ${source}\n})()`);
    },
    async preferDark(page) {
      await playwrightPage(page).emulateMedia({ colorScheme: 'dark' });
    },
    async chooseFile(page, click, file) {
      const [chooser] = await Promise.all([playwrightPage(page).waitForEvent('filechooser', { timeout: 20_000 }), click()]);
      await chooser.setFiles(file);
    },
    async download(page, click) {
      const [download] = await Promise.all([playwrightPage(page).waitForEvent('download', { timeout: 20_000 }), click()]);
      const chunks = await (await download.createReadStream()).toArray();
      return { name: download.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') } satisfies Download;
    },
    async tabOpenedBy(click, url) {
      const [page] = await Promise.all([browser.context.waitForEvent('page', { predicate: (p) => url.test(p.url()) || p.url() === 'about:blank' }), click()]);
      await page.waitForURL(url);
      return asDriverPage(page);
    },
    // Playwright never stops a worker; the DevTools protocol does, as Chromium does when idle.
    async stopBackground() {
      const w = await workerStatus();
      const { versionId } = w.status;
      const from = w.status.seen.length;
      await w.cdp.send('ServiceWorker.stopWorker', { versionId });
      // Any 'stopped' of that version after the call counts: a message may start it again at once.
      const stopped = () => w.status.seen.slice(from).some((v) => v.versionId === versionId && v.runningStatus === 'stopped');
      await expect.poll(stopped, { timeout: 20_000 }).toBe(true);
      await w.close();
    },
    // Chromium stops a worker idle for 30 s (not configurable), but never while DevTools, which is
    // how Playwright drives the browser, is attached to it. DevTools' stopWorker is that same stop.
    async suspendWhenIdle() {
      await driver.stopBackground();
    },
    async backgroundRunning() {
      const w = await workerStatus();
      const last = w.status.seen.filter((v) => v.versionId === w.status.versionId).at(-1);
      await w.close();
      return last?.runningStatus === 'running';
    },
    async restart(whileClosed) {
      await browser.close();
      await whileClosed?.();
      browser = await launch();
    },
    async close() {
      await browser.close();
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
  return driver;
}
