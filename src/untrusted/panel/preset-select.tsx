/** The preset picker itself: the built-in presets and the person's, with "Custom" for anything else. */
import { plural } from '../../pure/plural.ts';
import type { PresetView } from '../../pure/protocol/presets.ts';

export function PresetSelect(props: { presets: PresetView[]; match: PresetView | undefined; ticked: number; busy: boolean; onPick: (p: PresetView) => void }) {
  const { presets, match, ticked } = props;
  const builtIn = presets.filter((p) => p.builtIn);
  const mine = presets.filter((p) => !p.builtIn);
  return (
    <select
      id="ks-preset"
      aria-label="Scope preset"
      value={match?.id ?? 'custom'}
      disabled={props.busy || !presets.length}
      onChange={(e) => {
        const p = presets.find((x) => x.id === e.currentTarget.value);
        if (p) props.onPick(p);
      }}
    >
      <option value="custom" disabled>
        {ticked ? `Custom (${plural(ticked, 'scope')})` : 'Choose a preset…'}
      </option>
      <optgroup label="Built-in">
        {builtIn.map((p) => (
          <option value={p.id}>{p.name}</option>
        ))}
      </optgroup>
      {mine.length > 0 && (
        <optgroup label="Yours">
          {mine.map((p) => (
            <option value={p.id}>{p.name}</option>
          ))}
        </optgroup>
      )}
    </select>
  );
}
