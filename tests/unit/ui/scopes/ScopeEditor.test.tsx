// @vitest-environment happy-dom
/**
 * The options page's scope editor, in happy-dom: dependencies ticked as they are needed (and locked
 * while needed), the search box, a whole group at once, and deprecated scopes out of sight unless
 * asked for.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ScopeEditor } from '../../../../src/ui/scopes/ScopeEditor.tsx';
import { neededBy, SCOPE_GROUPS, toggleGroup, toggleScope } from '../../../../src/ui/scopes/scope-selection.ts';
import { EXPOSED_SCOPES } from '../../../../src/pure/scopes/catalogue.ts';
import { describeEndpoints } from '../../../../src/pure/scopes/endpoints.ts';

let root: HTMLElement;
let onChange: ReturnType<typeof vi.fn<(scopes: string[]) => void>>;

function mount(initial: string[] = []) {
  onChange = vi.fn<(scopes: string[]) => void>();
  act(() => render(<ScopeEditor initial={initial} onChange={onChange} />, root));
}

beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

/** The checkbox whose label reads exactly `name` (aria-label or <label for>), or undefined. */
function box(name: string): HTMLInputElement | undefined {
  const byAria = root.querySelector<HTMLInputElement>(`input[aria-label="${name}"]`);
  if (byAria) return byAria;
  const label = [...root.querySelectorAll('label[for]')].find((l) => l.textContent?.trim() === name);
  return label ? (root.querySelector<HTMLInputElement>(`#${CSS.escape(label.getAttribute('for')!)}`) ?? undefined) : undefined;
}
function must(name: string): HTMLInputElement {
  const b = box(name);
  if (!b) throw new Error(`no checkbox “${name}”`);
  return b;
}
const click = (name: string) => act(() => must(name).click());
const note = (name: string) => {
  const id = must(name).getAttribute('aria-describedby');
  return id ? (root.querySelector(`#${CSS.escape(id)}`)?.textContent ?? '') : '';
};
const shownScopes = () => [...root.querySelectorAll('.scope-group li label')].map((l) => l.textContent?.trim() ?? '');
const last = () => onChange.mock.calls.at(-1)?.[0];
const showDeprecated = () =>
  act(() =>
    [...root.querySelectorAll('label')]
      .find((l) => l.textContent?.trim() === 'Show deprecated scopes')!
      .querySelector('input')!
      .click(),
  );
