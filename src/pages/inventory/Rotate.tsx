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
import { plural } from '../../pure/plural.ts';
import type { InventoryKey } from '../../pure/protocol/inventory.ts';

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
      <h3 id="rotate-h">Rotate {plural(keys.length, 'key')}</h3>
      <p>
        Each key gets a replacement with exactly its scopes and endpoint-level scopes. The new keys are shown on the results page that opens; the old keys keep
        working until you confirm there that the new ones are in place.
      </p>
      <div class="row">
        <label>
          Description of the new keys <input value={template} onInput={(e) => setTemplate(e.currentTarget.value)} maxLength={200} />
        </label>
        <span class="muted">
          <code>{'{description}'}</code> is the old key’s; <code>{'{app_id}'}</code>, <code>{'{date}'}</code> and the bulk placeholders work too.
        </span>
      </div>
      <div class="row">
        <label>
          Expires on (optional){' '}
          <input
            type="date"
            value={expires}
            min={new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)}
            onInput={(e) => setExpires(e.currentTarget.value)}
          />
        </label>
        <span class="muted">Empty: the new key expires when its old key would, or never.</span>
      </div>
      {error && (
        <p class="bad" role="alert">
          {error}
        </p>
      )}
      <div class="row">
        <button type="button" disabled={busy || !template.trim()} onClick={() => void rotate()}>
          Rotate {plural(keys.length, 'key')}
        </button>
        <button type="button" class="secondary" onClick={props.onClose}>
          Cancel
        </button>
      </div>
    </section>
  );
}
