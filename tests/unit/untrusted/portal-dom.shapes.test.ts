// @vitest-environment happy-dom
/**
 * The portal module against every dialog shape of the fake portal (`?shape=`: dialogs built the way
 * MUI, Ant Design, Chakra, Mantine, react-bootstrap and Radix build them). Every built-in preset is
 * applied after another one (so unticking is tested too), with what a person does between two presets
 * (collapse a section, re-sort, go back to the Basic tab), and judged by the page's own form state
 * (`window.__sandboxKeyForm`, component state), never by the DOM. The same runs end to end in
 * tests/e2e/presets-shapes.test.ts.
 */
import { h, render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BUILTIN_PRESETS } from '../../../src/pure/presets/builtins.ts';
import { applyScopes, PORTAL_VOCABULARY } from '../../../src/untrusted/apply.ts';
import { findKeyDialogs, readDialog, sectionToggles } from '../../../src/untrusted/portal-dom/index.ts';
import { App } from '../../../sandbox/portal/app.tsx';
import type { PortalKey } from '../../../sandbox/portal/client.ts';
import { DIALOG_SHAPES } from '../../../sandbox/portal/shapes/index.ts';

const USER = 'demo-user';
const EDITED: PortalKey = {
  id: 'b'.repeat(32),
  description: 'Production predict',
  scopes: ['Predict', 'Models:Get'],
  apps: [{ id: 'app-001', user_id: USER }],
};
let root: HTMLElement;

const ok = (extra: object) => new Response(JSON.stringify({ status: { code: 10000 }, ...extra }), { status: 200 });
async function fetchImpl(_url: string, init: RequestInit): Promise<Response> {
  if ((init.method ?? 'GET') === 'GET') return ok({ keys: [EDITED] });
  return ok({ keys: [] });
}

beforeEach(() => {
  root = document.createElement('div');
  document.body.appendChild(root);
});
afterEach(() => {
  render(null, root);
  document.body.innerHTML = '';
});

const pageState = () => [...(window.__sandboxKeyForm?.scopes ?? [])].sort();

function pageButton(name: string): HTMLButtonElement {
  const b = [...document.querySelectorAll('button')].find((x) => (x.getAttribute('aria-label') ?? x.textContent?.trim()) === name);
  if (!b) throw new Error(`no button ${name}`);
  return b;
}

async function openDialog(shape: string, kind: 'create' | 'edit'): Promise<HTMLElement> {
  window.history.pushState(null, '', `/${USER}/app-001/settings?shape=${shape}`);
  render(h(App, { session: { token: 't', userId: USER }, fetchImpl, dialogDelay: () => 0 }), root);
  const open = await vi.waitFor(() => pageButton(kind === 'create' ? 'Create API Key' : `Edit key ${EDITED.description}`));
  open.click();
  return vi.waitFor(
    () => {
      const d = findKeyDialogs(document)[0];
      // Scopes may arrive late (the re-rendering shape shows a loader first).
      if (!d || !d.root.querySelector('input[type="checkbox"], [role="checkbox"]') || d.root.textContent?.includes('Loading scopes'))
        throw new Error('no dialog yet');
      if (!window.__sandboxKeyForm) throw new Error('no form state yet');
      return d.root;
    },
    { timeout: 3000 },
  );
}

/** What a person does between two presets, per shape (shapes/index.ts says which). */
function personActs(shape: string, dialog: HTMLElement, round: number): void {
  if (shape === 'accordion') {
    // Open a section, so Keysmith must leave it open, and collapse it again next round.
    const toggles = sectionToggles(dialog, round % 2 === 0);
    toggles[round % Math.max(1, toggles.length)]?.el.click();
  } else if (shape === 'rerender') {
    const select = [...dialog.querySelectorAll('select')].find((s) => s.labels?.[0]?.textContent?.trim() === 'Sort scopes');
    if (!select) throw new Error('no sort select');
    select.value = ['az', 'za', 'ticked'][round % 3]!;
    select.dispatchEvent(new Event('change', { bubbles: true }));
  } else if (shape === 'tabs') {
    const basic = [...dialog.querySelectorAll<HTMLElement>('[role="tab"]')].find((t) => t.textContent?.trim() === 'Basic scopes');
    if (!basic) throw new Error('no Basic tab');
    basic.click();
  } else {
    // Tick or untick one box by hand.
    readDialog(dialog, PORTAL_VOCABULARY).boxes[round % 3]?.box.click();
  }
}

describe.each(DIALOG_SHAPES)('the %s dialog shape', (shape) => {
  it.each(['create', 'edit'] as const)(
    '%s: every built-in preset, each after another, lands exactly in the page’s own state',
    async (kind) => {
      const dialog = await openDialog(shape, kind);
      if (kind === 'edit') expect(pageState()).toEqual([...EDITED.scopes].sort());
      // The first preset again at the end, so that every preset follows another and is unticked by the
      // next. happy-dom re-renders the re-rendering shape's whole list in ~50 ms a click (a browser in
      // ~2 ms): there the small presets only; the end-to-end test runs them all in real browsers.
      const small = BUILTIN_PRESETS.filter((p) => p.scopes.length <= 12);
      const order = shape === 'rerender' ? [...small, small[0]!] : [...BUILTIN_PRESETS, BUILTIN_PRESETS[0]!];
      for (const [round, preset] of order.entries()) {
        const openBefore = sectionToggles(dialog, true)
          .map((t) => t.id)
          .sort();
        const r = await applyScopes(dialog, preset.scopes);
        expect({ preset: preset.name, state: pageState() }).toEqual({ preset: preset.name, state: [...preset.scopes].sort() });
        expect(r).toMatchObject({ ok: true, unavailable: [], stuck: [], unknown: [] });
        expect(r.ticked.sort()).toEqual([...preset.scopes].sort());
        // Sections are as the person left them.
        expect(
          sectionToggles(dialog, true)
            .map((t) => t.id)
            .sort(),
        ).toEqual(openBefore);
        personActs(shape, dialog, round);
        await new Promise((res) => setTimeout(res, 0));
      }
    },
    40_000,
  );
});

describe('group boxes and Select all', () => {
  it('are never clicked as if they were scopes (the accordion shape)', async () => {
    const dialog = await openDialog('accordion', 'create');
    const clicked: string[] = [];
    dialog.addEventListener(
      'click',
      (e) => {
        const t = e.target as HTMLElement;
        const name = t.getAttribute('aria-label') ?? t.closest('label')?.textContent ?? '';
        if (/all scopes|select all/i.test(name)) clicked.push(name);
      },
      true,
    );
    await applyScopes(dialog, BUILTIN_PRESETS.find((p) => p.name === 'Read only')!.scopes);
    expect(clicked).toEqual([]);
  });
});

describe('a portal that does not offer a scope', () => {
  it('names what it does not offer and says the key would differ', async () => {
    window.history.pushState(null, '', `/${USER}/app-001/settings?shape=mui&plan=community`);
    render(h(App, { session: { token: 't', userId: USER }, fetchImpl, dialogDelay: () => 0 }), root);
    (await vi.waitFor(() => pageButton('Create API Key'))).click();
    const dialog = await vi.waitFor(() => {
      const d = findKeyDialogs(document)[0];
      if (!d || !window.__sandboxKeyForm) throw new Error('no dialog');
      return d.root;
    });
    const r = await applyScopes(dialog, ['Models:Get', 'Models:Pull']);
    expect(r.ok).toBe(false);
    expect(r.unavailable).toEqual(['Models:Pull']);
    expect(pageState()).toEqual(['Models:Get']);
  });
});
