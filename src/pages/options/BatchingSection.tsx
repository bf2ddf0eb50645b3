/**
 * Batched key creation: whether bulk jobs may send several keys in one PostKeys, at most how many,
 * and what jobs learned per API address (src/pure/bulk/batching.ts), with the date, and a way to
 * forget it so the next job probes again.
 */
import { useEffect, useState } from 'preact/hooks';
import { call, errorText } from '../../messaging/call.ts';
import { MAX_BATCH } from '../../pure/bulk/batching.ts';
import type { Batching } from '../../pure/protocol/settings.ts';
import { t } from '../../i18n/i18n.ts';

const date = (ms: number) => new Date(ms).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });

function verdict({ verdict, size, tooLarge }: Batching['learned'][number]['learned']): string {
  if (verdict === 'refused') return t('optBatchRefused');
  if (size < 2) return t('optBatchPartialOnly'); // partial answers, and no batch yet answered in full
  const most = tooLarge ? t('optBatchTooLarge', size, tooLarge) : t('optBatchWorks', size);
  return verdict === 'partial' ? t('optBatchPartial', most) : most;
}

export function BatchingSection() {
  const [held, setHeld] = useState<Batching | null>(null);
  const [enabled, setEnabled] = useState(true);
  const [cap, setCap] = useState(0);
  const [message, setMessage] = useState<{ text: string; bad: boolean } | null>(null);
  const show = (b: Batching) => {
    setHeld(b);
    setEnabled(b.enabled);
    setCap(b.cap);
  };
  useEffect(() => {
    call({ op: 'getBatching' }).then(show, (e) => setMessage({ text: errorText(e), bad: true }));
  }, []);

  async function save(e: Event) {
    e.preventDefault();
    if (!held) return; // not read yet (or unreadable): nothing is written over what the worker holds
    try {
      // An empty or unreadable field keeps the cap held; a number is brought within bounds.
      const most = Number.isFinite(cap) && cap > 0 ? Math.min(MAX_BATCH, Math.max(2, Math.round(cap))) : held.cap;
      show(await call({ op: 'setBatching', enabled, cap: most }));
      setMessage({ text: t('optSaved'), bad: false });
    } catch (err) {
      setMessage({ text: errorText(err), bad: true });
    }
  }

  async function forget() {
    try {
      show(await call({ op: 'forgetBatching' }));
      setMessage({ text: t('optBatchForgotten'), bad: false });
    } catch (err) {
      setMessage({ text: errorText(err), bad: true });
    }
  }

  return (
    <section aria-labelledby="batch-h">
      <h2 id="batch-h">{t('optBatchHeading')}</h2>
      <p class="hint">{t('optBatchHint')}</p>
      <form onSubmit={save}>
        <label class="inline">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} /> {t('optBatchEnabled')}
        </label>
        <label for="batch-cap">{t('optBatchCap')}</label>
        <input id="batch-cap" type="number" min={2} max={MAX_BATCH} value={cap} disabled={!enabled} onInput={(e) => setCap(Number(e.currentTarget.value))} />
        <div class="row">
          <button type="submit" class="secondary" aria-disabled={!held}>
            {t('optBatchSave')}
          </button>
        </div>
      </form>
      <h3>{t('optBatchLearnedHeading')}</h3>
      {held && !held.learned.length && <p class="muted">{t('optBatchNothingLearned')}</p>}
      {!!held?.learned.length && (
        <>
          <ul data-testid="batch-learned">
            {held.learned.map(({ address, learned }) => (
              <li key={address}>{t('optBatchLearned', address, verdict(learned), date(learned.at))}</li>
            ))}
          </ul>
          <button type="button" class="secondary" onClick={forget}>
            {t('optBatchForget')}
          </button>
        </>
      )}
      <p role="status" class={message?.bad ? 'bad' : 'good'}>
        {message?.text}
      </p>
    </section>
  );
}
