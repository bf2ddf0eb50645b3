/** The PAT: entered here, sent once to the worker, never shown again but for its last four characters. */
import { useState } from 'preact/hooks';
import { call } from '../../messaging/call.ts';
import type { SessionView } from '../../pure/protocol/session.ts';
import { errorText } from '../../messaging/call.ts';
import { describedBy, useFocusOnError } from '../../ui/field-error.ts';

type Busy = 'save' | 'test' | 'forget' | 'unlock' | 'lock' | null;

/**
 * What a passphrase is worth against someone who copied the browser profile (docs/security.md,
 * “Passphrase cost”): PBKDF2-SHA256 at 600,000 iterations lets one RTX 4090 try about 15,000 a
 * second (hashcat's 8.9 million a second at 999 iterations, scaled). 26^8 / 15,000 s ≈ 161 days;
 * 7,776^4 / 15,000 s ≈ 7,700 years.
 */
export const PASSPHRASE_HINT =
  'The token is stored encrypted with a key derived from this passphrase (PBKDF2-SHA256, 600,000 iterations, then AES-GCM). ' +
  'Someone who copies this browser profile can try about 15,000 passphrases a second on one high-end graphics card: ' +
  '8 random lowercase letters fall in about 160 days on one card (days on a rented rack of them), a word with a few digits in minutes, ' +
  'while 4 random words from a 7,776-word list take about 7,700 years. Use 4 or more random words. ' +
  'After a browser restart, or when unused for a while, Keysmith locks until you enter it.';

export function TokenSection({ session, onSession }: { session: SessionView | undefined; onSession: (s: SessionView) => void }) {
  const [pat, setPat] = useState('');
  const [remember, setRemember] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState<Busy>(null);
  /** What the last action said; `field`: the id of the field a failure is about (focus goes there). */
  const [message, setMessage] = useState<{ text: string; bad: boolean; field?: string } | null>(null);
  useFocusOnError(message, (id) => document.getElementById(id));
  const about = (id: string) => describedBy(!!message?.bad && message.field === id, 'token-message');

  /** `field`: where a failure sends focus (the token typed, the passphrase), if anywhere. */
  async function run(kind: Exclude<Busy, null>, op: () => Promise<SessionView>, ok: (s: SessionView) => string, field?: string) {
    if (busy) return; // the buttons stay focusable while busy (disabling one drops a keyboard user's focus)
    setBusy(kind);
    setMessage(null);
    try {
      const s = await op();
      onSession(s);
      setMessage({ text: ok(s), bad: false });
      if (kind === 'save' || kind === 'unlock') {
        setPat('');
        setPassphrase('');
      }
    } catch (e) {
      // The typed token stays in the field, so nothing is lost when Clarifai cannot be reached.
      setMessage({ text: errorText(e), bad: true, ...(field ? { field } : {}) });
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
        Keysmith needs a Clarifai Personal Access Token to list your apps and create keys. It is kept in memory by Keysmith’s background worker only, and
        forgotten when the browser closes.
      </p>
      {session?.hasToken && (
        <p data-testid="token-status">
          A token ending in <code>{session.tokenHint}</code> is set for {whose(session)}.
        </p>
      )}
      {session && !session.hasToken && !session.locked && <p data-testid="token-status">{session.notice ?? 'No token is set.'}</p>}
      {session?.locked && (
        <form
          class="locked"
          onSubmit={(e) => {
            e.preventDefault();
            void run(
              'unlock',
              () => call({ op: 'unlock', passphrase }),
              (s) => `Unlocked the token of ${whose(s)}.`,
              'unlock-pass',
            );
          }}
        >
          <p data-testid="token-status">Keysmith is locked: a token is remembered on this device. Enter your passphrase to unlock it.</p>
          <label for="unlock-pass">Passphrase</label>
          <input
            id="unlock-pass"
            type="password"
            autocomplete="off"
            {...about('unlock-pass')}
            value={passphrase}
            onInput={(e) => setPassphrase(e.currentTarget.value)}
          />
          <div class="row">
            <button type="submit" aria-disabled={busy !== null}>
              Unlock
            </button>
          </div>
        </form>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const value = pat.trim();
          if (!value) return setMessage({ text: 'Paste a Personal Access Token first.', bad: true, field: 'pat' });
          if (remember && passphrase.length < 8)
            return setMessage({ text: 'Choose a passphrase of at least 8 characters to remember the token.', bad: true, field: 'pass' });
          const req = remember ? { op: 'setPat' as const, pat: value, remember: true, passphrase } : { op: 'setPat' as const, pat: value };
          void run(
            'save',
            () => call(req),
            (s) =>
              `Saved. The token belongs to ${whose(s)}.${scopesNote(s)}${remember ? ' It is remembered on this device, sealed with your passphrase.' : ''}`,
            'pat',
          );
        }}
      >
        <label for="pat">Personal Access Token</label>
        <input
          id="pat"
          type="password"
          autocomplete="off"
          spellcheck={false}
          {...about('pat')}
          value={pat}
          onInput={(e) => setPat(e.currentTarget.value)}
          placeholder={session?.hasToken ? 'Paste a new token to replace the current one' : 'Paste your token'}
        />
        <p class="hint">
          Create one in the portal: your profile → Settings → Secrets (
          <a href="https://clarifai.com/me/settings/secrets" target="_blank" rel="noreferrer">
            clarifai.com/me/settings/secrets
          </a>
          ; older accounts: Security).
        </p>
        {!session?.locked && (
          <>
            <label class="inline">
              <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.currentTarget.checked)} /> Remember on this device
            </label>
            {remember && (
              <>
                <label for="pass">Passphrase</label>
                <input
                  id="pass"
                  type="password"
                  autocomplete="new-password"
                  minLength={8}
                  {...describedBy(message?.bad === true && message.field === 'pass', 'token-message', 'pass-hint')}
                  value={passphrase}
                  onInput={(e) => setPassphrase(e.currentTarget.value)}
                />
                <p class="hint" id="pass-hint">
                  {PASSPHRASE_HINT}
                </p>
              </>
            )}
          </>
        )}
        <div class="row">
          <button type="submit" aria-disabled={busy !== null}>
            Save token
          </button>
          <button
            type="button"
            class="secondary"
            aria-disabled={busy !== null}
            disabled={!session?.hasToken}
            onClick={() =>
              void run(
                'test',
                () => call({ op: 'testPat' }),
                (s) => `The token works. It belongs to ${whose(s)}.${scopesNote(s)}`,
              )
            }
          >
            Test token
          </button>
          <button
            type="button"
            class="secondary"
            aria-disabled={busy !== null}
            disabled={!(session?.hasToken || session?.locked)}
            onClick={() =>
              void run(
                'forget',
                () => call({ op: 'forgetPat' }),
                () => 'The token is forgotten, here and in every stored copy.',
              )
            }
          >
            Forget token
          </button>
          {session?.remembered && session.hasToken && (
            <button
              type="button"
              class="secondary"
              aria-disabled={busy !== null}
              onClick={() =>
                void run(
                  'lock',
                  () => call({ op: 'lock' }),
                  () => 'Locked.',
                )
              }
            >
              Lock now
            </button>
          )}
        </div>
      </form>
      <p role="status" aria-live="polite" class={message?.bad ? 'bad' : 'good'} id="token-message" data-testid="token-message">
        {busy === 'save' ? 'Checking the token with Clarifai…' : busy === 'test' ? 'Testing…' : message?.text}
      </p>
    </section>
  );
}
