import { render } from 'preact';
import browser from 'webextension-polyfill';
import '../pages.css';
import { useSession } from '../useSession.ts';
import { call } from '../../messaging/call.ts';

function Popup() {
  const { session, error } = useSession();
  return (
    <main style={{ padding: '12px' }}>
      <h1 style={{ fontSize: '16px' }}>Keysmith</h1>
      {error && <p class="bad">{error}</p>}
      {session && !session.hasToken && <p>No Personal Access Token is set.</p>}
      {session?.hasToken && (
        <p>
          Token for <strong>{session.user?.name ?? 'unknown'}</strong> {session.user && <span class="muted">({session.user.id})</span>}
        </p>
      )}
      <div class="row">
        <button type="button" onClick={() => void call({ op: 'openResults' }).then(() => window.close())}>
          Create keys for several apps
        </button>
        <button type="button" class="secondary" onClick={() => void browser.runtime.openOptionsPage().then(() => window.close())}>
          Open options
        </button>
      </div>
    </main>
  );
}

render(<Popup />, document.getElementById('app')!);
