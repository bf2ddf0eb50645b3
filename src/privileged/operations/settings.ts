/**
 * The settings and the options page. Each setting has its own operation and its own owner: the API
 * address is ../settings.ts's, the lock's time the vault's (bounds and default: src/pure/settings.ts).
 */
import browser from 'webextension-polyfill';
import { DEFAULT_BASE_URL, normalizeBaseUrl } from '../../pure/clarifai/client.ts';
import { INVENTORY_PAGE, leastPrivilegeFragment, OPTIONS_PAGE } from '../../pure/links.ts';
import { forgetForAddressChange } from '../api.ts';
import { OperationError } from '../errors.ts';
import { t } from '../../i18n/i18n.ts';
import * as inventory from '../inventory.ts';
import * as keyChanges from '../key-changes.ts';
import * as batching from '../batching.ts';
import * as settings from '../settings.ts';
import * as vault from '../vault.ts';
import { mayBringForward, type Handlers } from './context.ts';

export const settingsOperations = {
  getSettings: async () => ({
    apiBaseUrl: await settings.apiAddress(),
    lockAfterMinutes: await vault.idleMinutes(),
    clipboardClearSeconds: await settings.clipboardClearSeconds(),
  }),
  getBatching: () => batching.view(),
  setBatching: (req) => batching.set(req.enabled, req.cap),
  forgetBatching: () => batching.forget(),
  setClipboardClear: async (req) => ({ clipboardClearSeconds: await settings.setClipboardClearSeconds(req.seconds) }),
  async setApiAddress(req) {
    // Another API host works only once the user granted it (asked for by the options page's click).
    let origin: string;
    try {
      origin = new URL(normalizeBaseUrl(req.apiBaseUrl || DEFAULT_BASE_URL)).origin;
    } catch (e) {
      throw new OperationError('invalid', e instanceof Error ? e.message : t('errApiAddressInvalid'));
    }
    if (origin !== new URL(DEFAULT_BASE_URL).origin && !(await browser.permissions.contains({ origins: [`${origin}/*`] }))) {
      throw new OperationError('refused', t('errNoHostPermission', origin));
    }
    // The token was verified against the old address: it is not sent to the new one.
    const before = await settings.apiAddress();
    const apiBaseUrl = await settings.setApiAddress(req.apiBaseUrl);
    if (apiBaseUrl !== before && ((await vault.current()) || (await vault.isRemembered()))) {
      await forgetForAddressChange();
      await inventory.forget();
      await keyChanges.forget();
      return { apiBaseUrl, tokenForgotten: true };
    }
    return { apiBaseUrl };
  },
  async setLockAfter(req) {
    await vault.setIdleMinutes(req.minutes);
    return { lockAfterMinutes: await vault.idleMinutes() };
  },
  async openOptions({ page, scopes }, ctx) {
    if (!mayBringForward(ctx)) return null;
    if (page === 'inventory') await browser.tabs.create({ url: browser.runtime.getURL(INVENTORY_PAGE) });
    // A tab of its own: the options page may be open already, and a fragment is how it hears the ticks.
    else if (page === 'least') await browser.tabs.create({ url: browser.runtime.getURL(OPTIONS_PAGE) + leastPrivilegeFragment(scopes ?? []) });
    else await browser.runtime.openOptionsPage();
    return null;
  },
} satisfies Partial<Handlers>;