function search(text: string) {
  const input = root.querySelector<HTMLInputElement>('input[type="search"]')!;
  expect(root.querySelector(`label[for="${input.id}"]`)?.textContent).toBe('Search scopes');
  act(() => {
    input.value = text;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

describe('dependency closure as you tick', () => {
  it('ticking Inputs:Delete also ticks Inputs:Add and Inputs:Get, shown as needed by it and locked', () => {
    mount();
    click('Inputs:Delete');
    expect(must('Inputs:Delete').checked).toBe(true);
    for (const dep of ['Inputs:Add', 'Inputs:Get']) {
      expect(must(dep).checked).toBe(true);
      expect(must(dep).disabled).toBe(true);
      expect(note(dep)).toContain('needed by');
      expect(note(dep)).toContain('Inputs:Delete');
    }
    expect(note('Inputs:Add')).toBe('needed by Inputs:Delete');
    expect(note('Inputs:Get')).toBe('needed by Inputs:Add, Inputs:Delete');
    expect(last()).toEqual(['Inputs:Add', 'Inputs:Get', 'Inputs:Delete']);
  });

  it('a needed scope cannot be unticked while the one needing it is ticked', () => {
    mount();
    click('Inputs:Delete');
    click('Inputs:Get'); // disabled: the click does nothing
    expect(must('Inputs:Get').checked).toBe(true);
    expect(last()).toEqual(['Inputs:Add', 'Inputs:Get', 'Inputs:Delete']);
  });

  it('unticking the scope that needed them takes away the dependencies that came only with it', () => {
    mount();
    click('Inputs:Delete');
    click('Inputs:Delete');
    expect(['Inputs:Delete', 'Inputs:Add', 'Inputs:Get'].map((s) => must(s).checked)).toEqual([false, false, false]);
    expect(must('Inputs:Get').disabled).toBe(false);
    expect(note('Inputs:Get')).toBe('');
    expect(last()).toEqual([]);
  });

  it('a dependency the user ticked first stays ticked', () => {
    mount();
    click('Inputs:Add');
    click('Inputs:Delete');
    click('Inputs:Delete');
    expect(must('Inputs:Add').checked).toBe(true);
    expect(must('Inputs:Add').disabled).toBe(false);
    expect(must('Inputs:Get').checked).toBe(true); // still needed by Inputs:Add
    expect(note('Inputs:Get')).toBe('needed by Inputs:Add');
    expect(last()).toEqual(['Inputs:Add', 'Inputs:Get']);
  });

  it('follows the proto across resources: InstalledModuleVersions:Add needs Modules:Get', () => {
    mount();
    showDeprecated(); // both are deprecated since 12.4.5
    click('InstalledModuleVersions:Add');
    expect(must('Modules:Get').checked).toBe(true);
    expect(note('Modules:Get')).toContain('InstalledModuleVersions:Add');
  });

  it('a preset opened for editing starts with its scopes, their dependencies locked', () => {
    mount(['Models:Train', 'Models:Get']);
    expect(must('Models:Train').checked).toBe(true);
    expect(must('Models:Get').disabled).toBe(true);
    expect(onChange).not.toHaveBeenCalled();
  });

  it('says what the selection enables, as it changes', () => {
    mount();
    const line = () => root.querySelector('[data-testid="scope-summary"]')?.textContent ?? '';
    expect(line()).toContain('0 scopes ticked');
    expect(line()).toContain('enables no API endpoint');
    click('Predict');
    click('Apps:Get');
    click('Models:Get');
    expect(line()).toContain('3 scopes ticked');
    expect(line()).toContain(describeEndpoints(['Predict', 'Apps:Get', 'Models:Get']).text);
    expect(line()).toMatch(/enables \d+ endpoints?/);
  });
});

describe('search', () => {
  it('shows only the scopes whose names match, in any case, and hides empty groups', () => {
    mount();
    search('models:');
    const shown = shownScopes();
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.every((s) => s.toLowerCase().includes('models:'))).toBe(true);
    expect(shown).toContain('Models:Train');
    expect(box('Inputs:Add')).toBeUndefined();
    expect(box('All Inputs scopes')).toBeUndefined();
    expect(box('All')).toBeUndefined();
    search('DELETE');
    expect(shownScopes().every((s) => s.endsWith(':Delete'))).toBe(true);
    expect(shownScopes()).toContain('Inputs:Delete');
  });

  it('keeps ticks of scopes it hides, and says when nothing matches', () => {
    mount();
    click('Predict');
    search('zzz');
    expect(shownScopes()).toEqual([]);
    expect(root.textContent).toContain('No scope matches “zzz”.');
    search('');
    expect(must('Predict').checked).toBe(true);
  });
});

describe('a whole group', () => {
  it('single-word scopes come first, then one group per resource', () => {
    mount();
    expect(shownScopes().slice(0, 3)).toEqual(['All', 'Predict', 'Search']);
    expect(box('All Broad scopes')).toBeUndefined(); // no group box for All/Predict/Search
    expect(SCOPE_GROUPS.slice(1).every((g) => g.scopes.every((s) => s.resource === g.resource))).toBe(true);
  });

  it('its checkbox ticks every scope of the group shown, and unticks them again', () => {
    mount();
    const visibleModels = EXPOSED_SCOPES.filter((s) => s.resource === 'Models' && !s.deprecated).map((s) => s.name);
    click('All Models scopes');
    expect(visibleModels.every((s) => must(s).checked)).toBe(true);
    expect(must('All Models scopes').checked).toBe(true);
    expect(last()).toEqual(expect.arrayContaining(visibleModels));
    expect(last()).not.toContain('Models:Patch'); // deprecated, not shown
    click('All Models scopes');
    expect(visibleModels.some((s) => must(s).checked)).toBe(false);
    expect(last()).toEqual([]);
  });

  it('is shown half-ticked when only some of its scopes are', () => {
    mount();
    click('Models:Get');
    const group = must('All Models scopes');
    expect(group.checked).toBe(false);
    expect(group.indeterminate).toBe(true);
  });

  it('acts on the scopes the search shows only', () => {
    mount();
    search('delete');
    click('All Inputs scopes');
    // Inputs:Delete is the only Inputs scope shown; its dependencies come with it.
    expect(last()).toEqual(['Inputs:Add', 'Inputs:Get', 'Inputs:Delete']);
  });

  it('keeps a scope another group needs when the group is unticked', () => {
    mount();
    showDeprecated(); // Modules and InstalledModuleVersions are deprecated since 12.4.5
    click('InstalledModuleVersions:Add');
    click('All Modules scopes');
    click('All Modules scopes');
    expect(must('Modules:Get').checked).toBe(true);
    expect(must('Modules:Add').checked).toBe(false);
  });
});

describe('deprecated scopes', () => {
  it('are hidden by default and shown, marked, when asked for', () => {
    mount();
    expect(box('Inputs:Patch')).toBeUndefined();
    expect(box('Models:Patch')).toBeUndefined();
    const show = [...root.querySelectorAll('label')].find((l) => l.textContent?.trim() === 'Show deprecated scopes')!.querySelector('input')!;
    expect(show.checked).toBe(false);
    act(() => show.click());
    expect(must('Inputs:Patch')).toBeDefined();
    expect(note('Inputs:Patch')).toBe('deprecated');
    click('Models:Patch');
    expect(last()).toEqual(expect.arrayContaining(['Models:Patch', 'Models:Train', 'Models:Add', 'Models:Get']));
  });

  it('stay in view while ticked, so a preset that has one can drop it', () => {
    mount(['Inputs:Patch']);
    expect(must('Inputs:Patch').checked).toBe(true);
    click('Inputs:Patch');
    // The preset's other scopes were part of it: they stay until unticked themselves.
    expect(last()).toEqual(['Inputs:Add', 'Inputs:Get']);
    expect(box('Inputs:Patch')).toBeUndefined();
  });
});

describe('the selection rules, without the UI', () => {
  it('neededBy names the ticked scopes that need each one', () => {
    expect(neededBy(['Inputs:Add', 'Inputs:Get', 'Inputs:Delete']).get('Inputs:Get')).toEqual(['Inputs:Add', 'Inputs:Delete']);
  });
  it('toggleScope and toggleGroup keep what the user chose, not the closure', () => {
    expect(toggleScope([], 'Inputs:Delete')).toEqual(['Inputs:Delete']);
    expect(toggleScope(['Inputs:Delete'], 'Inputs:Get')).toEqual(['Inputs:Delete']);
    expect(toggleGroup(['Inputs:Delete'], ['Inputs:Add', 'Inputs:Get', 'Inputs:Delete'])).toEqual([]);
  });
});
