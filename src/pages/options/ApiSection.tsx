/** The API address: Clarifai's by default, another for a private deployment. */
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { call } from '../../messaging/call.ts';
import { DEFAULT_BASE_URL } from '../../pure/clarifai/client.ts';
import { errorText } from '../useSession.ts';

export function ApiSection() {
  const [url, setUrl] = useState('');
  const [message, setMessage] = useState<{ text: string; bad: boolean } | null>(null);
  useEffect(() => {
    call({ op: 'getSettings' }).then((s) => setUrl(s.apiBaseUrl), (e) => setMessage({ text: errorText(e), bad: true }));
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
      const s = await call({ op: 'setSettings', apiBaseUrl: url.trim() || DEFAULT_BASE_URL });
      setUrl(s.apiBaseUrl);
      setMessage({ text: 'Saved.', bad: false });
    } catch (err) {
      setMessage({ text: err instanceof TypeError ? 'The API address is not a valid URL.' : errorText(err), bad: true });
    }
  }

  return (
    <section aria-labelledby="api-h">
      <h2 id="api-h">Clarifai API</h2>
      <form onSubmit={save}>
        <label for="api">API address</label>
        <input id="api" type="url" value={url} onInput={(e) => setUrl(e.currentTarget.value)} placeholder={DEFAULT_BASE_URL} />
        <p class="hint">Change it only for a private Clarifai deployment.</p>
        <div class="row">
          <button type="submit" class="secondary">
            Save API address
          </button>
        </div>
      </form>
      <p role="status" class={message?.bad ? 'bad' : 'good'}>
        {message?.text}
      </p>
    </section>
  );
}
