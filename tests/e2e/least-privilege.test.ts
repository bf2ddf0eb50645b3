/**
 * Least privilege end to end in both browsers: on the options page, a preset is built from three
 * calls (two picked by search, one found in pasted code), saved, chosen in the portal's create-key
 * dialog, and the key the portal creates holds exactly the smallest scope set for those calls.
 */
import { expect } from 'vitest';
import { leastScopes } from '../../src/pure/privilege/least.ts';
import { SANDBOX_PAT } from '../../sandbox/state.ts';
import { inBothBrowsers, openCreateDialog, openOptions, savePat } from './driver/index.ts';

inBothBrowsers('least privilege', ({ d, it }) => {
  it('builds a preset from three calls, and the key made with it in the dialog has exactly their scopes', async () => {
    await savePat(d(), SANDBOX_PAT);
    const options = await openOptions(d());
    const calls = options.getByRole('searchbox', { name: 'Calls this key must make' });
    await calls.fill('predict');
    await options.getByRole('button', { name: 'Add Predict on a model (PostModelOutputs)' }).click();
    await calls.fill('list concepts');
    await options.getByRole('button', { name: 'Add List concepts (ListConcepts)' }).click();
    await options
      .getByLabel('Code that calls Clarifai (Python SDK, gRPC, REST or curl)')
      .fill('curl https://api.clarifai.com/v2/users/me/apps/shop/inputs -H "Authorization: Key $PAT"');
    await options.getByRole('button', { name: 'Find calls in code' }).click();
    await expect.poll(() => options.getByTestId('scan-result').textContent()).toContain('ListInputs (line 1)');
    const want = leastScopes(['PostModelOutputs', 'ListConcepts', 'ListInputs']).scopes;
    await expect.poll(() => options.getByRole('region', { name: 'Scopes needed' }).textContent()).toContain(want.join(', '));
    const name = `Least ${Date.now()}`;
    await options.getByLabel('Name of the new preset').fill(name);
    await options.getByRole('button', { name: 'Save as preset' }).click();
    await expect.poll(() => options.getByRole('region', { name: 'Scopes needed' }).textContent()).toContain(`Saved as the preset “${name}”.`);
    await options.close();

    const page = await openCreateDialog(d(), 'today');
    const picker = page.getByRole('combobox', { name: 'Scope preset' });
    await expect.poll(() => picker.isEnabled()).toBe(true);
    await picker.selectOption({ label: name });
    await expect.poll(() => page.getByTestId('ks-match').textContent()).toContain(`“${name}”`);
    const description = `least privilege ${Date.now()}`;
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox').first().fill(description);
    await dialog.getByRole('button', { name: /^create api key$/i }).click();
    const made = () => [...d().sb.sandbox.keys.values()].find((k) => k.description === description);
    await expect.poll(() => made()?.scopes.slice().sort(), { timeout: 10_000 }).toEqual([...want].sort());
    await page.close();
  });
});
