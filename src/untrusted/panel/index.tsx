/**
 * Keysmith's panel inside the portal's key dialog, rendered in a shadow root so the portal's styles
 * do not reach into it. The root is open, so assistive technology and the end-to-end tests can reach
 * it like any other part of the page; a page script can read it too, so it never shows a secret (no
 * PAT, no created key id).
 *
 * It is drawn dark where the portal draws the dialog dark (../portal-dom/theme.ts). It shows the preset picker (picker.tsx) and whose PAT the worker holds (session.tsx). It lives as
 * long as the dialog's signal (../lifetime.ts): when that aborts, the tree is unmounted and its
 * listeners, observers and timers end.
 */
import { render } from 'preact';
import css from '../../ui/panel.css?inline';
import { looksDark, type KeyDialog } from '../portal-dom/index.ts';
import { onAbort } from '../lifetime.ts';
import { Picker } from './picker.tsx';
import { SessionLine, useSession } from './session.tsx';
import { t } from '../../i18n/i18n.ts';

function Panel({ dialog, signal, dark }: { dialog: KeyDialog; signal: AbortSignal; dark: boolean }) {
  const state = useSession();
  return (
    <section class={dark ? 'ks dark' : 'ks'} role="region" aria-label={t('extShortName')} data-dialog-kind={dialog.kind}>
      <p class="ks-title">{t('extShortName')}</p>
      <Picker dialog={dialog} signal={signal} />
      <SessionLine state={state} />
    </section>
  );
}

/** Renders the panel into `host` (in a shadow root), until `signal` aborts. */
export function mountPanel(host: HTMLElement, dialog: KeyDialog, signal: AbortSignal): void {
  const shadow = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = css;
  shadow.append(style);
  const mountEl = document.createElement('div');
  // Keys typed in Keysmith's fields are Keysmith's: the portal's own shortcuts must not act on them.
  for (const type of ['keydown', 'keyup', 'keypress'])
    mountEl.addEventListener(type, (e) => (e as KeyboardEvent).key !== 'Escape' && e.stopPropagation(), { signal });
  shadow.append(mountEl);
  // Read once, when the dialog opens: the panel is drawn dark where the portal draws the dialog dark.
  render(<Panel dialog={dialog} signal={signal} dark={looksDark(host.parentElement)} />, mountEl);
  onAbort(signal, () => render(null, mountEl));
}
