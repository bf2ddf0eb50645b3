/**
 * The Firefox driver's locators: the same subset of Playwright's as types.ts, each a list of steps
 * that in-page.ts runs in the page, again on every try, until it matches. Actions wait the way
 * Playwright's do (enabled, still, not covered) and press with real input, so clicks are trusted.
 */
import type { ElementHandle, JSHandle, Page } from 'puppeteer-core';
import type { Step, Text } from '../in-page.ts';
import type { Finder, Locator, Role, WaitOptions } from '../../../../sandbox/drive/types.ts';
import { checkedState, guardClicks, hitTarget, isEnabled, isVisible, optionValue, prepareFill, takeClickGuard } from './page-functions.ts';
import { DEFAULT_TIMEOUT, until } from './until.ts';

/** What a locator needs of its page (page.ts). */
export interface LocatorHost {
  readonly raw: Page;
  /** The elements the steps find now, as one handle to an array in the page. */
  query(steps: Step[]): Promise<JSHandle<Element[]>>;
  /** A real click at the element's centre. */
  pointerClick(el: ElementHandle<Element>): Promise<void>;
}

const text = (t: string | RegExp): Text => (typeof t === 'string' ? t : { source: t.source, flags: t.flags });
const describeSteps = (steps: Step[]) => steps.map((s) => JSON.stringify(s)).join(' › ');

/** Finds elements below its steps; the page (no steps) and every locator are Finders. */
export abstract class FxFinder implements Finder {
  constructor(protected readonly steps: Step[]) {}
  /** The page this finder searches (a page is its own). */
  protected abstract get host(): LocatorHost;
  protected with(s: Step): FxLocator {
    return new FxLocator(this.host, [...this.steps, s]);
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

export class FxLocator extends FxFinder implements Locator {
  constructor(
    private readonly page: LocatorHost,
    steps: Step[],
  ) {
    super(steps);
  }
  protected override get host(): LocatorHost {
    return this.page;
  }
  filter(o: { hasText?: string | RegExp; has?: Locator } = {}): Locator {
    const byText = o.hasText === undefined ? this : this.with({ kind: 'hasText', text: text(o.hasText) });
    if (o.has === undefined) return byText;
    if (!(o.has instanceof FxLocator)) throw new Error('filter({ has }) takes a locator of the Firefox driver');
    return byText.with({ kind: 'has', steps: o.has.steps });
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
  private enabled = (el: ElementHandle<Element>) => el.evaluate(isEnabled);
  private ready = async (el: ElementHandle<Element>): Promise<true | string> => ((await this.enabled(el)) ? true : 'disabled');
  private clickable = async (el: ElementHandle<Element>): Promise<true | string> => ((await this.enabled(el)) ? el.evaluate(hitTarget) : 'disabled');

  async click(o: { modifiers?: 'Shift'[]; timeout?: number } = {}) {
    const end = Date.now() + (o.timeout ?? DEFAULT_TIMEOUT);
    const keyboard = this.page.raw.keyboard;
    for (;;) {
      const el = await this.one(Math.max(end - Date.now(), 1), this.clickable);
      const shift = o.modifiers?.includes('Shift');
      // A press that lands elsewhere (the layout moved between the check and the press) is
      // swallowed in the page, and tried again.
      await el.evaluate(guardClicks);
      let pressed = true;
      if (shift) await keyboard.down('Shift');
      try {
        await this.page.pointerClick(el);
      } catch {
        pressed = false; // the element went away between the check and the press (a re-render)
      } finally {
        if (shift) await keyboard.up('Shift');
        void el.dispose();
      }
      // 'gone' (also when the page cannot be asked): the click navigated, so it landed.
      const hit = await this.page.raw.evaluate(takeClickGuard).catch(() => 'gone' as const);
      if (pressed && (hit === true || hit === 'gone')) return;
      if (Date.now() > end) throw new Error(`clicks kept missing ${describeSteps(this.steps)}`);
    }
  }
  async fill(value: string, o: { timeout?: number } = {}) {
    const el = await this.one(o.timeout, this.ready);
    if (!(await el.evaluate(prepareFill, value))) return;
    if (value) await this.page.raw.keyboard.type(value);
    else await this.page.raw.keyboard.press('Backspace');
  }
  async selectOption(option: string | { label: string }, o: { timeout?: number } = {}) {
    const want = typeof option === 'string' ? { value: option } : option;
    let value = '';
    const el = await this.one(o.timeout, async (e) => {
      value = (await e.evaluate(optionValue, want)) ?? '';
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
    return !!el && (await el.evaluate(isVisible));
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
    return this.overAll((els) => els.map((e) => e.textContent ?? ''));
  }
  async inputValue(o: { timeout?: number } = {}) {
    return (await this.one(o.timeout)).evaluate((e) => (e as HTMLInputElement).value);
  }
  /** Playwright's "checked" (checkedState); anything but a checkbox, radio or switch is an error. */
  async isChecked(o: { timeout?: number } = {}) {
    const state = await (await this.one(o.timeout)).evaluate(checkedState);
    if (state === null) throw new Error(`${describeSteps(this.steps)} is not a checkbox, radio or switch`);
    return state;
  }
  async isEnabled(o: { timeout?: number } = {}) {
    return this.enabled(await this.one(o.timeout));
  }
  async count() {
    return this.overAll((els) => els.length);
  }
  /** `f` run in the page over every match at once. */
  private async overAll<R>(f: (els: Element[]) => R): Promise<Awaited<R>> {
    const list = await this.page.query(this.steps);
    try {
      return await list.evaluate(f);
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
      const visible = !!first && (await first.evaluate(isVisible));
      return state === 'visible' ? visible : !visible;
    };
    await until(met, `${describeSteps(this.steps)} to be ${state}`, o.timeout);
  }
}
