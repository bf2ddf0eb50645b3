import { useEffect, useState } from 'preact/hooks';

/**
 * Focus follows the user's action: `focusLater(id)` focuses that element (selecting a text field's
 * text) once a render has put it on the page.
 */
export function useFocusLater(): (id: string) => void {
  const [focusId, setFocusId] = useState<string | null>(null);
  useEffect(() => {
    if (!focusId) return;
    const el = document.getElementById(focusId);
    if (el) {
      el.focus();
      if (el instanceof HTMLInputElement && el.type === 'text') el.select();
      setFocusId(null);
    }
  });
  return setFocusId;
}
