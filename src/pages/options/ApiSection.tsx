/** The API address (Clarifai's by default, another for a private deployment), the idle lock, and how long copied keys stay on the clipboard. */
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { call } from '../../messaging/call.ts';
import { DEFAULT_BASE_URL, normalizeBaseUrl } from '../../pure/clarifai/client.ts';
import type { SessionView } from '../../pure/protocol/session.ts';
import type { Settings } from '../../pure/protocol/settings.ts';
import { CLIPBOARD_CLEAR_SECONDS, clipboardClearFrom, LOCK_AFTER_MINUTES, lockAfterFrom } from '../../pure/settings.ts';
import { errorText, WorkerError } from '../../messaging/call.ts';
import { t } from '../../i18n/i18n.ts';

/** `onSession`: the token's state changed here (a new address forgets the token). */
export function ApiSection({ onSession }: { onSession?: (s: SessionView) => void } = {}) {
  const [url, setUrl] = useState('');
  const [lockAfter, setLockAfter] = useState<number>(LOCK_AFTER_MINUTES.default);
  const [clearAfter, setClearAfter] = useState<number>(CLIPBOARD_CLEAR_SECONDS.default);
  /** What the worker holds: only a setting that differs from it is sent, each to its own owner. */
  const [held, setHeld] = useState<Settings | null>(null);
  const [message, setMessage] = useState<{ text: string; bad: boolean } | null>(null);
  useEffect(() => {
    call({ op: 'getSettings' }).then(
      (s) => {
        setHeld(s);
        setUrl(s.apiBaseUrl);
        setLockAfter(s.lockAfterMinutes);
        setClearAfter(s.clipboardClearSeconds);
      },
      (e) => setMessage({ text: errorText(e), bad: true }),
    );
  }, []);

  async function save(e: Event) {
    e.preventDefault();
    setMessage(null);
    try {
      // Checked here as the worker checks it, so that no permission is asked for an address it would refuse.
      const address = normalizeBaseUrl(url.trim() || DEFAULT_BASE_URL);
      const minutes = lockAfterFrom(lockAfter);
      const seconds = clipboardClearFrom(clearAfter);
      let forgotten = false;
      let next = held ?? (await call({ op: 'getSettings' }));
      if (address !== next.apiBaseUrl) {
        const origin = new URL(address).origin;
        if (origin !== new URL(DEFAULT_BASE_URL).origin) {
          // Another host needs its own permission, asked for here, in the click that wants it.
          const granted = await browser.permissions.request({ origins: [`${origin}/*`] });
          if (!granted) return setMessage({ text: t('optApiPermission', origin), bad: true });
        }
        // First, so that an address refused changes nothing, the lock's time included.
        const a = await call({ op: 'setApiAddress', apiBaseUrl: address });
        next = { ...next, apiBaseUrl: a.apiBaseUrl };
        forgotten = Boolean(a.tokenForgotten);
      }
      if (minutes !== next.lockAfterMinutes) next = { ...next, ...(await call({ op: 'setLockAfter', minutes })) };
      if (seconds !== next.clipboardClearSeconds) next = { ...next, ...(await call({ op: 'setClipboardClear', seconds })) };
      setHeld(next);
      setUrl(next.apiBaseUrl);
      setLockAfter(next.lockAfterMinutes);
      setClearAfter(next.clipboardClearSeconds);
      if (forgotten) {
        setMessage({ text: t('optApiSavedForgot'), bad: false });
        onSession?.(await call({ op: 'getSession' }));
      } else setMessage({ text: t('optSaved'), bad: false });
    } catch (err) {
      // The address's own check (normalizeBaseUrl) says what is wrong with it; anything else is the worker's word.
      setMessage({ text: err instanceof WorkerError || !(err instanceof Error) ? errorText(err) : err.message, bad: true });
    }
  }

  return (
    <section aria-labelledby="api-h">
      <h2 id="api-h">{t('optSettings')}</h2>
      <form onSubmit={save}>
        <label for="api">{t('optApiAddress')}</label>
        <input id="api" type="url" value={url} onInput={(e) => setUrl(e.currentTarget.value)} placeholder={DEFAULT_BASE_URL} />
        <p class="hint">{t('optApiAddressHint')}</p>
        <label for="lock-after">{t('optLockAfter')}</label>
        <input
          id="lock-after"
          type="number"
          min={LOCK_AFTER_MINUTES.min}
          max={LOCK_AFTER_MINUTES.max}
          value={lockAfter}
          onInput={(e) => setLockAfter(Number(e.currentTarget.value))}
        />
        <label for="clipboard-clear">{t('optClipboardClear')}</label>
        <input
          id="clipboard-clear"
          type="number"
          min={CLIPBOARD_CLEAR_SECONDS.min}
          max={CLIPBOARD_CLEAR_SECONDS.max}
          value={clearAfter}
          onInput={(e) => setClearAfter(Number(e.currentTarget.value))}
        />
        <p class="hint">{t('optClipboardClearHint')}</p>
        <div class="row">
          <button type="submit" class="secondary">
            {t('optSaveSettings')}
          </button>
        </div>
      </form>
      <p role="status" class={message?.bad ? 'bad' : 'good'}>
        {message?.text}
      </p>
    </section>
  );
}
