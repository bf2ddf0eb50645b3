/** Entry of the portal bundle: reads the session from the HTML shell and mounts the app. */
import { render } from 'preact';
import { App, type Session } from './app.tsx';
import './portal.css';

function readSession(): Session {
  const el = document.getElementById('session');
  const data: unknown = JSON.parse(el?.textContent ?? 'null');
  if (!data || typeof data !== 'object') throw new Error('portal: no session');
  const { token, userId } = data as Record<string, unknown>;
  if (typeof token !== 'string' || typeof userId !== 'string') throw new Error('portal: bad session');
  return { token, userId };
}

// `?theme=dark`: the portal's dark theme (portal.css), which Keysmith's panel must follow.
if (new URLSearchParams(location.search).get('theme') === 'dark') document.documentElement.dataset.theme = 'dark';

const root = document.getElementById('root');
if (!root) throw new Error('portal: no #root');
render(<App session={readSession()} />, root);
