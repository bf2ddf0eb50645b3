/**
 * The content script: loads on every portal page, so it stays small and cheap. One MutationObserver
 * watches for the key dialogs (however late the portal renders them, across in-app navigation and
 * re-renders) and mounts Keysmith's panel into a shadow root beside the dialog's scope list; the
 * panel is torn down with its dialog. Each dialog has an AbortController (./lifetime.ts), aborted when
 * the dialog goes: every listener, observer and timer started for it, and the panel, end with it.
 *
 * Untrusted context: this script never holds the PAT or a created key id. It asks the worker for
 * named operations through ../messaging/call.ts.
 *
 * When Keysmith is updated, reloaded or removed, a copy of this script already in a page is
 * orphaned: its extension context is gone (`runtime.id` is undefined) and every call would throw.
 * It then stops: the observer is disconnected, its panels are taken out, the portal is as before.
 */
import { dialogOutline, findKeyDialogs, inDialog, looksLikeKeyDialog, mayHoldDialog, mountPoint, type KeyDialog } from './portal-dom/index.ts';
import { PORTAL_VOCABULARY } from './apply.ts';
import { call, extensionGone } from '../messaging/call.ts';
import { after } from './lifetime.ts';
import { mountPanel } from './panel/index.tsx';
import { t } from '../i18n/i18n.ts';

/** The host of Keysmith's panel in each dialog it attached to. */
const mounted = new Map<HTMLElement, HTMLElement>();
/** Dialogs recognised by their heading but without a scope list yet, and since when. */
const waiting = new Map<HTMLElement, number>();
/** Each dialog's lifetime, from when it is first seen (waiting or mounted) until it goes. */
const lives = new Map<HTMLElement, AbortController>();

function lifeOf(root: HTMLElement): AbortSignal {
  let life = lives.get(root);
  if (!life) lives.set(root, (life = new AbortController()));
  return life.signal;
}

/** The dialog went (or this script stops): all that was started for it ends, its panel is taken out. */
function detach(root: HTMLElement) {
  lives.get(root)?.abort();
  lives.delete(root);
  mounted.get(root)?.remove();
  mounted.delete(root);
  waiting.delete(root);
}

const ATTACH_GIVE_UP_MS = 4000;
let reportedFailure = false;
let reportedAttach = false;

function reportFailure(d: KeyDialog, reason: string) {
  if (reportedFailure) return;
  reportedFailure = true;
  // Once, quietly: the portal keeps working as before.
  console.info(t('attachFailed', d.heading, reason));
  // A sanitized outline (no values, nothing key-like, no address but the host) for the popup's
  // "Copy dialog outline".
  const outline = dialogOutline(d.root, PORTAL_VOCABULARY, location.hostname);
  void call({ op: 'reportAttach', attached: false, reason, outline }).catch(() => {});
}

function attach(d: KeyDialog) {
  const life = lifeOf(d.root);
  const at = mountPoint(d.root);
  if (!at) {
    const since = waiting.get(d.root) ?? Date.now();
    waiting.set(d.root, since);
    if (Date.now() - since > ATTACH_GIVE_UP_MS) reportFailure(d, 'no scope checkboxes found');
    else after(500, schedule, life);
    return;
  }
  waiting.delete(d.root);
  const existing = mounted.get(d.root);
  if (existing) {
    // The portal re-rendered and dropped our host: put it back where the list now is.
    at.parent.insertBefore(existing, at.before);
    return;
  }
  if (!reportedAttach) {
    // Once a page: clears a "could not attach" mark an earlier dialog left on the toolbar button.
    reportedAttach = true;
    void call({ op: 'reportAttach', attached: true }).catch(() => {});
  }
  const host = document.createElement('div');
  host.setAttribute('data-keysmith', '');
  at.parent.insertBefore(host, at.before);
  mountPanel(host, d, life);
  mounted.set(d.root, host);
}

let stopped = false;
function stop() {
  stopped = true;
  observer.disconnect();
  for (const root of lives.keys()) detach(root);
}

function scan() {
  if (stopped) return;
  if (extensionGone()) return stop();
  const found = findKeyDialogs(document);
  for (const d of found) {
    if (!mounted.get(d.root)?.isConnected) attach(d);
  }
  // A dialog that looks like a key dialog under a heading Keysmith does not know (a redesign).
  if (!reportedFailure && !found.length) {
    const odd = looksLikeKeyDialog(document, PORTAL_VOCABULARY);
    if (odd) reportFailure(odd, 'its heading is not one Keysmith knows');
  }
  for (const root of lives.keys()) if (!root.isConnected) detach(root);
}

let queued = false;
function schedule() {
  if (queued || stopped) return;
  queued = true;
  queueMicrotask(() => {
    queued = false;
    scan();
  });
}

const observer = new MutationObserver((records) => {
  // Cheap filter: most portal mutations add no dialog and remove none we hold.
  for (const r of records) {
    if (r.type === 'attributes' || inDialog(r.target)) return schedule();
    for (const n of r.addedNodes) if (mayHoldDialog(n)) return schedule();
    if (mounted.size || waiting.size) for (const n of r.removedNodes) if (n.nodeType === 1) return schedule();
  }
});
observer.observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['open', 'role'] });
scan();
