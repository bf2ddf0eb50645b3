import { useEffect, useState } from 'preact/hooks';
import { call } from '../../messaging/call.ts';
import type { PresetView } from '../../pure/protocol/presets.ts';
import { BulkForm } from '../../ui/bulk/BulkForm.tsx';
import { FullAccessCheck, holdsAll } from '../../ui/FullAccess.tsx';
import { t, tn } from '../../i18n/i18n.ts';

/**
 * Start a bulk job from a preset, for when the portal's dialog cannot be used. No preset is chosen
 * at first (`presetId`, from a link, is when it exists), and one with `All` asks once more.
 */
export function NewJob({ presetId: wanted }: { presetId?: string | undefined } = {}) {
  const [presets, setPresets] = useState<PresetView[]>([]);
  const [presetId, setPresetId] = useState('');
  const [fullAccess, setFullAccess] = useState(false);
  useEffect(() => {
    // Another link (a hash change) chooses anew, and asks again before full access.
    setFullAccess(false);
    call({ op: 'listPresets' }).then(
      (l) => {
        setPresets(l.presets);
        // No preset until the person (or a Least privilege link) chooses one: the first is "Full access".
        setPresetId(l.presets.find((p) => p.id === wanted)?.id ?? '');
      },
      () => {},
    );
  }, [wanted]);
  const p = presets.find((x) => x.id === presetId);
  return (
    <section aria-labelledby="new-h">
      <h2 id="new-h">{t('resNewJobHeading')}</h2>
      <label for="job-preset">{t('preset')}</label>
      <select
        id="job-preset"
        aria-label={t('scopePreset')}
        value={presetId}
        onChange={(e) => {
          setPresetId(e.currentTarget.value);
          setFullAccess(false);
        }}
      >
        <option value="">{t('presetChoose')}</option>
        {presets.map((x) => (
          <option value={x.id}>{x.name}</option>
        ))}
      </select>
      {p && <p class="hint">{t('resPresetAbout', p.description, p.enables)}</p>}
      {p && holdsAll(p.scopes) && <FullAccessCheck checked={fullAccess} onChange={setFullAccess} />}
      {p && (!holdsAll(p.scopes) || fullAccess) && (
        <BulkForm key={p.id} scopes={p.scopes} presetName={p.name} scopesNote={tn('resScopesOfPreset', p.scopes.length, p.name)} />
      )}
    </section>
  );
}
