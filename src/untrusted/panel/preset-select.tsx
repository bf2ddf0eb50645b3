/** The preset picker itself: the built-in presets and the person's, with "Custom" for anything else. */
import type { PresetView } from '../../pure/protocol/presets.ts';
import { t, tn } from '../../i18n/i18n.ts';

/**
 * While a choice is applied (`busy`) the select stays enabled and focusable, says it is busy, and
 * shows the choice being applied (`chosen`) rather than what the form matches half-way.
 */
export function PresetSelect(props: {
  presets: PresetView[];
  match: PresetView | undefined;
  ticked: number;
  busy: boolean;
  chosen?: string | undefined;
  onPick: (p: PresetView) => void;
}) {
  const { presets, match, ticked } = props;
  const builtIn = presets.filter((p) => p.builtIn);
  const mine = presets.filter((p) => !p.builtIn);
  return (
    <select
      id="ks-preset"
      aria-label={t('scopePreset')}
      value={props.chosen ?? match?.id ?? 'custom'}
      aria-busy={props.busy}
      disabled={!presets.length}
      onChange={(e) => {
        const p = presets.find((x) => x.id === e.currentTarget.value);
        if (p) props.onPick(p);
      }}
    >
      <option value="custom" disabled>
        {ticked ? tn('presetCustom', ticked) : t('presetChoose')}
      </option>
      <optgroup label={t('presetGroupBuiltIn')}>
        {builtIn.map((p) => (
          <option value={p.id}>{p.name}</option>
        ))}
      </optgroup>
      {mine.length > 0 && (
        <optgroup label={t('presetGroupYours')}>
          {mine.map((p) => (
            <option value={p.id}>{p.name}</option>
          ))}
        </optgroup>
      )}
    </select>
  );
}
