/**
 * A Firefox tab as a DriverPage: puppeteer-core's page over WebDriver BiDi, with what Firefox needs
 * beyond it: the query script injected into each document, real clicks at the element itself, and
 * navigation to the extension's own (moz-extension://) pages, which puppeteer does not follow.
 */
import { fileURLToPath } from 'node:url';
import type { ConsoleMessage, Dialog, ElementHandle, JSHandle, KeyInput, Page } from 'puppeteer-core';
import { build, type Rolldown } from 'vite';
import { internalMethod, internalObject } from '../../../../sandbox/browsers/puppeteer-internals.ts';
import type { DriverPage } from '../../../../sandbox/drive/types.ts';
import type { Step } from '../in-page.ts';
import { FxFinder, type LocatorHost } from './locator.ts';
import { markReload, reloaded } from './page-functions.ts';
import { sleep, until } from './until.ts';

let bundle: Promise<string> | undefined;
/** in-page.ts and dom-accessibility-api as one script, built by vite's own bundler. */
function inPageScript(): Promise<string> {
  bundle ??= build({
    configFile: false,
    logLevel: 'silent',
    publicDir: false,
    build: {
      write: false,
      minify: true,
      lib: { entry: fileURLToPath(new URL('../in-page.ts', import.meta.url)), formats: ['iife'], name: 'KeysmithInPageQuery' },
    },
  }).then((out) => ((Array.isArray(out) ? out[0] : out) as Rolldown.RolldownOutput).output[0].code);
  return bundle;
}

type Key = Parameters<DriverPage['keyboard']['press']>[0];
/** The scenarios' key names as puppeteer's BiDi keyboard knows them (it names the space bar ' '). */
const KEYS: Record<Exclude<Key, `Shift+${string}`>, KeyInput> = {
  Enter: 'Enter',
  Space: ' ',
  ArrowDown: 'ArrowDown',
  ArrowUp: 'ArrowUp',
  Tab: 'Tab',
  Escape: 'Escape',
};

/** A key, or Shift held down around one (puppeteer's press takes no combinations). */
async function press(raw: Page, key: Key): Promise<void> {
  if (!key.startsWith('Shift+')) return raw.keyboard.press(KEYS[key as keyof typeof KEYS]);
  await raw.keyboard.down('Shift');
  try {
    await raw.keyboard.press(KEYS[key.slice('Shift+'.length) as keyof typeof KEYS]);
  } finally {
    await raw.keyboard.up('Shift');
  }
}

type PageEvent = ['console', (message: ConsoleMessage) => void] | ['dialog', (dialog: Dialog) => void];

export class FxPage extends FxFinder implements DriverPage, LocatorHost {
  readonly keyboard: DriverPage['keyboard'];
  constructor(readonly raw: Page) {
    super([]);
    this.keyboard = { press: (key) => press(raw, key), type: (text) => raw.keyboard.type(text) };
  }
  protected override get host(): LocatorHost {
    return this;
  }
  /**
   * A real click at the element's centre, as the browser finds it when the click is dispatched
   * (BiDi's element origin): puppeteer's click() measures first and clicks coordinates, so a list
   * growing above the element in between sends the click to whatever moved there.
   */
  async pointerClick(el: ElementHandle<Element>) {
    const remote = internalMethod(el, 'remoteValue')();
    if (typeof remote !== 'object' || remote === null || !('sharedId' in remote) || typeof remote.sharedId !== 'string') {
      throw new Error('puppeteer-core gave the element no BiDi sharedId');
    }
    const performActions = internalMethod(internalObject(this.raw.mainFrame(), 'browsingContext'), 'performActions');
    await performActions([
      {
        type: 'pointer',
        id: 'keysmith-mouse',
        parameters: { pointerType: 'mouse' },
        actions: [
          { type: 'pointerMove', x: 0, y: 0, origin: { type: 'element', element: { sharedId: remote.sharedId } } },
          { type: 'pointerDown', button: 0 },
          { type: 'pointerUp', button: 0 },
        ],
      },
    ]);
  }
  /** Runs the query in the page, injecting the query script when the document does not have it yet. */
  async query(steps: Step[]): Promise<JSHandle<Element[]>> {
    const run = () => this.raw.evaluateHandle((s) => window.__ksQuery?.(s) ?? 'missing', steps);
    let list: JSHandle<Element[] | 'missing'> = await run();
    // Asked of the handle in the page: serializing the list back would copy every element.
    if (await list.evaluate((v: unknown) => v === 'missing')) {
      void list.dispose();
      // The bundle is a script, not a function: it runs as it is, and defines window.__ksQuery.
      await this.raw.evaluate(`(() => { ${await inPageScript()} })()`);
      list = await run();
    }
    return list as JSHandle<Element[]>; // not 'missing': the script was just injected
  }
  /** Puppeteer does not see navigations to moz-extension:// pages; the last one the driver made. */
  private extensionUrl?: string;
  async goto(url: string) {
    if (!url.startsWith('moz-extension:')) return this.raw.goto(url);
    this.extensionUrl = url;
    // goto() to a moz-extension:// address rejects although the page loads (docs/browser-testing.md).
    void this.raw.goto(url).catch(() => {});
    await until(async () => (await this.raw.evaluate(() => location.href)) === url && (await this.raw.evaluate(() => document.readyState)) === 'complete', url);
  }
  async reload() {
    await this.raw.evaluate(markReload);
    await until(() => this.raw.evaluate(reloaded), 'the reload');
  }
  url() {
    const seen = this.raw.url();
    return seen.startsWith('about:') && this.extensionUrl ? this.extensionUrl : seen;
  }
  async waitForURL(url: RegExp) {
    await until(async () => url.test(await this.raw.evaluate(() => location.href)), `the address ${url}`);
  }
  waitForTimeout(ms: number) {
    return sleep(ms);
  }
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R> {
    // Puppeteer types evaluate()'s argument through its handle-unwrapping types, which no generic A
    // can be proved to satisfy; the function and argument go through as they are.
    return this.raw.evaluate(fn as never, arg as never) as Promise<R>;
  }
  on(...[event, listener]: PageEvent) {
    return event === 'console' ? this.raw.on(event, listener) : this.raw.on(event, listener);
  }
  close() {
    return this.raw.close();
  }
}
