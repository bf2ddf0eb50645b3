/**
 * Bulk creation end to end, in both browsers: the production build against the sandbox with faults
 * on. Every app gets exactly one key (checked in the sandbox's own records), the exported CSV equals
 * those records, a background stopped mid-job (or suspended while idle) resumes without duplicates,
 * and a PAT without Keys:Add fails the job up front.
 */
import Papa from 'papaparse';
import { BUILTIN_PRESETS } from '../../src/pure/presets/builtins.ts';
import { describe, expect } from 'vitest';
import { ORG_ID, SANDBOX_PAT, SANDBOX_PAT_READONLY } from '../sandbox/state.ts';
import { addOrganization, inBothBrowsers, openCreateDialog, openOptions, pickRange, RESULTS_PAGE, savePat, type DriverPage, type Locator } from './driver/index.ts';

inBothBrowsers('bulk creation', ({ d, it }) => {
  const jobKeys = (marker: string) => [...d().sb.sandbox.keys.values()].filter((k) => k.description.includes(marker));

  function expectOneKeyPerApp(marker: string, apps: number) {
    const perApp = new Map<string, number>();
    for (const k of jobKeys(marker)) perApp.set(k.apps[0]!.id, (perApp.get(k.apps[0]!.id) ?? 0) + 1);
    expect(perApp.size).toBe(apps);
    expect([...perApp.values()].every((n) => n === 1)).toBe(true);
  }

  /**
   * Opens today's create-key dialog, the bulk form with Predict only, adds the org, picks
   * acme-0001..acme-<n> and starts the job; returns the page and the Keysmith region.
   */
  async function startOrgJob(n: number, marker: string) {
    const page = await openCreateDialog(d(), 'today');
    await page.getByRole('combobox', { name: 'Scope preset' }).selectOption({ label: 'Predict only' });
    await page.getByRole('button', { name: 'Create for several apps' }).click();
    const region = page.getByRole('region', { name: 'Keysmith' });
    await addOrganization(region, ORG_ID);
    await pickRange(region, { filter: 'acme-', from: 'acme-0001', to: `acme-${String(n).padStart(4, '0')}`, selected: n });
    await region.getByRole('textbox', { name: 'Description' }).fill(`{app_id} ${marker}`);
    await region.getByRole('button', { name: new RegExp(`^Create ${n} keys`) }).click();
    return { page, region };
  }

  async function pause(region: Locator) {
    await region.getByRole('button', { name: 'Pause' }).click();
    await region.getByTestId('ks-job-status').filter({ hasText: /^Paused/ }).waitFor();
  }

  async function waitForJob(page: DriverPage, timeout = 120_000) {
    const status = page.getByTestId('ks-job-status');
    await expect.poll(() => status.textContent(), { timeout, interval: 500 }).toMatch(/^(Finished|Cancelled|Interrupted)/);
    return (await status.textContent()) ?? '';
  }

  it('a PAT without Keys:Add fails the job up front with a clear message', async () => {
    await savePat(d(), SANDBOX_PAT_READONLY);
    const { page, region } = await startOrgJob(3, 'readonly-job');
    await expect.poll(() => region.getByRole('alert').allTextContents()).toContainEqual(expect.stringContaining('lacks Keys:Add'));
    expect(jobKeys('readonly-job')).toHaveLength(0);
    await page.close();
  });

  it('200 apps with faults and throttling: exactly one key per app, and the CSV equals the records', async () => {
    await savePat(d(), SANDBOX_PAT);
    d().sb.sandbox.setFaults({ errorRate: 0.05, throttleRate: 0.05, dropAfterCommitRate: 0.03, seed: 7 });
    const marker = `bulk-${Date.now()}`;
    const { page, region } = await startOrgJob(200, marker);
    expect(await waitForJob(page)).toMatch(/^Finished: 200 created, 0 failed/);
    d().sb.sandbox.setFaults({ errorRate: 0, throttleRate: 0, dropAfterCommitRate: 0 });

    const keys = jobKeys(marker);
    const perApp = new Map<string, number>();
    for (const k of keys) perApp.set(k.apps[0]!.id, (perApp.get(k.apps[0]!.id) ?? 0) + 1);
    expect(perApp.size).toBe(200);
    const predict = BUILTIN_PRESETS.find((p) => p.name === 'Predict only')!.scopes;
    expect(keys.every((k) => [...k.scopes].sort().join() === [...predict].sort().join())).toBe(true);
    expect([...perApp.values()].every((n) => n === 1)).toBe(true);
    // The faults really happened: throttles, errors, and keys committed behind dropped connections.
    const log = d().sb.sandbox.log;
    expect(d().sb.sandbox.throttledCount()).toBeGreaterThan(0);
    expect(log.filter((e) => e.fault === 'error').length).toBeGreaterThan(0);
    expect(log.filter((e) => e.fault === 'drop' && e.rpc === 'PostKeys').length).toBeGreaterThan(0);

    // Results page: export CSV and compare it to the sandbox's records.
    const results = await d().tabOpenedBy(() => region.getByRole('button', { name: 'Open results' }).click(), /results\/index\.html/);
    await results.getByTestId('results-summary').filter({ hasText: '200 created' }).waitFor();
    const csv = await d().download(results, () => results.getByRole('button', { name: 'Export CSV' }).click());
    expect(csv.name).toMatch(/^keysmith-.*\.csv$/);
    const rows = Papa.parse<Record<string, string>>(csv.text, { header: true, skipEmptyLines: true }).data;
    expect(rows).toHaveLength(200);
    const fromCsv = rows.map((r) => `${r.owner}/${r.app_id}=${r.key_id}`).sort();
    const fromSandbox = keys.map((k) => `${k.ownerId}/${k.apps[0]!.id}=${k.id}`).sort();
    expect(fromCsv).toEqual(fromSandbox);
    const predictOnly = keys[0]!.scopes.slice().sort().join(' ');
    expect(rows.every((r) => (r.scopes ?? '').split(' ').sort().join(' ') === predictOnly)).toBe(true);
    // Keys are masked on the page until revealed.
    expect(await results.locator('table').textContent()).not.toContain(keys[0]!.id);
    await results.close();
    await page.close();
  });

  it('a background stopped mid-job resumes and creates no duplicates', async () => {
    await savePat(d(), SANDBOX_PAT);
    d().sb.sandbox.setFaults({ latencyMs: 60 });
    const marker = `resume-${Date.now()}`;
    const { page, region } = await startOrgJob(90, marker);
    await expect.poll(() => jobKeys(marker).length, { timeout: 30_000, interval: 100 }).toBeGreaterThan(20);
    await d().stopBackground();
    const stoppedAt = jobKeys(marker).length;
    expect(stoppedAt).toBeLessThan(90);
    // The dialog's next progress request (or the job's alarm) wakes a new background, which resumes.
    expect(await waitForJob(page)).toMatch(/^Finished: 90 created, 0 failed/);
    d().sb.sandbox.setFaults({ latencyMs: 0 });
    expectOneKeyPerApp(marker, 90);
    await page.close();
  });

  it('works from Keysmith’s own page too, reports refusals per app with Clarifai’s message, and retries only the failed', async () => {
    await savePat(d(), SANDBOX_PAT);
    d().sb.sandbox.setSwitches({ orgKeysAllowed: false });
    const marker = `page-${Date.now()}`;
    const page = await d().open(d().extensionUrl(RESULTS_PAGE));
    await page.getByRole('combobox', { name: 'Scope preset' }).selectOption({ label: 'Read only' });
    await addOrganization(page, ORG_ID);
    await pickRange(page, { filter: 'app-00', from: 'app-001', to: 'app-003', selected: 3 });
    await page.getByRole('searchbox', { name: 'Filter apps' }).fill('acme-0007');
    await page.getByRole('checkbox', { name: 'acme-0007', exact: true }).click();
    await page.getByRole('textbox', { name: 'Description' }).fill(`{owner}/{app_id} ${marker}`);
    await page.getByRole('button', { name: 'Create 4 keys' }).click();
    expect(await waitForJob(page)).toMatch(/^Finished: 3 created, 1 failed/);

    const results = await d().tabOpenedBy(() => page.getByRole('button', { name: 'Open results' }).click(), /results\/index\.html#/);
    await results.getByTestId('results-summary').filter({ hasText: '3 created, 1 failed' }).waitFor();
    const failedRow = results.getByRole('row').filter({ hasText: 'acme-0007' });
    expect(await failedRow.textContent()).toMatch(/failed: .*Clarifai/);
    d().sb.sandbox.setSwitches({ orgKeysAllowed: true });
    await results.getByRole('button', { name: 'Retry failed' }).click();
    await results.getByTestId('results-summary').filter({ hasText: '4 created, 0 failed' }).waitFor({ timeout: 20_000 });
    const keys = jobKeys(marker);
    expect(keys.map((k) => `${k.ownerId}/${k.apps[0]!.id}`).sort()).toEqual([`${ORG_ID}/acme-0007`, 'demo-user/app-001', 'demo-user/app-002', 'demo-user/app-003']);
    // Reveal shows the whole key for that row only.
    const row = results.getByRole('row').filter({ hasText: 'app-002' });
    const k = keys.find((x) => x.apps[0]!.id === 'app-002')!;
    expect(await row.textContent()).not.toContain(k.id);
    await row.getByRole('button', { name: 'Reveal key for app-002' }).click();
    expect(await row.textContent()).toContain(k.id);

    // A silent duplicate (the browser re-sent a POST whose answer was lost): the sweep finds it.
    const twin = { ...k, id: 'd'.repeat(32), createdAt: d().sb.sandbox.now() };
    d().sb.sandbox.addKey(twin, 'e2e');
    await results.getByRole('button', { name: 'Check for duplicates' }).click();
    const dups = results.getByRole('region', { name: 'Duplicates' });
    await expect.poll(() => dups.textContent(), { timeout: 20_000 }).toContain('1 app got a second key');
    expect(await dups.textContent()).toContain('demo-user/app-002');
    await dups.getByRole('button', { name: 'Delete duplicates' }).click();
    await expect.poll(() => d().sb.sandbox.keys.has(twin.id)).toBe(false);
    expect(d().sb.sandbox.keys.has(k.id)).toBe(true); // the key the job recorded stays
    await results.close();
    await page.close();
  });

  it('pauses, resumes and cancels', async () => {
    await savePat(d(), SANDBOX_PAT);
    d().sb.sandbox.setFaults({ latencyMs: 50 });
    const marker = `pause-${Date.now()}`;
    const { page, region } = await startOrgJob(80, marker);
    await expect.poll(() => jobKeys(marker).length, { timeout: 20_000, interval: 50 }).toBeGreaterThan(5);
    await pause(region);
    await page.waitForTimeout(500); // requests already sent may land
    const paused = jobKeys(marker).length;
    await page.waitForTimeout(1500);
    expect(jobKeys(marker).length).toBe(paused); // nothing is sent while paused
    await region.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => jobKeys(marker).length, { timeout: 20_000, interval: 50 }).toBeGreaterThan(paused + 5);
    await region.getByRole('button', { name: 'Cancel job' }).click();
    const status = await waitForJob(page);
    expect(status).toMatch(/^Cancelled/);
    const created = jobKeys(marker).length;
    expect(created).toBeLessThan(80);
    expect(status).toContain(`${created} created`);
    d().sb.sandbox.setFaults({ latencyMs: 0 });
    await page.close();
  });

  it('a paused job survives its background being suspended (in Firefox, for being idle) and resumes when a message wakes it', async () => {
    await savePat(d(), SANDBOX_PAT);
    d().sb.sandbox.setFaults({ latencyMs: 50 });
    const marker = `idle-${Date.now()}`;
    const { page, region } = await startOrgJob(40, marker);
    await expect.poll(() => jobKeys(marker).length, { timeout: 20_000, interval: 50 }).toBeGreaterThan(3);
    await pause(region);
    const results = await d().tabOpenedBy(() => region.getByRole('button', { name: 'Open results' }).click(), /results\/index\.html#/);
    const resultsUrl = results.url();
    // Nothing talks to the background any more; the browser suspends it for being idle.
    await page.waitForTimeout(500); // requests already sent may land
    await results.close();
    await page.close();
    const paused = jobKeys(marker).length;
    await d().suspendWhenIdle();
    expect(await d().backgroundRunning()).toBe(false);
    expect(jobKeys(marker).length).toBe(paused);
    // The options page's first message wakes it; the PAT outlived the background in storage.session.
    const options = await openOptions(d());
    await expect.poll(() => options.getByTestId('token-status').textContent()).toContain(`ending in ${SANDBOX_PAT.slice(-4)}`);
    await options.close();
    // The job is still paused, and resumes to the end.
    const again = await d().open(resultsUrl);
    await again.getByTestId('results-summary').filter({ hasText: '(paused)' }).waitFor({ timeout: 20_000 });
    await again.getByRole('button', { name: 'Resume' }).click();
    await again.getByTestId('results-summary').filter({ hasText: '40 created, 0 failed, 0 left of 40 (done)' }).waitFor({ timeout: 60_000 });
    d().sb.sandbox.setFaults({ latencyMs: 0 });
    expectOneKeyPerApp(marker, 40);
    await again.close();
  });
});
