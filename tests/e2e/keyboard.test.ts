/**
 * Keyboard only, end to end in both browsers: the main flows walked with Tab, Enter, Space,
 * Shift+Space and the arrow keys, never a click. Every element is reached by Tab from where focus
 * is (so it is in the Tab order), and every element of Keysmith's that focus passes through shows
 * a visible focus indicator.
 *
 * The portal's dialog here is the MUI shape (sandbox/portal/shared/modal.ts): a focus trap that
 * pulls focus back into the dialog and hides every sibling of the dialog with `aria-hidden`, as
 * MUI's Modal does. The panel must be reachable and usable inside it.
 */
import Papa from 'papaparse';
import { expect } from 'vitest';
import { BUILTIN_PRESETS } from '../../src/pure/presets/builtins.ts';
import { DEMO_USER_ID, SANDBOX_PAT } from '../../sandbox/state.ts';
import { audit, judge } from './driver/axe.ts';
import { inBothBrowsers, openOptions, type DriverPage } from './driver/index.ts';

interface Focused {
  /** `role: accessible name`, as far as a test needs it. */
  what: string;
  /** The element is Keysmith's: on an extension page, or in the panel's shadow root. */
  ours: boolean;
  /** It draws an outline or a box shadow, as styled now that it has focus. */
  ring: boolean;
  style?: string;
}

/** What has focus, through open shadow roots. */
function focused(page: DriverPage): Promise<Focused> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    let ours = /-extension:$/.test(location.protocol);
    while (el?.shadowRoot?.activeElement) {
      if (el.hasAttribute('data-keysmith')) ours = true;
      el = el.shadowRoot.activeElement;
    }
    if (!el || el === document.body) return { what: 'body: ', ours: false, ring: false };
    const tag = el.localName;
    const type = el.getAttribute('type') ?? '';
    const role =
      el.getAttribute('role') ??
      ({ button: 'button', select: 'combobox', a: 'link', textarea: 'textbox', summary: 'button' } as Record<string, string>)[tag] ??
      (tag === 'input'
        ? (({ checkbox: 'checkbox', search: 'searchbox', radio: 'radio', button: 'button', submit: 'button' } as Record<string, string>)[type] ?? 'textbox')
        : tag);
    const byIds = (el.getAttribute('aria-labelledby') ?? '')
      .split(/\s+/)
      .map((id) => (id ? ((el!.getRootNode() as Document).getElementById?.(id)?.textContent ?? '') : ''))
      .join(' ');
    const labels = (el as HTMLInputElement).labels;
    const name = (el.getAttribute('aria-label') || byIds.trim() || (labels?.length ? labels[0]!.textContent : '') || el.textContent || '')
      .replace(/\s+/g, ' ')
      .trim();
    const cs = getComputedStyle(el);
    const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0;
    return {
      what: `${role}: ${name}`,
      ours,
      ring: outline || cs.boxShadow !== 'none',
      style: `${cs.outlineStyle} ${cs.outlineWidth} ${cs.boxShadow} ${el.matches(':focus')} ${el.matches(':focus-visible')}`,
    };
  });
}

/**
 * Presses Tab until focus is on an element whose `role: name` matches `want`, checking the focus
 * indicator of every element of Keysmith's on the way. Fails, naming what it visited, when `max`
 * presses never get there.
 */
