/** The preset list as a hook, from the worker, kept for the page's life. */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { call, errorText } from '../../messaging/call.ts';
import type { PresetView } from '../../pure/protocol/presets.ts';

/** The last preset list, kept for the page's life: the next dialog's picker is usable at once. */
let presetCache: PresetView[] = [];

/** The presets (the last list at first, then the worker's), and how to ask for them again. */
export function usePresets(onError: (message: string) => void): [PresetView[], () => void] {
  const [presets, setPresets] = useState<PresetView[]>(presetCache);
  const load = useCallback(() => {
    call({ op: 'listPresets' }).then(
      (l) => setPresets((presetCache = l.presets)),
      (e) => onError(errorText(e)),
    );
  }, []);
  useEffect(load, [load]);
  return [presets, load];
}
