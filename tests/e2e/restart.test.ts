/**
 * The browser closed in the middle of a bulk job: nothing is lost. After the restart the job is
 * shown as interrupted with what is known, and Recover finds, through the API, every key it made.
 */
import { describe, expect } from 'vitest';
import { ORG_ID, SANDBOX_PAT } from '../../sandbox/state.ts';
import { addOrganization, inBothBrowsers, pickRange, RESULTS_PAGE, savePat } from './driver/index.ts';

inBothBrowsers('the browser closed mid-job', ({ d, it }) => {
  describe('a restart', () => {
    it('shows the job as interrupted after the restart, and Recover finds every key it created', async () => {
      const sb = d().sb.sandbox;
      await savePat(d(), SANDBOX_PAT);
      sb.setFaults({ latencyMs: 80 });
      const marker = `restart-${Date.now()}`;
      const page = await d().open(d().extensionUrl(RESULTS_PAGE));
      await page.getByRole('combobox', { name: 'Scope preset' }).selectOption({ label: 'Predict only' });
      await addOrganization(page, ORG_ID);
      await pickRange(page, { filter: 'acme-0', from: 'acme-0101', to: 'acme-0160', selected: 60 });
      await page.getByRole('textbox', { name: 'Description' }).fill(`{app_id} ${marker}`);
      // Closed mid-request, however many keys a request carries: the job's first requests wait in the
      // sandbox until the browser is gone, then make their keys with no one left to record them.
      const release = sb.holdKeys();
      await page.getByRole('button', { name: 'Create 60 keys' }).click();
      const made = () => [...sb.keys.values()].filter((k) => k.description.includes(marker));
      await expect.poll(() => sb.keysHeld, { timeout: 20_000, interval: 20 }).toBeGreaterThan(0);
      let atClose = 0;
      await d().restart(async () => {
        release();
        await expect.poll(() => made().length, { timeout: 10_000, interval: 20 }).toBeGreaterThan(0);
        atClose = made().length;
        sb.setFaults({ latencyMs: 0 });
      });
      expect(atClose).toBeLessThan(60);

      await savePat(d(), SANDBOX_PAT); // the PAT was in memory only: enter it again
      const jobs = await d().open(d().extensionUrl(RESULTS_PAGE));
      const past = jobs.getByRole('region', { name: 'Past jobs' }).getByRole('listitem').first();
      await past.getByRole('link').click();
      await jobs.getByTestId('results-summary').filter({ hasText: 'interrupted' }).waitFor();
      await jobs.getByRole('button', { name: 'Recover' }).click();
      await jobs.getByTestId('results-summary').filter({ hasText: '(done)' }).waitFor({ timeout: 30_000 });
      const onServer = made();
      const summary = (await jobs.getByTestId('results-summary').textContent()) ?? '';
      expect(summary).toContain(`${onServer.length} created`);
      // Every key that exists on the server is in the results, and nothing else.
      const download = await d().download(jobs, () => jobs.getByRole('button', { name: 'Export JSON' }).click());
      const body = JSON.parse(download.text) as { keys: { key_id: string | null }[] };
      expect(
        body.keys
          .map((k) => k.key_id)
          .filter(Boolean)
          .sort(),
      ).toEqual(onServer.map((k) => k.id).sort());
    });
  });
});
