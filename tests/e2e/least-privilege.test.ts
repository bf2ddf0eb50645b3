/**
 * Least privilege end to end in both browsers: on the options page, a preset is built from three
 * calls (two picked by search, one found in pasted code), saved, chosen in the portal's create-key
 * dialog, and the key the portal creates holds exactly the smallest scope set for those calls: it
 * can make those three calls against the sandbox, and a fourth is refused for its scopes (11007).
 */
import { expect } from 'vitest';
import { leastScopes } from '../../src/pure/privilege/least.ts';
import { GENERAL_MODEL_ID } from '../../sandbox/app-data.ts';
import { SANDBOX_PAT } from '../../sandbox/state.ts';
import { httpsCaller } from '../sandbox/support/call.ts';
import { inBothBrowsers, openCreateDialog, openOptions, savePat } from './driver/index.ts';

inBothBrowsers('least privilege', ({ d, it }) => {
  it('builds a preset from three calls; the key made with it in the dialog has exactly their scopes and makes those calls, not a fourth', async () => {
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

    // The key really makes those three calls, and not a fourth (the sandbox checks scopes per call).
    const key = made()!;
    const app = `/v2/users/${key.apps[0]!.userId}/apps/${key.apps[0]!.id}`;
    const call = httpsCaller(() => d().sb);
    const predict = await call('POST', `${app}/models/${GENERAL_MODEL_ID}/outputs`, {
      token: key.id,
      body: { inputs: [{ data: { image: { url: 'https://samples.example/a.jpg' } } }] },
    });
    expect(predict.json.status.code).toBe(10000);
    expect(predict.json.outputs[0].data.concepts.length).toBeGreaterThan(0);
    expect((await call('GET', `${app}/concepts`, { token: key.id })).json.status.code).toBe(10000);
    expect((await call('GET', `${app}/inputs`, { token: key.id })).json.status.code).toBe(10000);
    const fourth = await call('POST', `${app}/inputs`, { token: key.id, body: { inputs: [{ data: { text: { raw: 'x' } } }] } });
    expect([fourth.status, fourth.json.status.code]).toEqual([403, 11007]);
    expect(fourth.json.status.details).toContain('Inputs:Add');
  });

  it('the dialog’s panel opens Least privilege with what the ticked scopes allow', async () => {
    await savePat(d(), SANDBOX_PAT);
    const page = await openCreateDialog(d(), 'today');
    const region = page.getByRole('region', { name: 'Keysmith' });
    const picker = page.getByRole('combobox', { name: 'Scope preset' });
    await expect.poll(() => picker.isEnabled()).toBe(true);
    await picker.selectOption({ label: 'Predict only' });
    await expect.poll(() => page.getByTestId('ks-applied').textContent()).toContain('Predict only');
    const options = await d().tabOpenedBy(() => region.getByRole('button', { name: 'What can this key do?' }).click(), /options\/index\.html#section=least/);
    const ticks = options.getByRole('region', { name: 'The dialog’s ticked scopes' });
    await expect.poll(() => ticks.textContent()).toContain('PostModelOutputs');
    expect(await ticks.textContent()).toContain('Predict');
    await options.close();
    await page.close();
  });
});
