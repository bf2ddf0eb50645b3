/**
 * Everything Keysmith knows about the Clarifai portal's DOM, in one module: this folder. This file
 * is its one public entry; the rest of src/untrusted/ imports from here only, never from the files
 * beside it, so that the portal's markup stays known in one place.
 *
 * Nothing public describes today's markup, and the portal is a React app whose class names change
 * with every build and whose component library may change with a redesign, so nothing here uses
 * class names. Dialogs are found by role and heading text; scope checkboxes by what they say: the
 * scope string at the start of their label as it is rendered (title and caption may be separate
 * elements with no space between them), a scope string in the box's own attributes, or a known human
 * wording ("Read Inputs"). Group boxes, "Select all" controls and boxes that name no known scope are
 * never clicked. Old and new variants stand side by side, each with a comment saying where it is
 * seen. Background: docs/portal.md.
 *
 * - dialogs.ts: the key dialogs by role and heading, and where the panel goes;
 * - labels.ts: label text as it is rendered, and the checkboxes;
 * - wordings.ts: human wordings of scopes, and the vocabulary;
 * - boxes.ts: which scope a box stands for, its state, ticking it;
 * - sections.ts: the view of single scopes, collapsed sections;
 * - outline.ts: the sanitized outline for a bug report;
 * - theme.ts: whether the dialog is drawn dark.
 */
export { checkboxesIn, checkboxLabel, labelSegments, norm, textSegments } from './labels.ts';
export { humanWordings, normWording, vocabulary, type Vocabulary } from './wordings.ts';
export {
  isChecked,
  isDisabled,
  readBox,
  readDialog,
  scopeAtStart,
  scopeBoxes,
  scopeOfLabel,
  toggle,
  type BoxReading,
  type DialogReading,
  type ScopeBox,
} from './boxes.ts';
export {
  classifyHeading,
  dialogHeading,
  findKeyDialogs,
  inDialog,
  looksLikeKeyDialog,
  mayHoldDialog,
  mountPoint,
  type DialogKind,
  type KeyDialog,
} from './dialogs.ts';
export { advancedToggle, findSection, isExpanded, sectionToggles, type SectionToggle } from './sections.ts';
export { dialogOutline, redact } from './outline.ts';
export { looksDark } from './theme.ts';
