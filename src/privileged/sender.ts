/**
 * Who sent a message. The first of the worker's three checks (sender, then schema, then act).
 *
 * Rules (Bitwarden's order): the message must come from this extension (`sender.id`); an extension
 * page is recognised by its origin being this extension's; a content script by running in a tab's
 * top frame (`frameId` 0) on one of the portal's origins. Anything else is refused. `sender.url` of a
 * content script is the page's address as the browser knows it; it is used only for its origin, which
 * a page cannot change (pushState stays within the origin).
 */
import type { Runtime } from 'webextension-polyfill';
import { PORTAL_ORIGINS, type Caller } from '../pure/protocol/common.ts';

export interface SelfIdentity {
  /** `browser.runtime.id` */
  id: string;
  /** The extension's own origin, e.g. `chrome-extension://<id>` or `moz-extension://<uuid>`. */
  origin: string;
}

function originOf(sender: Runtime.MessageSender): string | undefined {
  // Chrome gives `origin`; Firefox only `url`.
  const withOrigin = sender as Runtime.MessageSender & { origin?: string };
  if (typeof withOrigin.origin === 'string' && withOrigin.origin !== 'null') return withOrigin.origin;
  if (typeof sender.url !== 'string') return undefined;
  try {
    return new URL(sender.url).origin;
  } catch {
    return undefined;
  }
}

export function classifySender(sender: Runtime.MessageSender | undefined, self: SelfIdentity): Caller | null {
  if (!sender || sender.id !== self.id) return null;
  const origin = originOf(sender);
  if (!origin) return null;
  if (origin === self.origin) {
    // An extension page: the popup (no tab) or a page in a tab, never inside another page's frame.
    if (sender.tab && sender.frameId !== undefined && sender.frameId !== 0) return null;
    return 'page';
  }
  if (!sender.tab || typeof sender.tab.id !== 'number') return null;
  if (sender.frameId !== 0) return null;
  return (PORTAL_ORIGINS as readonly string[]).includes(origin) ? 'content' : null;
}
