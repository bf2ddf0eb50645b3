// @vitest-environment happy-dom
/**
 * The portal module against the fake portal's markup (both eras), rendered by the fake portal's own
 * components: dialogs found by role and heading, scope checkboxes by label text, presets applied
 * with real clicks so the portal's state (what it would submit) follows.
 */
import { h, render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { applyScopes, PORTAL_VOCABULARY as V, surveyScopes, tickedScopes } from '../../../src/untrusted/apply.ts';
import {
  classifyHeading,
  dialogOutline,
  findKeyDialogs,
  humanWordings,
  mountPoint,
  readBox,
  scopeBoxes,
  scopeOfLabel,
  vocabulary,
} from '../../../src/untrusted/portal-dom/index.ts';
import { HUMAN_LABELS } from '../../../sandbox/portal/shapes/human-labels.ts';
import { BUILTIN_PRESETS } from '../../../src/pure/presets/builtins.ts';
import { EXPOSED_SCOPES, isExposed } from '../../../src/pure/scopes/catalogue.ts';
import { App } from '../../../sandbox/portal/app.tsx';

const USER = 'demo-user';
let root: HTMLElement;
let posted: { scopes: string[] }[] = [];

const ok = (extra: object) => new Response(JSON.stringify({ status: { code: 10000 }, ...extra }), { status: 200 });
async function fetchImpl(url: string, init: RequestInit): Promise<Response> {
  if ((init.method ?? 'GET') === 'POST') {
    const key = (JSON.parse(String(init.body)) as { keys: { scopes: string[] }[] }).keys[0]!;
    posted.push(key);
    return ok({ keys: [{ id: 'f'.repeat(32), ...key }] });
  }
  return ok({ keys: [] });
}

function mount(path: string) {
  window.history.pushState(null, '', path);
  render(h(App, { session: { token: 't', userId: USER }, fetchImpl, dialogDelay: () => 0 }), root);
}

async function openCreate(): Promise<HTMLElement> {
  const button = await vi.waitFor(() => {
    const b = [...document.querySelectorAll('button')].find((x) => x.textContent?.trim() === 'Create API Key');
    if (!b) throw new Error('no button');
    return b;
  });
  button.click();
  return vi.waitFor(() => {
    const d = findKeyDialogs(document)[0];
    if (!d || !scopeBoxes(d.root, V).length) throw new Error('no dialog');
    return d.root;
  });
}

function submit(dialog: HTMLElement, name: RegExp) {
  [...dialog.querySelectorAll('button')].find((b) => name.test(b.textContent?.trim() ?? ''))!.click();
}

beforeEach(() => {
  posted = [];
  root = document.createElement('div');
  document.body.appendChild(root);
});
afterEach(() => {
  render(null, root);
  document.body.innerHTML = '';
});

describe('headings', () => {
  it.each([
    ['Create an API Key', 'create'],
    ['Create API Key', 'create'],
    ['Create new API key', 'create'],
    ['Edit API Key', 'edit'],
    ['API Keys', null],
    ['Create Collaborator', null],
  ])('%s → %s', (heading, kind) => {
    expect(classifyHeading(heading)).toBe(kind);
  });
});

describe('scope labels', () => {
  it.each([
    ['Inputs:Add', 'Inputs:Add'], // today
    ['Inputs:Add Add Inputs to an App', 'Inputs:Add'], // 2019 ADVANCED
    ['All All Scopes', 'All'],
    ['Predict', 'Predict'],
    ['Inputs', null], // a group checkbox
    ['Predict: Predict on Public and Custom Models', null], // a 2019 BASIC row
    ['Concepts:Delete', null], // never offered
    ['', null],
  ])('“%s” → %s', (label, scope) => {
    expect(scopeOfLabel(label, isExposed)).toBe(scope);
  });
});

describe("today's form", () => {
  it('is found, with a mount point before its Scopes fieldset, and every offered scope read from its label', async () => {
    mount(`/${USER}/app-001/settings`);
    const dialog = await openCreate();
    const [found] = findKeyDialogs(document);
    expect(found).toMatchObject({ kind: 'create', heading: 'Create API Key' });
    const at = mountPoint(dialog)!;
    expect(at.before?.tagName).toBe('FIELDSET');
    expect(
      scopeBoxes(dialog, V)
        .map((b) => b.scope)
        .sort(),
    ).toEqual(EXPOSED_SCOPES.map((s) => s.name).sort());
  });

  it.each(BUILTIN_PRESETS.map((p) => [p.name, p.scopes] as const))('applies %s so that the portal submits exactly its scopes', async (_n, scopes) => {
    mount(`/${USER}/app-001/settings`);
    const dialog = await openCreate();
    const r = await applyScopes(dialog, scopes);
    expect(r).toMatchObject({ ok: true, unavailable: [], stuck: [], unknown: [] });
    expect(r.ticked.sort()).toEqual([...scopes].sort());
    expect(tickedScopes(dialog).sort()).toEqual([...scopes].sort());
    submit(dialog, /^Create API Key$/);
    await vi.waitFor(() => expect(posted).toHaveLength(1));
    expect([...posted[0]!.scopes].sort()).toEqual([...scopes].sort());
  });
});

describe('the 2019 modal', () => {
  it('is found in its BASIC view and switched to ADVANCED to list single scopes', async () => {
    mount('/apps/app-001/details?era=2019');
    const button = await vi.waitFor(() => {
      const b = [...document.querySelectorAll('button')].find((x) => /create api key/i.test(x.textContent ?? ''));
      if (!b) throw new Error('no button');
      return b;
    });
    button.click();
    const d = await vi.waitFor(() => {
      const found = findKeyDialogs(document)[0];
      if (!found || !mountPoint(found.root)) throw new Error('no dialog');
      return found;
    });
    expect(d).toMatchObject({ kind: 'create', heading: 'Create an API Key' });
    expect(scopeBoxes(d.root, V).map((b) => b.scope)).toEqual(['All']); // BASIC rows name no single scope
    const states = await surveyScopes(d.root);
    expect([...states.keys()].sort()).toEqual(EXPOSED_SCOPES.map((s) => s.name).sort());
    const labeling = BUILTIN_PRESETS.find((p) => p.name === 'Labeling')!.scopes;
    expect((await applyScopes(d.root, labeling)).ok).toBe(true);
    submit(d.root, /^CREATE API KEY$/);
    await vi.waitFor(() => expect(posted).toHaveLength(1));
    expect([...posted[0]!.scopes].sort()).toEqual([...labeling].sort());
  });
});

// ---- label reading, the human-wording table, the outline ------------------------------------

/** One checkbox in `markup` (the first), read as Keysmith reads it. */
function readMarkup(markup: string) {
  const host = document.createElement('div');
  host.innerHTML = markup;
  document.body.appendChild(host);
  const box = host.querySelector<HTMLElement>('input[type="checkbox"], [role="checkbox"]')!;
  return readBox(box, V);
}

describe('label markups as component libraries render them', () => {
  it.each([
    ['today: the scope string in a label', '<label><input type="checkbox"> <span>Inputs:Add</span></label>', 'Inputs:Add'],
    ['2019 ADVANCED: scope then human label', '<label><input type="checkbox"> Inputs:Add Add Inputs to an App</label>', 'Inputs:Add'],
    [
      'MUI FormControlLabel: title and caption with no space',
      '<label><span><input type="checkbox"></span><span><span>Inputs:Add</span><span>Add Inputs to an App</span></span></label>',
      'Inputs:Add',
    ],
    ['MUI: a single word then its caption', '<label><span><input type="checkbox"></span><span><span>All</span><span>All scopes</span></span></label>', 'All'],
    ['one text node run together', '<label><input type="checkbox">Inputs:AddAdd Inputs to an App</label>', 'Inputs:Add'],
    [
      'Radix: a button checkbox and a label for it',
      '<button type="button" role="checkbox" aria-checked="false" id="r1"></button><label for="r1"><span>Models:Train</span><span>Train models</span></label>',
      'Models:Train',
    ],
    ['aria-labelledby', '<input type="checkbox" aria-labelledby="l1"><span id="l1">Workflows:Get</span>', 'Workflows:Get'],
    ['aria-label', '<input type="checkbox" aria-label="Keys:Get">', 'Keys:Get'],
    ['a box and a span side by side, no label element', '<div><input type="checkbox"><span>Datasets:Add</span></div>', 'Datasets:Add'],
    ['the scope in value, human text shown', '<label><input type="checkbox" value="Models:Train"><span>Teach your models</span></label>', 'Models:Train'],
    ['the scope in a data attribute', '<label><input type="checkbox" data-scope="Secrets:Get"><span>Secrets</span></label>', 'Secrets:Get'],
    ['human text only: Read Inputs', '<label><input type="checkbox"><span>Read Inputs</span></label>', 'Inputs:Get'],
    ['human text only: Write Annotations', '<label><input type="checkbox"><span>Write Annotations</span></label>', 'Annotations:Add'],
    ['human text only: the 2019 wording', '<label><input type="checkbox"><span>Add Inputs to an App</span></label>', 'Inputs:Add'],
    [
      'human text only: Predict on Public and Custom Models',
      '<label><input type="checkbox"><span>Predict on Public and Custom Models</span></label>',
      'Predict',
    ],
    ['an icon inside the label is no text', '<label><input type="checkbox"><svg><text>x</text></svg><span>Apps:Get</span></label>', 'Apps:Get'],
  ])('%s', (_what, markup, scope) => {
    expect(readMarkup(markup)).toEqual({ kind: 'scope', scope });
  });

  it.each([
    ['a group box named by its resource', '<label><input type="checkbox"> Inputs</label>'],
    ['an accordion group box', '<input type="checkbox" aria-label="Inputs: all scopes">'],
    ['Select all', '<label><input type="checkbox"> Select all</label>'],
    ['a 2019 BASIC row', '<label><input type="checkbox"> <b>Annotation:</b> Add and Remove Annotations on Inputs</label>'],
  ])('%s is a control, never a scope', (_what, markup) => {
    expect(readMarkup(markup).kind).toBe('control');
  });

  it.each([
    ['a wording nobody knows', '<label><input type="checkbox"> Manage widgets</label>'],
    ['a word that only starts like a scope', '<label><input type="checkbox"> Predictions dashboard</label>'],
    ['a scope that is never offered', '<label><input type="checkbox"> Concepts:Delete</label>'],
  ])('%s names no scope: said, not guessed', (_what, markup) => {
    expect(readMarkup(markup).kind).toBe('unknown');
  });

  it('covers every human wording the sandbox’s Ant Design-style portal shows, each to its own scope', () => {
    const misread = Object.entries(HUMAN_LABELS).filter(([scope, wording]) => V.wording(wording) !== scope);
    expect(misread).toEqual([]);
  });

  it('leaves out a wording two scopes would share, instead of guessing', () => {
    // `Input:Get` and `Inputs:Get` both read as "Read Inputs" (singular and plural forms).
    const table = humanWordings(['Input:Get', 'Inputs:Get', 'Inputs:Add']);
    expect(table.has('read inputs')).toBe(false);
    expect(table.get('write inputs')).toBe('Inputs:Add');
    expect(vocabulary(['Input:Get', 'Inputs:Get']).wording('Read Inputs')).toBeUndefined();
  });
});

describe('the dialog outline for a bug report', () => {
  function outlineOf(markup: string): string {
    const d = document.createElement('div');
    d.setAttribute('role', 'dialog');
    d.setAttribute('aria-label', 'Create API Key');
    d.innerHTML = markup;
    document.body.appendChild(d);
    return dialogOutline(d, V, 'clarifai.com');
  }

  it('shows roles, headings, buttons, checkbox labels, their state and reading, groups and counts', () => {
    const o = outlineOf(`<h2>Create API Key</h2><fieldset><legend>Scopes</legend>
      <label><input type="checkbox" checked> Inputs:Add</label><label><input type="checkbox"> Manage widgets</label>
      <button role="switch" aria-checked="true">Predict</button></fieldset>
      <button aria-expanded="false">Models</button><button>Cancel</button>`);
    expect(o).toContain('dialog "Create API Key"');
    expect(o).toContain('heading "Create API Key" [level 2]');
    expect(o).toContain('group "Scopes" [2 checkboxes, 1 checked]');
    expect(o).toContain('checkbox "Inputs:Add" [checked, reads as Inputs:Add, native]');
    expect(o).toContain('checkbox "Manage widgets" [unchecked, names no known scope, native]');
    expect(o).toContain('switch "Predict" [checked]');
    expect(o).toContain('button "Models" [expanded=false]');
    expect(o).toContain('button "Cancel"');
    expect(o).toContain('checkboxes: 2 (1 checked), switches: 1, collapsed sections: 1');
  });

  it('never holds an input’s value, a key-like or token-like string, or the page’s address', () => {
    const key = '0123456789abcdef0123456789abcdef';
    const token = 'sess-5f0c8a2e9b7d4c1e8a3f6b2d0e9c7a14';
    window.history.pushState(null, '', `/demo-user/app-001/settings?token=${token}&q=secret-query`);
    const o = outlineOf(`<h2>Create API Key</h2>
      <label for="d">Short description</label><input id="d" value="my private description">
      <textarea aria-label="Notes">private notes</textarea>
      <p>Your new key: <code>${key}</code></p><button>Copy ${key}</button>
      <label><input type="checkbox"> ${token}</label>
      <button>${key.toUpperCase()}</button>`);
    expect(o).not.toContain('my private description');
    expect(o).not.toContain('private notes');
    expect(o).not.toContain(key);
    expect(o).not.toContain(key.toUpperCase());
    expect(o).not.toContain(token);
    expect(o).not.toContain('secret-query');
    expect(o).not.toContain('/demo-user');
    expect(o).toContain('textbox "Short description" [value not copied]');
    expect(o).toContain('button "Copy [redacted]"');
  });

  it('leaves out Keysmith’s own panel and hidden parts, and is bounded', () => {
    const many = Array.from({ length: 600 }, (_, i) => `<label><input type="checkbox"> Box ${i}</label>`).join('');
    const o = outlineOf(`<div data-keysmith=""><button>Keysmith inner</button></div><div aria-hidden="true"><button>Hidden</button></div>${many}`);
    expect(o).not.toContain('Keysmith inner');
    expect(o).not.toContain('Hidden');
    expect(o.split('\n').length).toBeLessThanOrEqual(402);
    expect(o).toMatch(/… \d+ more elements$/);
  });
});

describe('portals that do things their own way', () => {
  /** A dialog of ARIA checkboxes whose state lives in `state` and is rendered `delay` ms after a click. */
  function asyncDialog(scopes: string[], delay: number) {
    const state = new Map(scopes.map((s) => [s, false]));
    const d = document.createElement('div');
    d.setAttribute('role', 'dialog');
    d.setAttribute('aria-label', 'Create API Key');
    for (const s of scopes) {
      const b = document.createElement('button');
      b.setAttribute('role', 'checkbox');
      b.setAttribute('aria-checked', 'false');
      b.setAttribute('aria-label', s);
      b.addEventListener('click', () => {
        state.set(s, !state.get(s));
        setTimeout(() => b.setAttribute('aria-checked', String(state.get(s))), delay);
      });
      d.append(b);
    }
    document.body.append(d);
    return {
      d,
      ticked: () =>
        [...state]
          .filter(([, on]) => on)
          .map(([s]) => s)
          .sort(),
    };
  }

  it.each([0, 3, 20, 120])('waits for a box rendered %i ms after its click instead of clicking it again', async (delay) => {
    const { d, ticked } = asyncDialog(['Inputs:Add', 'Inputs:Get', 'Models:Get', 'Predict'], delay);
    const r = await applyScopes(d, ['Inputs:Add', 'Inputs:Get']);
    expect(ticked()).toEqual(['Inputs:Add', 'Inputs:Get']);
    expect(r).toMatchObject({ ok: true, stuck: [] });
    expect(r.ticked.sort()).toEqual(['Inputs:Add', 'Inputs:Get']);
  });

  it('opens sections that share a title one by one, and closes each again', async () => {
    const d = document.createElement('div');
    d.setAttribute('role', 'dialog');
    d.setAttribute('aria-label', 'Create API Key');
    const groups = [['Inputs:Add', 'Inputs:Get'], ['Models:Get']];
    const checked = new Set<string>();
    for (const g of groups) {
      const section = document.createElement('div');
      const button = document.createElement('button');
      button.textContent = 'Show more';
      button.setAttribute('aria-expanded', 'false');
      const body = document.createElement('div');
      button.addEventListener('click', () => {
        const open = button.getAttribute('aria-expanded') === 'true';
        button.setAttribute('aria-expanded', String(!open));
        body.replaceChildren();
        if (!open)
          for (const s of g) {
            const label = document.createElement('label');
            const box = document.createElement('input');
            box.type = 'checkbox';
            box.checked = checked.has(s);
            box.addEventListener('click', () => (box.checked ? checked.add(s) : checked.delete(s)));
            label.append(box, ` ${s}`);
            body.append(label);
          }
      });
      section.append(button, body);
      d.append(section);
    }
    document.body.append(d);
    const r = await applyScopes(d, ['Inputs:Get', 'Models:Get']);
    expect([...checked].sort()).toEqual(['Inputs:Get', 'Models:Get']);
    expect(r).toMatchObject({ ok: true, unavailable: [] });
    expect([...d.querySelectorAll('[aria-expanded="true"]')]).toEqual([]);
  });

  it('does not follow a link or open a disclosure named Advanced to find single scopes', async () => {
    const d = document.createElement('div');
    d.setAttribute('role', 'dialog');
    d.setAttribute('aria-label', 'Create API Key');
    d.innerHTML = `<a href="#advanced">Advanced</a><button aria-expanded="false" aria-controls="x">Advanced</button><label><input type="checkbox"> Predict</label>`;
    document.body.append(d);
    let linkClicks = 0;
    d.querySelector('a')!.addEventListener('click', (e) => {
      e.preventDefault();
      linkClicks++;
    });
    const r = await applyScopes(d, ['Predict']);
    expect(linkClicks).toBe(0);
    expect(r.ok).toBe(true);
  });

  it('outlines a field wrapped in its label without the field’s text (a textarea’s value)', () => {
    const d = document.createElement('div');
    d.setAttribute('role', 'dialog');
    d.setAttribute('aria-label', 'Edit API Key');
    d.innerHTML = `<label>Description<textarea>Prod key for acme-payments, rotate 2026-07</textarea></label><label>Notes<select><option>alpha</option></select></label>`;
    document.body.append(d);
    const o = dialogOutline(d, V, location.hostname);
    expect(o).toContain('textbox "Description" [value not copied]');
    expect(o).toContain('combobox "Notes" [value not copied]');
    expect(o).not.toContain('acme-payments');
    expect(o).not.toContain('alpha');
  });
});
