/**
 * The key inventory, end to end in both browsers: the worker reads every key the token can see
 * (the sandbox's seeded keys, one of them All, one expired), the page flags each with its reason,
 * filters by a flag, reveals one id at a time, and exports an audit that holds no key id.
 */
import { expect } from 'vitest';
import { DEMO_USER_ID, ORG_ID, PARTNER_USER_ID, SANDBOX_PAT, type KeyRec } from '../../sandbox/state.ts';
import { addOrganization, inBothBrowsers, RESULTS_PAGE, savePat, type Driver, type DriverPage as Page } from './driver/index.ts';

const INVENTORY_PAGE = 'src/pages/inventory/index.html';

inBothBrowsers('the key inventory', ({ d, it }) => {
  const row = (page: Page, description: string) => page.getByTestId('inventory-row').filter({ hasText: description });
  const flagsOf = async (page: Page, description: string) =>
    (await row(page, description).getByTestId('inventory-flags').locator('li').allTextContents()).map((t) => t.split(':')[0]!.trim());

  it('lists every key with its audit flags, filters by text and by a flag, and exports no key id', async () => {
    await savePat(d(), SANDBOX_PAT);
    const page = await d().open(d().extensionUrl(INVENTORY_PAGE));
    await page.getByRole('heading', { name: 'Keys', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Refresh keys' }).click();
    await expect.poll(() => page.getByTestId('inventory-status').textContent(), { timeout: 30_000 }).toMatch(/apps? read, \d+ keys \(as of /);

    // The seeded keys of demo-user's apps, each with what is wrong with it.
    expect(await flagsOf(page, 'CI pipeline')).toEqual(expect.arrayContaining(['all', 'mints', 'never-expires']));
    expect(await flagsOf(page, 'Old demo (expired)')).toContain('expired');
    expect(await flagsOf(page, 'Production predict')).toContain('never-expires');
    expect(await flagsOf(page, 'Production predict')).not.toContain('all');

    // The summary's "all" shows only the keys that hold All.
    await page.getByTestId('inventory-summary').locator('li[data-flag="all"]').getByRole('button').click();
    await expect.poll(() => page.getByTestId('inventory-row').filter({ hasText: 'Production predict' }).count()).toBe(0);
    const shown = await page.getByTestId('inventory-row').count();
    expect(shown).toBeGreaterThan(0);
    expect(
      await page
        .getByTestId('inventory-row')
        .filter({ has: page.locator('li[data-flag="all"]') })
        .count(),
    ).toBe(shown);
    await page.getByTestId('inventory-summary').locator('li[data-flag="all"]').getByRole('button').click();

    // The filter finds keys by their words.
    await page.getByRole('searchbox', { name: 'Filter keys' }).fill('Mobile');
    await expect.poll(() => page.getByTestId('inventory-row').count()).toBe(1);
    expect(await page.getByTestId('inventory-row').allTextContents()).toEqual([expect.stringContaining('Mobile client')]);
    await page.getByRole('searchbox', { name: 'Filter keys' }).fill('');
    await expect.poll(() => page.getByTestId('inventory-row').filter({ hasText: 'CI pipeline' }).count()).toBe(1);

    // One id at a time, and it is the key the sandbox holds.
    const ci = row(page, 'CI pipeline');
    await ci.getByRole('button', { name: /^Reveal key/ }).click();
    const revealed = (await ci.locator('code').textContent())!.trim();
    const seeded = [...d().sb.sandbox.keys.values()].find((k) => k.description === 'CI pipeline')!;
    expect(revealed).toBe(seeded.id);

    // The audit export carries no key id, not even the one on screen.
    const csv = await d().download(page, () => page.getByRole('button', { name: 'Export inventory', exact: true }).click());
    expect(csv.text).toContain('CI pipeline');
    for (const k of d().sb.sandbox.keys.values()) expect(csv.text).not.toContain(k.id);
    await page.close();
  });

  it('reads a few hundred keys across own apps, an organization’s and apps shared with the person', async () => {
    const sb = d().sb.sandbox;
    sb.setSwitches({ collaboratorAppKeysListed: true }); // partner-user's shared apps list their keys to a collaborator with All or Keys:Get
    const org = 'inventory-org';
    sb.users.set(org, { ...sb.users.get(ORG_ID)!, id: org, companyName: 'Inventory Org', members: [DEMO_USER_ID] });
    const template = sb.appsOf(ORG_ID)[0]!;
    for (let i = 1; i <= 5; i++) sb.apps.set(`${org}/inv-${i}`, { ...template, id: `inv-${i}`, userId: org, name: `Inventory ${i}`, starredBy: new Set() });
    const own = sb.appsOf(DEMO_USER_ID).map((a) => a.id);
    seed(d(), 'sized-own', DEMO_USER_ID, own, 200);
    seed(d(), 'sized-org', org, ['inv-1', 'inv-2', 'inv-3', 'inv-4', 'inv-5'], 100);
    seed(d(), 'sized-shared', PARTNER_USER_ID, ['pp-retail-audit'], 20); // shared with All

    // The organization is added where a person adds one: the app picker.
    const jobs = await d().open(d().extensionUrl(RESULTS_PAGE));
    await jobs.getByRole('combobox', { name: 'Scope preset' }).selectOption({ label: 'Predict only' });
    await addOrganization(jobs, org);
    await jobs.getByRole('checkbox', { name: 'inv-5', exact: true }).waitFor({ timeout: 20_000 });
    await jobs.close();

    const page = await d().open(d().extensionUrl(INVENTORY_PAGE));
    await page.getByRole('button', { name: 'Refresh keys' }).click();
    await expect.poll(() => page.getByTestId('inventory-status').textContent(), { timeout: 60_000 }).toMatch(/\(as of /);
    for (const [marker, n] of [
      ['sized-own', 200],
      ['sized-org', 100],
      ['sized-shared', 20],
    ] as const) {
      await page.getByRole('searchbox', { name: 'Filter keys' }).fill(marker);
      await expect.poll(() => page.getByTestId('inventory-shown').textContent()).toMatch(new RegExp(`^${n} of `));
    }
    // The owner filter narrows to one owner's keys.
    await page.getByRole('searchbox', { name: 'Filter keys' }).fill('sized');
    await page.getByLabel('Owner').selectOption(org);
    await expect.poll(() => page.getByTestId('inventory-shown').textContent()).toMatch(/^100 of /);
    sb.setSwitches({ collaboratorAppKeysListed: false });
    await page.close();
  });
});

/** `n` keys described `<marker> <i>`, spread over `apps` of `owner`. */
function seed(d: Driver, marker: string, owner: string, apps: string[], n: number): void {
  const sb = d.sb.sandbox;
  for (let i = 0; i < n; i++) {
    const key: KeyRec = {
      id: sb.newKeyId(),
      type: 'app_specific_key',
      ownerId: owner,
      description: `${marker} ${i + 1}`,
      scopes: i % 2 ? ['Predict'] : ['Inputs:Get', 'Models:Get'],
      endpoints: [],
      apps: [{ id: apps[i % apps.length]!, userId: owner }],
      createdAt: sb.now() - 86_400_000_000,
    };
    sb.addKey(key, 'seed');
  }
}
