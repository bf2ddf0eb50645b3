/**
 * The Firefox driver: Debian's Firefox ESR through puppeteer-core over WebDriver BiDi, implementing
 * the same locator subset as Playwright (types.ts). Elements are found in the page by in-page.ts
 * (bundled once per run); actions are real input (BiDi input.performActions), so clicks are
 * trusted, as the extension requires for starting a job.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ElementHandle, JSHandle, Page } from 'puppeteer-core';
import { build, type Rolldown } from 'vite';
import { GECKO_ID } from '../../../vite.config.ts';
import { launchFirefox, type LaunchedFirefox } from '../../../sandbox/browsers/firefox.ts';
import type { FullSandbox } from '../../../sandbox/full.ts';
import type { Step, Text } from './in-page.ts';
import type { Driver, DriverPage, Finder, Locator, Role, WaitOptions } from '../../../sandbox/drive/types.ts';

/** Playwright's "visible": a non-empty box, not display:none or visibility:hidden (through shadow hosts). */
const VISIBLE = (e: Element) => {
  const r = e.getBoundingClientRect();
  return r.width > 0 && r.height > 0 && e.checkVisibility({ visibilityProperty: true });
};
const TAB_STRIP = 'Services.wm.getMostRecentWindow("navigator:browser").gBrowser';
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const DEFAULT_TIMEOUT = 30_000;

