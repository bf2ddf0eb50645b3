/**
 * Several keys in one PostKeys, end to end in both browsers: the same job (twelve apps, one of
 * which is deleted after it was picked) runs against each way the sandbox can take batches, the
 * ways a real Clarifai might: all or nothing, a maximum size with its own refusal, partial answers,
 * and batches refused outright. In each, every good app gets exactly one key, the missing app
 * fails alone with Clarifai's word, and the options page says what was learned for the address.
 */
import { expect } from 'vitest';
import { DEMO_USER_ID, SANDBOX_PAT } from '../../sandbox/state.ts';
import { inBothBrowsers, openOptions, pickRange, RESULTS_PAGE, savePat, type DriverPage } from './driver/index.ts';

const MODES = [
  { name: 'all-or-nothing batches', switches: { postKeysMulti: 'atomic' }, learned: /: batches of up to \d+ keys work \(found on /, fewer: true },
  {
    name: 'a maximum batch size',
    switches: { postKeysMulti: 'atomic', postKeysMaxBatch: 3 },
    learned: /: batches of up to 2 keys work; 4 were refused/,
    fewer: true,
  },
  { name: 'partial answers', switches: { postKeysMulti: 'partial' }, learned: /some answers held only part of the keys/, fewer: true },
  { name: 'batches refused outright', switches: { postKeysMulti: 'single' }, learned: /: batches are refused: one key a request/, fewer: false },
] as const;

inBothBrowsers('batched key creation', ({ d, it }) => {
  async function forgetLearned(): Promise<DriverPage> {
    const options = await openOptions(d());
    const section = options.getByRole('region', { name: 'Several keys in one request' });
    const forget = section.getByRole('button', { name: 'Forget what was found' });
    if (await forget.count()) {
      await forget.click();
      await section.getByText('Forgotten: the next bulk job tries a batch of two first.').waitFor();
    }
    return options;
  }

  for (const mode of MODES) {
    it(`with ${mode.name}: one key per good app, the missing app fails alone, and what was learned is shown`, async () => {
      await savePat(d(), SANDBOX_PAT);
      await (await forgetLearned()).close();
      const sb = d().sb.sandbox;
      sb.setSwitches(mode.switches);
      const marker = `batch-${Date.now()}`;
      const page = await d().open(d().extensionUrl(RESULTS_PAGE));
      await page.getByRole('combobox', { name: 'Scope preset' }).selectOption({ label: 'Read only' });
      await pickRange(page, { filter: 'app-0', from: 'app-001', to: 'app-012', selected: 12 });
      await page.getByRole('textbox', { name: 'Description' }).fill(`{app_id} ${marker}`);
      const missing = sb.app(DEMO_USER_ID, 'app-005')!;
      sb.apps.delete(`${DEMO_USER_ID}/app-005`);
      const from = sb.log.length;
      try {
        await page.getByRole('button', { name: 'Create 12 keys' }).click();
        const status = page.getByTestId('ks-job-status');
        await expect.poll(() => status.textContent(), { timeout: 60_000, interval: 300 }).toMatch(/^(Finished|Cancelled|Interrupted)/);
        expect(await status.textContent()).toMatch(/^Finished: 11 created, 1 failed/);
      } finally {
        sb.apps.set(`${DEMO_USER_ID}/app-005`, missing);
      }
      const keys = [...sb.keys.values()].filter((k) => k.description.includes(marker));
      const perApp = keys.map((k) => k.apps[0]!.id).sort();
      expect(perApp).toEqual(['001', '002', '003', '004', '006', '007', '008', '009', '010', '011', '012'].map((n) => `app-${n}`));
      const posts = sb.log.slice(from).filter((e) => e.rpc === 'PostKeys' && e.auth !== 'session');
      if (mode.fewer) expect(posts.length).toBeLessThan(12);
      else expect(posts.filter((e) => e.status === 200)).toHaveLength(11); // after the refused probe, one key a request

      const results = await d().tabOpenedBy(() => page.getByRole('button', { name: 'Open results' }).click(), /results\/index\.html#/);
      await results.getByTestId('results-summary').filter({ hasText: '11 created, 1 failed' }).waitFor();
      expect(await results.getByRole('row').filter({ hasText: 'app-005' }).textContent()).toMatch(/failed: .*does not exist/);
      await results.close();
      await page.close();

      const options = await openOptions(d());
      const learned = options.getByTestId('batch-learned');
      await expect.poll(() => learned.textContent(), { timeout: 10_000 }).toMatch(mode.learned);
      await options.close();
      await (await forgetLearned()).close();
    });
  }

  it('turned off on the options page, a job sends one key a request', async () => {
    await savePat(d(), SANDBOX_PAT);
    const options = await forgetLearned();
    const section = options.getByRole('region', { name: 'Several keys in one request' });
    await section.getByRole('checkbox', { name: 'Send several keys in one request when Clarifai accepts it' }).click();
    await section.getByRole('button', { name: 'Save' }).click();
    await section.getByText('Saved.').waitFor();
    await options.close();
    const sb = d().sb.sandbox;
    const marker = `single-${Date.now()}`;
    const page = await d().open(d().extensionUrl(RESULTS_PAGE));
    await page.getByRole('combobox', { name: 'Scope preset' }).selectOption({ label: 'Read only' });
    await pickRange(page, { filter: 'app-0', from: 'app-001', to: 'app-004', selected: 4 });
    await page.getByRole('textbox', { name: 'Description' }).fill(`{app_id} ${marker}`);
    const from = sb.log.length;
    await page.getByRole('button', { name: 'Create 4 keys' }).click();
    await expect.poll(() => page.getByTestId('ks-job-status').textContent(), { timeout: 60_000, interval: 300 }).toMatch(/^Finished: 4 created, 0 failed/);
    expect(sb.log.slice(from).filter((e) => e.rpc === 'PostKeys' && e.auth !== 'session')).toHaveLength(4);
    await page.close();
    const again = await openOptions(d());
    const box = again
      .getByRole('region', { name: 'Several keys in one request' })
      .getByRole('checkbox', { name: 'Send several keys in one request when Clarifai accepts it' });
    expect(await box.isChecked()).toBe(false);
    await box.click();
    await again.getByRole('region', { name: 'Several keys in one request' }).getByRole('button', { name: 'Save' }).click();
    await again.getByText('Saved.').first().waitFor();
    await again.close();
  });
});
