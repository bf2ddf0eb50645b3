/**
 * Runs one set of scenarios in both browsers. `inBothBrowsers(title, body)` registers `body` once per
 * browser with a fresh sandbox and browser for each; `body` gets the driver (valid inside tests) and
 * `it`, which also takes the reasons a scenario cannot run in one browser, so the report says why
 * instead of staying silent.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, it as vitestIt } from 'vitest';
import { startFullSandbox } from '../../../sandbox/full.ts';
import { OPTIONS_PAGE } from '../../../sandbox/browsers/chromium.ts';
import { DEMO_USER_ID } from '../../../sandbox/state.ts';
import { submitToken } from '../../../sandbox/drive/forms.ts';
import { chromiumDriver } from './chromium.ts';
import { firefoxDriver } from './firefox/browser.ts';
import type { BrowserName, Driver, DriverPage } from '../../../sandbox/drive/types.ts';

export type { BrowserName, Driver, DriverPage, Locator } from '../../../sandbox/drive/types.ts';
export { addOrganization, pickRange } from '../../../sandbox/drive/forms.ts';

/** KEYSMITH_BROWSERS=chromium (or firefox) runs one browser only, for a quicker loop while working. */
export const BROWSERS: BrowserName[] = (() => {
  const asked = process.env.KEYSMITH_BROWSERS?.split(',').map((b) => b.trim()) ?? ['chromium', 'firefox'];
  const unknown = asked.filter((b) => b !== 'chromium' && b !== 'firefox');
  if (unknown.length) throw new Error(`KEYSMITH_BROWSERS: unknown browser ${unknown.join(', ')} (chromium, firefox)`);
  return asked as BrowserName[];
})();

type Body = () => Promise<void>;
export interface ScenarioIt {
  (name: string, body: Body, options?: { notIn?: Partial<Record<BrowserName, string>>; timeout?: number }): void;
}

export function inBothBrowsers(title: string, body: (ctx: { d: () => Driver; it: ScenarioIt; browser: BrowserName }) => void) {
  describe.each(BROWSERS)(`%s: ${title}`, (browser) => {
    let driver: Driver | undefined;
    beforeAll(async () => {
      const sb = await startFullSandbox();
      try {
        driver = browser === 'chromium' ? await chromiumDriver(sb) : await firefoxDriver(sb);
      } catch (e) {
        await sb.close();
        throw e;
      }
    });
    // A scenario that fails says what the API refused or dropped meanwhile (a picker or a job
    // that never finished is most often explained there); one that fails half-way must not leave
    // its faults to the next one.
    let logFrom = 0;
    beforeEach(() => void (logFrom = driver?.sb.sandbox.log.length ?? 0));
    afterEach((ctx) => {
      if (driver && ctx.task.result?.state === 'fail') {
        const bad = driver.sb.sandbox.log.slice(logFrom).filter((e) => e.auth !== 'session' && (e.status === 0 || e.status >= 400));
        const lines = bad
          .slice(-20)
          .map(
            (e) => `  ${e.method} ${e.path.replace(/[0-9a-f]{32}/gi, '(key id)')} → ${e.status || 'dropped'} (${e.code})${e.fault ? ` fault ${e.fault}` : ''}`,
          );
        console.error(
          `${browser}: the API's answers that were not a success during this scenario: ${bad.length}${lines.length ? `\n${lines.join('\n')}` : ''}`,
        );
      }
      driver?.sb.sandbox.calm();
    });
    afterAll(async () => {
      await driver?.close();
      await driver?.sb.close();
    });
    const it: ScenarioIt = (name, fn, options = {}) => {
      const why = options.notIn?.[browser];
      if (why) vitestIt.skip(`${name} (not in ${browser}: ${why})`, fn);
      else vitestIt(name, fn, options.timeout);
    };
    body({ d: () => driver!, it, browser });
  });
}

export { OPTIONS_PAGE };
export const RESULTS_PAGE = 'src/pages/results/index.html';

export function openOptions(d: Driver): Promise<DriverPage> {
  return d.open(d.extensionUrl(OPTIONS_PAGE));
}

/** Types a PAT into the options page and saves it; returns the status line (success or the error). */
export async function savePat(d: Driver, pat: string): Promise<string> {
  const page = await openOptions(d);
  const text = await submitToken(page, pat);
  await page.close();
  return text;
}

export function portalUrl(era: 'today' | '2019', appId = 'app-001'): string {
  return era === 'today' ? `https://clarifai.com/${DEMO_USER_ID}/${appId}/settings` : `https://portal.clarifai.com/apps/${appId}/details`;
}

/** Opens an app's settings page in the given era and the create-key dialog; returns the page. */
export async function openCreateDialog(d: Driver, era: 'today' | '2019', appId = 'app-001'): Promise<DriverPage> {
  const page = await d.open(portalUrl(era, appId));
  await page
    .getByRole('button', { name: /^create api key$/i })
    .first()
    .click();
  await page.getByRole('dialog').waitFor();
  return page;
}
