/**
 * The foundation, end to end: the production build in Debian's Chromium, the real hostnames mapped
 * to the HTTPS sandbox. A PAT saved on the options page reaches the worker; the content script finds
 * both eras' create-key dialogs and shows what the worker answered; no page script finds the PAT.
 */
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USER_ID, SANDBOX_PAT } from '../sandbox/state.ts';
import { openCreateDialog, openOptions, savePat, startWorld, type World } from './fixtures.ts';

let w: World;
beforeAll(async () => {
  w = await startWorld();
});
afterAll(async () => {
  await w?.close();
});

function ownAppCount(): number {
  return w.sb.sandbox.appsOf(DEMO_USER_ID).length;
}

describe('a PAT entered on the options page', () => {
  it('a wrong PAT gives the clear message and is not kept', async () => {
    const text = await savePat(w, 'f'.repeat(32));
    expect(text).toMatch(/did not accept this Personal Access Token/);
    const page = await openOptions(w);
    await expect.poll(() => page.getByTestId('token-status').textContent()).toBe('No token is set.');
    await page.close();
  });

  it('is verified with Clarifai and shows whose it is', async () => {
    const text = await savePat(w, SANDBOX_PAT);
    expect(text).toContain(`Saved. The token belongs to Dana Demo (${DEMO_USER_ID})`);
    const page = await openOptions(w);
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
    const page = await openCreateDialog(w, era);
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
    const page = await openCreateDialog(w, 'today');
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
  it('the content script cannot read it from any storage area', async () => {
    const page = await openCreateDialog(w, 'today');
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
  });

  it('a page script on the portal finds no trace of it', async () => {
    const page = await openCreateDialog(w, 'today');
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
        } catch {}
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
