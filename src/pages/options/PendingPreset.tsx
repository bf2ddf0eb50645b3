/**
 * A preset the portal page's panel asked to save ("Save as preset" in the create-key dialog),
 * shown for the person to confirm. The worker saves nothing on a page's word: a page script can
 * drive the panel with synthetic events, but cannot reach this page. So this shows exactly what
 * would be saved (name, description, every scope) and saves it only on a click here.
 */
import { useEffect, useState } from 'preact/hooks';
import { call } from '../../messaging/call.ts';
import type { PendingPresetView, PresetView } from '../../pure/protocol/presets.ts';
import { errorText } from '../../messaging/call.ts';
import { t, tn } from '../../i18n/i18n.ts';

export function PendingPreset({ onSaved }: { onSaved: (p: PresetView) => void }) {
  const [pending, setPending] = useState<PendingPresetView | null>(null);
  const [message, setMessage] = useState<{ text: string; bad: boolean } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const look = () => {
      if (document.visibilityState !== 'visible') return;
      call({ op: 'getPendingPreset' }).then(
        (p) => {
          // A new request replaces what was shown (and its message).
          setPending((cur) => {
            if (p?.id !== cur?.id) setMessage(null);
            return p;
          });
        },
        (e) => setMessage({ text: errorText(e), bad: true }),
      );
    };
    look();
    // The worker opens (or focuses) this page when the panel asks: look again when it comes into view.
    document.addEventListener('visibilitychange', look);
    window.addEventListener('focus', look);
    return () => {
      document.removeEventListener('visibilitychange', look);
      window.removeEventListener('focus', look);
    };
  }, []);

  async function decide(save: boolean) {
    if (!pending || busy) return;
    setBusy(true);
    setMessage(null);
    try {
      if (save) {
        const saved = await call({ op: 'confirmPendingPreset', id: pending.id });
        setMessage({ text: t('optPendingSaved', saved.name), bad: false });
        onSaved(saved);
      } else {
        await call({ op: 'discardPendingPreset', id: pending.id });
        setMessage({ text: t('optPendingDiscarded', pending.name), bad: false });
      }
      setPending(null);
    } catch (e) {
      setMessage({ text: errorText(e), bad: true });
      setPending(await call({ op: 'getPendingPreset' }).catch(() => null));
    } finally {
      setBusy(false);
    }
  }

  if (!pending) {
    return message ? (
      <p role="status" class={message.bad ? 'bad' : 'good'} data-testid="pending-preset-message">
        {message.text}
      </p>
    ) : null;
  }
  const asked = new Date(pending.askedAt);
  const when = Number.isNaN(asked.getTime()) ? '' : asked.toLocaleTimeString();
  return (
    <section class="pending-preset" role="region" aria-labelledby="pending-preset-h">
      <h3 id="pending-preset-h">{t('optPendingHeading')}</h3>
      <p>{t(when ? 'optPendingAskedAt' : 'optPendingAsked', when)}</p>
      <dl>
        <dt>{t('optName')}</dt>
        <dd data-testid="pending-preset-name">{pending.name}</dd>
        <dt>{t('description')}</dt>
        <dd>{pending.description || <span class="muted">{t('optNone')}</span>}</dd>
        <dt>{tn('optScopesN', pending.scopes.length)}</dt>
        <dd data-testid="pending-preset-scopes">
          {pending.scopes.map((s, i) => (
            <>
              {i > 0 && ', '}
              <code>{s}</code>
            </>
          ))}
        </dd>
        <dt>{t('optWhatItAllows')}</dt>
        <dd>{t('optItEnables', pending.enables)}</dd>
      </dl>
      <div class="row">
        <button type="button" disabled={busy} onClick={() => void decide(true)}>
          {t('presetSave')}
        </button>
        <button type="button" class="secondary" disabled={busy} onClick={() => void decide(false)}>
          {t('optDiscard')}
        </button>
      </div>
      {message && (
        <p role={message.bad ? 'alert' : 'status'} class={message.bad ? 'bad' : 'good'} data-testid="pending-preset-message">
          {message.text}
        </p>
      )}
    </section>
  );
}
