/**
 * The PAT vault across a real browser restart: a token remembered with a passphrase is locked after
 * the restart, a wrong passphrase says so and destroys nothing, the right one unlocks it, and
 * "Forget token" wipes every copy.
 */
import { describe, expect } from 'vitest';
import { DEMO_USER_ID, SANDBOX_PAT } from '../../sandbox/state.ts';
import { inBothBrowsers, openOptions } from './driver/index.ts';

inBothBrowsers('the vault', ({ d, it }) => {
  describe('remember on this device', () => {
    it('survives a browser restart locked, and unlocks only with the passphrase', async () => {
      let page = await openOptions(d());
      await page.getByLabel('Personal Access Token').fill(SANDBOX_PAT);
      await page.getByRole('checkbox', { name: 'Remember on this device' }).check();
      await page.getByLabel('Passphrase').fill('correct horse battery');
      await page.getByRole('button', { name: 'Save token' }).click();
      await expect.poll(() => page.getByTestId('token-message').textContent(), { timeout: 20_000 }).toContain('remembered on this device');
      await d().restart();

      page = await openOptions(d());
      await expect.poll(() => page.getByTestId('token-status').textContent()).toContain('Keysmith is locked');
      await page.getByLabel('Passphrase').fill('wrong horse battery');
      await page.getByRole('button', { name: 'Unlock' }).click();
      await expect.poll(() => page.getByTestId('token-message').textContent(), { timeout: 20_000 }).toContain('That passphrase is wrong');
      await page.getByLabel('Passphrase').fill('correct horse battery');
      await page.getByRole('button', { name: 'Unlock' }).click();
      await expect
        .poll(() => page.getByTestId('token-message').textContent(), { timeout: 20_000 })
        .toContain(`Unlocked the token of Dana Demo (${DEMO_USER_ID})`);
      // The sealed copy on disk never holds the token in the clear (read from an extension page).
      const local = await page.evaluate(async () =>
        JSON.stringify(await (globalThis as unknown as { chrome: { storage: { local: { get(k: null): Promise<object> } } } }).chrome.storage.local.get(null)),
      );
      expect(local).not.toContain(SANDBOX_PAT);
      expect(local).toContain('PBKDF2-SHA256');

      await page.getByRole('button', { name: 'Forget token' }).click();
      await expect.poll(() => page.getByTestId('token-status').textContent()).toBe('No token is set.');
      await d().restart();
      page = await openOptions(d());
      await expect.poll(() => page.getByTestId('token-status').textContent()).toBe('No token is set.');
    });
  });
});
