/**
 * The welcome page opens once, when Keysmith is first installed: not on an update, a browser
 * update, or a temporary install (Firefox's about:debugging, where a developer loads the build again
 * and again; it is installed anew at every start).
 */
import browser from 'webextension-polyfill';
import { WELCOME_PAGE } from '../pure/links.ts';

export function onInstalled(details: { reason: string; temporary?: boolean }): Promise<unknown> | undefined {
  if (details.reason !== 'install' || details.temporary) return undefined;
  return browser.tabs.create({ url: browser.runtime.getURL(WELCOME_PAGE) }).catch(() => {});
}
