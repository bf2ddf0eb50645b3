/**
 * The small driver interface every end-to-end scenario is written against (issue #7). It is the
 * subset of Playwright's locator API the scenarios use, so the Chromium driver hands out Playwright's
 * own pages and locators, and the Firefox driver implements the same subset over puppeteer-core and
 * WebDriver BiDi. What differs between the browsers lives on the Driver, each method saying how.
 */
import type { FullSandbox } from '../full.ts';

export type BrowserName = 'chromium' | 'firefox';

/** ARIA roles the scenarios look for (a subset; extend as scenarios need). */
export type Role =
  | 'alert'
  | 'button'
  | 'cell'
  | 'checkbox'
  | 'combobox'
  | 'dialog'
  | 'form'
  | 'heading'
  | 'link'
  | 'list'
  | 'listitem'
  | 'option'
  | 'radio'
  | 'region'
  | 'row'
  | 'searchbox'
  | 'spinbutton'
  | 'status'
  | 'switch'
  | 'tab'
  | 'table'
  | 'textbox';

export interface WaitOptions {
  state?: 'attached' | 'detached' | 'visible' | 'hidden';
  timeout?: number;
}

/** Finds elements; every query is lazy and re-run until it matches, like Playwright's. */
export interface Finder {
  getByRole(role: Role, options?: { name?: string | RegExp; exact?: boolean }): Locator;
  getByTestId(id: string): Locator;
  getByLabel(text: string | RegExp, options?: { exact?: boolean }): Locator;
  /** CSS, entering open shadow roots; optionally only elements holding `hasText`. */
  locator(selector: string, options?: { hasText?: string | RegExp }): Locator;
  /** The innermost elements whose text matches. */
  getByText(text: string | RegExp, options?: { exact?: boolean }): Locator;
}

export interface Locator extends Finder {
  /**
   * Keeps the matches holding `hasText` and (or) an element `has` finds in them. Both optional, as in
   * Playwright: a union requiring one would take `has` as a Locator of this interface, which
   * Playwright's own filter() cannot accept, and Playwright's locators would no longer be Locators.
   */
  filter(options?: { hasText?: string | RegExp; has?: Locator }): Locator;
  first(): Locator;
  click(options?: { modifiers?: 'Shift'[]; timeout?: number }): Promise<void>;
  /** Clicks a checkbox unless it is already ticked. */
  check(): Promise<void>;
  fill(text: string, options?: { timeout?: number }): Promise<void>;
  selectOption(option: string | { label: string }, options?: { timeout?: number }): Promise<unknown>;
  focus(): Promise<void>;
  textContent(options?: { timeout?: number }): Promise<string | null>;
  allTextContents(): Promise<string[]>;
  inputValue(options?: { timeout?: number }): Promise<string>;
  isChecked(options?: { timeout?: number }): Promise<boolean>;
  isEnabled(options?: { timeout?: number }): Promise<boolean>;
  isDisabled(options?: { timeout?: number }): Promise<boolean>;
  isVisible(): Promise<boolean>;
  getAttribute(name: string): Promise<string | null>;
  count(): Promise<number>;
  waitFor(options?: WaitOptions): Promise<void>;
}

export interface DriverPage extends Finder {
  goto(url: string): Promise<unknown>;
  reload(): Promise<unknown>;
  url(): string;
  waitForURL(url: RegExp): Promise<void>;
  waitForTimeout(ms: number): Promise<void>;
  keyboard: {
    press(key: 'Enter' | 'Space' | 'ArrowDown' | 'ArrowUp' | 'Tab' | 'Escape' | 'Shift+Space' | 'Shift+Tab'): Promise<void>;
    /** Types text into whatever has focus, a key at a time. */
    type(text: string): Promise<void>;
  };
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  /** The page's console, including what the extension's content script logs there. */
  on(event: 'console', listener: (message: { text(): string }) => void): unknown;
  /** alert(), confirm() and prompt(). */
  on(event: 'dialog', listener: (dialog: { message(): string; dismiss(): Promise<void> }) => void): unknown;
  close(): Promise<void>;
}

export interface Download {
  name: string;
  text: string;
}

export interface Driver {
  readonly name: BrowserName;
  /** The HTTPS sandbox (fake API and portal) this browser reaches through the real hostnames. */
  readonly sb: FullSandbox;
  /** The address of one of the extension's pages, e.g. `src/pages/options/index.html`. */
  extensionUrl(path: string): string;
  /** A new tab at a portal address or an extension page (see extensionUrl). */
  open(url: string): Promise<DriverPage>;
  /** Runs `click` on `page`, and gives `file` to the file picker it opens. */
  chooseFile(page: DriverPage, click: () => Promise<void>, file: string): Promise<void>;
  /** Runs `click` on `page`, and answers the file the page hands the browser to download. */
  download(page: DriverPage, click: () => Promise<void>): Promise<Download>;
  /**
   * Runs a script's source in `page`'s main world as DevTools does, which the page's CSP does not
   * stop (an extension page allows no eval): for test tools such as axe-core.
   */
  runScript(page: DriverPage, source: string): Promise<void>;
  /** Makes `page` see the system's dark theme (`prefers-color-scheme: dark`); Chromium only. */
  preferDark(page: DriverPage): Promise<void>;
  /** Runs `click`, and answers the tab the extension opens because of it. */
  tabOpenedBy(click: () => Promise<void>, url: RegExp): Promise<DriverPage>;
  /**
   * Terminates the background (Chromium: the service worker, Firefox: the event page) the way the
   * browser does when it is idle, and resolves once it has stopped.
   */
  stopBackground(): Promise<void>;
  /**
   * Resolves once the background has been suspended while idle. Firefox: the browser suspends the
   * idle event page itself (its idle timeout lowered to 1 s). Chromium never idles a worker that
   * DevTools (Playwright) is attached to, so there the worker is stopped through DevTools.
   */
  suspendWhenIdle(): Promise<void>;
  /**
   * Closes the browser (in the middle of whatever it was doing), runs `whileClosed`, and starts it
   * again on the same profile: what a person's restart keeps (storage.local) and loses
   * (storage.session, the background's memory).
   */
  restart(whileClosed?: () => void | Promise<void>): Promise<void>;
  /** Is the background running now? */
  backgroundRunning(): Promise<boolean>;
  close(): Promise<void>;
}