async function tabTo(page: DriverPage, want: RegExp, max = 80): Promise<void> {
  const visited: string[] = [];
  for (let i = 0; i <= max; i++) {
    const f = await focused(page);
    if (f.ours) expect(f.ring, `a visible focus indicator on ${f.what} ${f.style}`).toBe(true);
    if (want.test(f.what)) return;
    visited.push(f.what);
    if (i < max) await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${want}; it went through ${visited.slice(-25).join(' | ')}`);
}

const PREDICT = BUILTIN_PRESETS.find((p) => p.name === 'Predict only')!;

inBothBrowsers('keyboard only', ({ d, it }) => {
  it('saves a token, chooses a preset in a focus-trapping dialog, picks a range with Shift+Space, runs a job and exports it', async () => {
    // The token, on the options page.
    const options = await openOptions(d());
    await tabTo(options, /^textbox: Personal Access Token/);
    await options.keyboard.type(SANDBOX_PAT);
    await tabTo(options, /^button: Save token$/);
    await options.keyboard.press('Enter');
    await expect.poll(() => options.getByTestId('token-message').textContent(), { timeout: 20_000 }).toMatch(/^Saved/);
    await options.close();

    // The portal's MUI dialog: a focus trap, and every sibling hidden with aria-hidden.
    const page = await d().open(`https://clarifai.com/${DEMO_USER_ID}/app-001/settings?shape=mui`);
    await page
      .getByRole('button', { name: /^create api key$/i })
      .first()
      .waitFor();
    await tabTo(page, /^button: Create API key$/i);
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    expect(await page.evaluate(() => [...document.body.children].some((c) => c.getAttribute('aria-hidden') === 'true')), 'the dialog hides its siblings').toBe(
      true,
    );
    await expect.poll(() => page.getByRole('combobox', { name: 'Scope preset' }).isEnabled(), { timeout: 10_000 }).toBe(true);
    await tabTo(page, /^combobox: Scope preset$/);

    // Arrow keys on the closed picker choose preset after preset, as fast as a person presses them:
    // the last one lands in the page's own form, and focus stays on the picker throughout.
    const steps = await page.evaluate((name) => {
      const select = document.querySelector('[data-keysmith]')!.shadowRoot!.querySelector<HTMLSelectElement>('#ks-preset')!;
      const enabled = [...select.options].filter((o) => !o.disabled);
      // From "Choose a preset…" (disabled) the first press goes to the first preset.
      return enabled.findIndex((o) => o.textContent === name) - enabled.findIndex((o) => o.selected);
    }, PREDICT.name);
    expect(steps, 'Predict only is below the current choice').toBeGreaterThan(1);
    for (let i = 0; i < steps; i++) await page.keyboard.press('ArrowDown');
    const pageState = () => page.evaluate(() => [...((window as { __sandboxKeyForm?: { scopes: readonly string[] } }).__sandboxKeyForm?.scopes ?? [])].sort());
    await expect.poll(pageState, { timeout: 20_000 }).toEqual([...PREDICT.scopes].sort());
    await expect.poll(() => page.getByTestId('ks-applied').textContent(), { timeout: 20_000 }).toMatch(/^“Predict only”/);
    expect((await focused(page)).what, 'focus stayed on the picker').toBe('combobox: Scope preset');

    // The bulk form, inside the same dialog.
    await tabTo(page, /^button: Create for several apps$/);
    await page.keyboard.press('Space');
    const region = page.getByRole('region', { name: 'Keysmith' });
    await tabTo(page, /^searchbox: Filter apps$/);
    await page.keyboard.type('app-00');
    await region.getByTestId('ks-loading').waitFor({ state: 'detached', timeout: 60_000 });
    await tabTo(page, /^checkbox: app-001$/);
    await page.keyboard.press('Space');
    await tabTo(page, /^checkbox: app-004$/);
    await page.keyboard.press('Shift+Space');
    await expect.poll(() => region.getByTestId('ks-selected').textContent()).toMatch(/^4 of \d+ apps selected/);
    const marker = `kbd-${Date.now()}`;
    await tabTo(page, /^textbox: Description/);
    await page.keyboard.type(`{app_id} ${marker}`); // Tab selected the field's text: this replaces it
    await tabTo(page, /^button: Create 4 keys$/);
    const confirm = await d().tabOpenedBy(() => page.keyboard.press('Enter'), /results\/index\.html#confirm=/);

    // Keysmith's page asks for the person's own Start.
    await confirm
      .getByRole('region', { name: 'Start this job from the portal?' })
      .getByTestId('confirm-count')
      .filter({ hasText: /^4 keys,/ })
      .waitFor({ timeout: 20_000 });
    await tabTo(confirm, /^button: Start$/);
    await confirm.keyboard.press('Enter');
    await expect.poll(() => region.getByTestId('ks-job-status').textContent(), { timeout: 60_000, interval: 250 }).toMatch(/^Finished: 4 created, 0 failed/);
    await confirm.close();
    const made = [...d().sb.sandbox.keys.values()].filter((k) => k.description.includes(marker));
    expect(made.map((k) => k.apps[0]!.id).sort()).toEqual(['app-001', 'app-002', 'app-003', 'app-004']);

    // Follow it to its results, and export them.
    await tabTo(page, /^button: Open results$/);
    const results = await d().tabOpenedBy(() => page.keyboard.press('Enter'), /results\/index\.html#/);
    await results.getByTestId('results-summary').filter({ hasText: '4 created, 0 failed' }).waitFor({ timeout: 20_000 });
    await tabTo(results, /^button: Export CSV$/);
    const csv = await d().download(results, () => results.keyboard.press('Enter'));
    const rows = Papa.parse<Record<string, string>>(csv.text, { header: true, skipEmptyLines: true }).data;
    expect(rows.map((r) => `${r.app_id}=${r.key_id}`).sort()).toEqual(made.map((k) => `${k.apps[0]!.id}=${k.id}`).sort());

    // The results page with a finished job's rows passes axe too.
    judge('the results page with a finished job', await audit(d(), results));
    await results.close();
    await page.close();
  });
});
