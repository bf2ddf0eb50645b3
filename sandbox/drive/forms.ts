/**
 * Keysmith's own forms as the scenarios fill them: the token form and the bulk form's app picker.
 * No test runner here, so scripts (start, bench) share them; Playwright's pages and locators fit the
 * driver's Finder.
 */
import type { Finder } from './types.ts';

/** Types a PAT into the options page's token form and saves it; returns the status line (success or the error). */
export async function submitToken(page: Finder, pat: string): Promise<string> {
  await page.getByLabel('Personal Access Token').fill(pat);
  await page.getByRole('button', { name: 'Save token' }).click();
  const status = page.getByTestId('token-message');
  // Any final word: saved, refused, or Clarifai's own (throttled, unavailable), so a failure reads as itself.
  await status.filter({ hasText: /Saved|not accept|lacks|Could not|refused|try again|unavailable/i }).waitFor({ timeout: 20_000 });
  return (await status.textContent()) ?? '';
}

/**
 * Waits until the app picker has every app. A range shift-clicked while an organization's pages are
 * still arriving covers only the apps already shown, so ranges are picked after this.
 */
export async function allAppsLoaded(scope: Finder): Promise<void> {
  await scope.getByTestId('ks-loading').waitFor({ state: 'detached', timeout: 60_000 });
}

/** Adds an organization's apps to the picker (the form under the list). */
export async function addOrganization(scope: Finder, id: string): Promise<void> {
  await scope.getByRole('textbox', { name: 'Organization id' }).fill(id);
  await scope.getByRole('button', { name: 'Add organization' }).click();
}

/**
 * Filters the picker, waits for every app, clicks `from` and shift-clicks `to`; resolves once the
 * picker says `selected` apps are selected.
 */
export async function pickRange(scope: Finder, o: { filter: string; from: string; to: string; selected: number; timeout?: number }): Promise<void> {
  await scope.getByRole('searchbox', { name: 'Filter apps' }).fill(o.filter);
  await scope.getByRole('checkbox', { name: o.from, exact: true }).waitFor({ timeout: o.timeout ?? 20_000 });
  await allAppsLoaded(scope);
  await scope.getByRole('checkbox', { name: o.from, exact: true }).click();
  await scope.getByRole('checkbox', { name: o.to, exact: true }).click({ modifiers: ['Shift'] });
  await scope
    .getByTestId('ks-selected')
    .filter({ hasText: new RegExp(`^${o.selected} of`) })
    .waitFor({ timeout: 20_000 });
}
