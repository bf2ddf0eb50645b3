/**
 * Bulk creation end to end: the production build in Chromium against the sandbox with faults on.
 * Every app gets exactly one key (checked in the sandbox's own records), the exported CSV equals
 * those records, a worker stopped mid-job resumes without duplicates, and a PAT without Keys:Add
 * fails the job up front.
 */
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { BUILTIN_PRESETS } from '../../src/pure/presets/builtins.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORG_ID, SANDBOX_PAT, SANDBOX_PAT_READONLY } from '../sandbox/state.ts';
import { openCreateDialog, savePat, startWorld, type World } from './fixtures.ts';

let w: World;
beforeAll(async () => {
  w = await startWorld();
});
afterAll(async () => {
  await w?.close();
});

const jobKeys = (marker: string) => [...w.sb.sandbox.keys.values()].filter((k) => k.description.includes(marker));

/** Opens the bulk form in the dialog with Predict only, adds the org, and picks acme-0001..acme-<n>. */
async function pickOrgApps(page: Page, n: number, marker: string) {
  await page.getByRole('combobox', { name: 'Scope preset' }).selectOption({ label: 'Predict only' });
  await page.getByRole('button', { name: 'Create for several apps' }).click();
  const region = page.getByRole('region', { name: 'Keysmith' });
  await region.getByRole('textbox', { name: 'Organization id' }).fill(ORG_ID);
  await region.getByRole('button', { name: 'Add organization' }).click();
  await region.getByRole('searchbox', { name: 'Filter apps' }).fill('acme-');
  await region.getByRole('checkbox', { name: 'acme-0001', exact: true }).waitFor({ timeout: 20_000 });
  await region.getByRole('checkbox', { name: 'acme-0001', exact: true }).click();
  await region.getByRole('checkbox', { name: `acme-${String(n).padStart(4, '0')}`, exact: true }).click({ modifiers: ['Shift'] });
  await expect.poll(() => region.getByTestId('ks-selected').textContent()).toMatch(new RegExp(`^${n} of`));
  await region.getByRole('textbox', { name: 'Description' }).fill(`{app_id} ${marker}`);
  return region;
}

async function waitForJob(page: Page, timeout = 120_000) {
  const status = page.getByTestId('ks-job-status');
  await expect.poll(() => status.textContent(), { timeout, interval: 500 }).toMatch(/^(Finished|Cancelled|Interrupted)/);
  return (await status.textContent()) ?? '';
}

/**
 * Stops the extension's service worker for real (Playwright never does): through the DevTools
 * protocol of an extension page, whose origin owns the worker's registration. Resolves once it has
 * stopped and a new one is running again (woken by the dialog's progress requests).
 */
async function stopServiceWorker(world: World) {
  const page = await world.browser.context.newPage();
  await page.goto(world.browser.url('src/pages/popup/index.html'));
  const cdp = await world.browser.context.newCDPSession(page);
  const seen: string[] = [];
  let versionId = '';
  cdp.on('ServiceWorker.workerVersionUpdated', (e) => {
    for (const v of e.versions) {
      if (v.scriptURL.includes(world.browser.extensionId)) {
        versionId = v.versionId;
        seen.push(v.runningStatus);
      }
    }
  });
  await cdp.send('ServiceWorker.enable');
  await expect.poll(() => versionId).not.toBe('');
  await cdp.send('ServiceWorker.stopWorker', { versionId });
  await expect.poll(() => seen.includes('stopped')).toBe(true);
  await expect.poll(() => seen.lastIndexOf('running') > seen.indexOf('stopped'), { timeout: 20_000 }).toBe(true);
  await page.close();
}

