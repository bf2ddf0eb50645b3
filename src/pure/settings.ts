/**
 * The bounds and default of each setting a person can change, in one place: the worker's storage
 * declarations, the protocol's schemas and the options page's fields all read them here.
 *
 * Each setting has one owner in the worker: the API address is `src/privileged/settings.ts`'s, the
 * lock's time is the vault's (`src/privileged/vault.ts`), the clipboard's time `settings.ts`'s too, and
 * each has its own operation.
 */

/** Minutes unused after which a remembered token locks. */
export const LOCK_AFTER_MINUTES = { min: 1, max: 1440, default: 30 } as const;

/** Seconds after a copy of key ids on Keysmith's results page until it clears the clipboard (0: never). */
export const CLIPBOARD_CLEAR_SECONDS = { min: 0, max: 3600, default: 60 } as const;

/** What the clipboard field means when it holds something out of bounds or no number. */
export function clipboardClearFrom(n: number): number {
  const { min, max } = CLIPBOARD_CLEAR_SECONDS;
  if (!Number.isFinite(n)) return CLIPBOARD_CLEAR_SECONDS.default;
  return Math.min(max, Math.max(min, Math.round(n)));
}

/** What the lock-time field means when it holds something out of bounds or no number. */
export function lockAfterFrom(n: number): number {
  const { min, max } = LOCK_AFTER_MINUTES;
  const r = Math.round(n); // an empty field reads as 0, a word as NaN: both mean the default
  return r ? Math.min(max, Math.max(min, r)) : LOCK_AFTER_MINUTES.default;
}
