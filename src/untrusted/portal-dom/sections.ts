/**
 * Views and sections of a scope list: the switch to the view of single scopes, and collapsed
 * sections found again across re-renders. Part of the portal module: import it through ./index.ts.
 */
import { norm } from './labels.ts';

const TOGGLE_SELECTOR = 'button, a, [role="button"], [role="tab"]';

/**
 * The control that switches to the view listing single scopes:
 * - the 2019 modal: a link-like button `ADVANCED` (`BASIC` goes back);
 * - tabbed forms: a tab `Advanced scopes` / `Advanced` (beside `Basic scopes`), or `Individual scopes`.
 * A tab already selected is no switch. Today's default form has none: it always lists single scopes.
 */
export function advancedToggle(dialog: HTMLElement): HTMLElement | null {
  for (const el of dialog.querySelectorAll<HTMLElement>(TOGGLE_SELECTOR)) {
    if (!/^(advanced|individual)( scopes| view)?$/i.test(norm(el.textContent))) continue;
    if (el.getAttribute('aria-selected') === 'true') continue;
    // A link that goes somewhere, or a disclosure (settings, "Advanced options"), is not the view switch.
    if (el.hasAttribute('href') || el.hasAttribute('aria-expanded')) continue;
    return el;
  }
  return null;
}

/** A collapsed section's toggle and how to find it again after a re-render. */
export interface SectionToggle {
  el: HTMLElement;
  id: string;
}

/**
 * A section toggle's identity across re-renders: what it controls, else its text without numbers
 * (an accordion header `Inputs 2 of 3` changes its count as boxes are ticked).
 */
function toggleKey(el: HTMLElement): string {
  return el.getAttribute('aria-controls') || (el.localName === 'summary' ? 'summary:' : 'text:') + norm(el.textContent).replace(/\d+/g, '#');
}

/** Toggles with their identity: the key, and which of the toggles with that key it is (`Show more` twice). */
function identified(dialog: HTMLElement): { el: HTMLElement; id: string }[] {
  const seen = new Map<string, number>();
  const out: { el: HTMLElement; id: string }[] = [];
  for (const el of dialog.querySelectorAll<HTMLElement>('[aria-expanded], details > summary')) {
    if (el.hasAttribute('aria-haspopup') || el.matches('input, select, [role="combobox"]')) continue;
    const key = toggleKey(el);
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    out.push({ el, id: `${key}@${n}` });
  }
  return out;
}

/**
 * Sections of the scope list by expanded state: accordion headers (`aria-expanded` on a button, as
 * MUI, Chakra and Radix accordions render them) and native `<details>`. Menus and pop-ups
 * (`aria-haspopup`) are not sections.
 */
export function sectionToggles(dialog: HTMLElement, expanded: boolean): SectionToggle[] {
  return identified(dialog).filter((t) => isExpanded(t.el) === expanded);
}

/** Finds a section toggle again by its id (the portal may have replaced the node). */
export function findSection(dialog: HTMLElement, id: string): HTMLElement | null {
  return identified(dialog).find((t) => t.id === id)?.el ?? null;
}

export function isExpanded(el: HTMLElement): boolean {
  return el.localName === 'summary' ? (el.parentElement as HTMLDetailsElement).open : el.getAttribute('aria-expanded') === 'true';
}
