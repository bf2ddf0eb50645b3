/**
 * Functions the Firefox driver runs in the browser's own (chrome) scope through privileged() (the
 * launcher): what about:debugging does with the extension's background, and the tab strip BiDi does
 * not show. Each is sent as its source, so it uses only the Gecko globals it is handed and its
 * arguments, never anything else of this module (hence the repeated lookups).
 */
import type { ChromeScope } from '../../../../sandbox/browsers/firefox.ts';

/** The extension's background: "running", "stopped", … */
export function backgroundState({ ChromeUtils }: ChromeScope, extensionId: string): string {
  const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
  return String(ExtensionParent.GlobalManager.getExtension(extensionId)!.backgroundState);
}

/**
 * What about:debugging's "Terminate background script" does, and Firefox itself when idle: forced
 * past pending listeners, as about:debugging's button is. Answers the state read in the same call,
 * so a message that starts a new background right after cannot hide the stop.
 */
export async function terminateBackground({ ChromeUtils }: ChromeScope, extensionId: string): Promise<string> {
  const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
  const ext = ExtensionParent.GlobalManager.getExtension(extensionId)!;
  await ext.terminateBackground({ ignoreDevToolsAttached: true, disableResetIdleForTest: true });
  return String(ext.backgroundState);
}

/** Every tab of the browser window as "<browserId> <address>". */
export function tabs({ Services }: ChromeScope): string[] {
  const { gBrowser } = Services.wm.getMostRecentWindow('navigator:browser');
  return Array.from(gBrowser.tabs, (t) => t.linkedBrowser.browserId + ' ' + t.linkedBrowser.currentURI.spec);
}

export function closeTab({ Services }: ChromeScope, browserId: string): void {
  const { gBrowser } = Services.wm.getMostRecentWindow('navigator:browser');
  gBrowser.removeTab(Array.from(gBrowser.tabs).find((t) => String(t.linkedBrowser.browserId) === browserId));
}

export function intPref({ Services }: ChromeScope, name: string, fallback: number): number {
  return Services.prefs.getIntPref(name, fallback);
}

export function setIntPref({ Services }: ChromeScope, name: string, value: number): void {
  Services.prefs.setIntPref(name, value);
}
