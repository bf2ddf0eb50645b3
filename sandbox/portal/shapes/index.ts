/**
 * The dialog shapes: `?shape=NAME` on a today's-era page (clarifai.com) renders both the create-key and
 * the edit-key dialog the way a common React component library would build them (issue 11). Each shape is
 * its own component with its own markup in this folder; today/pages.tsx (LazyKeyDialog) picks one.
 * Without `shape` the default dialog (today/KeyDialog.tsx, and its `?variant=switches` redesign) is shown;
 * the 2019 modal (portal.clarifai.com or `?era=2019`) ignores `shape`.
 *
 * Every shape keeps React's semantics (shared/react-like.ts): click-only boxes, the value tracker on the
 * description, discrete renders, detached nodes dead, a periodic re-render that snaps back a box changed
 * without a click; Escape, Cancel and Close close it; submit sends the form's state (shared/key-form.ts)
 * as PostKeys (create) or PatchKeys (edit); `?plan=community` hides that plan's scopes; the form's state is
 * on `window.__sandboxKeyForm` (see sandbox/README.md).
 *
 * Below, per shape, what a person may do between two presets (the e2e tests act it out).
 */
export const DIALOG_SHAPES = [
  /**
   * Material UI (MuiKeyDialog.tsx): FormControlLabel rows whose label is a title and a caption with no
   * white space between them ("Inputs:AddAdd Inputs to an App"). Between presets: untick or tick a box
   * by hand, or just Tab around (the focus trap keeps focus inside).
   */
  'mui',
  /**
   * Ant Design (HumanKeyDialog.tsx): human text only ("Read Inputs"), the scope string nowhere but in the
   * `value` of a few boxes (human-labels.ts). Between presets: untick or tick a box by hand.
   */
  'human',
  /**
   * Chakra-like accordion (AccordionKeyDialog.tsx): one collapsed section per resource, its boxes in the
   * DOM only while expanded. Between presets: collapse a section Keysmith expanded, or expand another.
   */
  'accordion',
  /**
   * Mantine-like list (RerenderKeyDialog.tsx) re-created whole after every change, scopes arriving late.
   * Between presets: change "Sort scopes" (A to Z, Z to A, Ticked first).
   */
  'rerender',
  /**
   * react-bootstrap tabs (TabsKeyDialog.tsx) "Basic scopes" / "Advanced scopes". Between presets: click
   * "Basic scopes" (so the next preset starts on the view without single scopes).
   */
  'tabs',
  /**
   * Radix UI (AriaKeyDialog.tsx): `<button role="checkbox">`, no native input. Between presets: untick
   * or tick a box by hand.
   */
  'aria',
] as const;

export type DialogShape = (typeof DIALOG_SHAPES)[number];

export function isDialogShape(name: string): name is DialogShape {
  return (DIALOG_SHAPES as readonly string[]).includes(name);
}

/** The page's `?shape=`, or null for the default dialog (unknown names too). */
export function shapeOf(search: string): DialogShape | null {
  const q = new URLSearchParams(search).get('shape');
  return q !== null && isDialogShape(q) ? q : null;
}
