import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { call, errorText } from '../../messaging/call.ts';
import type { PresetList } from '../../pure/protocol/presets.ts';

/**
 * The last list of presets the worker gave, asked again when the tab comes back into view (a
 * dialog may have saved one meanwhile) unless a change is `busy`. `onLoadError` hears why the
 * first load failed.
 */
export function usePresetList(onLoadError: (message: string) => void) {
  const [list, setList] = useState<PresetList | null>(null);
  const busy = useRef(false);
  const load = useCallback(async () => setList(await call({ op: 'listPresets' })), []);
  useEffect(() => {
    load().catch((e) => onLoadError(errorText(e)));
    const again = () => {
      if (document.visibilityState === 'visible' && !busy.current) load().catch(() => {});
    };
    document.addEventListener('visibilitychange', again);
    return () => document.removeEventListener('visibilitychange', again);
  }, [load]);
  return { list, setList, load, busy };
}
