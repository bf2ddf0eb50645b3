/**
 * A sanitized outline of a dialog for a bug report. Part of the portal module: import it through
 * ./index.ts.
 */
import { redactSecrets } from '../../pure/redact-text.ts';
import { isChecked, isDisabled, readBox } from './boxes.ts';
import { dialogHeading } from './dialogs.ts';
import { checkboxesIn, checkboxLabel, labelledByText, norm, textSegments } from './labels.ts';
import { sectionToggles } from './sections.ts';
import type { Vocabulary } from './wordings.ts';

/** Text as it may appear in an outline: no key- or token-like strings, bounded length. */
export function redact(text: string): string {
  const t = redactSecrets(norm(text));
  return t.length > 80 ? `${t.slice(0, 79)}…` : t;
}

const OUTLINE_ROLES = new Set([
  'dialog',
  'alertdialog',
  'heading',
  'button',
  'tab',
  'tablist',
  'tabpanel',
  'checkbox',
  'switch',
  'radio',
  'textbox',
  'combobox',
  'group',
  'region',
  'list',
  'link',
  'menuitem',
  'option',
  'listbox',
  'searchbox',
]);

function roleOf(el: Element): string | null {
  const explicit = el.getAttribute('role');
  if (explicit) return explicit.split(/\s+/)[0]!;
  switch (el.localName) {
    case 'button':
    case 'summary':
      return 'button';
    case 'a':
      return el.hasAttribute('href') ? 'link' : null;
    case 'h1':
    case 'h2':
    case 'h3':
    case 'h4':
    case 'h5':
    case 'h6':
      return 'heading';
    case 'fieldset':
    case 'details':
      return 'group';
    case 'select':
      return 'combobox';
    case 'textarea':
      return 'textbox';
    case 'dialog':
      return 'dialog';
    case 'input': {
      const type = (el as HTMLInputElement).type;
      if (type === 'checkbox') return 'checkbox';
      if (type === 'radio') return 'radio';
      if (type === 'hidden') return null;
      if (type === 'button' || type === 'submit') return 'button';
      return 'textbox';
    }
    default:
      return null;
  }
}

function nameOf(el: HTMLElement, role: string): string {
  if (role === 'checkbox' || role === 'switch' || role === 'radio') return checkboxLabel(el);
  const byIds = labelledByText(el);
  if (byIds) return byIds;
  const aria = norm(el.getAttribute('aria-label'));
  if (aria) return aria;
  if (role === 'textbox' || role === 'combobox' || role === 'searchbox') {
    const id = el.id;
    // Pieces of text only: a label that wraps its field would otherwise bring the field's value along
    // (React renders a textarea's value as its text).
    const forLabel = id ? el.ownerDocument.querySelector(`label[for="${CSS.escape(id)}"]`) : null;
    const label = forLabel ?? el.closest('label');
    return label ? textSegments(label).join(' ') : norm(el.getAttribute('placeholder'));
  }
  if (role === 'group') {
    const legend = el.querySelector(':scope > legend, :scope > summary');
    return norm(legend?.textContent);
  }
  if (role === 'dialog' || role === 'alertdialog') return dialogHeading(el);
  if (role === 'tabpanel' || role === 'list' || role === 'tablist' || role === 'region' || role === 'listbox') return '';
  return textSegments(el).join(' ');
}

const MAX_OUTLINE_LINES = 400;

/**
 * A sanitized outline of a dialog, for a bug report when Keysmith could not attach or apply: roles,
 * headings, button names, checkbox labels with their checked state and what Keysmith reads them as,
 * groups and counts. Never an input's value, never text that looks like a key or a token, never the
 * page's address (only its host).
 */
export function dialogOutline(root: HTMLElement, vocab: Vocabulary, host: string): string {
  const lines: string[] = [];
  let omitted = 0;
  const all = checkboxesIn(root);
  const ticked = all.filter(isChecked).length;
  lines.push(`Keysmith dialog outline (v1), host ${redact(host)}`);
  lines.push(
    `checkboxes: ${all.length} (${ticked} checked), switches: ${root.querySelectorAll('[role="switch"]').length}, collapsed sections: ${sectionToggles(root, false).length}`,
  );
  const visit = (el: Element, depth: number): void => {
    if (el.getAttribute('aria-hidden') === 'true' || el.localName === 'svg' || el.localName === 'script' || el.localName === 'style') return;
    if (el instanceof HTMLElement && el.hasAttribute('data-keysmith')) return; // Keysmith's own panel
    const role = roleOf(el);
    let next = depth;
    if (role && OUTLINE_ROLES.has(role) && el instanceof HTMLElement) {
      if (lines.length >= MAX_OUTLINE_LINES) omitted++;
      else lines.push(`${'  '.repeat(depth)}${outlineLine(el, role, vocab)}`);
      next = depth + 1;
    }
    for (const c of el.children) visit(c, next);
  };
  visit(root, 0);
  if (omitted) lines.push(`… ${omitted} more elements`);
  return lines.join('\n');
}

function outlineLine(el: HTMLElement, role: string, vocab: Vocabulary): string {
  const name = redact(nameOf(el, role));
  const states: string[] = [];
  if (role === 'checkbox' || role === 'switch' || role === 'radio') {
    states.push(isChecked(el) ? 'checked' : 'unchecked');
    if ((el as HTMLInputElement).indeterminate || el.getAttribute('aria-checked') === 'mixed') states.push('mixed');
    if (isDisabled(el)) states.push('disabled');
    if (role === 'checkbox') {
      const r = readBox(el, vocab);
      states.push(r.kind === 'scope' ? `reads as ${r.scope}` : r.kind === 'control' ? 'reads as a group control' : 'names no known scope');
    }
  } else if (role === 'textbox' || role === 'combobox' || role === 'searchbox') {
    states.push('value not copied');
  }
  if (el.hasAttribute('aria-expanded')) states.push(`expanded=${el.getAttribute('aria-expanded')}`);
  if (el.getAttribute('aria-selected') === 'true') states.push('selected');
  if (el.localName === 'input' && role === 'checkbox') states.push('native');
  if (role === 'heading') states.push(`level ${el.getAttribute('aria-level') ?? el.localName.slice(1)}`);
  if (role === 'group' || role === 'tabpanel' || role === 'list' || role === 'region') {
    const boxes = checkboxesIn(el);
    if (boxes.length) states.push(`${boxes.length} checkboxes, ${boxes.filter(isChecked).length} checked`);
  }
  return `${role}${name ? ` "${name}"` : ''}${states.length ? ` [${states.join(', ')}]` : ''}`;
}
