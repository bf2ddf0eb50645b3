/**
 * The options page's Presets section, end to end in both browsers: a preset saved from the portal's
 * dialog is listed, exported to a file, deleted (and undone), imported back from that file with the
 * same scopes; a bad file is refused whole with a clear message; presets are created, renamed and
 * reordered there; and what the options page holds is what the dialog's picker offers.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { SANDBOX_PAT } from '../../sandbox/state.ts';
import { inBothBrowsers, openCreateDialog, openOptions, savePat, type DriverPage as Page } from './driver/index.ts';

inBothBrowsers('presets on the options page', ({ d, it }) => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'keysmith-presets-e2e-'));
    await savePat(d(), SANDBOX_PAT);
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const section = (page: Page) => page.getByRole('region', { name: 'Presets' });
  /** The user's presets, top to bottom (not the scope lists nested inside each). */
  const yours = (page: Page) => section(page).locator('ul[aria-labelledby="presets-mine-h"] > li');
  const names = (page: Page) => yours(page).locator('.preset-name').allTextContents();
  const scopesOf = (page: Page, name: string) =>
    yours(page)
      .filter({ has: page.locator('.preset-name', { hasText: new RegExp(`^${name}$`) }) })
      .getByTestId('preset-scopes')
      .locator('code')
      .allTextContents();
  const focusedName = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent?.trim());

  async function importFile(page: Page, file: string | { name: string; text: string }) {
    let path = file as string;
    if (typeof file !== 'string') writeFileSync((path = join(dir, file.name)), file.text);
    await d().chooseFile(page, () => section(page).getByRole('button', { name: 'Import presets' }).click(), path);
  }

  const TICKED = ['Inputs:Delete', 'Concepts:Get', 'Predict'];
  // What the worker keeps: the ticks closed under their dependencies (Inputs:Delete needs Add and Get).
  const SAVED = ['Predict', 'Inputs:Add', 'Inputs:Get', 'Inputs:Delete', 'Concepts:Get'];

  it('a preset saved in the dialog is listed, exported, deleted, imported back, renamed, reordered and offered again', async () => {
    // 1. Save the dialog's ticks as a preset (today's portal).
    const dialogPage = await openCreateDialog(d(), 'today');
    const dialog = dialogPage.getByRole('dialog');
    for (const s of TICKED) await dialog.getByRole('checkbox', { name: s, exact: true }).click();
    await dialogPage.getByRole('button', { name: 'Add missing dependencies' }).click();
    await expect.poll(() => dialog.getByRole('checkbox', { name: 'Inputs:Get', exact: true }).isChecked()).toBe(true);
    const panel = dialogPage.getByRole('region', { name: 'Keysmith' });
    await panel.getByRole('button', { name: 'Save as preset' }).click();
    await panel.getByRole('textbox', { name: 'Preset name' }).fill('E2E ingest');
    await panel.getByRole('textbox', { name: 'Preset description (optional)' }).fill('Made in the portal dialog');
    // The page cannot save a preset: the worker opens the options page, where the person confirms it.
    const confirmPage = await d().tabOpenedBy(() => panel.getByRole('button', { name: 'Save preset' }).click(), /options/);
    await expect.poll(() => panel.textContent()).toContain('Confirm the preset “E2E ingest” on Keysmith’s options page');
    const pending = confirmPage.getByRole('region', { name: 'Save this preset from the portal?' });
    await expect.poll(() => pending.getByTestId('pending-preset-name').textContent()).toContain('E2E ingest');
    expect(((await pending.getByTestId('pending-preset-scopes').textContent()) ?? '').split(', ').sort()).toEqual([...SAVED].sort());
    await pending.getByRole('button', { name: 'Save preset' }).click();
    await expect.poll(() => confirmPage.getByTestId('pending-preset-message').textContent()).toContain('Saved the preset “E2E ingest”');
    await confirmPage.close();
    await dialogPage.close();

    // 2. The options page lists it, with its description and scopes.
    const page = await openOptions(d());
    await expect.poll(() => names(page)).toEqual(['E2E ingest']);
    expect(await yours(page).first().textContent()).toContain('Made in the portal dialog');
    expect((await scopesOf(page, 'E2E ingest')).sort()).toEqual([...SAVED].sort());

    // 3. Export: a dated JSON file holding it.
    const download = await d().download(page, () => section(page).getByRole('button', { name: 'Export presets' }).click());
    expect(download.name).toMatch(/^keysmith-presets-\d{4}-\d{2}-\d{2}\.json$/);
    const exportedPath = join(dir, download.name);
    writeFileSync(exportedPath, download.text);
    const exported = JSON.parse(readFileSync(exportedPath, 'utf8'));
    expect(exported).toMatchObject({ format: 'keysmith-presets', version: 1, presets: [{ name: 'E2E ingest', description: 'Made in the portal dialog' }] });
    expect([...exported.presets[0].scopes].sort()).toEqual([...SAVED].sort());

    // 4. Delete; Undo (focused, so Enter undoes) puts it back; delete again.
    await section(page).getByRole('button', { name: 'Delete E2E ingest' }).click();
    await expect.poll(() => names(page)).toEqual([]);
    expect(await section(page).getByRole('status').textContent()).toContain('Deleted “E2E ingest”.');
    await expect.poll(() => focusedName(page)).toBe('Undo deleting E2E ingest');
    await page.keyboard.press('Enter');
    await expect.poll(() => names(page)).toEqual(['E2E ingest']);
    await section(page).getByRole('button', { name: 'Delete E2E ingest' }).click();
    await expect.poll(() => names(page)).toEqual([]);

    // 5. A bad file is refused whole, saying what is wrong and where; nothing is imported.
    const bad = { ...exported, presets: [...exported.presets, { name: 'Broken', scopes: ['Inputs:Get', 'Models:Sync'] }] };
    await importFile(page, { name: 'bad.json', text: JSON.stringify(bad) });
    const alert = section(page).getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('Preset 2 (“Broken”) names scopes Clarifai does not offer for keys: Models:Sync.');
    expect(await names(page)).toEqual([]);

    // 6. The exported file imports back, with the same scopes.
    await importFile(page, exportedPath);
    await expect.poll(() => section(page).getByRole('status').textContent()).toContain('Added 1 preset: “E2E ingest”.');
    expect(await alert.count()).toBe(0);
    await expect.poll(() => names(page)).toEqual(['E2E ingest']);
    expect((await scopesOf(page, 'E2E ingest')).sort()).toEqual([...SAVED].sort());

    // 7. A second preset made in the editor; then rename it and move it up.
    await section(page).getByRole('button', { name: 'New preset' }).click();
    const editor = page.getByRole('form', { name: 'New preset' });
    await editor.getByLabel('Preset name').fill('E2E reader');
    await editor.getByRole('searchbox', { name: 'Search scopes' }).fill('apps:');
    await editor.getByRole('checkbox', { name: 'Apps:Get', exact: true }).check();
    await editor.getByRole('searchbox', { name: 'Search scopes' }).fill('');
    await editor.getByRole('checkbox', { name: 'Models:Get', exact: true }).check();
    expect(await editor.getByTestId('scope-summary').textContent()).toMatch(/2 scopes ticked: enables \d+ endpoints/);
    await editor.getByRole('button', { name: 'Create preset' }).click();
    await expect.poll(() => names(page)).toEqual(['E2E ingest', 'E2E reader']);

    await section(page).getByRole('button', { name: 'Rename E2E reader' }).click();
    await section(page).getByRole('textbox', { name: 'New name for E2E reader' }).fill('E2E auditor');
    await page.keyboard.press('Enter');
    await expect.poll(() => names(page)).toEqual(['E2E ingest', 'E2E auditor']);

    await section(page).getByRole('button', { name: 'Move E2E auditor up' }).click();
    await expect.poll(() => names(page)).toEqual(['E2E auditor', 'E2E ingest']);
    // At the top its "up" button is disabled: focus stays on the preset, on "down".
    await expect.poll(() => focusedName(page)).toBe('Move E2E auditor down');
    await page.keyboard.press('Enter');
    await expect.poll(() => names(page)).toEqual(['E2E ingest', 'E2E auditor']);
    await section(page).getByRole('button', { name: 'Move E2E ingest down' }).click();
    await expect.poll(() => names(page)).toEqual(['E2E auditor', 'E2E ingest']);
    await page.close();

    // 8. The portal's dialog offers them, in that order, and the imported one ticks its scopes.
    const again = await openCreateDialog(d(), 'today');
    const picker = again.getByRole('combobox', { name: 'Scope preset' });
    await expect.poll(() => picker.isEnabled()).toBe(true);
    await expect.poll(() => picker.locator('optgroup[label="Yours"] option').allTextContents()).toEqual(['E2E auditor', 'E2E ingest']);
    await picker.selectOption({ label: 'E2E ingest' });
    await expect.poll(() => again.getByTestId('ks-match').textContent()).toContain('“E2E ingest”');
    for (const s of SAVED) expect(await again.getByRole('dialog').getByRole('checkbox', { name: s, exact: true }).isChecked()).toBe(true);
    await again.close();
  });

  it('the scope editor ticks dependencies as you go, from the keyboard, and hides deprecated scopes until asked', async () => {
    const page = await openOptions(d());
    await section(page).getByRole('button', { name: 'New preset' }).click();
    const editor = page.getByRole('form', { name: 'New preset' });
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('preset-editor-name'); // the name field has focus

    const del = editor.getByRole('checkbox', { name: 'Inputs:Delete', exact: true });
    await del.focus();
    await page.keyboard.press('Space');
    for (const dep of ['Inputs:Add', 'Inputs:Get']) {
      const box = editor.getByRole('checkbox', { name: dep, exact: true });
      expect(await box.isChecked()).toBe(true);
      expect(await box.isDisabled()).toBe(true);
    }
    expect(await editor.getByRole('checkbox', { name: 'Inputs:Add', exact: true }).getAttribute('aria-describedby')).toBeTruthy();
    expect(await editor.getByText('needed by Inputs:Delete', { exact: true }).isVisible()).toBe(true);
    await page.keyboard.press('Space'); // untick: the dependencies go with it
    expect(await editor.getByRole('checkbox', { name: 'Inputs:Get', exact: true }).isChecked()).toBe(false);

    expect(await editor.getByRole('checkbox', { name: 'Inputs:Patch', exact: true }).count()).toBe(0);
    await editor.getByRole('checkbox', { name: 'Show deprecated scopes' }).check();
    expect(await editor.getByRole('checkbox', { name: 'Inputs:Patch', exact: true }).count()).toBe(1);

    await editor.getByRole('checkbox', { name: 'All Keys scopes' }).check();
    for (const s of ['Keys:Add', 'Keys:Get', 'Keys:Delete']) expect(await editor.getByRole('checkbox', { name: s, exact: true }).isChecked()).toBe(true);

    // Nothing is saved until "Create preset"; Cancel returns focus to "New preset".
    await editor.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => focusedName(page)).toBe('New preset');
    expect(await page.getByRole('form', { name: 'New preset' }).count()).toBe(0);
    await page.close();
  });

  it('turning sync on and off keeps the presets', async () => {
    const page = await openOptions(d());
    await expect.poll(() => names(page)).toEqual(['E2E auditor', 'E2E ingest']);
    const sync = section(page).getByRole('checkbox', { name: 'Sync presets across your browsers' });
    // The box follows the worker: it turns on once sync has taken the presets.
    await sync.click();
    await expect.poll(() => section(page).getByRole('status').textContent()).toContain('now sync');
    await page.reload();
    await expect.poll(() => sync.isChecked()).toBe(true);
    await expect.poll(() => names(page)).toEqual(['E2E auditor', 'E2E ingest']);
    await sync.click();
    await expect.poll(() => sync.isChecked()).toBe(false);
    expect(await names(page)).toEqual(['E2E auditor', 'E2E ingest']);
    await page.close();
  });
});
