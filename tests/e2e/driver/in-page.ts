/**
 * Runs inside a Firefox page (bundled by the Firefox driver, firefox/page.ts, and evaluated over WebDriver BiDi): finds
 * elements the way Playwright's locators do, by role and accessible name (dom-accessibility-api, the
 * library behind Testing Library), test id, label, CSS and text, through open shadow roots, so one
 * scenario reads the same in both browsers. Puppeteer's own ARIA selectors do not enter shadow roots
 * over BiDi.
 */
import { computeAccessibleName, getRole, isInaccessible } from 'dom-accessibility-api';

export type Text = string | { source: string; flags: string };
export type Step =
  | { kind: 'role'; role: string; name?: Text; exact?: boolean }
  | { kind: 'testid'; id: string }
  | { kind: 'label'; text: Text; exact?: boolean }
  | { kind: 'css'; selector: string }
  | { kind: 'hasText'; text: Text }
  | { kind: 'has'; steps: Step[] }
  | { kind: 'text'; text: Text; exact?: boolean }
  | { kind: 'nth'; index: number };

const normalise = (s: string) => s.replace(/\s+/g, ' ').trim();

function matches(value: string, want: Text, exact = false): boolean {
  const v = normalise(value);
  if (typeof want !== 'string') return new RegExp(want.source, want.flags).test(v);
  return exact ? v === normalise(want) : v.toLowerCase().includes(normalise(want).toLowerCase());
}

/** Every element under `scope` (not `scope` itself), entering open shadow roots, in document order. */
function descendants(scope: ParentNode): Element[] {
  const out: Element[] = [];
  const walk = (node: ParentNode) => {
    for (const el of node.children) {
      out.push(el);
      if (el.shadowRoot) walk(el.shadowRoot);
      walk(el);
    }
  };
  if (scope instanceof Element && scope.shadowRoot) walk(scope.shadowRoot);
  walk(scope);
  return out;
}

/**
 * Out of the accessibility tree, as Playwright's role queries see it: inaccessible itself (display,
 * visibility, aria-hidden, hidden) or below a hidden shadow host, which isInaccessible does not cross.
 */
function hidden(el: Element): boolean {
  // isInaccessible walks the element's ancestors up to its tree's root; then on from the shadow host.
  for (let n: Element | null = el; n; n = (n.getRootNode() as Partial<ShadowRoot>).host ?? null) {
    if (isInaccessible(n)) return true;
  }
  return false;
}

const isLabelled = (el: Element) => el.matches('input, select, textarea, [aria-label], [aria-labelledby]') || (el as HTMLElement).isContentEditable;

function step(scopes: Element[] | [Document], s: Step): Element[] {
  if (s.kind === 'nth') {
    const one = scopes.at(s.index);
    return one && one instanceof Element ? [one] : [];
  }
  if (s.kind === 'hasText') return (scopes as Element[]).filter((el) => matches(el.textContent ?? '', s.text));
  if (s.kind === 'has') return (scopes as Element[]).filter((el) => run(s.steps, [el]).length > 0);
  const found = new Set<Element>();
  for (const scope of scopes) {
    for (const el of descendants(scope)) {
      let ok = false;
      if (s.kind === 'css') ok = el.matches(s.selector);
      else if (s.kind === 'text')
        // The innermost elements holding the text, as Playwright's getByText (never <head>'s or scripts').
        ok =
          !el.closest('head, script, style, template, noscript') &&
          matches(el.textContent ?? '', s.text, s.exact) &&
          ![...el.children].some((c) => matches(c.textContent ?? '', s.text, s.exact));
      else if (s.kind === 'testid') ok = el.getAttribute('data-testid') === s.id;
      else if (s.kind === 'label') ok = isLabelled(el) && !hidden(el) && matches(computeAccessibleName(el), s.text, s.exact);
      else if (s.kind === 'role') ok = getRole(el) === s.role && !hidden(el) && (s.name === undefined || matches(computeAccessibleName(el), s.name, s.exact));
      if (ok) found.add(el);
    }
  }
  return [...found];
}

function run(steps: Step[], from: Element[] | [Document]): Element[] {
  let current = from;
  for (const s of steps) current = step(current, s);
  return current as Element[];
}

export function queryAll(steps: Step[]): Element[] {
  return run(steps, [document]);
}

declare global {
  interface Window {
    /** queryAll, once this script has run in the document (the Firefox driver injects it where it is missing). */
    __ksQuery?: typeof queryAll;
  }
}

window.__ksQuery = queryAll;
