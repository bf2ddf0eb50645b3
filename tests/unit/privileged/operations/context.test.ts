/**
 * A portal page's script can drive Keysmith's panel with synthetic events. It must not be able to
 * pull the person to the options page again and again: a portal tab brings it forward at most once
 * in 10 s. What the tab asked is still done (the preset waits there); Keysmith's own pages are not
 * limited.
 */
import { beforeEach, expect, it, vi } from 'vitest';
import browser, { resetBrowser } from '../../../fakes/browser.ts';
import { handlers } from '../../../../src/privileged/operations.ts';
import { BRING_FORWARD_EVERY_MS } from '../../../../src/privileged/operations/context.ts';

const portalTab = (tabId: number) => ({ caller: 'content' as const, tabId });
const page = { caller: 'page' as const };
const opened = () => browser._calls.filter((c) => c === 'openOptionsPage').length;

beforeEach(() => {
  resetBrowser();
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});

it('a portal tab brings the options page forward once in 10 s, however often it asks; another tab and Keysmith’s pages are not held back', async () => {
  const t0 = performance.now();
  const clock = vi.spyOn(performance, 'now').mockReturnValue(t0 + 1_000_000);
  for (let i = 0; i < 5; i++) await handlers.openOptions({ op: 'openOptions' }, portalTab(7));
  expect(opened()).toBe(1);
  // The panel hears that the page did not open, so it does not say it has.
  expect(await handlers.proposePreset({ op: 'proposePreset', name: 'Asked', description: '', scopes: ['Predict'] }, portalTab(7))).toEqual({
    pending: true,
    name: 'Asked',
    opened: false,
  });
  expect(opened()).toBe(1);
  expect((await handlers.getPendingPreset({ op: 'getPendingPreset' }, page))?.name).toBe('Asked'); // still waits there
  await handlers.openOptions({ op: 'openOptions' }, portalTab(8));
  expect(opened()).toBe(2);
  await handlers.openOptions({ op: 'openOptions' }, page);
  await handlers.openOptions({ op: 'openOptions' }, page);
  expect(opened()).toBe(4);
  clock.mockReturnValue(t0 + 1_000_000 + BRING_FORWARD_EVERY_MS);
  await handlers.openOptions({ op: 'openOptions' }, portalTab(7));
  expect(opened()).toBe(5);
});

it('the panel’s "Key inventory" opens the inventory page in a tab, held back as the options page is', async () => {
  const t0 = performance.now();
  vi.spyOn(performance, 'now').mockReturnValue(t0 + 2_000_000);
  for (let i = 0; i < 3; i++) await handlers.openOptions({ op: 'openOptions', page: 'inventory' }, portalTab(9));
  const tabs = browser._calls.filter((c) => c.startsWith('tabs.create'));
  expect(tabs).toHaveLength(1);
  expect(tabs[0]).toMatch(/src\/pages\/inventory\/index\.html$/);
  expect(opened()).toBe(0);
});

it('the panel’s "What can this key do?" opens the Least privilege section in a tab of its own, with the dialog’s ticks in its fragment', async () => {
  const t0 = performance.now();
  vi.spyOn(performance, 'now').mockReturnValue(t0 + 3_000_000);
  await handlers.openOptions({ op: 'openOptions', page: 'least', scopes: ['Predict', 'Inputs:Get'] }, portalTab(11));
  const tabs = browser._calls.filter((c) => c.startsWith('tabs.create'));
  expect(tabs).toHaveLength(1);
  expect(tabs[0]).toMatch(/src\/pages\/options\/index\.html#section=least&ticks=Predict%2CInputs%3AGet$/);
  expect(opened()).toBe(0);
});
