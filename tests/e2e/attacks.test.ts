/**
 * A hostile portal page and hostile data from the API. The page script walks the DOM and every open
 * shadow root, tries the extension APIs and forges a submit of Keysmith's bulk form; app names carry
 * markup. Nothing executes, nothing secret is found, nothing is created by the page.
 */
import { beforeAll, describe, expect } from 'vitest';
import { HOSTILE_APPS, HOSTILE_NAME, SANDBOX_PAT } from '../sandbox/state.ts';
import { inBothBrowsers, openCreateDialog, savePat, type DriverPage } from './driver/index.ts';

inBothBrowsers('attacks', ({ d, it }) => {
  beforeAll(async () => {
    await savePat(d(), SANDBOX_PAT);
  });

  /** Everything a page script can read: the DOM, open shadow roots, storages, cookies, globals. */
  function pageCanSee(page: DriverPage): Promise<string> {
    return page.evaluate(() => {
      const parts: string[] = [document.documentElement.outerHTML, document.cookie, JSON.stringify({ ...localStorage }), JSON.stringify({ ...sessionStorage })];
      const walk = (root: Document | ShadowRoot) => {
        for (const el of root.querySelectorAll('*')) {
          if (el.shadowRoot) {
            parts.push(el.shadowRoot.innerHTML);
            for (const i of el.shadowRoot.querySelectorAll('input')) parts.push((i as HTMLInputElement).value);
            walk(el.shadowRoot);
          }
        }
      };
      walk(document);
      for (const i of document.querySelectorAll('input')) parts.push(i.value);
      return parts.join('\n');
    });
  }

  /** Every alert(), confirm() or prompt() the page raises: a sign that injected markup ran. */
  function collectAlerts(page: DriverPage): string[] {
    const alerts: string[] = [];
    page.on('dialog', (d) => {
      alerts.push(d.message());
      void d.dismiss();
    });
    return alerts;
  }

  describe('a hostile page script', () => {
    it('finds neither the PAT nor a created key, and cannot start a job by forging a submit', async () => {
      const page = await openCreateDialog(d(), 'today');
      const alerts = collectAlerts(page);
      const region = page.getByRole('region', { name: 'Keysmith' });
      await page.getByRole('combobox', { name: 'Scope preset' }).selectOption({ label: 'Predict only' });
      await region.getByRole('button', { name: 'Create for several apps' }).click();
      await region.getByRole('searchbox', { name: 'Filter apps' }).fill('app-01');
      await region.getByRole('checkbox', { name: 'app-010', exact: true }).click();
      await region.getByRole('checkbox', { name: 'app-011', exact: true }).click();
      const marker = `attack-${Date.now()}`;
      await region.getByRole('textbox', { name: 'Description' }).fill(`{app_id} ${marker}`);

      // The page forges a submit of Keysmith's form: an untrusted event, ignored.
      const forged = await page.evaluate(() => {
        const form = document.querySelector('[data-keysmith]')?.shadowRoot?.querySelector('form.ks-bulk') as HTMLFormElement | null;
        form?.requestSubmit();
        (form?.querySelector('button[type="submit"]') as HTMLButtonElement | null)?.click();
        return !!form;
      });
      expect(forged).toBe(true);
      await page.waitForTimeout(1500);
      expect([...d().sb.sandbox.keys.values()].filter((k) => k.description.includes(marker))).toHaveLength(0);

      // The person's click does start it.
      await region.getByRole('button', { name: 'Create 2 keys' }).click();
      await page.getByTestId('ks-job-status').filter({ hasText: /^Finished: 2 created/ }).waitFor({ timeout: 20_000 });
      const keys = [...d().sb.sandbox.keys.values()].filter((k) => k.description.includes(marker));
      expect(keys).toHaveLength(2);

      const seen = await pageCanSee(page);
      expect(seen).not.toContain(SANDBOX_PAT);
      for (const k of keys) expect(seen).not.toContain(k.id);
      // The page cannot message the worker: no chrome.runtime on the portal.
      expect(await page.evaluate(() => typeof (window as unknown as { chrome?: { runtime?: unknown } }).chrome?.runtime)).toBe('undefined');
      expect(alerts).toEqual([]);
      await page.close();
    });
  });

  describe('hostile data from the API', () => {
    it('shows an app name with markup as text; nothing executes', async () => {
      const page = await openCreateDialog(d(), 'today');
      const alerts = collectAlerts(page);
      // The collector does hear an alert (a control, so the empty list below means something).
      await page.evaluate(() => void setTimeout(() => alert('control'), 0));
      await expect.poll(() => alerts).toEqual(['control']);
      alerts.length = 0;
      const region = page.getByRole('region', { name: 'Keysmith' });
      await region.getByRole('button', { name: 'Create for several apps' }).click();
      await region.getByRole('searchbox', { name: 'Filter apps' }).fill(HOSTILE_APPS.markupName);
      await region.getByRole('checkbox', { name: HOSTILE_APPS.markupName, exact: true }).waitFor();
      expect(await region.getByRole('list', { name: 'Apps' }).textContent()).toContain(HOSTILE_NAME);
      const injected = await page.evaluate(() => document.querySelector('[data-keysmith]')!.shadowRoot!.querySelectorAll('img').length);
      expect(injected).toBe(0);
      await page.waitForTimeout(300);
      expect(alerts).toEqual([]);
      await page.close();
    });
  });

  describe('hostile and broken answers from the API', () => {
    for (const [mode, message] of [
      ['malformed-json', /was not valid JSON \(HTTP 200\)/],
      ['huge', /larger than 16 MB/],
    ] as const) it(`a ${mode} app list gives a clear message in the panel`, async () => {
      d().sb.sandbox.setSwitches({ corruptAppLists: mode });
      try {
        const page = await openCreateDialog(d(), 'today');
        await expect.poll(() => page.getByRole('region', { name: 'Keysmith' }).textContent(), { timeout: 20_000 }).toMatch(message);
        await page.close();
      } finally {
        d().sb.sandbox.setSwitches({ corruptAppLists: 'none' });
      }
    });

    it('an app list with wrong types shows what is usable, as text', async () => {
      d().sb.sandbox.setSwitches({ corruptAppLists: 'wrong-types' });
      try {
        const page = await openCreateDialog(d(), 'today');
        const region = page.getByRole('region', { name: 'Keysmith' });
        await expect.poll(() => region.getByTestId('ks-apps').textContent(), { timeout: 20_000 }).toMatch(/^\d+ apps$/);
        const n = Number((await region.getByTestId('ks-apps').textContent())!.split(' ')[0]);
        expect(n).toBeGreaterThan(0);
        expect(n).toBeLessThan(d().sb.sandbox.appsOf('demo-user').length); // the apps whose id was not text are left out
        expect(await region.textContent()).not.toContain('[object Object]');
        await page.close();
      } finally {
        d().sb.sandbox.setSwitches({ corruptAppLists: 'none' });
      }
    });

    it('an API that is down gives a clear message', async () => {
      d().sb.sandbox.setSwitches({ apiDown: true });
      try {
        const page = await openCreateDialog(d(), 'today');
        await expect.poll(() => page.getByRole('region', { name: 'Keysmith' }).textContent(), { timeout: 20_000 }).toMatch(/Could not reach Clarifai at api\.clarifai\.com/);
        await page.close();
      } finally {
        d().sb.sandbox.setSwitches({ apiDown: false });
      }
    });
  });
});
