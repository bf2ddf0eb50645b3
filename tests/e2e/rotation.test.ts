/**
 * Key rotation end to end in both browsers: 50 keys ticked in the inventory are rotated, the
 * background is stopped in the middle of the replacements (requests on their way), a new one
 * resumes, and the sandbox then holds exactly one replacement per old key, with its scopes and
 * endpoint-level scopes, and every old key still there; only after "Delete 50 old keys" on the
 * results page are the 50 old keys deleted, and the replacements kept.
 */
import { expect } from 'vitest';
import { DEMO_USER_ID, SANDBOX_PAT, type KeyRec } from '../../sandbox/state.ts';
import type { Driver } from './driver/index.ts';
import { inBothBrowsers, savePat } from './driver/index.ts';

const INVENTORY_PAGE = 'src/pages/inventory/index.html';
const N = 50;
const SHAPES: [string[], string[]][] = [
  [['Predict'], []],
  [['Inputs:Get', 'Models:Get'], []],
  [['Apps:Get'], ['/clarifai.api.V2/PostModelOutputs']],
];

function seedOldKeys(d: Driver, marker: string): KeyRec[] {
  const sb = d.sb.sandbox;
  const apps = sb.appsOf(DEMO_USER_ID);
  return Array.from({ length: N }, (_, i) => {
    const [scopes, endpoints] = SHAPES[i % SHAPES.length]!;
    const key: KeyRec = {
      id: sb.newKeyId(),
      type: 'app_specific_key',
      ownerId: DEMO_USER_ID,
      description: `${marker} ${i + 1}`,
      scopes: [...scopes],
      endpoints: [...endpoints],
      apps: [{ id: apps[i % apps.length]!.id, userId: DEMO_USER_ID }],
      createdAt: sb.now() - 86_400_000_000,
    };
    sb.addKey(key, 'seed');
    return key;
  });
}

inBothBrowsers('key rotation', ({ d, it }) => {
  it(
    'rotates 50 keys across a stopped background, one replacement each, and deletes the old ones only after the confirmation',
    async () => {
      await savePat(d(), SANDBOX_PAT);
      const marker = `rotate-${Date.now()}`;
      const old = seedOldKeys(d(), marker);
      const oldIds = new Set(old.map((k) => k.id));
      const replacements = () => [...d().sb.sandbox.keys.values()].filter((k) => k.description.startsWith(`${marker} `) && !oldIds.has(k.id));

      const inventory = await d().open(d().extensionUrl(INVENTORY_PAGE));
      await inventory.getByRole('button', { name: 'Refresh keys' }).click();
      await expect.poll(() => inventory.getByTestId('inventory-status').textContent(), { timeout: 30_000 }).toMatch(/\(as of /);
      await inventory.getByRole('searchbox', { name: 'Filter keys' }).fill(marker);
      await expect.poll(() => inventory.getByTestId('inventory-row').count()).toBe(N);
      await inventory.getByRole('checkbox', { name: 'Select every key shown' }).click();
      await inventory.getByRole('button', { name: 'Rotate selected' }).click();

      d().sb.sandbox.setFaults({ latencyMs: 60 });
      const results = await d().tabOpenedBy(() => inventory.getByRole('button', { name: `Rotate ${N} keys` }).click(), /results\/index\.html#/);
      await expect.poll(() => replacements().length, { timeout: 30_000, interval: 50 }).toBeGreaterThan(5);
      // Stopped mid-request: the creations on their way wait until the background is gone.
      const release = d().sb.sandbox.holdKeys();
      await expect.poll(() => d().sb.sandbox.keysHeld, { timeout: 20_000, interval: 20 }).toBeGreaterThan(0);
      await d().stopBackground();
      release();
      expect(replacements().length).toBeLessThan(N);
      // The results page's next request wakes a new background, which resumes the job.
      await expect
        .poll(
          () =>
            results
              .getByTestId('rotation')
              .getByRole('button', { name: `Delete ${N} old keys` })
              .isEnabled(),
          { timeout: 90_000 },
        )
        .toBe(true);
      d().sb.sandbox.setFaults({ latencyMs: 0 });

      // One replacement per old key, with its fields; every old key still there.
      const made = replacements();
      expect(made).toHaveLength(N);
      for (const k of old) {
        const mine = made.filter((r) => r.description === k.description);
        expect(mine).toHaveLength(1);
        expect(new Set(mine[0]!.scopes)).toEqual(new Set(k.scopes));
        expect(new Set(mine[0]!.endpoints)).toEqual(new Set(k.endpoints));
        expect(mine[0]!.apps).toEqual(k.apps);
        expect(d().sb.sandbox.keys.has(k.id)).toBe(true);
      }
      expect(d().sb.sandbox.keyEvents.filter((e) => e.kind === 'deleted' && oldIds.has(e.keyId))).toHaveLength(0);

      await results
        .getByTestId('rotation')
        .getByRole('button', { name: `Delete ${N} old keys` })
        .click();
      await expect.poll(() => results.getByText('Old key deleted.').count(), { timeout: 60_000 }).toBe(N);
      for (const k of old) expect(d().sb.sandbox.keys.has(k.id)).toBe(false);
      for (const k of made) expect(d().sb.sandbox.keys.has(k.id)).toBe(true);
      expect(d().sb.sandbox.keyEvents.filter((e) => e.kind === 'deleted' && oldIds.has(e.keyId))).toHaveLength(N);
      await results.close();
      await inventory.close();
    },
    { timeout: 240_000 },
  );
});
