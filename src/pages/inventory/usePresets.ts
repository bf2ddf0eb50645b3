/** The presets the scope summaries and the preset filter name: Keysmith's list (built-in and the person's own), or the built-in ones until it answers. */
import { useEffect, useState } from 'preact/hooks';
import { call } from '../../messaging/call.ts';
import { BUILTIN_PRESETS } from '../../pure/presets/builtins.ts';
import type { Preset } from '../../pure/presets/model.ts';

export function usePresets(): readonly Preset[] {
  const [presets, setPresets] = useState<readonly Preset[]>(BUILTIN_PRESETS);
  useEffect(() => {
    call({ op: 'listPresets' }).then(
      (l) => setPresets(l.presets),
      () => {}, // the built-in ones still name what they can
    );
  }, []);
  return presets;
}
