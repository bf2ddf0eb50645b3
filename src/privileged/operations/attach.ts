/**
 * Whether the content script could attach to the portal's dialog, for the toolbar button and the
 * popup's "Copy dialog outline".
 */
import browser from 'webextension-polyfill';
import { t } from '../../i18n/i18n.ts';
import type { AttachReport } from '../../pure/protocol/settings.ts';
import { redactSecrets } from '../../pure/redact-text.ts';
import type { Handlers } from './context.ts';

/**
 * Each tab's last attach report, for the popup's "Copy dialog outline". Memory only: it is a
 * diagnosis of the page open now, and a new worker hears the next report when a dialog opens.
 */
const attachReports = new Map<number, AttachReport>();

export const attachOperations = {
  async reportAttach(req, ctx) {
    // Quiet: a badge on that tab's toolbar button, and a title that says what happened.
    if (ctx.tabId === undefined) return null;
    attachReports.set(ctx.tabId, {
      attached: req.attached,
      reason: req.reason,
      // Sanitized by the content script already; redacted again here, since a page can write to it.
      outline: req.outline === undefined ? undefined : redactSecrets(req.outline),
    });
    await browser.action.setBadgeText({ tabId: ctx.tabId, text: req.attached ? '' : '?' });
    await browser.action.setTitle({
      tabId: ctx.tabId,
      title: req.attached ? t('extShortName') : t('wkNotAttached'),
    });
    return null;
  },
  getAttachReport: async ({ tabId }) => attachReports.get(tabId) ?? null,
} satisfies Partial<Handlers>;
