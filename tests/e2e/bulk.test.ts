/**
 * Bulk creation end to end, in both browsers: the production build against the sandbox with faults
 * on. A job asked for in the portal's dialog is only a proposal: it waits, with nothing sent, until
 * the person presses Start on the Keysmith page that opens (Discard makes nothing). Every app gets
 * exactly one key (checked in the sandbox's own records), the exported CSV equals those records, a
 * background stopped mid-job (or suspended while idle) resumes without duplicates, a PAT without
 * Keys:Add fails the job up front, and apps with hostile names, very long names and odd ids block
 * nothing: the job serves every app it can and names the rest.
 */
import Papa from 'papaparse';
import { BUILTIN_PRESETS } from '../../src/pure/presets/builtins.ts';
import { expect } from 'vitest';
import { DEMO_USER_ID, HOSTILE_APPS, HOSTILE_NAME, ORG_ID, SANDBOX_PAT, SANDBOX_PAT_READONLY } from '../../sandbox/state.ts';
import {
  addOrganization,
  inBothBrowsers,
  openCreateDialog,
  openOptions,
  pickRange,
  RESULTS_PAGE,
  savePat,
  type DriverPage,
  type Locator,
} from './driver/index.ts';

/** acme-0001…acme-0999: more than six batches of the largest size, so a job of them is still running after two rounds of batches on their way. */
const ALL_ACME_0 = 999;

