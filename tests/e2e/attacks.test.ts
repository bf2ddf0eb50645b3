/**
 * A hostile portal page and hostile data from the API. The page script walks the DOM and every open
 * shadow root, tries the extension APIs, forges a submit of Keysmith's bulk form, and drives the
 * whole panel with synthetic events until the person's own click lands on its button; app names
 * carry markup. Nothing executes, nothing secret is found, nothing is created by the page: a job
 * asked for in the portal waits for Start on Keysmith's own page, which shows the true plan.
 */
import { beforeAll, describe, expect } from 'vitest';
import { HOSTILE_APPS, HOSTILE_NAME, SANDBOX_PAT } from '../../sandbox/state.ts';
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

      // The person's click proposes it, and their Start on Keysmith's page starts it.
      const confirm = await d().tabOpenedBy(() => region.getByRole('button', { name: 'Create 2 keys' }).click(), /results\/index\.html#confirm=/);
      await confirm.getByRole('button', { name: 'Start' }).click();
      await page
        .getByTestId('ks-job-status')
        .filter({ hasText: /^Finished: 2 created/ })
        .waitFor({ timeout: 20_000 });
      await confirm.close();
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
    it('drives the whole panel with synthetic events, and even with the person’s click on its button creates no key: the plan waits on Keysmith’s page, which shows what the page chose', async () => {
      const page = await openCreateDialog(d(), 'today');
      const region = page.getByRole('region', { name: 'Keysmith' });
      await expect.poll(() => region.getByTestId('ks-apps').textContent(), { timeout: 20_000 }).toMatch(/^\d+ apps$/);
      const marker = `driven-${Date.now()}`;
      const from = d().sb.sandbox.log.length;

      // The page script: opens the bulk form, ticks the portal's own scope boxes (Keys:Delete among
      // them), picks two apps, writes the description, and "clicks" Create, all with synthetic events.
      await page.evaluate(async (marker: string) => {
        const root = document.querySelector('[data-keysmith]')!.shadowRoot!;
        const until = async <T>(find: () => T | null | undefined): Promise<T> => {
          for (let i = 0; i < 400; i++) {
            const found = find();
            if (found) return found;
            await new Promise((r) => setTimeout(r, 25));
          }
          throw new Error('the panel did not show what the page script waited for');
        };
        [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Create for several apps')!.click();
        const portalBox = (name: string) =>
          [...document.querySelectorAll('[role="dialog"] label')].find((l) => l.textContent?.trim() === name)?.querySelector('input');
        for (const name of ['Predict', 'Keys:Get', 'Keys:Delete']) {
          const box = await until(() => portalBox(name));
          if (!box.checked) box.click();
        }
        for (const id of ['app-010', 'app-011']) (await until(() => root.querySelector<HTMLInputElement>(`input[aria-label="${id}"]`))).click();
        const description = [...root.querySelectorAll('label.ks-field')].find((l) => l.textContent?.startsWith('Description'))!.querySelector('input')!;
        Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(description, `{app_id} ${marker}`);
        description.dispatchEvent(new Event('input', { bubbles: true }));
        const create = await until(() => root.querySelector<HTMLButtonElement>('form.ks-bulk button[type="submit"]:not([disabled])'));
        create.click();
        create.form!.requestSubmit();
      }, marker);
      await expect.poll(() => region.getByRole('textbox', { name: 'Description' }).inputValue()).toBe(`{app_id} ${marker}`);
      // Its own clicks started nothing: the form is still there.
      expect(await region.getByTestId('ks-proposed').count()).toBe(0);

      // The person's click lands on the panel's button (laid under the portal's own): a proposal, no job.
      const confirm = await d().tabOpenedBy(() => region.getByRole('button', { name: 'Create 2 keys' }).click(), /results\/index\.html#confirm=/);
      await expect
        .poll(() => region.getByTestId('ks-proposed').textContent(), { timeout: 15_000 })
        .toContain('The plan waits for your confirmation on the Keysmith page that has opened');
      // Keysmith's page, which the page script cannot reach, shows what the page chose.
      const plan = confirm.getByRole('region', { name: 'Start this job from the portal?' });
      await expect.poll(() => plan.getByTestId('confirm-count').textContent(), { timeout: 20_000 }).toBe('2 keys, one for each app listed below');
      expect(await plan.getByTestId('confirm-scopes').locator('code').allTextContents()).toContain('Keys:Delete');
      expect(await plan.getByTestId('confirm-preset').textContent()).toBe('No preset has exactly these scopes.');
      expect(await plan.getByTestId('confirm-template').textContent()).toBe(`{app_id} ${marker}`);
      const apps = (await plan.getByTestId('confirm-apps').textContent()) ?? '';
      expect(apps).toContain('demo-user/app-010');
      expect(apps).toContain('demo-user/app-011');

      // The person does not start it: nothing that makes a key was sent, and there is none.
      await confirm.close();
      expect(await region.getByTestId('ks-proposed').textContent()).toContain('Nothing is sent to Clarifai before that');
      const sent = d()
        .sb.sandbox.log.slice(from)
        .filter((e) => e.auth !== 'session');
      expect(sent.filter((e) => e.method !== 'GET' || /MyScopes|Keys/.test(e.rpc ?? ''))).toEqual([]);
      expect([...d().sb.sandbox.keys.values()].filter((k) => k.description.includes(marker))).toHaveLength(0);
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
    ] as const)
      it(`a ${mode} app list gives a clear message in the panel`, async () => {
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
        await expect
          .poll(() => page.getByRole('region', { name: 'Keysmith' }).textContent(), { timeout: 20_000 })
          .toMatch(/Could not reach Clarifai at api\.clarifai\.com/);
        await page.close();
      } finally {
        d().sb.sandbox.setSwitches({ apiDown: false });
      }
    });
  });
});
