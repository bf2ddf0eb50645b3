/**
 * The Firefox driver: Debian's Firefox ESR through puppeteer-core over WebDriver BiDi, implementing
 * the same locator subset as Playwright (types.ts). Elements are found in the page by in-page.ts
 * (bundled once per run, page.ts); actions are real input (BiDi input.performActions, locator.ts),
 * so clicks are trusted, as the extension requires for starting a job. What BiDi does not reach
 * (the background's life, tabs the extension opens) is done in the chrome scope (chrome-scope.ts).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ElementHandle } from 'puppeteer-core';
import { GECKO_ID } from '../../../../vite.config.ts';
import { launchFirefox, type LaunchedFirefox } from '../../../../sandbox/browsers/firefox.ts';
import type { FullSandbox } from '../../../../sandbox/full.ts';
import type { Driver } from '../../../../sandbox/drive/types.ts';
import { backgroundState, closeTab, intPref, setIntPref, tabs, terminateBackground } from './chrome-scope.ts';
import { FxPage } from './page.ts';
import { notePickedFile, pickedFile } from './page-functions.ts';
import { until } from './until.ts';

export async function firefoxDriver(sb: FullSandbox): Promise<Driver & { browser: LaunchedFirefox }> {
  // A profile of its own, kept across restart() and removed by close().
  const profileDir = mkdtempSync(join(tmpdir(), 'keysmith-firefox-'));
  const launch = () => launchFirefox({ sandboxPort: sb.port, profileDir });
  let ff = await launch();
  const state = () => ff.privileged(backgroundState, GECKO_ID);

  const stopBackground = async () => {
    const after = await ff.privileged(terminateBackground, GECKO_ID);
    if (after !== 'stopped') throw new Error(`the event page did not stop (${after})`);
  };
  const open = async (url: string) => {
    const page = new FxPage(await ff.browser.newPage());
    await page.goto(url);
    return page;
  };
  return {
    name: 'firefox',
    sb,
    get browser() {
      return ff;
    },
    extensionUrl: (path) => ff.url(path),
    open,
    // Firefox ESR does not report the file picker over BiDi (puppeteer's waitForFileChooser times
    // out), so the driver notes which file input the click opened, and gives the file to it.
    async runScript(page, source) {
      if (!(page instanceof FxPage)) throw new Error('not a page this Firefox driver opened');
      await page.raw.evaluate(`(() => { ${source}\n})()`);
    },
    preferDark() {
      // Puppeteer emulates media features through CDP only, which Firefox does not speak.
      return Promise.reject(new Error('the Firefox driver cannot emulate a dark theme'));
    },
    async chooseFile(page, click, file) {
      if (!(page instanceof FxPage)) throw new Error('not a page this Firefox driver opened');
      await page.raw.evaluate(notePickedFile);
      await click();
      const input = await until(
        async () => (await page.raw.evaluateHandle(pickedFile)).asElement() as ElementHandle<HTMLInputElement> | null,
        'the click to open a file picker',
        20_000,
      );
      await input.uploadFile(file);
    },
    // Downloads land in the profile's download folder without a prompt (launchFirefox's prefs).
    async download(_page, click) {
      const before = new Set(readdirSync(ff.downloadDir));
      await click();
      const name = await until(async () => {
        const fresh = readdirSync(ff.downloadDir).filter((f) => !before.has(f) && !f.endsWith('.part'));
        const f = fresh[0];
        return f && existsSync(join(ff.downloadDir, `${f}.part`)) === false && statSync(join(ff.downloadDir, f)).size > 0 ? f : null;
      }, 'the download');
      const path = join(ff.downloadDir, name);
      const content = readFileSync(path, 'utf8');
      rmSync(path);
      return { name, text: content };
    },
    // BiDi does not report a tab the extension opens itself (tabs.create), so the new tab is found in
    // the browser's own tab strip, then replaced by a driven tab at the same address (which loads
    // the page a second time).
    async tabOpenedBy(click, url) {
      const before = new Set((await ff.privileged(tabs)).map((t) => t.split(' ')[0]));
      await click();
      const [id, address] = await until(async () => {
        const fresh = (await ff.privileged(tabs)).map((t) => t.split(' ') as [string, string]).find(([i, u]) => !before.has(i) && url.test(u));
        return fresh ?? null;
      }, `a new tab at ${url}`);
      await ff.privileged(closeTab, id);
      return open(address);
    },
    stopBackground,
    // The idle timeout is lowered to 1 s; the timer already running keeps its end (at most 30 s away),
    // after which Firefox suspends the event page that holds the job, as it would after 30 s.
    async suspendWhenIdle() {
      const pref = 'extensions.background.idle.timeout';
      const was = await ff.privileged(intPref, pref, 30000);
      await ff.privileged(setIntPref, pref, 1000);
      try {
        await until(async () => (await state()) === 'stopped', 'Firefox to suspend the idle event page', 45_000);
      } finally {
        await ff.privileged(setIntPref, pref, was);
      }
    },
    async backgroundRunning() {
      return (await state()) === 'running';
    },
    // Firefox removes the temporary add-on as it closes; the profile keeps its storage, and the
    // same build is installed again on the start (launchFirefox). So the extension sees
    // runtime.onInstalled (install, temporary) where a real restart fires runtime.onStartup; Keysmith
    // opens its welcome page on no temporary install, and recovers jobs whenever its background starts.
    async restart(whileClosed) {
      await ff.close();
      await whileClosed?.();
      ff = await launch();
    },
    async close() {
      await ff.close();
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}
