/**
 * Bulk changes from the key inventory, end to end in both browsers: 20 keys get a preset's scopes
 * (PatchKeys overwrite, one request per key that differs, and the sandbox holds exactly the new
 * scopes), 12 keys are deleted after the typed confirmation (no DeleteKey before it), and the
 * portal's panel opens the inventory.
 */
import { expect } from 'vitest';
import { BUILTIN_PRESETS } from '../../src/pure/presets/builtins.ts';
import { DEMO_USER_ID, SANDBOX_PAT } from '../../sandbox/state.ts';
import type { Driver } from './driver/index.ts';
import { inBothBrowsers, openCreateDialog, savePat, type DriverPage as Page } from './driver/index.ts';

const INVENTORY_PAGE = 'src/pages/inventory/index.html';
const PREDICT = BUILTIN_PRESETS.find((p) => p.name === 'Predict only')!;

/** `n` keys of demo-user's apps, described `<marker> <i>`, holding All. */
function seedKeys(d: Driver, marker: string, n: number): string[] {
  const sb = d.sb.sandbox;
  const apps = sb.appsOf(DEMO_USER_ID);
  return Array.from({ length: n }, (_, i) => {
    const id = sb.newKeyId();
    const app = apps[i % apps.length]!;
    sb.addKey(
      {
        id,
        type: 'app_specific_key',
        ownerId: DEMO_USER_ID,
        description: `${marker} ${i + 1}`,
        scopes: ['All'],
        endpoints: [],
        apps: [{ id: app.id, userId: DEMO_USER_ID }],
        createdAt: sb.now(),
      },
      'seed',
    );
    return id;
  });
}

async function readKeys(d: Driver): Promise<Page> {
  const page = await d.open(d.extensionUrl(INVENTORY_PAGE));
  await page.getByRole('heading', { name: 'Keys', exact: true }).waitFor();
  await page.getByRole('button', { name: 'Refresh keys' }).click();
  await expect.poll(() => page.getByTestId('inventory-status').textContent(), { timeout: 30_000 }).toMatch(/apps? read, \d+ keys \(as of /);
  return page;
}

async function selectShown(page: Page, filter: string, count: number) {
  await page.getByRole('searchbox', { name: 'Filter keys' }).fill(filter);
  await expect.poll(() => page.getByTestId('inventory-row').count()).toBe(count);
  await page.getByRole('checkbox', { name: 'Select every key shown' }).click();
  await expect.poll(() => page.getByTestId('inventory-shown').textContent()).toContain(`${count} selected`);
}

inBothBrowsers('bulk changes from the key inventory', ({ d, it }) => {
  const calls = (rpc: string, from: number) =>
    d()
      .sb.sandbox.log.slice(from)
      .filter((e) => e.rpc === rpc && e.status === 200).length;

  it('changes the scopes of 20 keys to a preset, one PatchKeys each, after a preview', async () => {
    await savePat(d(), SANDBOX_PAT);
    const ids = seedKeys(d(), 'scopechange', 20);
    const page = await readKeys(d());
    await selectShown(page, 'scopechange', 20);
    await page.getByRole('button', { name: 'Change scopes', exact: true }).click();
    await page.getByLabel('New scopes').selectOption({ label: 'Predict only' });
    await expect.poll(() => page.getByTestId('scope-preview').locator('tbody tr').count()).toBe(20);
    const from = d().sb.sandbox.log.length;
    await page.getByRole('button', { name: 'Change scopes of 20 keys' }).click();
    await expect
      .poll(() => page.getByTestId('key-change-status').textContent(), { timeout: 30_000 })
      .toBe('Changing scopes to Predict only: 20 of 20 done. Finished.');
    expect(calls('PatchKeys', from)).toBe(20);
    for (const id of ids) expect([...d().sb.sandbox.keys.get(id)!.scopes].sort()).toEqual([...PREDICT.scopes].sort());
    // The table follows: the keys now read as the preset.
    await expect.poll(() => page.getByTestId('inventory-row').filter({ hasText: 'Predict only' }).count()).toBe(20);
    await page.close();
  });

  it('deletes 12 keys only after the person types 12, and leaves the others', async () => {
    const ids = seedKeys(d(), 'deleteme', 12);
    const kept = seedKeys(d(), 'keepme', 2);
    const page = await readKeys(d());
    await selectShown(page, 'deleteme', 12);
    const from = d().sb.sandbox.log.length;
    await page.getByRole('button', { name: 'Delete selected' }).click();
    await page.getByRole('heading', { name: 'Delete 12 keys of' }).waitFor();
    expect(await page.getByRole('button', { name: 'Delete 12 keys' }).isDisabled()).toBe(true);
    await page.getByLabel('Type 12 to confirm').fill('12');
    expect(calls('DeleteKey', from)).toBe(0);
    await page.getByRole('button', { name: 'Delete 12 keys' }).click();
    await expect.poll(() => page.getByTestId('key-change-status').textContent(), { timeout: 30_000 }).toBe('Deleting keys: 12 of 12 done. Finished.');
    expect(calls('DeleteKey', from)).toBe(12);
    for (const id of ids) expect(d().sb.sandbox.keys.has(id)).toBe(false);
    for (const id of kept) expect(d().sb.sandbox.keys.has(id)).toBe(true);
    await expect.poll(() => page.getByTestId('inventory-row').count()).toBe(0); // the filter still says deleteme
    await page.close();
  });

  it('the portal’s panel opens the inventory', async () => {
    const page = await openCreateDialog(d(), 'today');
    const region = page.getByRole('region', { name: 'Keysmith' });
    await region.getByTestId('ks-user').waitFor();
    const inventory = await d().tabOpenedBy(() => region.getByRole('button', { name: 'Key inventory' }).click(), /inventory\/index\.html/);
    await inventory.getByRole('heading', { name: 'Keys', exact: true }).waitFor();
    await inventory.close();
    await page.close();
  });
});