inBothBrowsers('bulk creation', ({ d, it }) => {
  const jobKeys = (marker: string) => [...d().sb.sandbox.keys.values()].filter((k) => k.description.includes(marker));

  function expectOneKeyPerApp(marker: string, apps: number) {
    const perApp = new Map<string, number>();
    for (const k of jobKeys(marker)) perApp.set(k.apps[0]!.id, (perApp.get(k.apps[0]!.id) ?? 0) + 1);
    expect(perApp.size).toBe(apps);
    expect([...perApp.values()].every((n) => n === 1)).toBe(true);
  }

  /** Requests the extension sent to the API since `from` (the fake portal's own, by session, left out). */
  const extensionRequests = (from: number) =>
    d()
      .sb.sandbox.log.slice(from)
      .filter((e) => e.auth !== 'session');

  /**
   * Presses the panel's "Create N keys": the worker proposes the job and opens Keysmith's page on
   * it. Resolves with that page once it shows the plan (of `planned` keys), and the plan's region.
   */
  async function propose(region: Locator, n: number, planned = n) {
    const confirm = await d().tabOpenedBy(
      () => region.getByRole('button', { name: new RegExp(`^Create ${n} keys?$`) }).click(),
      /results\/index\.html#confirm=/,
    );
    const plan = confirm.getByRole('region', { name: 'Start this job from the portal?' });
    await expect.poll(() => plan.getByTestId('confirm-count').textContent(), { timeout: 20_000 }).toMatch(new RegExp(`^${planned} keys?,`));
    await expect
      .poll(() => region.getByTestId('ks-proposed').textContent(), { timeout: 15_000 })
      .toContain('The plan waits for your confirmation on the Keysmith page that has opened');
    return { confirm, plan };
  }

  /** Presses Start on Keysmith's page and waits until the panel shows the job's progress. */
  async function confirmStart(region: Locator, confirm: DriverPage, plan: Locator) {
    await plan.getByRole('button', { name: 'Start' }).click();
    await region.getByTestId('ks-job-status').waitFor({ timeout: 20_000 });
    await confirm.close();
  }

  /**
   * Opens today's create-key dialog, the bulk form with Predict only, adds the org, picks
   * acme-0001..acme-<n> and starts the job (proposed in the panel, started on Keysmith's page);
   * returns the page and the Keysmith region.
   */
  async function startOrgJob(n: number, marker: string) {
    const page = await openCreateDialog(d(), 'today');
    await page.getByRole('combobox', { name: 'Scope preset' }).selectOption({ label: 'Predict only' });
    await page.getByRole('button', { name: 'Create for several apps' }).click();
    const region = page.getByRole('region', { name: 'Keysmith' });
    await addOrganization(region, ORG_ID);
    if (n === ALL_ACME_0) {
      // More apps than the picker shows at once: all of acme-0001…acme-0999.
      await region.getByRole('searchbox', { name: 'Filter apps' }).fill('acme-0');
      await region.getByRole('checkbox', { name: 'acme-0001', exact: true }).waitFor({ timeout: 20_000 });
      await region.getByTestId('ks-loading').waitFor({ state: 'detached', timeout: 60_000 });
      await region.getByRole('checkbox', { name: 'Select all' }).click();
      await region
        .getByTestId('ks-selected')
        .filter({ hasText: /^999 of/ })
        .waitFor();
    } else await pickRange(region, { filter: 'acme-', from: 'acme-0001', to: `acme-${String(n).padStart(4, '0')}`, selected: n });
    await region.getByRole('textbox', { name: 'Description' }).fill(`{app_id} ${marker}`);
    const { confirm, plan } = await propose(region, n);
    await confirmStart(region, confirm, plan);
    return { page, region };
  }

  async function pause(region: Locator) {
    await region.getByRole('button', { name: 'Pause' }).click();
    await region
      .getByTestId('ks-job-status')
      .filter({ hasText: /^Paused/ })
      .waitFor();
  }

  /**
   * Starts an org job of `n` apps and pauses it mid-way, whatever the machine's speed: the
   * sandbox holds the key creations from the start, Pause is pressed once the first is on its
   * way, and the held ones (a concurrency's worth at most) then land. Nothing more may leave.
   */
  async function pausedMidway(n: number, marker: string) {
    const release = d().sb.sandbox.holdKeys();
    try {
      const { page, region } = await startOrgJob(n, marker);
      await expect.poll(() => d().sb.sandbox.keysHeld, { timeout: 20_000, interval: 50 }).toBeGreaterThan(0);
      await pause(region);
      return { page, region };
    } finally {
      release();
    }
  }

  async function waitForJob(page: DriverPage, timeout = 120_000) {
    const status = page.getByTestId('ks-job-status');
    await expect.poll(() => status.textContent(), { timeout, interval: 500 }).toMatch(/^(Finished|Cancelled|Interrupted)/);
    return (await status.textContent()) ?? '';
  }

  it('a PAT without Keys:Add fails the job up front with a clear message', async () => {
    await savePat(d(), SANDBOX_PAT_READONLY);
    const page = await openCreateDialog(d(), 'today');
    await page.getByRole('combobox', { name: 'Scope preset' }).selectOption({ label: 'Predict only' });
    await page.getByRole('button', { name: 'Create for several apps' }).click();
    const region = page.getByRole('region', { name: 'Keysmith' });
    await pickRange(region, { filter: 'app-00', from: 'app-001', to: 'app-003', selected: 3 });
    await region.getByRole('textbox', { name: 'Description' }).fill('{app_id} readonly-job');
    const { confirm, plan } = await propose(region, 3);
    await plan.getByRole('button', { name: 'Start' }).click();
    // Said on Keysmith's page and in the panel; the plan still waits (it can be started once the token can).
    await expect.poll(() => plan.getByRole('alert').allTextContents(), { timeout: 15_000 }).toContainEqual(expect.stringContaining('lacks Keys:Add'));
    // (The portal's tab is in the background now: its timers, and so the panel's polling, are slowed.)
    await expect.poll(() => region.getByRole('alert').allTextContents(), { timeout: 15_000 }).toContainEqual(expect.stringContaining('lacks Keys:Add'));
    expect(jobKeys('readonly-job')).toHaveLength(0);
    await confirm.close();
    await page.close();
  });

  it('a job asked for in the portal waits, with nothing sent, for Start on Keysmith’s page, which shows the true plan; Discard makes nothing', async () => {
    await savePat(d(), SANDBOX_PAT);
    const predict = BUILTIN_PRESETS.find((p) => p.name === 'Predict only')!.scopes;
    const marker = `confirm-${Date.now()}`;
    const page = await openCreateDialog(d(), 'today');
    await page.getByRole('combobox', { name: 'Scope preset' }).selectOption({ label: 'Predict only' });
    await page.getByRole('button', { name: 'Create for several apps' }).click();
    const region = page.getByRole('region', { name: 'Keysmith' });
    await pickRange(region, { filter: 'app-00', from: 'app-001', to: 'app-003', selected: 3 });
    await region.getByRole('textbox', { name: 'Description' }).fill(`{app_id} ${marker}`);
    const from = d().sb.sandbox.log.length;
    const { confirm, plan } = await propose(region, 3);
    const confirmUrl = confirm.url();

    // The plan as the worker holds it.
    expect(await plan.getByTestId('confirm-count').textContent()).toBe('3 keys, one for each app listed below');
    expect(await plan.getByTestId('confirm-owners').textContent()).toBe(`${DEMO_USER_ID} (3 apps)`);
    expect(await plan.getByTestId('confirm-preset').textContent()).toBe('Exactly the preset “Predict only” (built-in).');
    expect((await plan.getByTestId('confirm-scopes').locator('code').allTextContents()).sort()).toEqual([...predict].sort());
    expect(await plan.getByTestId('confirm-template').textContent()).toBe(`{app_id} ${marker}`);
    expect(await plan.getByTestId('confirm-examples').locator('li').allTextContents()).toEqual(['app-001', 'app-002', 'app-003'].map((a) => `${a} ${marker}`));
    expect(await plan.getByTestId('confirm-expiry').textContent()).toBe('The keys never expire.');
    const listed = (await plan.getByTestId('confirm-apps').locator('li').allTextContents()).map((t) => t.trim());
    expect(listed.map((t) => t.split(' ')[0])).toEqual(['app-001', 'app-002', 'app-003'].map((a) => `${DEMO_USER_ID}/${a}`));
    // Nothing was sent for it, and no key exists.
    expect(extensionRequests(from)).toEqual([]);
    expect(jobKeys(marker)).toHaveLength(0);

    // Start: exactly that plan runs, and the panel shows its progress.
    await plan.getByRole('button', { name: 'Start' }).click();
    await confirm.getByTestId('results-summary').filter({ hasText: '3 created, 0 failed, 0 left of 3' }).waitFor({ timeout: 20_000 });
    expect(await waitForJob(page)).toMatch(/^Finished: 3 created, 0 failed/);
    expectOneKeyPerApp(marker, 3);
    expect(jobKeys(marker).every((k) => [...k.scopes].sort().join() === [...predict].sort().join() && k.description === `${k.apps[0]!.id} ${marker}`)).toBe(
      true,
    );
    await confirm.close();
    // It is started once only: the same page again says so, and offers no Start.
    const again = await d().open(confirmUrl);
    await again.getByTestId('confirm-outcome').filter({ hasText: 'This plan was started already' }).waitFor();
    expect(await again.getByRole('button', { name: 'Start' }).count()).toBe(0);
    await again.close();
    await page.close();

    // Another plan, discarded: nothing is sent, nothing is made, and the panel says so.
    const discarded = `discard-${Date.now()}`;
    const page2 = await openCreateDialog(d(), 'today');
    await page2.getByRole('combobox', { name: 'Scope preset' }).selectOption({ label: 'Predict only' });
    await page2.getByRole('button', { name: 'Create for several apps' }).click();
    const region2 = page2.getByRole('region', { name: 'Keysmith' });
    await pickRange(region2, { filter: 'app-00', from: 'app-004', to: 'app-005', selected: 2 });
    await region2.getByRole('textbox', { name: 'Description' }).fill(`{app_id} ${discarded}`);
    const from2 = d().sb.sandbox.log.length;
    const second = await propose(region2, 2);
    await second.plan.getByRole('button', { name: 'Discard' }).click();
    await expect.poll(() => second.plan.getByTestId('confirm-message').textContent(), { timeout: 15_000 }).toBe('Discarded; nothing was created.');
    expect(await second.plan.getByRole('button', { name: 'Start' }).count()).toBe(0);
    // (The panel hears it at its next poll; its tab is in the background, where timers are slowed.)
    await expect.poll(() => region2.getByTestId('ks-proposed').textContent(), { timeout: 15_000 }).toContain('The plan was not started');
    expect(extensionRequests(from2)).toEqual([]);
    expect(jobKeys(discarded)).toHaveLength(0);
    await second.confirm.close();
    await page2.close();
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
    // Stopped mid-request, whatever the machine's speed and however many keys a request carries:
    // the job's first requests (one key each, or a batch) wait until the background is gone, then
    // make their keys with no one left to record them.
    const release = d().sb.sandbox.holdKeys();
    const { page } = await startOrgJob(ALL_ACME_0, marker);
    await expect.poll(() => d().sb.sandbox.keysHeld, { timeout: 20_000, interval: 20 }).toBeGreaterThan(0);
    await d().stopBackground();
    release();
    const stoppedAt = jobKeys(marker).length;
    expect(stoppedAt).toBeLessThan(ALL_ACME_0);
    // The dialog's next progress request (or the job's alarm) wakes a new background, which resumes.
    expect(await waitForJob(page)).toMatch(/^Finished: 999 created, 0 failed/);
    d().sb.sandbox.setFaults({ latencyMs: 0 });
    expectOneKeyPerApp(marker, ALL_ACME_0);
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
    expect(keys.map((k) => `${k.ownerId}/${k.apps[0]!.id}`).sort()).toEqual([
      `${ORG_ID}/acme-0007`,
      'demo-user/app-001',
      'demo-user/app-002',
      'demo-user/app-003',
    ]);
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
    // Large enough that the batches on their way at Pause and at Resume cannot finish it before Cancel.
    const { page, region } = await pausedMidway(ALL_ACME_0, marker);
    await page.waitForTimeout(500); // requests already sent may land
    const paused = jobKeys(marker).length;
    expect(paused).toBeGreaterThan(0);
    await page.waitForTimeout(1500);
    expect(jobKeys(marker).length).toBe(paused); // nothing is sent while paused
    // Cancelled while it certainly still runs: the requests that leave after Resume wait until Cancel is pressed.
    const release = d().sb.sandbox.holdKeys();
    try {
      await region.getByRole('button', { name: 'Resume' }).click();
      await expect.poll(() => d().sb.sandbox.keysHeld, { timeout: 20_000, interval: 20 }).toBeGreaterThan(0);
      await region.getByRole('button', { name: 'Cancel job' }).click();
    } finally {
      release();
    }
    const status = await waitForJob(page);
    expect(status).toMatch(/^Cancelled/);
    const created = jobKeys(marker).length;
    expect(created).toBeGreaterThan(paused); // Resume sent more
    expect(created).toBeLessThan(ALL_ACME_0);
    expect(status).toContain(`${created} created`);
    d().sb.sandbox.setFaults({ latencyMs: 0 });
    await page.close();
  });

  it('a paused job survives its background being suspended (in Firefox, for being idle) and resumes when a message wakes it', async () => {
    await savePat(d(), SANDBOX_PAT);
    d().sb.sandbox.setFaults({ latencyMs: 50 });
    const marker = `idle-${Date.now()}`;
    const { page, region } = await pausedMidway(ALL_ACME_0, marker); // more than the batches on their way at once
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
    await again.getByTestId('results-summary').filter({ hasText: '999 created, 0 failed, 0 left of 999 (done)' }).waitFor({ timeout: 60_000 });
    d().sb.sandbox.setFaults({ latencyMs: 0 });
    expectOneKeyPerApp(marker, ALL_ACME_0);
    await again.close();
  });
  it('apps with hostile names, very long names and odd ids block nothing: every app it can serve gets a key, and the rest are named with the reason', async () => {
    await savePat(d(), SANDBOX_PAT);
    const sb = d().sb.sandbox;
    // Apps as the API may return them (the sandbox's data, not Keysmith's): a 1,260-character name,
    // ids that are object keys, and ids that are no Clarifai app id. One word in each description
    // lets the picker find them all.
    const LONG_NAME = 'A very long app name '.repeat(60);
    const ODD = ['__proto__', 'has.dot', 'x'.repeat(40)];
    const SERVED_NEW = ['long-name', 'constructor', 'hasOwnProperty'];
    const like = sb.app(DEMO_USER_ID, 'app-002')!;
    const add = (id: string, name: string) =>
      sb.apps.set(`${DEMO_USER_ID}/${id}`, { ...like, id, name, description: 'odd-batch', starredBy: new Set(), counts: { ...like.counts } });
    add('long-name', LONG_NAME);
    add('constructor', 'Object-ish id');
    add('hasOwnProperty', 'Another object-ish id');
    for (const id of ODD) add(id, `Odd ${id.slice(0, 10)}`);
    const hostile = [HOSTILE_APPS.markupName, HOSTILE_APPS.rtlEmoji, HOSTILE_APPS.noName, HOSTILE_APPS.longDescription];
    const served = [...SERVED_NEW, ...hostile];

    const marker = `odd-${Date.now()}`;
    const page = await openCreateDialog(d(), 'today');
    const alerts: string[] = [];
    page.on('dialog', (dialog) => {
      alerts.push(dialog.message());
      void dialog.dismiss();
    });
    await page.getByRole('combobox', { name: 'Scope preset' }).selectOption({ label: 'Predict only' });
    await page.getByRole('button', { name: 'Create for several apps' }).click();
    const region = page.getByRole('region', { name: 'Keysmith' });
    await region.getByRole('searchbox', { name: 'Filter apps' }).fill('odd-batch');
    await region.getByRole('checkbox', { name: 'long-name', exact: true }).waitFor({ timeout: 20_000 });
    await region.getByRole('checkbox', { name: 'Select all' }).click();
    await region.getByTestId('ks-selected').filter({ hasText: /^6 of/ }).waitFor();
    for (const id of hostile) {
      await region.getByRole('searchbox', { name: 'Filter apps' }).fill(id);
      await region.getByRole('checkbox', { name: id, exact: true }).click();
    }
    const picked = SERVED_NEW.length + ODD.length + hostile.length;
    await region
      .getByTestId('ks-selected')
      .filter({ hasText: new RegExp(`^${picked} of`) })
      .waitFor();
    // The marker first: {app_name} may fill the rest of the 200 characters.
    await region.getByRole('textbox', { name: 'Description' }).fill(`${marker} {app_name}`);
    const { confirm, plan } = await propose(region, picked, served.length);

    // Keysmith's page names every app as text (the markup one too), and says which get no key, and why.
    const apps = (await plan.getByTestId('confirm-apps').textContent()) ?? '';
    expect(apps).toContain(HOSTILE_NAME);
    expect(apps).toContain(LONG_NAME.trim().slice(0, 200));
    for (const id of served) expect(apps).toContain(`${DEMO_USER_ID}/${id}`);
    const leftOut = plan.getByTestId('confirm-left-out');
    expect(await leftOut.textContent()).toContain(`${ODD.length} picked apps would get no key`);
    for (const id of ['__proto__', 'has.dot']) expect(await leftOut.textContent()).toContain(`${DEMO_USER_ID}/${id}: Its id is not a valid Clarifai app id`);
    expect(await confirm.evaluate(() => document.querySelectorAll('img[src="x"], script:not([src])').length)).toBe(0);

    await plan.getByRole('button', { name: 'Start' }).click();
    await confirm
      .getByTestId('results-summary')
      .filter({ hasText: `${served.length} created, 0 failed, 0 left of ${served.length} (done)` })
      .waitFor({ timeout: 30_000 });
    expect(await waitForJob(page)).toMatch(new RegExp(`^Finished: ${served.length} created, 0 failed`));
    expect(await region.getByTestId('ks-job-left-out').textContent()).toContain(`${ODD.length} picked apps got no key from this job`);
    // The results name the apps left out, with the reason in words (never a schema path).
    const named = (await confirm.getByTestId('left-out').textContent()) ?? '';
    for (const id of ['__proto__', 'has.dot', 'x'.repeat(40)]) expect(named).toContain(`${DEMO_USER_ID}/${id}: Its id is not a valid Clarifai app id`);
    expect(named).not.toMatch(/apps\.\d|Invalid length/);
    // One key for each app it could serve, none for the others; the long name fills the description.
    const perApp = sb.keysCreatedPerApp();
    for (const id of served) expect(perApp.get(`${DEMO_USER_ID}/${id}`), id).toBe(1);
    for (const id of ODD) expect(perApp.get(`${DEMO_USER_ID}/${id}`), id).toBeUndefined();
    const long = jobKeys(marker).find((k) => k.apps[0]!.id === 'long-name')!;
    expect(long.description).toHaveLength(200);
    expect(long.description.startsWith(`${marker} A very long app name`)).toBe(true);
    expect(alerts).toEqual([]);
    await confirm.close();
    await page.close();
  });
});
