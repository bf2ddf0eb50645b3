/**
 * Ticking rows of a list, one at a time or as a range: a click with Shift held (or Shift+Space on
 * a checkbox) sets every row between the last one ticked (the anchor) and this one to this row's
 * new state, as a file manager does. Pure; the rows are named by keys of any kind.
 */

/**
 * The selection after toggling row `index` of `order` (the rows as shown). With `extend` and an
 * anchor that is still shown, the whole range takes the toggled row's new state; otherwise the
 * row alone toggles. The caller makes this row the next anchor.
 */
export function toggled<T>(selected: ReadonlySet<T>, order: readonly T[], index: number, anchor: T | null, extend: boolean): Set<T> {
  const row = order[index];
  const next = new Set(selected);
  if (row === undefined) return next;
  const want = !selected.has(row);
  const from = extend && anchor !== null ? order.indexOf(anchor) : -1;
  const [lo, hi] = from >= 0 ? [Math.min(from, index), Math.max(from, index)] : [index, index];
  for (let i = lo; i <= hi; i++) {
    const k = order[i] as T;
    if (want) next.add(k);
    else next.delete(k);
  }
  return next;
}

/** Every shown row ticked (or, when all of them already are, none of them), keeping rows not shown as they were. */
export function toggledAll<T>(selected: ReadonlySet<T>, shown: readonly T[]): Set<T> {
  const next = new Set(selected);
  const all = shown.length > 0 && shown.every((k) => selected.has(k));
  for (const k of shown) {
    if (all) next.delete(k);
    else next.add(k);
  }
  return next;
}
