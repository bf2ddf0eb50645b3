/**
 * Copies key ids to the clipboard, and clears the clipboard again after the time the person set on
 * the options page (0: never); a later copy here starts the time again. Keysmith cannot read the
 * clipboard, so it clears it even if something else was copied since. The clearing needs this page
 * open, and in front (browsers let a page write the clipboard only then); when it cannot clear, it
 * says so, so the person knows the key is still there.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { call } from '../../messaging/call.ts';
import { CLIPBOARD_CLEAR_SECONDS } from '../../pure/settings.ts';
import { t, tn } from '../../i18n/i18n.ts';

export type Copy = (text: string, note: string) => Promise<void>;

export function useClipboard(setNote: (note: string) => void): Copy {
  const [seconds, setSeconds] = useState<number>(CLIPBOARD_CLEAR_SECONDS.default);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => {
    call({ op: 'getSettings' }).then(
      (s) => setSeconds(s.clipboardClearSeconds),
      () => {},
    );
    // No clearing of the timer when the view goes: the page is still open, and the keys are still on
    // the clipboard (leaving the results for the new-job form must not cancel it silently).
  }, []);

  /** Writes `text`, says `note` (with when it will be cleared), and schedules the clearing. */
  return async (text, note) => {
    await navigator.clipboard.writeText(text);
    clearTimeout(timer.current);
    setNote(seconds ? tn('resClipboardNote', seconds, note) : note);
    if (!seconds) return;
    timer.current = setTimeout(() => {
      navigator.clipboard.writeText('').then(
        () => setNote(t('resClipboardCleared')),
        () => setNote(t('resClipboardNotCleared')),
      );
    }, seconds * 1000);
  };
}
