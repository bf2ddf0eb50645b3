/**
 * The welcome page, opened once when Keysmith is installed (src/privileged/welcome.ts) and linked
 * from the toolbar popup: what Keysmith does, what it keeps where, and how to add a token.
 */
import { render } from 'preact';
import browser from 'webextension-polyfill';
import '../pages.css';

function Welcome() {
  return (
    <main>
      <h1>
        <img src="/icons/icon-48.png" alt="" /> Welcome to Keysmith for Clarifai
      </h1>
      <section aria-labelledby="does-h">
        <h2 id="does-h">What it does</h2>
        <ul>
          <li>
            In the Clarifai portal’s <strong>Create API Key</strong> and edit-key dialogs, a <strong>preset</strong> ticks exactly the scopes you chose in the
            portal’s own form.
          </li>
          <li>
            <strong>Keys for many apps at once</strong>, paced under Clarifai’s rate limit, never a key twice, every result shown and exportable.
          </li>
          <li>
            <strong>Every key in one place</strong>: an inventory with audit flags, rotation, scope changes; and <strong>least privilege</strong>, from the
            calls a key must make to the smallest scopes.
          </li>
        </ul>
      </section>
      <section aria-labelledby="keeps-h">
        <h2 id="keeps-h">What it keeps, and where</h2>
        <ul>
          <li>
            Your <strong>Personal Access Token</strong> stays in Keysmith’s background worker, in the browser’s memory, and is forgotten when the browser
            closes, unless you tick <em>Remember on this device</em>: then it is sealed with your passphrase. It is sent only to the Clarifai API address you
            verify.
          </li>
          <li>
            <strong>Key ids</strong> (each one is a key) are kept in memory only, and shown only on Keysmith’s own results page, masked until you reveal one.
          </li>
          <li>
            <strong>Presets, settings and the job history</strong> (no key ids) are kept on this device; presets also in your browser account if you turn on
            sync.
          </li>
          <li>Nothing is sent anywhere else: no analytics, no server of Keysmith’s own.</li>
        </ul>
      </section>
      <section aria-labelledby="start-h">
        <h2 id="start-h">Add a token</h2>
        <ol>
          <li>
            In the portal, open your profile, <strong>Settings → Secrets</strong> (<code>https://clarifai.com/me/settings/secrets</code>; older accounts:
            Security), and create a Personal Access Token.
          </li>
          <li>Paste it on Keysmith’s options page and press Save token.</li>
          <li>Open an app’s Settings → API Keys → Create API Key: Keysmith’s panel is in the dialog.</li>
        </ol>
        <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>
          Open Keysmith’s options
        </button>
      </section>
    </main>
  );
}

render(<Welcome />, document.getElementById('app')!);
