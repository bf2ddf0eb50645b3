/**
 * Errors tied to their fields, as WCAG 3.3.1 asks: the field says it is invalid and is described
 * by the message (`aria-invalid`, `aria-describedby`), and focus moves to it, so a keyboard or
 * screen-reader user lands where the fix is. An error about no one field moves focus nowhere; its
 * message is an alert.
 */
import { useEffect } from 'preact/hooks';

/** The attributes of a field that `messageId` may be about; `also` are its other descriptions. */
export function describedBy(invalid: boolean, messageId: string, ...also: (string | undefined)[]) {
  const ids = [invalid ? messageId : undefined, ...also].filter(Boolean).join(' ');
  return { 'aria-invalid': invalid ? ('true' as const) : undefined, 'aria-describedby': ids || undefined };
}

/**
 * Moves focus to the field an error names, each time a new error names one. `find` looks the field
 * up (by id in the component's own tree: the panel lives in a shadow root).
 */
export function useFocusOnError(error: { field?: string | undefined } | null | undefined, find: (field: string) => HTMLElement | null | undefined): void {
  useEffect(() => {
    if (error?.field) find(error.field)?.focus();
  }, [error]);
}
