// @vitest-environment happy-dom
/**
 * The fake portal's dialog shapes (`?shape=NAME`, sandbox/portal/shapes/): each renders the create
 * and edit dialogs the way a component library would, and each must keep React's semantics, or the
 * extension's end-to-end tests in that shape prove nothing: the dialog is found by role and heading,
 * boxes change only by click, `window.__sandboxKeyForm` follows the form's state (never the DOM), submit
 * sends exactly that state, and each shape's own trait holds (collapsed sections, re-created nodes,
 * shared tabs, captions without white space, human text only, ARIA checkboxes).
 */
import { h, render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EXPOSED_SCOPES, scope as scopeInfo, sortScopes } from '../../src/pure/scopes/catalogue.ts';
import { App } from '../../sandbox/portal/app.tsx';
import type { PortalKey } from '../../sandbox/portal/client.ts';
import { BASIC_ROWS, currentLayout, humanLabel, PLAN_HIDDEN } from '../../sandbox/portal/scope-model.ts';
import { humanText } from '../../sandbox/portal/shapes/HumanKeyDialog.tsx';
import { HUMAN_LABELS, HUMAN_VALUE_SCOPES } from '../../sandbox/portal/shapes/human-labels.ts';
import { DIALOG_SHAPES, shapeOf, type DialogShape } from '../../sandbox/portal/shapes/index.ts';
import { FORM_TICK_MS, type SandboxKeyFormState } from '../../sandbox/portal/shared/key-form.ts';

const USER = 'demo-user';
const APP = 'app-001';

interface Call {
  method: string;
  body: unknown;
}

/** The API's key calls, in memory, recording every request (as in fake-portal.test.ts). */
function fakeApi(initial: PortalKey[]) {
  const keys = initial.map((k) => ({ ...k }));
  const calls: Call[] = [];
  const ok = (extra: object): Response => new Response(JSON.stringify({ status: { code: 10000, description: 'Ok' }, ...extra }), { status: 200 });
  const fetchImpl = async (url: string, init: RequestInit): Promise<Response> => {
    const method = init.method ?? 'GET';
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    calls.push({ method, body });
    const path = new URL(url).pathname;
    if (method === 'GET' && path === `/v2/users/${USER}/apps/${APP}/keys`) return ok({ keys });
    if (method === 'POST' && path === `/v2/users/${USER}/keys`) {
      const req = (body as { keys: PortalKey[] }).keys[0]!;
      const key = { ...req, id: 'f'.repeat(32) };
      keys.push(key);
      return ok({ keys: [key] });
    }
    if (method === 'PATCH' && path === `/v2/users/${USER}/keys`) {
      const req = (body as { keys: PortalKey[] }).keys[0]!;
      Object.assign(
        keys.find((k) => k.id === req.id)!,
        { description: req.description, scopes: req.scopes },
      );
      return ok({ keys: [req] });
    }
    return new Response(JSON.stringify({ status: { code: 11101, description: 'no such route' } }), { status: 404 });
  };
  return { fetchImpl, sent: (method: string) => calls.filter((c) => c.method === method).map((c) => c.body) };
}

const EDITED: PortalKey = {
  id: 'a'.repeat(32),
  description: 'Labeling contractors',
  scopes: ['Annotations:Add', 'Annotations:Get', 'Inputs:Get'],
  apps: [{ id: APP, user_id: USER }],
};

let root: HTMLElement;
let api: ReturnType<typeof fakeApi>;

function mount(search: string, dialogDelay: (() => number) | null = () => 0, path = `/${USER}/${APP}/settings`): void {
  window.history.pushState(null, '', `${path}${search}`);
  render(h(App, { session: { token: 'sess-test', userId: USER }, fetchImpl: api.fetchImpl, ...(dialogDelay ? { dialogDelay } : {}) }), root);
}

beforeEach(() => {
  api = fakeApi([EDITED]);
  root = document.createElement('div');
  document.body.appendChild(root);
});

afterEach(() => {
  render(null, root);
  document.body.innerHTML = '';
});

// ---- finding things ----

const norm = (s: string | null | undefined): string => (s ?? '').replace(/\s+/g, ' ').trim();
const state = (): SandboxKeyFormState | undefined => window.__sandboxKeyForm;
const tick = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function byId(id: string | null): HTMLElement | null {
  return id ? document.getElementById(id) : null;
}

function labelFor(el: Element): HTMLLabelElement | null {
  return el.id ? ([...document.querySelectorAll('label')].find((l) => l.htmlFor === el.id) ?? null) : null;
}

