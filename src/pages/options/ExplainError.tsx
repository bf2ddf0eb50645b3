/**
 * "Paste a Clarifai error", "Explain error": the pasted error in one sentence (src/pure/privilege/explain.ts),
 * and, for an insufficient-scopes refusal, exactly the missing scopes added to one of the person's
 * presets, or to a key: a link to the inventory, where the person ticks the key and Change scopes
 * starts from its own scopes plus the missing ones, with its preview.
 */
import { useEffect, useState } from 'preact/hooks';
import { call, errorText } from '../../messaging/call.ts';
import { explainError, type Explanation } from '../../pure/privilege/explain.ts';
import { INVENTORY_PAGE, inventoryFragment } from '../../pure/links.ts';
import { closeUnderDependencies } from '../../pure/scopes/catalogue.ts';
import type { PresetView } from '../../pure/protocol/presets.ts';
import { t, tn } from '../../i18n/i18n.ts';

export function ExplainError({ onSaved }: { onSaved: () => void }) {
  const [text, setText] = useState('');
  const [answer, setAnswer] = useState<Explanation | null>(null);
  const [presets, setPresets] = useState<PresetView[]>([]);
  const [target, setTarget] = useState('');
  const [note, setNote] = useState('');
  useEffect(() => {
    if (answer?.topic !== 'scopes' || !answer.add.length) return;
    call({ op: 'listPresets' }).then(
      (l) => setPresets(l.presets.filter((p) => !p.builtIn)),
      () => {},
    );
  }, [answer]);
  const preset = presets.find((p) => p.id === target);

  const addTo = async () => {
    if (!preset || !answer) return;
    setNote('');
    try {
      const scopes = closeUnderDependencies([...preset.scopes, ...answer.add]);
      const p = await call({ op: 'updatePreset', id: preset.id, scopes });
      setNote(tn('optExplainAdded', p.scopes.length, p.name));
      onSaved();
    } catch (e) {
      setNote(errorText(e));
    }
  };

  return (
    <div class="explain-error">
      <h3>{t('optExplainHeading')}</h3>
      <label>
        {t('optExplainPaste')}
        <textarea rows={4} value={text} onInput={(e) => setText(e.currentTarget.value)} placeholder={t('optExplainPlaceholder')} />
      </label>
      <button type="button" class="secondary" onClick={() => setAnswer(explainError(text))}>
        {t('optExplainButton')}
      </button>
      {answer && (
        <div role="status" data-testid="error-explained">
          <p>{answer.sentence}</p>
          {answer.topic === 'scopes' && answer.add.length > 0 && (
            <div class="row">
              {presets.length ? (
                <>
                  <label>
                    {t('optExplainAddToPreset')}{' '}
                    <select value={target} onChange={(e) => setTarget(e.currentTarget.value)}>
                      <option value="">{t('optExplainChoosePreset')}</option>
                      {presets.map((p) => (
                        <option value={p.id}>{p.name}</option>
                      ))}
                    </select>
                  </label>
                  <button type="button" disabled={!preset} onClick={() => void addTo()}>
                    {tn('optExplainAddScopes', answer.add.length)}
                  </button>
                </>
              ) : (
                <span class="muted">{t('optExplainSaveOwnFirst')}</span>
              )}
            </div>
          )}
          {answer.topic === 'scopes' && answer.add.length > 0 && (
            <p>
              <a href={`/${INVENTORY_PAGE}${inventoryFragment({ add: answer.add })}`} target="_blank" rel="noopener">
                {t('optExplainAddToKey')}
              </a>{' '}
              <span class="muted">{t('optExplainAddToKeyHint')}</span>
            </p>
          )}
          {note && <p>{note}</p>}
        </div>
      )}
    </div>
  );
}
