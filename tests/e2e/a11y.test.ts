/**
 * Accessibility, end to end in both browsers: axe-core (its version pinned in package.json, the
 * rules those of WCAG 2.0, 2.1 and 2.2 at levels A and AA) runs on every extension page, with
 * a token saved and the inventory read so that the pages show what a person sees, and on the
 * panel inside the portal's create-key dialog; and the pages again in the system's dark theme
 * (Chromium only: the Firefox driver cannot emulate it). No violation of serious or critical impact may be
 * found. Moderate and minor ones are printed, so that they are seen, but do not fail the run.
 */
import { expect } from 'vitest';
import { SANDBOX_PAT } from '../../sandbox/state.ts';
import { inBothBrowsers, openCreateDialog, portalUrl, RESULTS_PAGE, savePat, type DriverPage } from './driver/index.ts';
import { audit, judge } from './driver/axe.ts';
import { INVENTORY_PAGE, OPTIONS_PAGE, WELCOME_PAGE } from '../../src/pure/links.ts';

inBothBrowsers('accessibility (axe-core)', ({ d, it }) => {
  it('finds no serious or critical violation on any extension page', async () => {
    await savePat(d(), SANDBOX_PAT);
    const pages: [string, string, (p: DriverPage) => Promise<void>][] = [
      ['the options page', OPTIONS_PAGE, (p) => p.getByRole('heading', { name: 'Least privilege' }).first().waitFor()],
      ['the toolbar popup', 'src/pages/popup/index.html', (p) => p.getByRole('heading', { name: 'Keysmith' }).waitFor()],
      ['the jobs page', RESULTS_PAGE, (p) => p.getByRole('heading', { name: 'Create keys for several apps' }).waitFor()],
      [
        'the key inventory',
        INVENTORY_PAGE,
        async (p) => {
          await p.getByRole('heading', { name: 'Keys', exact: true }).waitFor();
          await p.getByRole('button', { name: 'Refresh keys' }).click();
          await expect.poll(() => p.getByTestId('inventory-status').textContent(), { timeout: 30_000 }).toMatch(/keys \(as of /);
        },
      ],
      ['the welcome page', WELCOME_PAGE, (p) => p.getByRole('heading').first().waitFor()],
    ];
    for (const [where, path, ready] of pages) {
      const page = await d().open(d().extensionUrl(path));
      await ready(page);
      judge(where, await audit(d(), page));
      await page.close();
    }
  });

  it(
    'finds no contrast or other serious violation on the extension pages in the system’s dark theme',
    async () => {
      await savePat(d(), SANDBOX_PAT);
      for (const [where, path] of [
        ['the options page', OPTIONS_PAGE],
        ['the toolbar popup', 'src/pages/popup/index.html'],
        ['the jobs page', RESULTS_PAGE],
        ['the key inventory', INVENTORY_PAGE],
        ['the welcome page', WELCOME_PAGE],
      ] as const) {
        const page = await d().open(d().extensionUrl(path));
        await d().preferDark(page);
        await page.getByRole('heading').first().waitFor();
        expect(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches), 'the page sees a dark theme').toBe(true);
        judge(`${where}, dark`, await audit(d(), page));
        await page.close();
      }
    },
    { notIn: { firefox: 'puppeteer emulates prefers-color-scheme through CDP only' } },
  );

  it('finds no serious or critical violation in the panel inside the portal’s dialog, today’s and 2019’s', async () => {
    await savePat(d(), SANDBOX_PAT);
    for (const era of ['2019', 'today'] as const) {
      const page = await openCreateDialog(d(), era);
      await panelAudit(page, era);
    }
  });

  it('draws the panel dark in a portal drawn dark, and finds no contrast or other serious violation there', async () => {
    await savePat(d(), SANDBOX_PAT);
    for (const theme of ['dark', 'light'] as const) {
      const page = await d().open(`${portalUrl('today')}${theme === 'dark' ? '?theme=dark' : ''}`);
      await page
        .getByRole('button', { name: /^create api key$/i })
        .first()
        .click();
      await page.getByRole('dialog').waitFor();
      const panel = page.getByRole('region', { name: 'Keysmith' });
      await panel.getByRole('combobox').first().waitFor();
      // The panel's own background, as drawn: dark over the dark portal, light over the light one.
      const luminance = await page.evaluate(() => {
        const section = document.querySelector('[data-keysmith]')!.shadowRoot!.querySelector('section')!;
        const [r, g, b] = getComputedStyle(section)
          .backgroundColor.match(/[\d.]+/g)!
          .map(Number) as [number, number, number];
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      });
      if (theme === 'dark') expect(luminance, 'the panel is drawn dark').toBeLessThan(80);
      else expect(luminance, 'the panel is drawn light').toBeGreaterThan(200);
      if (theme === 'dark') await panelAudit(page, 'today (dark theme)');
      else await page.close();
    }
  });

  async function panelAudit(page: DriverPage, era: string) {
    const panel = page.getByRole('region', { name: 'Keysmith' });
    await panel.getByRole('combobox').first().waitFor();
    const host = await page.evaluate(() => {
      const el = [...document.querySelectorAll('*')].find((e) => e.shadowRoot?.querySelector('[aria-label="Keysmith"], [role=region]'));
      if (!el) return '';
      el.setAttribute('data-axe-panel', '');
      return el.tagName.toLowerCase();
    });
    expect(host, 'the panel’s host element').not.toBe('');
    judge(`the panel in the ${era} create-key dialog`, await audit(d(), page, '[data-axe-panel]'));
    // The audit sees into the panel's shadow root: an image without a text alternative put there is found.
    await page.evaluate(() => document.querySelector('[data-axe-panel]')!.shadowRoot!.querySelector('section')!.append(document.createElement('img')));
    expect((await audit(d(), page, '[data-axe-panel]')).map((v) => v.id)).toContain('image-alt');
    await page.close();
  }
});