/** The open dialog labelled `title` (role=dialog, aria-labelledby). */
function findDialog(title: string): HTMLElement {
  const d = [...document.querySelectorAll<HTMLElement>('[role="dialog"]')].find((el) => norm(byId(el.getAttribute('aria-labelledby'))?.textContent) === title);
  if (!d) throw new Error(`no dialog "${title}"`);
  return d;
}

function button(scope: ParentNode, name: string): HTMLButtonElement {
  const b = [...scope.querySelectorAll('button')].find((el) => (el.getAttribute('aria-label') ?? norm(el.textContent)) === name);
  if (!b) throw new Error(`no button "${name}"`);
  return b;
}

function textField(scope: ParentNode, name: string): HTMLInputElement {
  const label = [...scope.querySelectorAll('label')].find((l) => norm(l.textContent) === name);
  const input = label ? byId(label.htmlFor) : null;
  if (!(input instanceof HTMLInputElement)) throw new Error(`no text field "${name}"`);
  return input;
}

function typeInto(input: HTMLInputElement, value: string): void {
  Object.getOwnPropertyDescriptor(Object.getPrototypeOf(input) as object, 'value')!.set!.call(input, value);
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

function pressEscape(): void {
  (document.activeElement ?? document.body).dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
}

/**
 * When `seen()` first holds, timed by a MutationObserver (so not by polling, which a busy machine
 * delays): resolves with Date.now() at that moment.
 */
function firstSeen(seen: () => boolean): Promise<number> {
  return new Promise((resolve) => {
    const obs = new MutationObserver(() => {
      if (!seen()) return;
      obs.disconnect();
      resolve(Date.now());
    });
    obs.observe(document.body, { childList: true, subtree: true, characterData: true });
  });
}

const isOn = (box: Element): boolean => (box instanceof HTMLInputElement ? box.checked : box.getAttribute('aria-checked') === 'true');

interface ShapeSpec {
  description: string;
  submit: { create: string; edit: string };
  deprecatedShown: boolean;
  /** The scope checkboxes now in the DOM (no group, Select all or basic rows), with the scope each names. */
  scopeBoxes(d: HTMLElement): [HTMLElement, string][];
  /** Makes every scope box exist (expands every section, switches to the advanced tab). */
  revealAll(d: HTMLElement): void;
  /** Makes the box of `scope` exist. */
  reveal(d: HTMLElement, scope: string): void;
}

const nativeBoxes = (d: HTMLElement): HTMLInputElement[] => [...d.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')];
const humanToScope = new Map(Object.entries(HUMAN_LABELS).map(([s, t]) => [t, s]));
const nothing = (): void => {};

function expandSection(d: HTMLElement, resource: string): void {
  const b = [...d.querySelectorAll<HTMLButtonElement>('button[aria-expanded]')].find((el) => norm(el.textContent).startsWith(`${resource} `));
  if (!b) throw new Error(`no section ${resource}`);
  if (b.getAttribute('aria-expanded') === 'false') b.click();
}

function selectTab(d: HTMLElement, name: string): void {
  const t = [...d.querySelectorAll<HTMLElement>('[role="tab"]')].find((el) => norm(el.textContent) === name);
  if (!t) throw new Error(`no tab ${name}`);
  if (t.getAttribute('aria-selected') !== 'true') t.click();
}

const SPECS: Record<DialogShape, ShapeSpec> = {
  mui: {
    description: 'Description',
    submit: { create: 'Create', edit: 'Save' },
    deprecatedShown: true,
    scopeBoxes: (d) => nativeBoxes(d).map((b) => [b, norm(b.closest('label')?.lastElementChild?.firstElementChild?.textContent)]),
    revealAll: nothing,
    reveal: nothing,
  },
  human: {
    description: 'Key description',
    submit: { create: 'Confirm', edit: 'Save' },
    deprecatedShown: true,
    scopeBoxes: (d) => nativeBoxes(d).map((b) => [b, humanToScope.get(norm(b.closest('label')?.textContent)) ?? b.getAttribute('value') ?? '?']),
    revealAll: nothing,
    reveal: nothing,
  },
  accordion: {
    description: 'Short description',
    submit: { create: 'Create API Key', edit: 'Save changes' },
    deprecatedShown: false,
    scopeBoxes: (d) =>
      [...d.querySelectorAll<HTMLInputElement>('input[type="checkbox"][aria-labelledby]')].map((b) => [
        b,
        norm(byId(b.getAttribute('aria-labelledby'))?.textContent),
      ]),
    revealAll: (d) => {
      for (const g of currentLayout().groups) expandSection(d, g.resource);
    },
    reveal: (d, s) => {
      const info = scopeInfo(s)!;
      if (info.action) expandSection(d, info.resource);
    },
  },
  rerender: {
    description: 'Description',
    submit: { create: 'Create key', edit: 'Update key' },
    deprecatedShown: true,
    scopeBoxes: (d) => nativeBoxes(d).map((b) => [b, norm(labelFor(b)?.textContent)]),
    revealAll: nothing,
    reveal: nothing,
  },
  tabs: {
    description: 'Key description',
    submit: { create: 'Create API Key', edit: 'Save' },
    deprecatedShown: false,
    scopeBoxes: (d) => {
      const adv = d.querySelector<HTMLElement>('[role="tabpanel"]');
      if (!adv || norm(byId(adv.getAttribute('aria-labelledby'))?.textContent) !== 'Advanced scopes') return [];
      return nativeBoxes(adv).map((b) => [b, norm(labelFor(b)?.textContent)]);
    },
    revealAll: (d) => selectTab(d, 'Advanced scopes'),
    reveal: (d) => selectTab(d, 'Advanced scopes'),
  },
  aria: {
    description: 'Description',
    submit: { create: 'Create key', edit: 'Save changes' },
    deprecatedShown: true,
    scopeBoxes: (d) => [...d.querySelectorAll<HTMLElement>('[role="checkbox"]')].map((b) => [b, norm(labelFor(b)?.firstElementChild?.textContent)]),
    revealAll: nothing,
    reveal: nothing,
  },
};

/** The box of `scope`, found afresh (after revealing it). */
function box(shape: DialogShape, d: HTMLElement, s: string): HTMLElement {
  SPECS[shape].reveal(d, s);
  const found = SPECS[shape].scopeBoxes(d).find(([, name]) => name === s);
  if (!found) throw new Error(`${shape}: no box for ${s}`);
  return found[0];
}

async function openCreate(_shape: DialogShape | null): Promise<HTMLElement> {
  await vi.waitFor(() => button(document, 'Create API Key'));
  button(document, 'Create API Key').click();
  return vi.waitFor(() => findDialog('Create API Key'), { timeout: 2000 });
}

async function openEdit(): Promise<HTMLElement> {
  await vi.waitFor(() => button(document, `Edit key ${EDITED.description}`));
  button(document, `Edit key ${EDITED.description}`).click();
  return vi.waitFor(() => findDialog('Edit API Key'), { timeout: 2000 });
}

/** Waits until the shape's scope boxes are rendered (the rerender shape's arrive late). */
async function scopesReady(shape: DialogShape, d: HTMLElement): Promise<void> {
  await vi.waitFor(() => box(shape, d, 'All'), { timeout: 2000 });
}

function expectedScopes(shape: DialogShape, search = ''): string[] {
  const { single, groups, deprecated } = currentLayout(search);
  return [...single, ...groups.flatMap((g) => g.scopes), ...(SPECS[shape].deprecatedShown ? deprecated : [])];
}

// ---- every shape ----

describe.each(DIALOG_SHAPES.map((s) => [s] as const))('?shape=%s', (shape) => {
  const spec = SPECS[shape];

  it('renders late, is found by role=dialog and its heading, and shows each offered scope once', async () => {
    mount(`?shape=${shape}`, null);
    await vi.waitFor(() => button(document, 'Create API Key'));
    const shown = firstSeen(() => document.querySelector('[role="dialog"]') !== null);
    const t0 = Date.now();
    button(document, 'Create API Key').click();
    expect((await shown) - t0).toBeGreaterThanOrEqual(190);
    const d = findDialog('Create API Key');
    expect(root.contains(d)).toBe(false); // a portal under <body>, not inside the app
    button(d, 'Close');
    button(d, 'Cancel');
    button(d, spec.submit.create);
    textField(d, spec.description);
    await scopesReady(shape, d);
    spec.revealAll(d);
    const names = spec.scopeBoxes(d).map(([, n]) => n);
    expect(names).toHaveLength(new Set(names).size);
    expect([...names].sort()).toEqual(expectedScopes(shape).sort());
    expect(state()).toEqual({ scopes: [], description: '', shape, mode: 'create' });
  });

  it('changes only by click: .checked, aria-checked and change events do nothing, and the box snaps back', async () => {
    mount(`?shape=${shape}`);
    const d = await openCreate(shape);
    await scopesReady(shape, d);
    const sneaky = box(shape, d, 'Inputs:Get');
    if (sneaky instanceof HTMLInputElement) sneaky.checked = true;
    else sneaky.setAttribute('aria-checked', 'true');
    sneaky.dispatchEvent(new Event('change', { bubbles: true }));
    sneaky.dispatchEvent(new Event('input', { bubbles: true }));
    expect(state()!.scopes).toEqual([]);
    box(shape, d, 'Search').click();
    expect(state()!.scopes).toEqual(['Search']);
    // The form's periodic re-render puts the box back to the state.
    await vi.waitFor(() => expect(isOn(box(shape, d, 'Inputs:Get'))).toBe(false), { timeout: 3 * FORM_TICK_MS });
    expect(isOn(box(shape, d, 'Search'))).toBe(true);
    expect(state()!.scopes).toEqual(['Search']);
  });

  it('publishes the state on every click and typed change, and submit sends exactly it (PostKeys)', async () => {
    mount(`?shape=${shape}`);
    const d = await openCreate(shape);
    await scopesReady(shape, d);
    for (const s of ['Predict', 'Inputs:Add', 'Inputs:Get', 'Models:Train']) box(shape, d, s).click();
    box(shape, d, 'Inputs:Add').click();
    expect(state()).toEqual({ scopes: ['Inputs:Get', 'Models:Train', 'Predict'], description: '', shape, mode: 'create' });
    const input = textField(d, spec.description);
    input.value = 'set through the element';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    expect(state()!.description).toBe('');
    typeInto(textField(d, spec.description), 'Robot');
    expect(state()!.description).toBe('Robot');
    const sent = state()!;
    button(d, spec.submit.create).click();
    await vi.waitFor(() => expect(document.querySelector('[role="dialog"]')).toBeNull());
    expect(state()).toBeUndefined();
    expect(api.sent('POST')).toEqual([{ keys: [{ description: 'Robot', scopes: sortScopes(sent.scopes), apps: [{ id: APP, user_id: USER }] }] }]);
  });

  it('edit opens with the key’s scopes ticked and PATCHes the state', async () => {
    mount(`?shape=${shape}`);
    const d = await openEdit();
    expect(state()).toEqual({ scopes: [...EDITED.scopes].sort(), description: EDITED.description, shape, mode: 'edit', keyId: EDITED.id });
    await scopesReady(shape, d);
    expect(textField(d, spec.description).value).toBe(EDITED.description);
    for (const s of EDITED.scopes) expect(isOn(box(shape, d, s)), s).toBe(true);
    expect(isOn(box(shape, d, 'Inputs:Add'))).toBe(false);
    box(shape, d, 'Annotations:Add').click();
    box(shape, d, 'Concepts:Get').click();
    expect(state()!.scopes).toEqual(['Annotations:Get', 'Concepts:Get', 'Inputs:Get']);
    button(d, spec.submit.edit).click();
    await vi.waitFor(() => expect(document.querySelector('[role="dialog"]')).toBeNull());
    expect(api.sent('PATCH')).toEqual([
      {
        keys: [
          {
            id: EDITED.id,
            description: EDITED.description,
            scopes: sortScopes(['Annotations:Get', 'Concepts:Get', 'Inputs:Get']),
            apps: [{ id: APP, user_id: USER }],
          },
        ],
        action: 'overwrite',
      },
    ]);
  });

  it('closes on Cancel, Close and Escape without sending, and forgets the state', async () => {
    mount(`?shape=${shape}`);
    for (const close of [(d: HTMLElement) => button(d, 'Cancel').click(), (d: HTMLElement) => button(d, 'Close').click(), pressEscape]) {
      const d = await openCreate(shape);
      expect(state()).toBeDefined();
      close(d);
      await vi.waitFor(() => expect(document.querySelector('[role="dialog"]')).toBeNull());
      expect(d.isConnected).toBe(false);
      expect(state()).toBeUndefined();
    }
    expect(api.sent('POST')).toEqual([]);
  });

  it('ignores a click on a box held from before a re-mount', async () => {
    mount(`?shape=${shape}`);
    const first = await openCreate(shape);
    await scopesReady(shape, first);
    const stale = box(shape, first, 'Inputs:Add');
    button(first, 'Cancel').click();
    await vi.waitFor(() => expect(stale.isConnected).toBe(false));
    const d = await openCreate(shape);
    stale.click();
    expect(state()!.scopes).toEqual([]);
    await scopesReady(shape, d);
  });

  it('honours ?plan=community: the plan’s hidden scopes have no box', async () => {
    mount(`?shape=${shape}&plan=community`);
    const d = await openCreate(shape);
    await scopesReady(shape, d);
    spec.revealAll(d);
    const names = spec.scopeBoxes(d).map(([, n]) => n);
    for (const hidden of PLAN_HIDDEN.community!) expect(names).not.toContain(hidden);
    expect([...names].sort()).toEqual(expectedScopes(shape, '?plan=community').sort());
  });
});

// ---- what sets each shape apart ----

describe('mui', () => {
  it('labels are a title and a caption with no white space between them; no group checkboxes', async () => {
    mount('?shape=mui');
    const d = await openCreate('mui');
    const label = (s: string): string => box('mui', d, s).closest('label')!.textContent!;
    expect(label('Inputs:Add')).toBe('Inputs:AddAdd Inputs to an App');
    expect(label('All')).toBe('AllAll scopes');
    expect(label('Predict')).toBe('PredictPredict on Public and Custom Models');
    expect(nativeBoxes(d)).toHaveLength(expectedScopes('mui').length);
    expect([...d.querySelectorAll('h3')].map((e) => e.textContent)).toContain('Inputs');
  });

  it('hides the page (aria-hidden), traps focus with sentinels, pulls it back, and hears Escape inside only', async () => {
    mount('?shape=mui');
    const d = await openCreate('mui');
    expect(root.getAttribute('aria-hidden')).toBe('true');
    expect(d.contains(document.activeElement)).toBe(true);
    const modal = d.closest<HTMLElement>('.MuiModal-root')!;
    const [start, end] = [modal.querySelector<HTMLElement>('[data-testid="sentinelStart"]')!, modal.querySelector<HTMLElement>('[data-testid="sentinelEnd"]')!];
    end.focus();
    expect(document.activeElement).toBe(button(d, 'Close'));
    start.focus();
    expect(document.activeElement).toBe(button(d, 'Create'));
    button(document, `Edit key ${EDITED.description}`).focus();
    expect(modal.contains(document.activeElement)).toBe(true);
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(document.querySelector('[role="dialog"]')).toBe(d);
    pressEscape();
    await vi.waitFor(() => expect(document.querySelector('[role="dialog"]')).toBeNull());
    expect(root.hasAttribute('aria-hidden')).toBe(false);
  });
});

describe('human', () => {
  const SCOPE_STRING = /\b[A-Z][A-Za-z]*:[A-Z][a-z]+\b/;

  it('the table covers every exposed scope, once, with a distinct wording that names no scope string', () => {
    const wordings = Object.values(HUMAN_LABELS);
    expect(new Set(wordings).size).toBe(wordings.length);
    for (const s of EXPOSED_SCOPES) expect(HUMAN_LABELS[s.name], s.name).toBeTypeOf('string');
    for (const w of wordings) {
      expect(w).not.toMatch(SCOPE_STRING);
      expect(scopeInfo(w)).toBeUndefined();
    }
    for (const s of HUMAN_VALUE_SCOPES) expect(HUMAN_LABELS[s], s).toBeTypeOf('string');
  });

  it('shows human text only; the scope is in no attribute but the value of the few HUMAN_VALUE_SCOPES', async () => {
    mount('?shape=human');
    const d = await openCreate('human');
    expect(d.textContent).not.toMatch(SCOPE_STRING);
    const scopes = new Set(EXPOSED_SCOPES.map((s) => s.name));
    for (const el of [d, ...d.querySelectorAll('*')])
      for (const a of el.attributes) {
        if (a.name === 'value' && el instanceof HTMLInputElement && HUMAN_VALUE_SCOPES.includes(a.value)) continue;
        expect(scopes.has(a.value) || SCOPE_STRING.test(a.value), `${el.tagName} ${a.name}="${a.value}"`).toBe(false);
      }
    for (const [b, s] of SPECS.human.scopeBoxes(d)) {
      expect(norm(b.closest('label')!.textContent)).toBe(humanText(s));
      expect(b.getAttribute('value')).toBe(HUMAN_VALUE_SCOPES.includes(s) ? s : null);
    }
    expect(norm(box('human', d, 'Inputs:Get').closest('label')!.textContent)).toBe('Read Inputs');
    expect(norm(box('human', d, 'Annotations:Add').closest('label')!.textContent)).toBe('Write Annotations');
    expect(norm(box('human', d, 'All').closest('label')!.textContent)).toBe('All scopes');
  });
});

describe('accordion', () => {
  const groupBox = (d: HTMLElement, resource: string): HTMLInputElement => {
    const b = d.querySelector<HTMLInputElement>(`input[aria-label="${resource}: all scopes"]`);
    if (!b) throw new Error(`no group box ${resource}`);
    return b;
  };
  const section = (d: HTMLElement, resource: string): HTMLButtonElement =>
    [...d.querySelectorAll<HTMLButtonElement>('button[aria-expanded]')].find((b) => norm(b.textContent).startsWith(`${resource} `))!;
  const selectAll = (d: HTMLElement): HTMLInputElement =>
    [...d.querySelectorAll('label')].find((l) => norm(l.textContent) === 'Select all')!.querySelector('input')!;

  it('opens with every section collapsed: group boxes in the headers, scope boxes only while expanded', async () => {
    mount('?shape=accordion');
    const d = await openCreate('accordion');
    const { single, groups } = currentLayout();
    expect(SPECS.accordion.scopeBoxes(d).map(([, n]) => n)).toEqual(single);
    for (const g of groups) {
      expect(section(d, g.resource).getAttribute('aria-expanded')).toBe('false');
      expect(byId(section(d, g.resource).getAttribute('aria-controls'))).toBeNull();
      groupBox(d, g.resource);
    }
    expect(norm(section(d, 'Inputs').textContent)).toBe('Inputs 0 of 3');
    section(d, 'Inputs').click();
    const panel = byId(section(d, 'Inputs').getAttribute('aria-controls'))!;
    expect(panel.getAttribute('role')).toBe('region');
    expect(SPECS.accordion.scopeBoxes(panel).map(([, n]) => n)).toEqual(['Inputs:Add', 'Inputs:Get', 'Inputs:Delete']);
    const add = box('accordion', d, 'Inputs:Add');
    expect(byId(add.getAttribute('aria-describedby'))?.textContent).toBe(humanLabel('Inputs:Add'));
    section(d, 'Inputs').click();
    expect(add.isConnected).toBe(false);
    expect(SPECS.accordion.scopeBoxes(d).map(([, n]) => n)).toEqual(single);
  });

  it('a group box ticks its section (indeterminate when partly) and Select all ticks everything; neither is a scope', async () => {
    mount('?shape=accordion');
    const d = await openCreate('accordion');
    groupBox(d, 'Inputs').click();
    expect(state()!.scopes).toEqual(['Inputs:Add', 'Inputs:Delete', 'Inputs:Get']);
    expect(norm(section(d, 'Inputs').textContent)).toBe('Inputs 3 of 3');
    expect(section(d, 'Inputs').getAttribute('aria-expanded')).toBe('false');
    box('accordion', d, 'Inputs:Get').click();
    expect(groupBox(d, 'Inputs').indeterminate).toBe(true);
    expect(groupBox(d, 'Inputs').checked).toBe(false);
    expect(selectAll(d).indeterminate).toBe(true);
    selectAll(d).click();
    expect(state()!.scopes).toEqual(expectedScopes('accordion').sort());
    expect(groupBox(d, 'Models').checked).toBe(true);
    selectAll(d).click();
    expect(state()!.scopes).toEqual([]);
  });
});

describe('rerender', () => {
  it('shows "Loading scopes…" first and the list 300-600 ms later', async () => {
    mount('?shape=rerender');
    // What the dialog holds when it first appears, and when its first box appears.
    let atFirst: { loading: boolean; boxes: number } | undefined;
    const dialogShown = firstSeen(() => {
      const d = document.querySelector('[role="dialog"]');
      if (d) atFirst = { loading: norm(d.textContent).includes('Loading scopes…'), boxes: d.querySelectorAll('input[type="checkbox"]').length };
      return d !== null;
    });
    const listShown = firstSeen(() => document.querySelector('[role="dialog"] input[type="checkbox"]') !== null);
    const d = await openCreate('rerender');
    const [t1, t2] = await Promise.all([dialogShown, listShown]);
    expect(atFirst).toEqual({ loading: true, boxes: 0 });
    expect(t2 - t1).toBeGreaterThanOrEqual(290);
    expect(norm(d.textContent)).not.toContain('Loading scopes…');
  });

  it('re-creates every box with new ids after each click, ticked first; a stale node is dead', async () => {
    mount('?shape=rerender');
    const d = await openCreate('rerender');
    await scopesReady('rerender', d);
    const before = nativeBoxes(d);
    const ids = new Set(before.map((b) => b.id));
    const target = box('rerender', d, 'Models:Train');
    target.click();
    expect(target.isConnected).toBe(false);
    const after = nativeBoxes(d);
    expect(after).toHaveLength(before.length);
    for (const b of after) {
      expect(before).not.toContain(b);
      expect(ids.has(b.id)).toBe(false);
    }
    expect(SPECS.rerender.scopeBoxes(d)[0]![1]).toBe('Models:Train');
    expect(isOn(box('rerender', d, 'Models:Train'))).toBe(true);
    target.click();
    expect(state()!.scopes).toEqual(['Models:Train']);
    // The form's own tick re-renders without replacing nodes.
    const held = box('rerender', d, 'Inputs:Add');
    await tick(FORM_TICK_MS + 100);
    expect(held.isConnected).toBe(true);
  });

  it('"Sort scopes" re-sorts and replaces the list; the state stays', async () => {
    mount('?shape=rerender');
    const d = await openCreate('rerender');
    await scopesReady('rerender', d);
    box('rerender', d, 'Inputs:Add').click();
    const sort = byId([...d.querySelectorAll('label')].find((l) => norm(l.textContent) === 'Sort scopes')!.htmlFor) as HTMLSelectElement;
    expect(sort.tagName).toBe('SELECT');
    expect([...sort.options].map((o) => o.textContent)).toEqual(['A to Z', 'Z to A', 'Ticked first']);
    expect(sort.selectedOptions[0]?.textContent).toBe('Ticked first');
    const held = box('rerender', d, 'All');
    sort.value = 'za';
    sort.dispatchEvent(new Event('change', { bubbles: true }));
    expect(held.isConnected).toBe(false);
    const names = SPECS.rerender.scopeBoxes(d).map(([, n]) => n);
    expect(names).toEqual([...names].sort((a, b) => b.localeCompare(a, 'en')));
    expect(state()!.scopes).toEqual(['Inputs:Add']);
    expect(isOn(box('rerender', d, 'Inputs:Add'))).toBe(true);
  });
});

describe('tabs', () => {
  const basicRow = (d: HTMLElement, text: string): HTMLInputElement => {
    const b = nativeBoxes(d).find((el) => norm(labelFor(el)?.textContent) === text);
    if (!b) throw new Error(`no basic row ${text}`);
    return b;
  };

  it('opens on "Basic scopes" (rows for several scopes); only the selected tab’s panel is in the DOM', async () => {
    mount('?shape=tabs');
    const d = await openCreate('tabs');
    const tabs = [...d.querySelectorAll('[role="tablist"] [role="tab"]')];
    expect(tabs.map((t) => [norm(t.textContent), t.getAttribute('aria-selected')])).toEqual([
      ['Basic scopes', 'true'],
      ['Advanced scopes', 'false'],
    ]);
    expect(d.querySelectorAll('[role="tabpanel"]')).toHaveLength(1);
    expect(nativeBoxes(d).map((b) => norm(labelFor(b)?.textContent))).toEqual(BASIC_ROWS.map((r) => norm(`${r.title} ${r.text}`)));
    expect(SPECS.tabs.scopeBoxes(d)).toEqual([]);
  });

  it('both tabs show and change the same state', async () => {
    mount('?shape=tabs');
    const d = await openCreate('tabs');
    const inputsRow = basicRow(d, 'Inputs: Add, Get and Delete Inputs');
    inputsRow.click();
    expect(state()!.scopes).toEqual(['Inputs:Add', 'Inputs:Delete', 'Inputs:Get']);
    selectTab(d, 'Advanced scopes');
    expect(inputsRow.isConnected).toBe(false);
    expect(isOn(box('tabs', d, 'Inputs:Add'))).toBe(true);
    box('tabs', d, 'Inputs:Get').click();
    box('tabs', d, 'Predict').click();
    selectTab(d, 'Basic scopes');
    expect(basicRow(d, 'Inputs: Add, Get and Delete Inputs').checked).toBe(false);
    expect(basicRow(d, 'Inputs: Add, Get and Delete Inputs').indeterminate).toBe(true);
    expect(basicRow(d, 'Predict: Predict on Public and Custom Models').checked).toBe(true);
    expect(state()!.scopes).toEqual(['Inputs:Add', 'Inputs:Delete', 'Predict']);
  });
});

describe('aria', () => {
  it('has no native checkbox: buttons with role=checkbox and a title+description label, in labelled groups', async () => {
    mount('?shape=aria');
    const d = await openCreate('aria');
    expect(d.querySelector('input[type="checkbox"]')).toBeNull();
    const add = box('aria', d, 'Inputs:Add');
    expect(add.tagName).toBe('BUTTON');
    expect([add.getAttribute('aria-checked'), add.getAttribute('data-state'), add.querySelector('svg')]).toEqual(['false', 'unchecked', null]);
    expect(labelFor(add)!.textContent).toBe('Inputs:AddAdd inputs to an app');
    add.click();
    expect([add.getAttribute('aria-checked'), add.getAttribute('data-state')]).toEqual(['true', 'checked']);
    expect(add.querySelector('svg')).not.toBeNull();
    add.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    expect(state()!.scopes).toEqual(['Inputs:Add']);
    const group = add.closest('[role="group"]')!;
    expect(byId(group.getAttribute('aria-labelledby'))?.textContent).toBe('Inputs');
    expect([...d.querySelectorAll('[role="group"]')].map((g) => byId(g.getAttribute('aria-labelledby'))?.textContent)).toContain('Deprecated');
  });

  it('hides the rest of the page, wraps Tab at the edges, and cleans up on close', async () => {
    mount('?shape=aria');
    const d = await openCreate('aria');
    expect([root.getAttribute('aria-hidden'), root.getAttribute('data-aria-hidden')]).toEqual(['true', 'true']);
    expect(document.querySelectorAll('body > [data-radix-focus-guard]')).toHaveLength(2);
    const close = button(d, 'Close');
    close.focus();
    const tab = new KeyboardEvent('keydown', { key: 'Tab', bubbles: true, cancelable: true });
    close.dispatchEvent(tab);
    expect(tab.defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(textField(d, 'Description'));
    const back = new KeyboardEvent('keydown', { key: 'Tab', shiftKey: true, bubbles: true, cancelable: true });
    document.activeElement!.dispatchEvent(back);
    expect(document.activeElement).toBe(close);
    button(document, `Edit key ${EDITED.description}`).focus();
    expect(document.activeElement).toBe(close);
    pressEscape();
    await vi.waitFor(() => expect(document.querySelector('[role="dialog"]')).toBeNull());
    expect(root.hasAttribute('aria-hidden')).toBe(false);
    expect(document.querySelectorAll('[data-radix-focus-guard]')).toHaveLength(0);
  });
});

// ---- the state global in the dialogs that are not shapes, and the query parameter ----

describe('window.__sandboxKeyForm outside the shapes', () => {
  it('follows the default dialog', async () => {
    mount('');
    const d = await openCreate(null);
    const inputsAdd = [...d.querySelectorAll('label')].find((l) => norm(l.textContent) === 'Inputs:Add')!.querySelector('input')!;
    inputsAdd.click();
    expect(state()).toEqual({ scopes: ['Inputs:Add'], description: '', shape: 'default', mode: 'create' });
    button(d, 'Cancel').click();
    await vi.waitFor(() => expect(state()).toBeUndefined());
  });

  it('follows the 2019 modal, across its BASIC and ADVANCED views', async () => {
    mount('?era=2019', () => 0, `/apps/${APP}/details`);
    await vi.waitFor(() => button(document, `Edit key ${EDITED.description}`));
    button(document, `Edit key ${EDITED.description}`).click();
    const d = await vi.waitFor(() => findDialog('Edit API Key'));
    expect(state()).toEqual({ scopes: [...EDITED.scopes].sort(), description: EDITED.description, shape: '2019', mode: 'edit', keyId: EDITED.id });
    [...d.querySelectorAll('label')]
      .find((l) => norm(l.textContent) === 'Search: Search across Inputs')!
      .querySelector('input')!
      .click();
    expect(state()!.scopes).toEqual(['Annotations:Add', 'Annotations:Get', 'Inputs:Get', 'Search']);
  });
});

describe('?shape=', () => {
  it('names the six shapes; anything else is the default dialog', () => {
    expect(DIALOG_SHAPES).toEqual(['mui', 'human', 'accordion', 'rerender', 'tabs', 'aria']);
    expect(shapeOf('?shape=tabs&plan=community')).toBe('tabs');
    expect(shapeOf('?shape=bootstrap')).toBeNull();
    expect(shapeOf('')).toBeNull();
  });

  it('is carried along in-app links, with the era', async () => {
    mount('?era=today&shape=accordion&plan=community');
    await vi.waitFor(() => button(document, `Edit key ${EDITED.description}`));
    [...document.querySelectorAll('a')].find((a) => a.textContent === 'app-002')!.click();
    await vi.waitFor(() => expect(window.location.pathname).toBe(`/${USER}/app-002/settings`));
    expect(window.location.search).toBe('?era=today&shape=accordion');
  });
});
