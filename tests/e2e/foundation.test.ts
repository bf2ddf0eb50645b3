/**
 * The foundation, end to end, in both browsers: the production build, the real hostnames sent to the
 * HTTPS sandbox. A PAT saved on the options page reaches the background; the content script finds
 * both eras' create-key dialogs and shows what the background answered; no page script finds the PAT.
 */
import type { CDPSession, Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { DEMO_USER_ID, SANDBOX_PAT } from '../../sandbox/state.ts';
import { inBothBrowsers, OPTIONS_PAGE, openCreateDialog, openOptions, savePat } from './driver/index.ts';

inBothBrowsers('the foundation', ({ d, it }) => {
  function ownAppCount(): number {
    return d().sb.sandbox.appsOf(DEMO_USER_ID).length;
  }

  describe('a PAT entered on the options page', () => {
    it('a wrong PAT gives the clear message and is not kept', async () => {
      const text = await savePat(d(), 'f'.repeat(32));
      expect(text).toMatch(/did not accept this Personal Access Token/);
      const page = await openOptions(d());
      await expect.poll(() => page.getByTestId('token-status').textContent()).toBe('No token is set.');
      await page.close();
    });

    it('is verified with Clarifai and shows whose it is', async () => {
      const text = await savePat(d(), SANDBOX_PAT);
      expect(text).toContain(`Saved. The token belongs to Dana Demo (${DEMO_USER_ID})`);
      const page = await openOptions(d());
      await expect.poll(() => page.getByTestId('token-status').textContent()).toContain(`ending in ${SANDBOX_PAT.slice(-4)}`);
      // The field never shows the saved token again.
      expect(await page.getByLabel('Personal Access Token').inputValue()).toBe('');
      await page.getByRole('button', { name: 'Test token' }).click();
      await expect.poll(() => page.getByTestId('token-message').textContent()).toContain('The token works');
      await page.close();
    });
  });

  describe.each(['today', '2019'] as const)('the %s create-key dialog', (era) => {
    it('gets the Keysmith region showing the user id and app count', async () => {
      const page = await openCreateDialog(d(), era);
      const region = page.getByRole('region', { name: 'Keysmith' });
      await expect.poll(() => region.textContent(), { timeout: 15_000 }).toContain(`${ownAppCount()} apps`);
      expect(await region.textContent()).toContain(DEMO_USER_ID);
      // It sits inside the portal's dialog.
      expect(await page.getByRole('dialog').getByRole('region', { name: 'Keysmith' }).count()).toBe(1);
      await page.close();
    });
  });

  describe('the injected UI follows the portal', () => {
    it('is removed with the dialog and comes back when it opens again after in-app navigation', async () => {
      const page = await openCreateDialog(d(), 'today');
      await page.getByRole('region', { name: 'Keysmith' }).waitFor();
      await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
      await expect.poll(() => page.locator('[data-keysmith]').count()).toBe(0);
      // In-app navigation to another app (pushState, no reload), then the dialog again.
      await page.getByRole('link', { name: 'app-002' }).click();
      await page.waitForURL(/app-002/);
      await page.getByRole('button', { name: /^create api key$/i }).click();
      await page.getByRole('region', { name: 'Keysmith' }).waitFor();
      expect(await page.locator('[data-keysmith]').count()).toBe(1);
      await page.close();
    });
  });

  async function contentScriptWorld(page: Page): Promise<{ cdp: CDPSession; contextId: number }> {
    const cdp = await page.context().newCDPSession(page);
    const contexts: { id: number; name: string }[] = [];
    cdp.on('Runtime.executionContextCreated', (e) => contexts.push(e.context));
    await cdp.send('Runtime.enable');
    await expect.poll(() => contexts.find((c) => c.name === 'Keysmith for Clarifai')?.id).toBeDefined();
    return { cdp, contextId: contexts.find((c) => c.name === 'Keysmith for Clarifai')!.id };
  }

  describe('the PAT stays in the worker', () => {
    it(
      'the content script cannot read it from any storage area',
      async () => {
        const page = (await openCreateDialog(d(), 'today')) as unknown as Page;
        await page.getByRole('region', { name: 'Keysmith' }).waitFor();
        const { cdp, contextId } = await contentScriptWorld(page);
        const expression = `(async () => {
        const out = {};
        for (const area of ['local', 'sync', 'session']) {
          try { out[area] = JSON.stringify(await chrome.storage[area].get(null)); }
          catch (e) { out[area] = 'refused: ' + e.message; }
        }
        return JSON.stringify(out);
      })()`;
        const r = await cdp.send('Runtime.evaluate', { expression, contextId, awaitPromise: true, returnByValue: true });
        const areas = JSON.parse(r.result.value as string) as Record<string, string>;
        expect(areas.session).toMatch(/^refused/);
        for (const v of Object.values(areas)) expect(v).not.toContain(SANDBOX_PAT);
        await page.close();
      },
      {
        notIn: {
          firefox: 'evaluating in the content script’s own world needs DevTools’ Runtime domain; WebDriver BiDi does not list extension content-script realms',
        },
      },
    );

    it('a page script on the portal finds no trace of it', async () => {
      const page = await openCreateDialog(d(), 'today');
      const logs: string[] = [];
      page.on('console', (m) => logs.push(m.text()));
      await expect.poll(() => page.getByRole('region', { name: 'Keysmith' }).textContent()).toContain('apps');
      const found = await page.evaluate((pat) => {
        const hay: string[] = [document.documentElement.outerHTML, document.cookie, JSON.stringify({ ...localStorage }), JSON.stringify({ ...sessionStorage })];
        for (const host of document.querySelectorAll('[data-keysmith]')) hay.push(String((host as HTMLElement).shadowRoot?.innerHTML ?? ''));
        for (const e of performance.getEntries()) hay.push(e.name);
        for (const k of Object.getOwnPropertyNames(window)) {
          try {
            const v = (window as unknown as Record<string, unknown>)[k];
            if (typeof v === 'string') hay.push(v);
          } catch {
            // a getter that throws holds nothing to find
          }
        }
        const c = (window as unknown as { chrome?: { runtime?: unknown } }).chrome;
        return { leak: hay.some((h) => h.includes(pat) || h.includes(pat.slice(-8))), runtime: typeof c?.runtime };
      }, SANDBOX_PAT);
      expect(found.leak).toBe(false);
      expect(found.runtime).toBe('undefined'); // no externally_connectable: the page cannot message the worker
      expect(logs.join('\n')).not.toContain(SANDBOX_PAT);
      await page.close();
    });
  });

  describe('without a PAT', () => {
    it('the panel says so and its button opens the options page', async () => {
      const options = await openOptions(d());
      await options.getByRole('button', { name: 'Forget token' }).click();
      await expect.poll(() => options.getByTestId('token-status').textContent()).toBe('No token is set.');
      await options.close();
      const page = await openCreateDialog(d(), 'today');
      const region = page.getByRole('region', { name: 'Keysmith' });
      await expect.poll(() => region.textContent()).toContain('No Personal Access Token is set');
      const opened = await d().tabOpenedBy(() => region.getByRole('button', { name: 'Open Keysmith options' }).click(), /\/options\/index\.html/);
      expect(opened.url()).toBe(d().extensionUrl(OPTIONS_PAGE));
      await opened.close();
      await page.close();
      await savePat(d(), SANDBOX_PAT);
    });
  });

  describe('a dialog Keysmith does not recognise', () => {
    it('is left working as before, and Keysmith says so once, quietly', async () => {
      const page = await d().open('about:blank');
      const logs: string[] = [];
      page.on('console', (m) => logs.push(m.text()));
      await page.goto(`https://clarifai.com/${DEMO_USER_ID}/app-001/settings?variant=switches`);
      await page.getByRole('button', { name: /^create api key$/i }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('switch', { name: 'Predict', exact: true }).waitFor();
      await expect.poll(() => logs.filter((l) => l.includes('Keysmith: could not attach')).length, { timeout: 10_000 }).toBe(1);
      expect(await page.locator('[data-keysmith]').count()).toBe(0);
      // Quietly: a "?" on Keysmith's toolbar button for that tab, nothing in the page.
      const options = await openOptions(d());
      const { badges, outlines } = await options.evaluate(async () => {
        // Runs in an extension page, where `chrome` is the extension API (Firefox has it too).
        type Chrome = {
          tabs: { query(q: object): Promise<{ id: number }[]> };
          action: { getBadgeText(d: object): Promise<string> };
          runtime: { sendMessage(m: object): Promise<{ ok: boolean; value?: { outline?: string } | null }> };
        };
        const c = (globalThis as unknown as { chrome: Chrome }).chrome;
        const tabs = await c.tabs.query({});
        // What the popup's "Copy dialog outline" copies for that tab.
        const reports = await Promise.all(tabs.map((t) => c.runtime.sendMessage({ op: 'getAttachReport', tabId: t.id })));
        return { badges: await Promise.all(tabs.map((t) => c.action.getBadgeText({ tabId: t.id }))), outlines: reports.map((r) => r.value?.outline ?? '') };
      }, null);
      await options.close();
      expect(badges).toContain('?');
      const outline = outlines.find((o) => o.includes('Create API Key')) ?? '';
      expect(outline).toContain('switch "Predict" [unchecked]');
      expect(outline).toMatch(/checkboxes: 0 \(0 checked\), switches: \d+/);
      expect(outline).not.toContain(SANDBOX_PAT);
      // The portal's own form still works.
      await dialog.getByRole('switch', { name: 'Predict', exact: true }).click();
      await dialog.getByRole('textbox').first().fill('made without Keysmith');
      await dialog.getByRole('button', { name: 'Create API Key' }).click();
      await expect.poll(() => [...d().sb.sandbox.keys.values()].find((k) => k.description === 'made without Keysmith')?.scopes).toEqual(['Predict']);
      await page.waitForTimeout(500);
      expect(logs.filter((l) => l.includes('Keysmith')).length).toBe(1); // said once only
      await page.close();
    });
  });
});
