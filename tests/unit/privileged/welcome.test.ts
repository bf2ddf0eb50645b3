/** The welcome page opens when Keysmith is installed, and not on an update, a browser update or a temporary install. */
import { beforeEach, expect, it } from 'vitest';
import browser, { resetBrowser } from '../../fakes/browser.ts';
import { onInstalled } from '../../../src/privileged/welcome.ts';

beforeEach(() => resetBrowser());
const opened = () => browser._calls.filter((c) => c.startsWith('tabs.create'));

it('opens the welcome page on a first install only', async () => {
  await onInstalled({ reason: 'update' });
  await onInstalled({ reason: 'browser_update' });
  await onInstalled({ reason: 'install', temporary: true });
  expect(opened()).toEqual([]);
  await onInstalled({ reason: 'install' });
  expect(opened()).toHaveLength(1);
  expect(opened()[0]).toMatch(/src\/pages\/welcome\/index\.html$/);
});
