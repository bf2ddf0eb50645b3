/**
 * Applies a set of scopes to the portal's own form with real clicks, and reads the form back.
 *
 * Real dialogs differ (docs/portal.md): the list may be re-rendered whole after every click, sorted
 * by the person, split into collapsed sections whose boxes exist only while open, or shown in a view
 * that lists groups rather than single scopes. So this module:
 * - switches to the view that lists single scopes, whatever view the person left open;
 * - finds the boxes again after every click that replaced them, and keeps going until the form
 *   matches or nothing moves any more (bounded, so it never spins);
 * - opens each collapsed section, sets its boxes, and puts every section back as the person left it;
 * - never clicks a group box or a "Select all" control;
 * - answers what the form holds afterwards, as read from the form, with what did not work;
 * - stops where it is when the dialog's signal aborts (./lifetime.ts): no click, timer or observer
 *   of its own runs on, and the answer never comes.
 */
import { EXPOSED_SCOPE_NAMES } from '../pure/scopes/graph.ts';
import {
  advancedToggle,
  checkboxesIn,
  findSection,
  isChecked,
  isDisabled,
  isExpanded,
  readDialog,
  sectionToggles,
  toggle,
  vocabulary,
  type DialogReading,
  type ScopeBox,
  type Vocabulary,
} from './portal-dom/index.ts';
import { microtask, settle, until, waitFor } from './lifetime.ts';

/** Every exposed scope, deprecated ones too: a portal may still show them. */
export const PORTAL_VOCABULARY: Vocabulary = vocabulary(EXPOSED_SCOPE_NAMES);

export interface ApplyResult {
  /** The form holds exactly the wanted scopes, as read back. */
  ok: boolean;
  /** The scopes ticked in the form afterwards, as read back (every section, also collapsed ones). */
  ticked: string[];
  /** Scopes asked for that this portal's form does not offer (plans and deprecations differ). */
  unavailable: string[];
  /** Scopes whose box would not take the wanted state. */
  stuck: string[];
  /** Labels of boxes that name no scope Keysmith knows: left as they were. */
  unknown: string[];
  /** Every scope the form offers and whether it is ticked, as read back. */
  states: ReadonlyMap<string, boolean>;
}

const listsSingles = (boxes: readonly ScopeBox[]) => boxes.some((b) => b.scope.includes(':'));

/** Switches to the view that lists single scopes when the open view does not (2019 BASIC, a Basic tab). */
async function toSingleView(dialog: HTMLElement, vocab: Vocabulary, signal?: AbortSignal): Promise<void> {
  if (listsSingles(readDialog(dialog, vocab).boxes)) return;
  const toggleEl = advancedToggle(dialog);
  if (!toggleEl) return;
  toggleEl.click();
  await waitFor(() => (listsSingles(readDialog(dialog, vocab).boxes) ? true : null), 3000, signal);
}

/** Waits for a section just opened to show its boxes (a microtask for React, longer for animations). */
async function sectionShown(dialog: HTMLElement, before: number, signal?: AbortSignal): Promise<void> {
  await microtask(signal);
  if (checkboxesIn(dialog).length !== before) return;
  await settle(signal);
  if (checkboxesIn(dialog).length !== before) return;
  await waitFor(() => (checkboxesIn(dialog).length !== before ? true : null), 400, signal);
}

/** How long a clicked box may take to show its new state before it may be clicked again. */
const REFLECT_MS = 300;

/** Upper bounds: clicks per scope before it counts as stuck, and clicks in all. */
const CLICKS_PER_SCOPE = 3;
const MAX_CLICKS = 1000;
const MAX_SECTIONS = 200;

class Walk {
  /** Each scope's state as last seen (a collapsed section's boxes are gone but keep their state). */
  readonly seen = new Map<string, boolean>();
  readonly unknown = new Set<string>();
  private readonly clicks = new Map<string, number>();
  private total = 0;

  constructor(
    private readonly dialog: HTMLElement,
    private readonly vocab: Vocabulary,
    private readonly want: ReadonlySet<string> | null,
    private readonly signal?: AbortSignal,
  ) {}

  /**
   * A real click, never once the dialog's signal has aborted; every wait after one then never ends
   * (./lifetime.ts), so the walk stops there.
   */
  private click(el: HTMLElement): void {
    if (!this.signal?.aborted) toggle(el);
  }

  private read(): DialogReading {
    const r = readDialog(this.dialog, this.vocab);
    for (const b of r.boxes) this.seen.set(b.scope, b.checked);
    for (const u of r.unknown) this.unknown.add(u);
    return r;
  }

  private wrong(b: ScopeBox): boolean {
    return this.want !== null && isChecked(b.box) !== this.want.has(b.scope);
  }