async function until<T>(f: () => Promise<T | null | undefined | false>, what: string, ms = DEFAULT_TIMEOUT): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await f();
      if (v) return v;
    } catch (e) {
      last = e; // the page may be navigating
    }
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? ` (${String(last)})` : ''}`);
    await sleep(50);
  }
}

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
      lib: { entry: fileURLToPath(new URL('./in-page.ts', import.meta.url)), formats: ['iife'], name: 'KeysmithInPageQuery' },
    },
  }).then((out) => ((Array.isArray(out) ? out[0] : out) as Rolldown.RolldownOutput).output[0].code);
  return bundle;
}

const text = (t: string | RegExp): Text => (typeof t === 'string' ? t : { source: t.source, flags: t.flags });
const describeSteps = (steps: Step[]) => steps.map((s) => JSON.stringify(s)).join(' › ');

class FxFinder implements Finder {
  constructor(
    private readonly owner: FxPage | null,
    protected readonly steps: Step[],
  ) {}
  /** The page this finder searches (a page is its own). */
  protected get page(): FxPage {
    return this.owner ?? (this as unknown as FxPage);
  }
  protected with(s: Step): FxLocator {
    return new FxLocator(this.page, [...this.steps, s]);
  }
  getByRole(role: Role, o: { name?: string | RegExp; exact?: boolean } = {}): Locator {
    return this.with({ kind: 'role', role, name: o.name === undefined ? undefined : text(o.name), exact: o.exact });
  }
  getByTestId(id: string): Locator {
    return this.with({ kind: 'testid', id });
  }
  getByLabel(t: string | RegExp, o: { exact?: boolean } = {}): Locator {
    return this.with({ kind: 'label', text: text(t), exact: o.exact });
  }
  locator(selector: string, o: { hasText?: string | RegExp } = {}): Locator {
    const css = this.with({ kind: 'css', selector });
    return o.hasText === undefined ? css : css.filter({ hasText: o.hasText });
  }
  getByText(t: string | RegExp, o: { exact?: boolean } = {}): Locator {
    return this.with({ kind: 'text', text: text(t), exact: o.exact });
  }
}

class FxLocator extends FxFinder implements Locator {
  filter(o: { hasText: string | RegExp } | { has: Locator }): Locator {
    if ('has' in o) return this.with({ kind: 'has', steps: (o.has as FxLocator).steps });
    return this.with({ kind: 'hasText', text: text(o.hasText) });
  }
  first(): Locator {
    return this.with({ kind: 'nth', index: 0 });
  }
  private async all(): Promise<ElementHandle<Element>[]> {
    const list = await this.page.query(this.steps);
    const out: ElementHandle<Element>[] = [];
    for (const h of (await list.getProperties()).values()) {
      const el = h.asElement();
      if (el) out.push(el as ElementHandle<Element>);
      else void h.dispose();
    }
    void list.dispose();
    return out;
  }
  /**
   * The first match, waiting for one (Playwright's actions wait the same way) that is `ready`:
   * true, or why not (said in the timeout's error).
   */
  private async one(timeout = DEFAULT_TIMEOUT, ready?: (el: ElementHandle<Element>) => Promise<true | string>): Promise<ElementHandle<Element>> {
    let why = 'no match';
    try {
      return await until(
        async () => {
          const [el, ...rest] = await this.all();
          for (const h of rest) void h.dispose();
          if (!el) return null;
          const r = ready ? await ready(el) : true;
          if (r === true) return el;
          why = r;
          void el.dispose();
          return null;
        },
        describeSteps(this.steps),
        timeout,
      );
    } catch (e) {
      throw new Error(`${(e as Error).message}; last: ${why}`, { cause: e });
    }
  }
  /** Playwright's "enabled": not :disabled (which covers a disabled fieldset) nor aria-disabled. */
  private enabled = (el: ElementHandle<Element>) => el.evaluate((e) => !e.matches(':disabled') && !e.closest('[aria-disabled="true"]'));
  private ready = async (el: ElementHandle<Element>): Promise<true | string> => ((await this.enabled(el)) ? true : 'disabled');

  /**
   * Like Playwright's actionability checks: the element is enabled, has stopped moving, and is what
   * the pointer would hit, so a list still growing above it cannot take the click.
   */
  private clickable = async (el: ElementHandle<Element>): Promise<true | string> =>
    (await this.enabled(el))
      ? el.evaluate(async (e) => {
          // Only if needed: centring on every try can make a row oscillate by a pixel.
          e.scrollIntoView({ block: 'nearest', inline: 'nearest', behavior: 'instant' });
          const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
          const before = e.getBoundingClientRect();
          await frame();
          const r = e.getBoundingClientRect();
          if (!r.width || !r.height) return 'no size';
          if (r.x !== before.x || r.y !== before.y) return 'moving';
          const hit = (e.getRootNode() as Document | ShadowRoot).elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
          return hit && (hit === e || e.contains(hit))
            ? true
            : `covered by ${hit ? hit.outerHTML.slice(0, 80) : 'nothing'} at ${Math.round(r.x)},${Math.round(r.y)}`;
        })
      : 'disabled';

  async click(o: { modifiers?: 'Shift'[]; timeout?: number } = {}) {
    const end = Date.now() + (o.timeout ?? DEFAULT_TIMEOUT);
    for (;;) {
      const el = await this.one(Math.max(end - Date.now(), 1), this.clickable);
      const shift = o.modifiers?.includes('Shift');
      // Like Playwright's hit-target check: a press that lands on another element (the layout moved
      // between the measure and the press) is swallowed before the page sees it, and tried again.
      await el.evaluate((target) => {
        const state: { hit: boolean | null } = { hit: null };
        const swallow = (ev: Event) => {
          if (state.hit === false) {
            ev.preventDefault();
            ev.stopImmediatePropagation();
          }
        };
        const down = (ev: Event) => {
          state.hit = ev.composedPath().includes(target);
          swallow(ev);
        };
        const types = ['mousedown', 'pointerup', 'mouseup', 'click'] as const;
        window.addEventListener('pointerdown', down, true);
        for (const t of types) window.addEventListener(t, swallow, true);
        (window as unknown as { __ksClickGuard?: () => boolean | null }).__ksClickGuard = () => {
          window.removeEventListener('pointerdown', down, true);
          for (const t of types) window.removeEventListener(t, swallow, true);
          return state.hit;
        };
      });
      let pressed = true;
      if (shift) await this.page.raw.keyboard.down('Shift');
      try {
        await this.page.pointerClick(el);
      } catch {
        pressed = false; // the element went away between the check and the press (a re-render)
      } finally {
        if (shift) await this.page.raw.keyboard.up('Shift');
        void el.dispose();
      }
      // 'gone': the guard went with the document, because the click navigated: it landed.
      const hit = await this.page.raw
        .evaluate(() => {
          const guard = (window as unknown as { __ksClickGuard?: () => boolean | null }).__ksClickGuard;
          return guard ? guard() : 'gone';
        })
        .catch(() => 'gone' as const);
      if (pressed && (hit === true || hit === 'gone')) return;
      if (Date.now() > end) throw new Error(`clicks kept missing ${describeSteps(this.steps)}`);
    }
  }
  async fill(value: string, o: { timeout?: number } = {}) {
    const el = await this.one(o.timeout, this.ready);
    // Like Playwright: date-like inputs get their value set and events fired; text is typed.
    const typed = await el.evaluate((e, v) => {
      const input = e as HTMLInputElement;
      if (input.tagName === 'INPUT' && /^(date|datetime-local|time|month|week|range|color)$/.test(input.type)) {
        Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, v);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        input.dispatchEvent(new Event('change', { bubbles: true }));
        return false;
      }
      input.focus();
      input.select?.();
      return true;
    }, value);
    if (!typed) return;
    if (value) await this.page.raw.keyboard.type(value);
    else await this.page.raw.keyboard.press('Backspace');
  }
  async selectOption(option: string | { label: string }, o: { timeout?: number } = {}) {
    const want = typeof option === 'string' ? { value: option } : option;
    let value = '';
    const el = await this.one(o.timeout, async (e) => {
      value =
        (await e.evaluate((s, w) => {
          const opts = [...(s as HTMLSelectElement).options];
          const hit = 'label' in w ? opts.find((x) => x.label === w.label || x.textContent?.trim() === w.label) : opts.find((x) => x.value === w.value);
          return hit && !(s as HTMLSelectElement).disabled ? hit.value : null;
        }, want)) ?? '';
      return value !== '' || 'no such option, or disabled';
    });
    return (el as ElementHandle<HTMLSelectElement>).select(value);
  }
  async check() {
    if (await this.isChecked()) return;
    await this.click();
    if (!(await this.isChecked())) throw new Error(`clicking did not check ${describeSteps(this.steps)}`);
  }
  async isDisabled(o: { timeout?: number } = {}) {
    return !(await this.isEnabled(o));
  }
  async isVisible() {
    const el = (await this.all())[0];
    return !!el && (await el.evaluate(VISIBLE));
  }
  async getAttribute(name: string) {
    return (await this.one()).evaluate((e, n) => e.getAttribute(n), name);
  }
  async focus() {
    await (await this.one()).focus();
  }
  async textContent(o: { timeout?: number } = {}) {
    return (await this.one(o.timeout)).evaluate((e) => e.textContent);
  }
  /** In one evaluation, not one per element: the picker's lists are polled hundreds of rows long. */
  async allTextContents() {
    const list = await this.page.query(this.steps);
    try {
      return await list.evaluate((els) => els.map((e) => e.textContent ?? ''));
    } finally {
      void list.dispose();
    }
  }
  async inputValue(o: { timeout?: number } = {}) {
    return (await this.one(o.timeout)).evaluate((e) => (e as HTMLInputElement).value);
  }
  /** Playwright's "checked": a checkbox or radio input's state, else aria-checked; anything else is an error. */
  async isChecked(o: { timeout?: number } = {}) {
    const state = await (
      await this.one(o.timeout)
    ).evaluate((e) => {
      if (e instanceof HTMLInputElement && (e.type === 'checkbox' || e.type === 'radio')) return e.checked;
      const aria = e.getAttribute('aria-checked');
      return aria === 'true' ? true : aria === 'false' ? false : null;
    });
    if (state === null) throw new Error(`${describeSteps(this.steps)} is not a checkbox, radio or switch`);
    return state;
  }
  async isEnabled(o: { timeout?: number } = {}) {
    return this.enabled(await this.one(o.timeout));
  }
  async count() {
    const list = await this.page.query(this.steps);
    try {
      return await list.evaluate((els) => els.length);
    } finally {
      void list.dispose();
    }
  }
  async waitFor(o: WaitOptions = {}) {
    const state = o.state ?? 'visible';
    const met = async () => {
      const els = await this.all();
      const first = els[0];
      if (state === 'attached') return els.length > 0;
      if (state === 'detached') return els.length === 0;
      const visible = !!first && (await first.evaluate(VISIBLE));
      return state === 'visible' ? visible : !visible;
    };
    await until(met, `${describeSteps(this.steps)} to be ${state}`, o.timeout);
  }
}

class FxPage extends FxFinder implements DriverPage {
  readonly keyboard: { press(key: string): Promise<void> };
  constructor(readonly raw: Page) {
    super(null, []);
    // Puppeteer's BiDi keyboard names the space bar ' '.
    this.keyboard = { press: (key) => raw.keyboard.press((key === 'Space' ? ' ' : key) as never) };
  }
  /**
   * A real click at the element's centre, as the browser finds it when the click is dispatched
   * (BiDi's element origin): puppeteer's click() measures first and clicks coordinates, so a list
   * growing above the element in between sends the click to whatever moved there.
   */
  async pointerClick(el: ElementHandle<Element>) {
    const { sharedId } = (el as unknown as { remoteValue(): { sharedId: string } }).remoteValue();
    const context = (this.raw.mainFrame() as unknown as { browsingContext: { performActions(actions: unknown[]): Promise<void> } }).browsingContext;
    await context.performActions([
      {
        type: 'pointer',
        id: 'keysmith-mouse',
        parameters: { pointerType: 'mouse' },
        actions: [
          { type: 'pointerMove', x: 0, y: 0, origin: { type: 'element', element: { sharedId } } },
          { type: 'pointerDown', button: 0 },
          { type: 'pointerUp', button: 0 },
        ],
      },
    ]);
  }
  /** Runs the query in the page, injecting the query script when the document does not have it yet. */
  async query(steps: Step[]): Promise<JSHandle<Element[]>> {
    type Q = { __ksQuery?: (s: Step[]) => Element[] };
    const run = () => this.raw.evaluateHandle((s) => (globalThis as unknown as Q).__ksQuery?.(s) ?? 'missing', steps);
    let list: JSHandle<unknown> = await run();
    // Asked of the handle in the page: serializing the list back would copy every element.
    if (await list.evaluate((v: unknown) => v === 'missing')) {
      void list.dispose();
      await this.raw.evaluate(`(() => { ${await inPageScript()} })()`);
      list = await run();
    }
    return list as JSHandle<Element[]>;
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
    await this.raw.evaluate(() => {
      (window as unknown as { __ksBeforeReload?: boolean }).__ksBeforeReload = true;
      location.reload();
    });
    await until(
      async () => await this.raw.evaluate(() => !(window as unknown as { __ksBeforeReload?: boolean }).__ksBeforeReload && document.readyState === 'complete'),
      'the reload',
    );
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
    return this.raw.evaluate(fn as never, arg as never) as Promise<R>;
  }
  on(event: 'console' | 'dialog', listener: (x: never) => void) {
    return this.raw.on(event, listener as (x: unknown) => void);
  }
  close() {
    return this.raw.close();
  }
}

export async function firefoxDriver(sb: FullSandbox): Promise<Driver & { browser: LaunchedFirefox }> {
  // A profile of its own, kept across restart() and removed by close().
  const profileDir = mkdtempSync(join(tmpdir(), 'keysmith-firefox-'));
  const launch = () => launchFirefox({ sandboxPort: sb.port, profileDir });
  let ff = await launch();
  const extension = `ChromeUtils.importESModule("resource://gre/modules/ExtensionParent.sys.mjs").ExtensionParent.GlobalManager.getExtension(${JSON.stringify(GECKO_ID)})`;
  const state = () => ff.privileged<string>(`String(${extension}.backgroundState)`);
  /** Every tab as "<browserId> <address>". */
  const tabs = () => ff.privileged<string[]>(`Array.from(${TAB_STRIP}.tabs, (t) => t.linkedBrowser.browserId + " " + t.linkedBrowser.currentURI.spec)`);

  // What about:debugging's "Terminate background script" does, and Firefox itself when idle.
  // Forced past pending listeners, as about:debugging's button is; the state is read in the same call,
  // so a message that starts a new background right after cannot hide the stop.
  const stopBackground = async () => {
    const after = await ff.privileged<string>(
      `(async () => { const ext = ${extension}; await ext.terminateBackground({ ignoreDevToolsAttached: true, disableResetIdleForTest: true }); return String(ext.backgroundState); })()`,
    );
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
    async chooseFile(page, click, file) {
      const raw = (page as FxPage).raw;
      await raw.evaluate(() => {
        const w = window as unknown as { __ksPicked?: HTMLInputElement | null };
        w.__ksPicked = null;
        const note = (ev: Event) => {
          const t = ev.composedPath()[0];
          if (t instanceof HTMLInputElement && t.type === 'file') {
            w.__ksPicked = t;
            ev.preventDefault(); // no native picker: the driver answers for it
            window.removeEventListener('click', note, true);
          }
        };
        window.addEventListener('click', note, true);
      });
      await click();
      const input = await until(
        async () => {
          const h = await raw.evaluateHandle(() => (window as unknown as { __ksPicked?: HTMLInputElement | null }).__ksPicked ?? null);
          return h.asElement() as ElementHandle<HTMLInputElement> | null;
        },
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
      const before = new Set((await tabs()).map((t) => t.split(' ')[0]));
      await click();
      const [id, address] = await until(async () => {
        const fresh = (await tabs()).map((t) => t.split(' ') as [string, string]).find(([i, u]) => !before.has(i) && url.test(u));
        return fresh ?? null;
      }, `a new tab at ${url}`);
      await ff.privileged(
        `(() => { const b = ${TAB_STRIP}; b.removeTab(Array.from(b.tabs).find((t) => String(t.linkedBrowser.browserId) === ${JSON.stringify(id)})); })()`,
      );
      return open(address);
    },
    stopBackground,
    // The idle timeout is lowered to 1 s; the timer already running keeps its end (at most 30 s away),
    // after which Firefox suspends the event page that holds the job, as it would after 30 s.
    async suspendWhenIdle() {
      const pref = 'extensions.background.idle.timeout';
      const was = await ff.privileged<number>(`Services.prefs.getIntPref("${pref}", 30000)`);
      await ff.privileged(`Services.prefs.setIntPref("${pref}", 1000)`);
      try {
        await until(async () => (await state()) === 'stopped', 'Firefox to suspend the idle event page', 45_000);
      } finally {
        await ff.privileged(`Services.prefs.setIntPref("${pref}", ${was})`);
      }
    },
    async backgroundRunning() {
      return (await state()) === 'running';
    },
    // Firefox removes the temporary add-on as it closes; the profile keeps its storage, and the
    // same build is installed again on the start (launchFirefox). So the extension sees
    // runtime.onInstalled (install) where a real restart fires runtime.onStartup; Keysmith listens to
    // neither, and recovers jobs whenever its background starts.
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
