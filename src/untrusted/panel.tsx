/**
 * Keysmith's panel inside the portal's key dialog, rendered in a shadow root so the portal's styles
 * do not reach into it. The root is open, so assistive technology and the end-to-end tests can reach
 * it like any other part of the page; a page script can read it too, so it never shows a secret (no
 * PAT, no created key id), and actions with consequences accept trusted (user-made) events only.
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { call, WorkerError } from '../messaging/call.ts';
import type { SessionView } from '../pure/protocol.ts';
import type { KeyDialog } from './portal-dom.ts';
import css from './panel.css?inline';

type State =
  | { phase: 'loading' }
  | { phase: 'no-token' }
  | { phase: 'ready'; session: SessionView; apps?: number; appsError?: string }
  | { phase: 'error'; message: string };

function messageOf(e: unknown): string {
  return e instanceof WorkerError ? e.message : 'Keysmith could not reach its background worker.';
}

function Panel({ dialog, signal }: { dialog: KeyDialog; signal: AbortSignal }) {
  const [state, setState] = useState<State>({ phase: 'loading' });

  useEffect(() => {
    let live = true;
    signal.addEventListener('abort', () => (live = false));
    (async () => {
      try {
        const session = await call({ op: 'getSession' });
        if (!live) return;
        if (!session.hasToken) return setState({ phase: 'no-token' });
        setState({ phase: 'ready', session });
        try {
          const apps = await call({ op: 'listApps' });
          if (live) setState({ phase: 'ready', session, apps: apps.length });
        } catch (e) {
          if (live) setState({ phase: 'ready', session, appsError: messageOf(e) });
        }
      } catch (e) {
        if (live) setState({ phase: 'error', message: messageOf(e) });
      }
    })();
    return () => {
      live = false;
    };
  }, []);

  const openOptions = () => void call({ op: 'openOptions' }).catch(() => {});

  return (
    <section class="ks" role="region" aria-label="Keysmith" data-dialog-kind={dialog.kind}>
      <p class="ks-title">Keysmith</p>
      {state.phase === 'loading' && <p class="ks-muted" role="status">Checking your Personal Access Token…</p>}
      {state.phase === 'no-token' && (
        <div class="ks-row">
          <span>No Personal Access Token is set.</span>
          <button type="button" onClick={openOptions}>
            Open Keysmith options
          </button>
        </div>
      )}
      {state.phase === 'error' && (
        <p class="ks-error" role="alert">
          {state.message}
        </p>
      )}
      {state.phase === 'ready' && (
        <div class="ks-row" role="status">
          <span data-testid="ks-user">
            Signed in as <strong>{state.session.user?.name ?? 'unknown'}</strong>
            {state.session.user && <span class="ks-muted"> ({state.session.user.id})</span>}
          </span>
          {state.apps !== undefined && <span data-testid="ks-apps">{state.apps === 1 ? '1 app' : `${state.apps} apps`}</span>}
          {state.appsError && <span class="ks-error">{state.appsError}</span>}
          {!!state.session.missingScopes?.length && (
            <span class="ks-error">Token lacks: {state.session.missingScopes.join(', ')}</span>
          )}
        </div>
      )}
    </section>
  );
}

/** Renders the panel into `host` (in a shadow root); returns the function that removes it. */
export function mountPanel(host: HTMLElement, dialog: KeyDialog, signal: AbortSignal): () => void {
  const shadow = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = css;
  shadow.append(style);
  const mountEl = document.createElement('div');
  shadow.append(mountEl);
  render(<Panel dialog={dialog} signal={signal} />, mountEl);
  return () => render(null, mountEl);
}
