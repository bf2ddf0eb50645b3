/**
 * The same extension in Debian's Firefox ESR (the Firefox build, its event-page background), driven
 * by puppeteer-core over WebDriver BiDi, the Clarifai hostnames sent to the sandbox through a PAC
 * file and a CONNECT proxy. A first slice of issue #7: the scenarios below run in Firefox; the rest of
 * the suite runs in Chromium only (a shared driver interface for both browsers is still to come).
 */
import type { ElementHandle, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_PRESETS } from '../../src/pure/presets/builtins.ts';
import { launchFirefox, type LaunchedFirefox } from '../sandbox/firefox.ts';
import { startFullSandbox, type FullSandbox } from '../sandbox/full.ts';
import { DEMO_USER_ID, ORG_ID, SANDBOX_PAT } from '../sandbox/state.ts';

let sb: FullSandbox;
let ff: LaunchedFirefox;

beforeAll(async () => {
  sb = await startFullSandbox();
  ff = await launchFirefox({ sandboxPort: sb.port });
});
afterAll(async () => {
  await ff?.close();
  await sb?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(f: () => Promise<T | null | undefined | false>, what: string, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      const v = await f();
      if (v) return v;
    } catch {
      // the page may be navigating
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** Opens an extension page. Firefox's goto() to moz-extension:// rejects although the page loads (toolchain.md). */
async function openExtensionPage(path: string): Promise<Page> {
  const page = await ff.browser.newPage();
  void page.goto(ff.url(path)).catch(() => {});
  await until(async () => (await page.evaluate(() => location.href)).startsWith('moz-extension:') && (await page.$('#app > *')), path);
  return page;
}

/** A button (also inside open shadow roots) whose text is exactly `text`. */
async function button(page: Page, text: string): Promise<ElementHandle<Element>> {
  return until(async () => {
    for (const b of await page.$$('pierce/button')) if ((await b.evaluate((e) => e.textContent?.trim())) === text) return b;
    return null;
  }, `button “${text}”`);
}

const panelText = (page: Page) => page.evaluate(() => document.querySelector('[data-keysmith]')?.shadowRoot?.textContent ?? '');

async function openDialog(url: string): Promise<Page> {
  const page = await ff.browser.newPage();
  await page.goto(url);
  await (await button(page, url.includes('portal.') ? 'Create API Key' : 'Create API Key')).click();
  await until(() => page.$('[role="dialog"]'), 'the dialog');
  return page;
}

describe('Keysmith in Firefox ESR', () => {
  it('saves and tests a PAT through the event-page background', async () => {
    const page = await openExtensionPage('src/pages/options/index.html');
    await page.type('#pat', SANDBOX_PAT);
    await (await button(page, 'Save token')).click();
    const msg = () => page.evaluate(() => document.querySelector('[data-testid="token-message"]')?.textContent ?? '');
    expect(await until(async () => /Saved/.test(await msg()) && msg(), 'the saved message')).toContain(`Dana Demo (${DEMO_USER_ID})`);
    await (await button(page, 'Test token')).click();
    expect(await until(async () => /works/.test(await msg()) && msg(), 'the test message')).toContain('The token works');
    await page.close();
  });

  it.each([
    ['today', `https://clarifai.com/${DEMO_USER_ID}/app-001/settings`],
    ['2019', 'https://portal.clarifai.com/apps/app-001/details'],
  ])('attaches to the %s dialog with the user and app count', async (_era, url) => {
    const page = await openDialog(url);
    const text = await until(async () => /\d+ apps/.test(await panelText(page)) && panelText(page), 'the panel');
    expect(text).toContain(`${sb.sandbox.appsOf(DEMO_USER_ID).length} apps`);
    expect(text).toContain(DEMO_USER_ID);
    await page.close();
  });

  it.each(BUILTIN_PRESETS.map((p) => [p.name, p] as const))('the %s preset lands in the portal’s form state', async (name, preset) => {
    const page = await openDialog(`https://clarifai.com/${DEMO_USER_ID}/app-001/settings`);
    const select = await until(() => page.$('pierce/select#ks-preset:not([disabled])'), 'the picker');
    await select.select(preset.id);
    await until(async () => (await panelText(page)).includes(`“${name}”`), 'the match line');
    const description = `firefox ${name} ${Date.now()}`;
    await page.type('[role="dialog"] input[type="text"], [role="dialog"] input:not([type])', description);
    const submit = await until(async () => {
      for (const b of await page.$$('[role="dialog"] button')) if ((await b.evaluate((e) => e.textContent?.trim())) === 'Create API Key') return b;
      return null;
    }, 'the submit button');
    await submit.click();
    const key = await until(async () => [...sb.sandbox.keys.values()].find((k) => k.description === description), 'the created key');
    expect([...key.scopes].sort()).toEqual([...preset.scopes].sort());
    await page.close();
  });

  it('a bulk job over 50 apps creates exactly one key per app', async () => {
    const page = await openDialog(`https://clarifai.com/${DEMO_USER_ID}/app-001/settings`);
    const select = await until(() => page.$('pierce/select#ks-preset:not([disabled])'), 'the picker');
    await select.select('builtin:predict');
    await (await button(page, 'Create for several apps')).click();
    const org = await until(() => page.$('pierce/input[aria-label="Organization id"]'), 'the org field');
    await org.type(ORG_ID);
    await (await button(page, 'Add organization')).click();
    const filter = await until(() => page.$('pierce/input[aria-label="Filter apps"]'), 'the filter');
    await filter.type('acme-00');
    const box = (id: string) => until(() => page.$(`pierce/input[aria-label="${id}"]`), id);
    await (await box('acme-0001')).click();
    await page.keyboard.down('Shift');
    await (await box('acme-0050')).click();
    await page.keyboard.up('Shift');
    const marker = `ff-bulk-${Date.now()}`;
    const desc = await until(async () => {
      for (const l of await page.$$('pierce/label.ks-field')) if ((await l.evaluate((e) => e.textContent?.trim())) === 'Description') return l.$('input');
      return null;
    }, 'the description field');
    await desc.click({ count: 3 });
    await desc.type(`{app_id} ${marker}`);
    await (await button(page, 'Create 50 keys')).click();
    await until(async () => /^Finished: 50 created/.test((await page.evaluate(() => document.querySelector('[data-keysmith]')?.shadowRoot?.querySelector('[data-testid="ks-job-status"]')?.textContent)) ?? ''), 'the job to finish', 60_000);
    const keys = [...sb.sandbox.keys.values()].filter((k) => k.description.includes(marker));
    expect(new Set(keys.map((k) => k.apps[0]!.id)).size).toBe(50);
    expect(keys).toHaveLength(50);

    // The results page (an extension page) shows the keys masked and exports them. It is opened from
    // its list of past jobs: BiDi does not report the tab the extension itself opens.
    const results = await openExtensionPage('src/pages/results/index.html');
    const link = await until(() => results.$('section[aria-labelledby="hist-h"] li a'), 'the past job');
    await link.click();
    await until(async () => /50 created/.test((await results.evaluate(() => document.querySelector('[data-testid="results-summary"]')?.textContent)) ?? ''), 'the results');
    const table = await results.evaluate(() => document.querySelector('table')?.textContent ?? '');
    for (const k of keys) expect(table).not.toContain(k.id);
    // Catch the export's file as the page hands it to the browser's download.
    await results.evaluate(() => {
      const w = window as unknown as { __exported?: Promise<string> };
      HTMLAnchorElement.prototype.click = function () {
        w.__exported = fetch(this.href).then((r) => r.text());
      };
    });
    await (await button(results, 'Export CSV')).click();
    const csv = await results.evaluate(() => (window as unknown as { __exported: Promise<string> }).__exported);
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('owner,app_id,app_name,description,scopes,expires_at,key_id,outcome,error');
    const exported = lines.slice(1).map((l) => l.split(',')[6]).sort();
    expect(exported).toEqual(keys.map((k) => k.id).sort());
    await results.close();
    await page.close();
  });

  it('a page script on the portal finds no trace of the PAT', async () => {
    const page = await openDialog(`https://clarifai.com/${DEMO_USER_ID}/app-001/settings`);
    await until(async () => /\d+ apps/.test(await panelText(page)), 'the panel');
    const leak = await page.evaluate((pat) => {
      const hay = [document.documentElement.outerHTML, document.cookie, JSON.stringify({ ...localStorage }), JSON.stringify({ ...sessionStorage })];
      for (const host of document.querySelectorAll('[data-keysmith]')) hay.push(host.shadowRoot?.innerHTML ?? '');
      return hay.some((h) => h.includes(pat));
    }, SANDBOX_PAT);
    expect(leak).toBe(false);
    await page.close();
  });
});
