/** The PAT: entered here, sent once to the worker, never shown again but for its last four characters. */
import { useState } from 'preact/hooks';
import { call } from '../../messaging/call.ts';
import type { SessionView } from '../../pure/protocol.ts';
import { errorText } from '../useSession.ts';

type Busy = 'save' | 'test' | 'forget' | null;

export function TokenSection({ session, onSession }: { session: SessionView | undefined; onSession: (s: SessionView) => void }) {
  const [pat, setPat] = useState('');
  const [busy, setBusy] = useState<Busy>(null);
  const [message, setMessage] = useState<{ text: string; bad: boolean } | null>(null);

  async function run(kind: Exclude<Busy, null>, op: () => Promise<SessionView>, ok: (s: SessionView) => string) {
    setBusy(kind);
    setMessage(null);
    try {
      const s = await op();
      onSession(s);
      setMessage({ text: ok(s), bad: false });
      if (kind === 'save') setPat('');
    } catch (e) {
      // The typed token stays in the field, so nothing is lost when Clarifai cannot be reached.
      setMessage({ text: errorText(e), bad: true });
    } finally {
      setBusy(null);
    }
  }

  const whose = (s: SessionView) => (s.user ? `${s.user.name} (${s.user.id})` : 'an unknown user');
  const scopesNote = (s: SessionView) =>
    s.missingScopes?.length ? ` It lacks ${s.missingScopes.join(', ')}, which Keysmith needs for some operations.` : ' It has every scope Keysmith needs.';

  return (
    <section aria-labelledby="token-h">
      <h2 id="token-h">Clarifai token</h2>
      <p class="muted">
        Keysmith needs a Clarifai Personal Access Token to list your apps and create keys. It is kept in memory by Keysmith’s
        background worker only, and forgotten when the browser closes.
      </p>
      {session?.hasToken && (
        <p data-testid="token-status">
          A token ending in <code>{session.tokenHint}</code> is set for {whose(session)}.
        </p>
      )}
      {session && !session.hasToken && <p data-testid="token-status">No token is set.</p>}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const value = pat.trim();
          if (!value) return setMessage({ text: 'Paste a Personal Access Token first.', bad: true });
          void run('save', () => call({ op: 'setPat', pat: value }), (s) => `Saved. The token belongs to ${whose(s)}.${scopesNote(s)}`);
        }}
      >
        <label for="pat">Personal Access Token</label>
        <input
          id="pat"
          type="password"
          autocomplete="off"
          spellcheck={false}
          value={pat}
          onInput={(e) => setPat(e.currentTarget.value)}
          placeholder={session?.hasToken ? 'Paste a new token to replace the current one' : 'Paste your token'}
        />
        <p class="hint">Create one in the portal: your profile → Settings → Security → Personal Access Tokens.</p>
        <div class="row">
          <button type="submit" disabled={busy !== null}>
            Save token
          </button>
          <button
            type="button"
            class="secondary"
            disabled={busy !== null || !session?.hasToken}
            onClick={() => void run('test', () => call({ op: 'testPat' }), (s) => `The token works. It belongs to ${whose(s)}.${scopesNote(s)}`)}
          >
            Test token
          </button>
          <button
            type="button"
            class="secondary"
            disabled={busy !== null || !session?.hasToken}
            onClick={() => void run('forget', () => call({ op: 'forgetPat' }), () => 'The token is forgotten.')}
          >
            Forget token
          </button>
        </div>
      </form>
      <p role="status" aria-live="polite" class={message?.bad ? 'bad' : 'good'} data-testid="token-message">
        {busy === 'save' ? 'Checking the token with Clarifai…' : busy === 'test' ? 'Testing…' : message?.text}
      </p>
    </section>
  );
}
