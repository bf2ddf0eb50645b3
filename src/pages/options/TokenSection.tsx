/** The PAT: entered here, sent once to the worker, never shown again but for its last four characters. */
import { useState } from 'preact/hooks';
import { call } from '../../messaging/call.ts';
import type { SessionView } from '../../pure/protocol/session.ts';
import { errorText } from '../../messaging/call.ts';
import { describedBy, useFocusOnError } from '../../ui/field-error.ts';
import { list, t } from '../../i18n/i18n.ts';
import { tx } from '../../ui/i18n-rich.tsx';

type Busy = 'save' | 'test' | 'forget' | 'unlock' | 'lock' | null;

/**
 * What a passphrase is worth against someone who copied the browser profile (docs/security.md,
 * “Passphrase cost”): PBKDF2-SHA256 at 600,000 iterations lets one RTX 4090 try about 15,000 a
 * second (hashcat's 8.9 million a second at 999 iterations, scaled). 26^8 / 15,000 s ≈ 161 days;
 * 7,776^4 / 15,000 s ≈ 7,700 years.
 */
export const PASSPHRASE_HINT = t('optPassphraseHint');

/** Sentences, each its own message, in a row. */
const sentences = (...parts: (string | false)[]) => parts.filter(Boolean).join(' ');
const belongs = (s: SessionView) => (s.user ? t('optTokenBelongsTo', s.user.name, s.user.id) : t('optTokenBelongsToUnknown'));
const scopesNote = (s: SessionView) => (s.missingScopes?.length ? t('optTokenLacks', list(s.missingScopes)) : t('optTokenHasAll'));

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

  return (
    <section aria-labelledby="token-h">
      <h2 id="token-h">{t('optTokenHeading')}</h2>
      <p class="muted">{t('optTokenIntro')}</p>
      {session?.hasToken && (
        <p data-testid="token-status">
          {session.user
            ? tx('optTokenSetFor', <code>{session.tokenHint}</code>, session.user.name, session.user.id)
            : tx('optTokenSetForUnknown', <code>{session.tokenHint}</code>)}
        </p>
      )}
      {session && !session.hasToken && !session.locked && <p data-testid="token-status">{session.notice ?? t('optNoToken')}</p>}
      {session?.locked && (
        <form
          class="locked"
          onSubmit={(e) => {
            e.preventDefault();
            void run(
              'unlock',
              () => call({ op: 'unlock', passphrase }),
              (s) => (s.user ? t('optUnlocked', s.user.name, s.user.id) : t('optUnlockedUnknown')),
              'unlock-pass',
            );
          }}
        >
          <p data-testid="token-status">{t('optLockedStatus')}</p>
          <label for="unlock-pass">{t('optPassphrase')}</label>
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
              {t('optUnlock')}
            </button>
          </div>
        </form>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const value = pat.trim();
          if (!value) return setMessage({ text: t('optPasteTokenFirst'), bad: true, field: 'pat' });
          if (remember && passphrase.length < 8) return setMessage({ text: t('optPassphraseTooShort'), bad: true, field: 'pass' });
          const req = remember ? { op: 'setPat' as const, pat: value, remember: true, passphrase } : { op: 'setPat' as const, pat: value };
          void run(
            'save',
            () => call(req),
            (s) => sentences(t('optSaved'), belongs(s), scopesNote(s), remember && t('optTokenRemembered')),
            'pat',
          );
        }}
      >
        <label for="pat">{t('optPatLabel')}</label>
        <input
          id="pat"
          type="password"
          autocomplete="off"
          spellcheck={false}
          {...about('pat')}
          value={pat}
          onInput={(e) => setPat(e.currentTarget.value)}
          placeholder={session?.hasToken ? t('optPatReplace') : t('optPatPaste')}
        />
        <p class="hint">
          {tx(
            'optTokenCreateHint',
            <a href="https://clarifai.com/me/settings/secrets" target="_blank" rel="noreferrer">
              clarifai.com/me/settings/secrets
            </a>,
          )}
        </p>
        {!session?.locked && (
          <>
            <label class="inline">
              <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.currentTarget.checked)} /> {t('welcomeRemember')}
            </label>
            {remember && (
              <>
                <label for="pass">{t('optPassphrase')}</label>
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
            {t('optSaveToken')}
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
                (s) =>
                  sentences(t('optTokenWorks'), s.user ? t('optTokenItBelongsTo', s.user.name, s.user.id) : t('optTokenItBelongsToUnknown'), scopesNote(s)),
              )
            }
          >
            {t('optTestToken')}
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
                () => t('optTokenForgotten'),
              )
            }
          >
            {t('optForgetToken')}
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
                  () => t('optLocked'),
                )
              }
            >
              {t('optLockNow')}
            </button>
          )}
        </div>
      </form>
      <p role="status" aria-live="polite" class={message?.bad ? 'bad' : 'good'} id="token-message" data-testid="token-message">
        {busy === 'save' ? t('optCheckingToken') : busy === 'test' ? t('optTesting') : message?.text}
      </p>
    </section>
  );
}
