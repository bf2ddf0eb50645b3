/**
 * Functions the Firefox driver hands to puppeteer's evaluate(), which sends their source to the page:
 * so each one uses only its arguments and the page's own globals, never anything else of this module
 * (nor another of these functions). Typed here, where the compiler sees them, rather than kept in
 * strings. Finding elements is in-page.ts, a script of its own.
 */

declare global {
  interface Window {
    /** Set by guardClicks: removes its listeners and says whether the press landed on the target (null: no press seen). */
    __ksClickGuard?: () => boolean | null;
    /** Set by markReload; a document that does not have it is the reloaded one. */
    __ksBeforeReload?: boolean;
    /** Set by notePickedFile: the file input a click meant to open a picker for. */
    __ksPicked?: HTMLInputElement | null;
  }
}

/** Playwright's "visible": a non-empty box, not display:none or visibility:hidden (through shadow hosts). */
export function isVisible(e: Element): boolean {
  const r = e.getBoundingClientRect();
  return r.width > 0 && r.height > 0 && e.checkVisibility({ visibilityProperty: true });
}

/** Playwright's "enabled": not :disabled (which covers a disabled fieldset) nor aria-disabled. */
export function isEnabled(e: Element): boolean {
  return !e.matches(':disabled') && !e.closest('[aria-disabled="true"]');
}

/**
 * Like Playwright's actionability checks (after isEnabled): the element has stopped moving, and is
 * what the pointer would hit, so a list still growing above it cannot take the click. True, or why not.
 */
export async function hitTarget(e: Element): Promise<true | string> {
  // Only if needed: centring on every try can make a row oscillate by a pixel.
  e.scrollIntoView({ block: 'nearest', inline: 'nearest', behavior: 'instant' });
  const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const before = e.getBoundingClientRect();
  await frame();
  const r = e.getBoundingClientRect();
  if (!r.width || !r.height) return 'no size';
  if (r.x !== before.x || r.y !== before.y) return 'moving';
  const hit = (e.getRootNode() as Document | ShadowRoot).elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
  return hit && (hit === e || e.contains(hit)) ? true : `covered by ${hit ? hit.outerHTML.slice(0, 80) : 'nothing'} at ${Math.round(r.x)},${Math.round(r.y)}`;
}

/**
 * Like Playwright's hit-target check: a press that lands on another element than `target` (the
 * layout moved between the measure and the press) is swallowed before the page sees it.
 * takeClickGuard() then says where it landed.
 */
export function guardClicks(target: Element): void {
  const state: { hit: boolean | null } = { hit: null };
  const swallow = (ev: Event) => {
    if (state.hit === false) {
      ev.preventDefault();
      ev.stopImmediatePropagation();
    }
  };
  const down = (ev: Event) => {
    state.hit = ev.composedPath().includes(target);
    swallow(ev);
  };
  const types = ['mousedown', 'pointerup', 'mouseup', 'click'] as const;
  window.addEventListener('pointerdown', down, true);
  for (const t of types) window.addEventListener(t, swallow, true);
  window.__ksClickGuard = () => {
    window.removeEventListener('pointerdown', down, true);
    for (const t of types) window.removeEventListener(t, swallow, true);
    return state.hit;
  };
}

/** guardClicks' answer; 'gone': the guard went with the document, because the click navigated. */
export function takeClickGuard(): boolean | null | 'gone' {
  const guard = window.__ksClickGuard;
  return guard ? guard() : 'gone';
}

/**
 * Like Playwright's fill(): date-like inputs get their value set and events fired (answers false);
 * anything else is focused with its text selected, to be typed over (answers true).
 */
export function prepareFill(e: Element, v: string): boolean {
  const input = e as HTMLInputElement;
  if (input.tagName === 'INPUT' && /^(date|datetime-local|time|month|week|range|color)$/.test(input.type)) {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, v);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
    return false;
  }
  input.focus();
  input.select?.();
  return true;
}

/** The value of the <select>'s option with that value or label, or null if there is none or the select is disabled. */
export function optionValue(s: Element, want: { value: string } | { label: string }): string | null {
  const opts = [...(s as HTMLSelectElement).options];
  const hit = 'label' in want ? opts.find((x) => x.label === want.label || x.textContent?.trim() === want.label) : opts.find((x) => x.value === want.value);
  return hit && !(s as HTMLSelectElement).disabled ? hit.value : null;
}

/** Playwright's "checked": a checkbox or radio input's state, else aria-checked; null for anything else. */
export function checkedState(e: Element): boolean | null {
  if (e instanceof HTMLInputElement && (e.type === 'checkbox' || e.type === 'radio')) return e.checked;
  const aria = e.getAttribute('aria-checked');
  return aria === 'true' ? true : aria === 'false' ? false : null;
}

/** Marks the document and reloads it; reloaded() tells the new document from the old. */
export function markReload(): void {
  window.__ksBeforeReload = true;
  location.reload();
}

export function reloaded(): boolean {
  return !window.__ksBeforeReload && document.readyState === 'complete';
}

/**
 * Notes the file input the next click opens a picker for, and keeps the native picker shut: Firefox
 * ESR does not report the picker over BiDi, so the driver gives the file to the input itself.
 */
export function notePickedFile(): void {
  window.__ksPicked = null;
  const note = (ev: Event) => {
    const t = ev.composedPath()[0];
    if (t instanceof HTMLInputElement && t.type === 'file') {
      window.__ksPicked = t;
      ev.preventDefault(); // no native picker: the driver answers for it
      window.removeEventListener('click', note, true);
    }
  };
  window.addEventListener('click', note, true);
}

export function pickedFile(): HTMLInputElement | null {
  return window.__ksPicked ?? null;
}
