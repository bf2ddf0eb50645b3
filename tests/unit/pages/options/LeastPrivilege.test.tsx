// @vitest-environment happy-dom
/**
 * The options page's "Least privilege": calls picked by search and found in pasted code give the
 * smallest scope set (the pure computing's, shown in "Scopes needed"), a PAT-only call is named as
 * one an app key can never make, and "Save as preset" sends exactly that set, then links to a bulk
 * job and to the inventory with it. Opened from the portal's panel, it shows what the dialog's
 * ticks allow, and any two sets can be compared.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import browser, { resetBrowser } from '../../../fakes/browser.ts';
import { domRoot } from '../../support/dom-root.ts';
import { LeastPrivilege } from '../../../../src/pages/options/LeastPrivilege.tsx';
import { API_CALLS } from '../../../../src/pure/privilege/calls.ts';
import { leastScopes } from '../../../../src/pure/privilege/least.ts';

const root = domRoot();
const PRESETS = [
  { id: 'builtin:predict', name: 'Predict only', description: '', scopes: ['Predict', 'Models:Get', 'Concepts:Get', 'Apps:Get'], builtIn: true, enables: '' },
  { id: 'user:ingest', name: 'Ingest', description: '', scopes: ['Inputs:Add', 'Inputs:Get'], builtIn: false, enables: '' },
];
let asked: { op: string; [k: string]: unknown }[];
beforeEach(() => {
  resetBrowser();
  asked = [];
  browser.runtime.onMessage.addListener(((m: { op: string; name?: string }) => {
    asked.push(m);
    if (m.op === 'listPresets') return Promise.resolve({ ok: true, value: { sync: false, presets: PRESETS } });
    return Promise.resolve({ ok: true, value: m.op === 'savePreset' ? { id: 'user:p1', name: m.name, description: '', scopes: [], enables: '' } : null });
  }) as never);
});

const type = (el: HTMLInputElement | HTMLTextAreaElement, value: string) =>
  act(() => {
    el.value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
const field = (label: string) =>
  [...root.querySelectorAll('label')].find((l) => l.textContent?.startsWith(label))!.querySelector('input, textarea') as HTMLInputElement;
const button = (name: string) => [...root.querySelectorAll('button')].find((b) => (b.getAttribute('aria-label') ?? b.textContent?.trim()) === name)!;
const click = (el: Element) => act(() => void el.dispatchEvent(new MouseEvent('click', { bubbles: true })));
const needed = () => root.querySelector('[data-testid=scopes-needed]')!.textContent ?? '';

describe('Least privilege', () => {
  it('builds the smallest set from calls searched for and found in code, and saves it as a preset', async () => {
    const saved = vi.fn();
    act(() => render(<LeastPrivilege onSaved={saved} />, root));
    type(field('Calls this key must make'), 'predict');
    click(button('Add Predict on a model (PostModelOutputs)'));
    type(field('Code that calls Clarifai'), 'for c in app.list_concepts():\n    print(c)\nstub.PostInputs(req)');
    click(button('Find calls in code'));
    expect(root.querySelector('[data-testid=scan-result]')!.textContent).toContain('Found 2 calls: ListConcepts (line 1), PostInputs (line 3).');
    const want = leastScopes(['PostModelOutputs', 'ListConcepts', 'PostInputs']).scopes;
    expect(needed()).toContain(want.join(', '));
    type(field('Name of the new preset'), 'Ingest and predict');
    click(button('Save as preset'));
    await vi.waitFor(() => expect(saved).toHaveBeenCalled());
    const req = asked.find((m) => m.op === 'savePreset')!;
    expect(req).toMatchObject({ name: 'Ingest and predict', scopes: want });
  });

  it('names a call an app key can never make, and lists what else the set allows, dangerous first', () => {
    const pat = API_CALLS.find((c) => c.auth === 'PATAuth')!;
    act(() => render(<LeastPrivilege onSaved={() => {}} />, root));
    type(field('Calls this key must make'), pat.rpc);
    click(button(`Add ${pat.phrase} (${pat.rpc})`));
    expect(needed()).toContain(`An app key can never make ${pat.rpc}`);
    type(field('Calls this key must make'), 'DeleteInputs');
    click(button('Add Delete inputs (DeleteInputs)'));
    const items = [...root.querySelectorAll('[data-testid=scopes-needed] li')];
    const dangerous = items.map((li) => li.hasAttribute('data-dangerous'));
    expect(dangerous).toContain(true); // the scopes DeleteInputs needs delete more than inputs
    expect(dangerous).toContain(false);
    expect(dangerous.indexOf(false)).toBeGreaterThan(dangerous.lastIndexOf(true));
    expect(items.find((li) => li.textContent?.startsWith('DeleteInput '))?.hasAttribute('data-dangerous')).toBe(true);
  });
});

const select = (id: string, value: string) =>
  act(() => {
    const el = root.querySelector<HTMLSelectElement>(`#${id}`)!;
    el.value = value;
    el.dispatchEvent(new Event('change', { bubbles: true }));
  });

describe('what a set allows, and two sets compared', () => {
  it('shows the dialog’s ticks with what they allow, opened, and compares them with a preset both ways', async () => {
    const ticks = ['Apps:Get', 'Concepts:Get', 'Inputs:Add', 'Inputs:Get'];
    act(() => render(<LeastPrivilege onSaved={() => {}} ticks={ticks} />, root));
    const region = root.querySelector('[data-testid=dialog-ticks]')!;
    expect(region.getAttribute('aria-label')).toBe('The dialog’s ticked scopes');
    expect(region.textContent).toContain('4 scopes ticked in the portal’s dialog: Apps:Get, Concepts:Get, Inputs:Add, Inputs:Get.');
    expect(region.querySelector('[data-testid=what-it-allows]')?.textContent).toContain('GetInputsAddJob');
    await vi.waitFor(() => expect(root.querySelectorAll('#least-compare-b option')).toHaveLength(2 + PRESETS.length));
    expect(root.querySelector<HTMLSelectElement>('#least-compare-a')!.value).toBe('dialog-ticks');
    select('least-compare-b', 'builtin:predict');
    const result = root.querySelector('[data-testid=compare-result]')!;
    const [onlyTicks, onlyPredict] = [...result.querySelectorAll('section')];
    expect(onlyTicks!.getAttribute('aria-label')).toBe('Only The dialog’s ticked scopes');
    expect(onlyTicks!.textContent).toContain('Scopes: Inputs:Add, Inputs:Get.');
    expect(onlyTicks!.textContent).toContain('GetInputsAddJob');
    expect(onlyTicks!.textContent).not.toContain('PostModelOutputs');
    expect(onlyPredict!.textContent).toContain('Scopes: Predict, Models:Get.');
    expect(onlyPredict!.textContent).toContain('PostModelOutputs');
    select('least-compare-b', 'dialog-ticks');
    expect(root.querySelector('[data-testid=compare-result]')!.textContent).toBe('The two sets are the same.');
  });

  it('after saving, links to a bulk job with the preset and to the inventory to give it to keys', async () => {
    act(() => render(<LeastPrivilege onSaved={() => {}} />, root));
    type(field('Calls this key must make'), 'list concepts');
    click(button('Add List concepts (ListConcepts)'));
    type(field('Name of the new preset'), 'Concept reader');
    click(button('Save as preset'));
    await vi.waitFor(() => expect(root.querySelectorAll('[data-testid=scopes-needed] a')).toHaveLength(2));
    const [job, inventory] = [...root.querySelectorAll<HTMLAnchorElement>('[data-testid=scopes-needed] a')];
    expect(job!.getAttribute('href')).toBe('/src/pages/results/index.html#new=user%3Ap1');
    expect(inventory!.getAttribute('href')).toBe('/src/pages/inventory/index.html#preset=Concept+reader');
  });
});

describe('Explain an error', () => {
  it('explains an insufficient-scopes refusal and adds exactly the missing scopes to a preset of the person’s', async () => {
    resetBrowser(); // this worker also lists and changes presets
    browser.runtime.onMessage.addListener(((m: { op: string; scopes?: string[] }) => {
      asked.push(m);
      if (m.op === 'listPresets')
        return Promise.resolve({
          ok: true,
          value: {
            sync: false,
            presets: [
              { id: 'builtin:x', name: 'Built', description: '', scopes: ['Predict'], builtIn: true, enables: '' },
              { id: 'user:1', name: 'Mine', description: '', scopes: ['Predict'], builtIn: false, enables: '' },
            ],
          },
        });
      if (m.op === 'updatePreset')
        return Promise.resolve({ ok: true, value: { id: 'user:1', name: 'Mine', description: '', scopes: m.scopes, builtIn: false, enables: '' } });
      return undefined;
    }) as never);
    const saved = vi.fn();
    act(() => render(<LeastPrivilege onSaved={saved} />, root));
    type(field('Paste a Clarifai error'), '{"status":{"code":11007,"description":"Insufficient scopes","details":"Missing scopes: Inputs:Get"}}');
    click(button('Explain error'));
    expect(root.querySelector('[data-testid=error-explained]')!.textContent).toContain('add Inputs:Get');
    await vi.waitFor(() => expect(root.querySelectorAll('[data-testid=error-explained] option')).toHaveLength(2)); // the person's own only
    act(() => {
      const select = root.querySelector<HTMLSelectElement>('[data-testid=error-explained] select')!;
      select.value = 'user:1';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    const link = root.querySelector<HTMLAnchorElement>('[data-testid=error-explained] a')!;
    expect(link.textContent).toBe('Add them to a key in the inventory');
    expect(link.getAttribute('href')).toBe('/src/pages/inventory/index.html#add=Inputs%3AGet');
    click(button('Add the scope'));
    await vi.waitFor(() => expect(saved).toHaveBeenCalled());
    const req = asked.find((m) => m.op === 'updatePreset');
    expect(req).toMatchObject({ id: 'user:1' });
    expect([...(req!.scopes as string[])].sort()).toEqual(['Inputs:Get', 'Predict']);
  });

  it('gives a throttled call its own explanation and no scope to add', () => {
    act(() => render(<LeastPrivilege onSaved={() => {}} />, root));
    type(field('Paste a Clarifai error'), '{"status":{"code":11005,"description":"Making too many requests"}}');
    click(button('Explain error'));
    expect(root.querySelector('[data-testid=error-explained]')!.textContent).toContain('scopes will not fix this');
    expect(root.querySelector('[data-testid=error-explained] select')).toBeNull();
  });
});
