/**
 * The settings (the API address, the lock's time) and the options page.
 */
import browser from 'webextension-polyfill';
import { DEFAULT_BASE_URL, normalizeBaseUrl } from '../../pure/clarifai/client.ts';
import { forgetForAddressChange } from '../api.ts';
import { OperationError } from '../errors.ts';
import * as settings from '../settings.ts';
import * as vault from '../vault.ts';
import { mayBringForward, type Handlers } from './context.ts';

export const settingsOperations = {
  getSettings: async () => ({ ...(await settings.getSettings()), lockAfterMinutes: await vault.idleMinutes() }),
  async setSettings(req) {
    // Another API host works only once the user granted it (asked for by the options page's click).
    let origin: string;
    try {
      origin = new URL(normalizeBaseUrl(req.apiBaseUrl || DEFAULT_BASE_URL)).origin;
    } catch (e) {
      throw new OperationError('invalid', e instanceof Error ? e.message : 'The API address is not valid.');
    }
    if (origin !== new URL(DEFAULT_BASE_URL).origin && !(await browser.permissions.contains({ origins: [`${origin}/*`] }))) {
      throw new OperationError('refused', `Keysmith has no permission to reach ${origin}; allow it when the browser asks.`);
    }
    // The token was verified against the old address: it is not sent to the new one.
    const before = (await settings.getSettings()).apiBaseUrl;
    const saved = await settings.setSettings(req);
    let tokenForgotten = false;
    if (saved.apiBaseUrl !== before && ((await vault.current()) || (await vault.isRemembered()))) {
      await forgetForAddressChange();
      tokenForgotten = true;
    }
    // Only once the rest is saved and a token of the old address forgotten: settings that are
    // refused change nothing, the lock's time included, and a lock time that cannot be written
    // leaves no token bound to an address it was not verified against.
    if (req.lockAfterMinutes) await vault.setIdleMinutes(req.lockAfterMinutes);
    return { ...saved, lockAfterMinutes: await vault.idleMinutes(), ...(tokenForgotten ? { tokenForgotten } : {}) };
  },
  async openOptions(_req, ctx) {
    if (mayBringForward(ctx)) await browser.runtime.openOptionsPage();
    return null;
  },
} satisfies Partial<Handlers>;