  /** Sets the visible boxes, reading the list again whenever a click replaced it. */
  async fixVisible(): Promise<void> {
    let clicked = new Set<string>();
    for (let round = 0; round < 100; round++) {
      // Before any box is clicked again, every box clicked in the last pass shows its new state, or
      // has had time to. One reading serves both that check and the next pass (on a portal that
      // replaces every box after each click, a pass is one click, and reading is most of the cost).
      let r = this.read();
      if (!this.reflected(r, clicked)) await until(this.dialog, () => this.reflected((r = this.read()), clicked), REFLECT_MS, this.signal);
      clicked = new Set<string>();
      const todo = r.boxes.filter((b) => this.wrong(b) && !isDisabled(b.box) && (this.clicks.get(b.scope) ?? 0) < CLICKS_PER_SCOPE);
      if (!todo.length || this.total >= MAX_CLICKS) return;
      // Untick first, then tick: a portal that locks other boxes while `All` is ticked still follows.
      todo.sort((a, b) => Number(a.checked === false) - Number(b.checked === false));
      for (const b of todo) {
        if (!b.box.isConnected) break; // replaced since the list was read: read it again
        if (!this.wrong(b)) continue; // another box of the same scope already set it
        this.clicks.set(b.scope, (this.clicks.get(b.scope) ?? 0) + 1);
        this.total++;
        clicked.add(b.scope);
        this.click(b.box);
        // Replaced during the click: the portal rendered synchronously, read the list again now.
        // Otherwise give a portal that renders in a microtask (React 18) its turn first.
        if (b.box.isConnected) await microtask(this.signal);
        if (!b.box.isConnected) break;
      }
    }
  }

  /** Whether each of `scopes` shows the wanted state in the dialog now. */
  private reflected(r: DialogReading, scopes: ReadonlySet<string>): boolean {
    if (!scopes.size || this.want === null) return true;
    const now = new Map(r.boxes.map((b) => [b.scope, b.checked]));
    for (const s of scopes) if (now.has(s) && now.get(s) !== this.want.has(s)) return false;
    return true;
  }

  /** Visits every section: opens each collapsed one in turn, then puts them all back. */
  async run(sections = true): Promise<void> {
    await toSingleView(this.dialog, this.vocab, this.signal);
    const openAtStart = new Set(sectionToggles(this.dialog, true).map((t) => t.id));
    const visited = new Set<string>(openAtStart);
    const openedByUs: string[] = [];
    await this.fixVisible();
    // Bounded by the sections there were at the start (a few more may appear inside them).
    const bound = sections ? Math.min(MAX_SECTIONS, sectionToggles(this.dialog, false).length + 10) : 0;
    for (let i = 0; i < bound; i++) {
      const next = sectionToggles(this.dialog, false).find((t) => !visited.has(t.id));
      if (!next) break;
      visited.add(next.id);
      const before = checkboxesIn(this.dialog).length;
      this.click(next.el);
      openedByUs.push(next.id);
      await sectionShown(this.dialog, before, this.signal);
      await this.fixVisible();
    }
    // Let the portal's own timers run, then look once more: a box that snapped back shows it now.
    await settle(this.signal);
    await this.fixVisible();
    for (const id of openedByUs) {
      const el = findSection(this.dialog, id);
      if (el && isExpanded(el)) {
        this.click(el);
        await microtask(this.signal);
      }
    }
    // An accordion that keeps one section open closed the person's own when we opened another.
    for (const id of openAtStart) {
      const el = findSection(this.dialog, id);
      if (el && !isExpanded(el)) {
        this.click(el);
        await microtask(this.signal);
      }
    }
  }

  ticked(): string[] {
    return [...this.seen].filter(([, on]) => on).map(([s]) => s);
  }
}

/** Ticks exactly `wanted` in the dialog's form, and says what the form holds afterwards. */
export async function applyScopes(
  dialog: HTMLElement,
  wanted: readonly string[],
  vocab: Vocabulary = PORTAL_VOCABULARY,
  signal?: AbortSignal,
): Promise<ApplyResult> {
  const want = new Set(wanted);
  const walk = new Walk(dialog, vocab, want, signal);
  await walk.run();
  const offered = new Set(walk.seen.keys());
  const unavailable = wanted.filter((s) => !offered.has(s));
  const stuck = [...walk.seen].filter(([s, on]) => on !== want.has(s)).map(([s]) => s);
  return {
    ok: offered.size > 0 && !unavailable.length && !stuck.length,
    ticked: walk.ticked(),
    unavailable,
    stuck,
    unknown: [...walk.unknown],
    states: walk.seen,
  };
}

/**
 * The scopes of the form and whether they are ticked, in the view that lists single scopes. Sections
 * the person has not opened are left closed: this runs when an edit dialog opens, unasked.
 */
export async function surveyScopes(dialog: HTMLElement, vocab: Vocabulary = PORTAL_VOCABULARY, signal?: AbortSignal): Promise<Map<string, boolean>> {
  const walk = new Walk(dialog, vocab, null, signal);
  await walk.run(false);
  return walk.seen;
}

/** The scopes ticked among the boxes shown now. */
export function tickedScopes(dialog: HTMLElement, vocab: Vocabulary = PORTAL_VOCABULARY): string[] {
  return readDialog(dialog, vocab)
    .boxes.filter((b) => b.checked)
    .map((b) => b.scope);
}

/**
 * What the form holds, as far as Keysmith has seen it: the boxes shown now, and for scopes whose
 * boxes are hidden (a collapsed section, the other tab) their state when last seen.
 */
export class FormMemory {
  private readonly seen = new Map<string, boolean>();

  constructor(
    private readonly dialog: HTMLElement,
    private readonly vocab: Vocabulary = PORTAL_VOCABULARY,
  ) {}

  /** Reads the boxes shown now; answers the ticked scopes. */
  refresh(): string[] {
    for (const b of readDialog(this.dialog, this.vocab).boxes) this.seen.set(b.scope, b.checked);
    return this.ticked();
  }

  learn(states: ReadonlyMap<string, boolean>): void {
    for (const [s, on] of states) this.seen.set(s, on);
  }

  ticked(): string[] {
    return [...this.seen].filter(([, on]) => on).map(([s]) => s);
  }
}
