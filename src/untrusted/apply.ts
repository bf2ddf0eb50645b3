/**
 * Applies a set of scopes to the portal's own form: switch to the view that lists single scopes if
 * needed, tick exactly the wanted ones and untick the others with real clicks, then read the form
 * back to confirm. Re-reads the checkboxes every pass, since the portal re-renders and replaces them.
 */
import { advancedToggle, scopeBoxes, toggle, type ScopeBox } from './portal-dom.ts';

export type IsScope = (name: string) => boolean;

export interface ApplyResult {
  ok: boolean;
  /** Scopes asked for that this portal's form does not offer (plans differ): named, not dropped silently. */
  unavailable: string[];
  /** Scopes whose box would not take the wanted state. */
  stuck: string[];
}

const settle = () => new Promise<void>((r) => setTimeout(r, 0));

async function waitFor<T>(read: () => T | null, ms: number): Promise<T | null> {
  const end = Date.now() + ms;
  for (;;) {
    const v = read();
    if (v !== null || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
}

const lists = (boxes: ScopeBox[]) => boxes.some((b) => b.scope.includes(':'));

/** The dialog's scope boxes in the view that lists single scopes (switching to it when there is a toggle). */
export async function singleScopeBoxes(dialog: HTMLElement, isScope: IsScope): Promise<ScopeBox[]> {
  const boxes = scopeBoxes(dialog, isScope);
  if (lists(boxes)) return boxes;
  const toggleEl = advancedToggle(dialog);
  if (!toggleEl) return boxes;
  toggleEl.click();
  return (await waitFor(() => {
    const b = scopeBoxes(dialog, isScope);
    return lists(b) ? b : null;
  }, 3000)) ?? scopeBoxes(dialog, isScope);
}

export async function applyScopes(dialog: HTMLElement, wanted: readonly string[], isScope: IsScope): Promise<ApplyResult> {
  const want = new Set(wanted);
  let boxes = await singleScopeBoxes(dialog, isScope);
  for (let pass = 0; pass < 4; pass++) {
    const wrong = boxes.filter((b) => b.checked !== want.has(b.scope));
    if (!wrong.length) break;
    // Untick first, then tick: a portal that locks other boxes while `All` is ticked still follows.
    for (const b of [...wrong.filter((w) => w.checked), ...wrong.filter((w) => !w.checked)]) {
      if (!b.box.isConnected) break; // re-rendered under us: read again next pass
      toggle(b.box);
    }
    await settle();
    boxes = scopeBoxes(dialog, isScope);
  }
  const offered = new Set(boxes.map((b) => b.scope));
  return {
    ok: boxes.length > 0 && boxes.every((b) => b.checked === want.has(b.scope)),
    unavailable: wanted.filter((s) => !offered.has(s)),
    stuck: boxes.filter((b) => b.checked !== want.has(b.scope)).map((b) => b.scope),
  };
}

/** The scopes ticked in the form now. */
export function tickedScopes(dialog: HTMLElement, isScope: IsScope): string[] {
  return scopeBoxes(dialog, isScope)
    .filter((b) => b.checked)
    .map((b) => b.scope);
}
