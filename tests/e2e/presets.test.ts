/**
 * Scope presets in the portal's own dialogs, end to end: each built-in preset chosen in the picker
 * lands in the portal's form state (checked in the sandbox's records after the portal's own submit),
 * in both eras; editing a key with a preset patches its scopes; a hand-made selection is recognised.
 */
import { beforeAll, describe, expect } from 'vitest';
import { BUILTIN_PRESETS } from '../../src/pure/presets/builtins.ts';
import { DEMO_USER_ID, SANDBOX_PAT } from '../../sandbox/state.ts';
import { inBothBrowsers, openCreateDialog, savePat, type DriverPage } from './driver/index.ts';

inBothBrowsers('scope presets in the portal’s dialogs', ({ d, it }) => {
  beforeAll(async () => {
    await savePat(d(), SANDBOX_PAT);
  });

  function keyByDescription(description: string) {
    return [...d().sb.sandbox.keys.values()].find((k) => k.description === description);
  }

  const submitName = { today: /^create api key$/i, '2019': /^create api key$/i } as const;

  async function choosePreset(page: DriverPage, name: string) {
    const picker = page.getByRole('combobox', { name: 'Scope preset' });
    await expect.poll(() => picker.isEnabled()).toBe(true);
    await picker.selectOption({ label: name });
    await expect.poll(() => page.getByTestId('ks-match').textContent()).toContain(`“${name}”`);
  }

  describe.each(['today', '2019'] as const)('in the %s dialog', (era) => {
    for (const preset of BUILTIN_PRESETS)
      it(`the ${preset.name} preset becomes the created key’s exact scopes`, async () => {
        const { name } = preset;
        const page = await openCreateDialog(d(), era);
        await choosePreset(page, name);
        const description = `${era} ${name} ${Date.now()}`;
        const dialog = page.getByRole('dialog');
        // Typing re-mounts the fake portal's scope list; the ticks are its state and must survive.
        await dialog.getByRole('textbox').first().fill(description);
        await dialog.getByRole('button', { name: submitName[era] }).click();
        await expect.poll(() => keyByDescription(description)?.scopes.slice().sort(), { timeout: 10_000 }).toEqual([...preset.scopes].sort());
        await page.close();
      });
  });

  describe('ticking by hand', () => {
    it('shows the preset a selection equals, or custom, and offers the missing dependencies', async () => {
      const page = await openCreateDialog(d(), 'today');
      const dialog = page.getByRole('dialog');
      const match = page.getByTestId('ks-match');
      await dialog.getByRole('checkbox', { name: 'Inputs:Delete', exact: true }).click();
      await expect.poll(() => match.textContent()).toContain('Custom selection of 1 scope');
      await page.getByRole('button', { name: 'Add missing dependencies' }).click();
      await expect.poll(() => dialog.getByRole('checkbox', { name: 'Inputs:Get', exact: true }).isChecked()).toBe(true);
      expect(await dialog.getByRole('checkbox', { name: 'Inputs:Add', exact: true }).isChecked()).toBe(true);
      // Untick all, then tick Predict only's scopes by hand: the picker recognises it.
      await page.getByRole('combobox', { name: 'Scope preset' }).selectOption({ label: 'Full access' });
      await expect.poll(() => match.textContent()).toContain('“Full access”');
      await dialog.getByRole('checkbox', { name: 'All', exact: true }).click();
      for (const s of BUILTIN_PRESETS.find((p) => p.name === 'Predict only')!.scopes) await dialog.getByRole('checkbox', { name: s, exact: true }).click();
      await expect.poll(() => match.textContent()).toContain('Matches “Predict only”');
      expect(await match.textContent()).toMatch(/enables \d+ endpoints, including PostModelOutputs/);
      await page.close();
    });

    it('the picker works from the keyboard alone', async () => {
      const page = await openCreateDialog(d(), 'today');
      const picker = page.getByRole('combobox', { name: 'Scope preset' });
      await expect.poll(() => picker.isEnabled()).toBe(true);
      await picker.focus();
      await page.keyboard.press('ArrowDown'); // closed <select>: the next option is chosen at once
      await expect.poll(() => page.getByTestId('ks-match').textContent()).toContain('“Full access”');
      expect(await page.getByRole('dialog').getByRole('checkbox', { name: 'All', exact: true }).isChecked()).toBe(true);
      await page.close();
    });
  });

  describe('a portal that offers fewer scopes (another plan)', () => {
    it('names the preset scopes it cannot tick instead of dropping them silently', async () => {
      const page = await d().open(`https://clarifai.com/${DEMO_USER_ID}/app-001/settings?plan=community`);
      await page.getByRole('button', { name: /^create api key$/i }).click();
      const picker = page.getByRole('combobox', { name: 'Scope preset' });
      await expect.poll(() => picker.isEnabled()).toBe(true);
      await picker.selectOption({ label: 'Read only' });
      const alert = page.getByRole('region', { name: 'Keysmith' }).getByRole('alert');
      await expect.poll(() => alert.textContent()).toContain('This portal does not offer ModelExports:Get');
      await page.close();
    });
  });

  describe('the edit-key dialog', () => {
    for (const era of ['today', '2019'] as const)
      it(`(${era}) shows which preset the key matches and patches the scopes of another`, async () => {
        const page = await openCreateDialog(d(), era);
        await choosePreset(page, 'Predict only');
        const description = `edit-me ${era} ${Date.now()}`;
        await page.getByRole('dialog').getByRole('textbox').first().fill(description);
        await page.getByRole('dialog').getByRole('button', { name: submitName[era] }).click();
        await expect.poll(() => keyByDescription(description)).toBeDefined();
        await page.getByRole('dialog').waitFor({ state: 'detached' });
        const id = keyByDescription(description)!.id;

        await page.getByRole('button', { name: `Edit key ${description}` }).click();
        const dialog = page.getByRole('dialog');
        await dialog.getByRole('region', { name: 'Keysmith' }).waitFor();
        await expect.poll(() => page.getByTestId('ks-match').textContent()).toContain('This key matches “Predict only”');
        await choosePreset(page, 'Read only');
        await dialog.getByRole('button', { name: era === 'today' ? 'Save changes' : 'SAVE', exact: true }).click();
        const readOnly = BUILTIN_PRESETS.find((p) => p.name === 'Read only')!.scopes;
        await expect.poll(() => d().sb.sandbox.keys.get(id)?.scopes.slice().sort(), { timeout: 10_000 }).toEqual([...readOnly].sort());
        await page.close();
      });
  });
});
