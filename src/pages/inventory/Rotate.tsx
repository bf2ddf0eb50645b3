/**
 * "Rotate selected": a replacement for each ticked key, with exactly its scopes and endpoint-level
 * scopes, its description (or a template) and an expiry the person may add. The worker plans it
 * from its own inventory (only the ids go) and runs it as a bulk job; the results page that opens
 * hands the new keys over, and deletes the old ones only when the person confirms there.
 */
import { useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { call, errorText } from '../../messaging/call.ts';
import { RESULTS_PAGE } from '../../pure/links.ts';
import type { InventoryKey } from '../../pure/protocol/inventory.ts';
import { t, tn } from '../../i18n/i18n.ts';
import { tx } from '../../ui/i18n-rich.tsx';

export function RotateForm(props: { keys: InventoryKey[]; onClose: () => void }) {
  const { keys } = props;
  const [template, setTemplate] = useState('{description}');
  const [expires, setExpires] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const rotate = async () => {
    setError('');
    setBusy(true);
    try {
      const expiresAt = expires ? new Date(`${expires}T00:00:00Z`).toISOString() : undefined;
      const { jobId } = await call({ op: 'startRotation', keyIds: keys.map((k) => k.keyId), template, ...(expiresAt ? { expiresAt } : {}) });
      await browser.tabs.create({ url: browser.runtime.getURL(`${RESULTS_PAGE}#${jobId}`) });
      props.onClose();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="rotate-h" class="card">
      <h3 id="rotate-h">{tn('invRotateN', keys.length)}</h3>
      <p>{t('invRotateExplain')}</p>
      <div class="row">
        <label>
          {t('invNewDescription')} <input value={template} onInput={(e) => setTemplate(e.currentTarget.value)} maxLength={200} />
        </label>
        <span class="muted">{tx('invRotatePlaceholders', <code>{'{description}'}</code>, <code>{'{app_id}'}</code>, <code>{'{date}'}</code>)}</span>
      </div>
      <div class="row">
        <label>
          {t('invExpiresOn')}{' '}
          <input
            type="date"
            value={expires}
            min={new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)}
            onInput={(e) => setExpires(e.currentTarget.value)}
          />
        </label>
        <span class="muted">{t('invExpiresEmpty')}</span>
      </div>
      {error && (
        <p class="bad" role="alert">
          {error}
        </p>
      )}
      <div class="row">
        <button type="button" disabled={busy || !template.trim()} onClick={() => void rotate()}>
          {tn('invRotateN', keys.length)}
        </button>
        <button type="button" class="secondary" onClick={props.onClose}>
          {t('cancel')}
        </button>
      </div>
    </section>
  );
}