describe('bulk creation', () => {
  it('a PAT without Keys:Add fails the job up front with a clear message', async () => {
    await savePat(w, SANDBOX_PAT_READONLY);
    const page = await openCreateDialog(w, 'today');
    const region = await pickOrgApps(page, 3, 'readonly-job');
    await region.getByRole('button', { name: /^Create 3 keys/ }).click();
    await expect.poll(() => region.getByRole('alert').allTextContents()).toContainEqual(expect.stringContaining('lacks Keys:Add'));
    expect(jobKeys('readonly-job')).toHaveLength(0);
    await page.close();
  });

  it('200 apps with faults and throttling: exactly one key per app, and the CSV equals the records', async () => {
    await savePat(w, SANDBOX_PAT);
    w.sb.sandbox.setFaults({ errorRate: 0.05, throttleRate: 0.05, dropAfterCommitRate: 0.03, seed: 7 });
    const marker = `bulk-${Date.now()}`;
    const page = await openCreateDialog(w, 'today');
    const region = await pickOrgApps(page, 200, marker);
    await region.getByRole('button', { name: /^Create 200 keys/ }).click();
    expect(await waitForJob(page)).toMatch(/^Finished: 200 created, 0 failed/);
    w.sb.sandbox.setFaults({ errorRate: 0, throttleRate: 0, dropAfterCommitRate: 0 });

    const keys = jobKeys(marker);
    const perApp = new Map<string, number>();
    for (const k of keys) perApp.set(k.apps[0]!.id, (perApp.get(k.apps[0]!.id) ?? 0) + 1);
    expect(perApp.size).toBe(200);
    const predict = BUILTIN_PRESETS.find((p) => p.name === 'Predict only')!.scopes;
    expect(keys.every((k) => [...k.scopes].sort().join() === [...predict].sort().join())).toBe(true);
    expect([...perApp.values()].every((n) => n === 1)).toBe(true);
    // The faults really happened: throttles, errors, and keys committed behind dropped connections.
    const log = w.sb.sandbox.log;
    expect(w.sb.sandbox.throttledCount()).toBeGreaterThan(0);
    expect(log.filter((e) => e.fault === 'error').length).toBeGreaterThan(0);
    expect(log.filter((e) => e.fault === 'drop' && e.rpc === 'PostKeys').length).toBeGreaterThan(0);

    // Results page: export CSV and compare it to the sandbox's records.
    const [results] = await Promise.all([w.browser.context.waitForEvent('page'), region.getByRole('button', { name: 'Open results' }).click()]);
    await results.getByTestId('results-summary').filter({ hasText: '200 created' }).waitFor();
    const [download] = await Promise.all([results.waitForEvent('download'), results.getByRole('button', { name: 'Export CSV' }).click()]);
    const csv = await (await download.createReadStream()).toArray();
    const rows = Papa.parse<Record<string, string>>(Buffer.concat(csv).toString('utf8'), { header: true, skipEmptyLines: true }).data;
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

  it('a service worker stopped mid-job resumes and creates no duplicates', async () => {
    await savePat(w, SANDBOX_PAT);
    w.sb.sandbox.setFaults({ latencyMs: 60 });
    const marker = `resume-${Date.now()}`;
    const page = await openCreateDialog(w, 'today');
    const region = await pickOrgApps(page, 90, marker);
    await region.getByRole('button', { name: /^Create 90 keys/ }).click();
    await expect.poll(() => jobKeys(marker).length, { timeout: 30_000, interval: 100 }).toBeGreaterThan(20);
    await stopServiceWorker(w);
    const stoppedAt = jobKeys(marker).length;
    expect(stoppedAt).toBeLessThan(90);
    expect(await waitForJob(page)).toMatch(/^Finished: 90 created, 0 failed/);
    w.sb.sandbox.setFaults({ latencyMs: 0 });
    const perApp = new Map<string, number>();
    for (const k of jobKeys(marker)) perApp.set(k.apps[0]!.id, (perApp.get(k.apps[0]!.id) ?? 0) + 1);
    expect(perApp.size).toBe(90);
    expect([...perApp.values()].every((n) => n === 1)).toBe(true);
    await page.close();
  });

  it('works from Keysmith’s own page too, reports refusals per app with Clarifai’s message, and retries only the failed', async () => {
    await savePat(w, SANDBOX_PAT);
    w.sb.sandbox.setSwitches({ orgKeysAllowed: false });
    const marker = `page-${Date.now()}`;
    const page = await w.browser.context.newPage();
    await page.goto(w.browser.url('src/pages/results/index.html'));
    await page.getByRole('combobox', { name: 'Scope preset' }).selectOption({ label: 'Read only' });
    await page.getByRole('textbox', { name: 'Organization id' }).fill(ORG_ID);
    await page.getByRole('button', { name: 'Add organization' }).click();
    await page.getByRole('searchbox', { name: 'Filter apps' }).fill('app-00');
    await page.getByRole('checkbox', { name: 'app-001', exact: true }).click();
    await page.getByRole('checkbox', { name: 'app-003', exact: true }).click({ modifiers: ['Shift'] });
    await page.getByRole('searchbox', { name: 'Filter apps' }).fill('acme-0007');
    await page.getByRole('checkbox', { name: 'acme-0007', exact: true }).click();
    await page.getByRole('textbox', { name: 'Description' }).fill(`{owner}/{app_id} ${marker}`);
    await page.getByRole('button', { name: 'Create 4 keys' }).click();
    expect(await waitForJob(page)).toMatch(/^Finished: 3 created, 1 failed/);

    const [results] = await Promise.all([w.browser.context.waitForEvent('page'), page.getByRole('button', { name: 'Open results' }).click()]);
    await results.getByTestId('results-summary').filter({ hasText: '3 created, 1 failed' }).waitFor();
    const failedRow = results.getByRole('row').filter({ hasText: 'acme-0007' });
    expect(await failedRow.textContent()).toMatch(/failed: .*Clarifai/);
    w.sb.sandbox.setSwitches({ orgKeysAllowed: true });
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
    const twin = { ...k, id: 'd'.repeat(32), createdAt: w.sb.sandbox.now() };
    w.sb.sandbox.addKey(twin, 'e2e');
    await results.getByRole('button', { name: 'Check for duplicates' }).click();
    const dups = results.getByRole('region', { name: 'Duplicates' });
    await expect.poll(() => dups.textContent(), { timeout: 20_000 }).toContain('1 app got a second key');
    expect(await dups.textContent()).toContain('demo-user/app-002');
    await dups.getByRole('button', { name: 'Delete duplicates' }).click();
    await expect.poll(() => w.sb.sandbox.keys.has(twin.id)).toBe(false);
    expect(w.sb.sandbox.keys.has(k.id)).toBe(true); // the key the job recorded stays
    await results.close();
    await page.close();
  });

  it('pauses, resumes and cancels', async () => {
    await savePat(w, SANDBOX_PAT);
    w.sb.sandbox.setFaults({ latencyMs: 50 });
    const marker = `pause-${Date.now()}`;
    const page = await openCreateDialog(w, 'today');
    const region = await pickOrgApps(page, 80, marker);
    await region.getByRole('button', { name: /^Create 80 keys/ }).click();
    await expect.poll(() => jobKeys(marker).length, { timeout: 20_000, interval: 50 }).toBeGreaterThan(5);
    await region.getByRole('button', { name: 'Pause' }).click();
    await region.getByTestId('ks-job-status').filter({ hasText: /^Paused/ }).waitFor();
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
    w.sb.sandbox.setFaults({ latencyMs: 0 });
    await page.close();
  });
});
