/** The API address (Clarifai's by default, another for a private deployment) and the idle lock. */
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { call } from '../../messaging/call.ts';
import { DEFAULT_BASE_URL } from '../../pure/clarifai/client.ts';
import type { SessionView } from '../../pure/protocol/session.ts';
import { errorText } from '../../messaging/call.ts';

/** `onSession`: the token's state changed here (a new address forgets the token). */
export function ApiSection({ onSession }: { onSession?: (s: SessionView) => void } = {}) {
  const [url, setUrl] = useState('');
  const [lockAfter, setLockAfter] = useState(30);
  const [message, setMessage] = useState<{ text: string; bad: boolean } | null>(null);
  useEffect(() => {
    call({ op: 'getSettings' }).then(
      (s) => {
        setUrl(s.apiBaseUrl);
        if (s.lockAfterMinutes) setLockAfter(s.lockAfterMinutes);
      },
      (e) => setMessage({ text: errorText(e), bad: true }),
    );
  }, []);

  async function save(e: Event) {
    e.preventDefault();
    setMessage(null);
    try {
      const origin = new URL(url.trim() || DEFAULT_BASE_URL).origin;
      if (origin !== new URL(DEFAULT_BASE_URL).origin) {
        // Another host needs its own permission, asked for here, in the click that wants it.
        const granted = await browser.permissions.request({ origins: [`${origin}/*`] });
        if (!granted) return setMessage({ text: `Keysmith needs permission to reach ${origin}.`, bad: true });
      }
      const minutes = Math.min(1440, Math.max(1, Math.round(lockAfter) || 30));
      const s = await call({ op: 'setSettings', apiBaseUrl: url.trim() || DEFAULT_BASE_URL, lockAfterMinutes: minutes });
      setUrl(s.apiBaseUrl);
      if (s.lockAfterMinutes) setLockAfter(s.lockAfterMinutes);
      if (s.tokenForgotten) {
        setMessage({ text: 'Saved. The API address changed, so Keysmith forgot your token; paste it again.', bad: false });
        onSession?.(await call({ op: 'getSession' }));
      } else setMessage({ text: 'Saved.', bad: false });
    } catch (err) {
      setMessage({ text: err instanceof TypeError ? 'The API address is not a valid URL.' : errorText(err), bad: true });
    }
  }

  return (
    <section aria-labelledby="api-h">
      <h2 id="api-h">Settings</h2>
      <form onSubmit={save}>
        <label for="api">API address</label>
        <input id="api" type="url" value={url} onInput={(e) => setUrl(e.currentTarget.value)} placeholder={DEFAULT_BASE_URL} />
        <p class="hint">
          Change it only for a private Clarifai deployment. Your token is sent to this address only: changing it forgets the token, and you paste it again.
        </p>
        <label for="lock-after">Lock a remembered token after (minutes unused)</label>
        <input id="lock-after" type="number" min={1} max={1440} value={lockAfter} onInput={(e) => setLockAfter(Number(e.currentTarget.value))} />
        <div class="row">
          <button type="submit" class="secondary">
            Save settings
          </button>
        </div>
      </form>
      <p role="status" class={message?.bad ? 'bad' : 'good'}>
        {message?.text}
      </p>
    </section>
  );
}
