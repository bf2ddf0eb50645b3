/** The panel's line about the session: whose PAT the worker holds and how many apps it sees. */
import { useEffect, useState } from 'preact/hooks';
import { call, errorText } from '../../messaging/call.ts';
import type { SessionView } from '../../pure/protocol/session.ts';
import { list, t, tn } from '../../i18n/i18n.ts';

export type Session =
  | { phase: 'loading' }
  | { phase: 'no-token' }
  | { phase: 'ready'; session: SessionView; apps?: number; appsError?: string }
  | { phase: 'error'; message: string };

export function useSession(): Session {
  const [state, setState] = useState<Session>({ phase: 'loading' });
  useEffect(() => {
    let live = true;
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
          if (live) setState({ phase: 'ready', session, appsError: errorText(e) });
        }
      } catch (e) {
        if (live) setState({ phase: 'error', message: errorText(e) });
      }
    })();
    return () => {
      live = false;
    };
  }, []);
  return state;
}

export function SessionLine({ state }: { state: Session }) {
  const openOptions = (e: MouseEvent) => e.isTrusted && void call({ op: 'openOptions' }).catch(() => {}); // a person's click only
  if (state.phase === 'loading') return <p class="ks-muted">{t('sessionChecking')}</p>;
  if (state.phase === 'error')
    return (
      <p class="ks-error" role="alert">
        {state.message}
      </p>
    );
  if (state.phase === 'no-token')
    return (
      <div class="ks-row">
        <span>{t('sessionNoToken')}</span>
        <button type="button" class="secondary" onClick={openOptions}>
          {t('openOptions')}
        </button>
      </div>
    );
  const { session } = state;
  return (
    <div class="ks-row ks-muted" role="status">
      <span data-testid="ks-user">{session.user ? t('sessionSignedIn', session.user.name, session.user.id) : t('sessionSignedInUnknown')}</span>
      {state.apps !== undefined && <span data-testid="ks-apps">{tn('appCount', state.apps)}</span>}
      {state.appsError && <span class="ks-error">{state.appsError}</span>}
      {!!session.missingScopes?.length && <span class="ks-error">{t('sessionTokenLacks', list(session.missingScopes))}</span>}
      <button type="button" class="secondary" onClick={(e) => e.isTrusted && void call({ op: 'openOptions', page: 'inventory' }).catch(() => {})}>
        {t('keyInventory')}
      </button>
    </div>
  );
}
