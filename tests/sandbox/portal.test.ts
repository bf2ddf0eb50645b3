// @vitest-environment happy-dom
/**
 * The fake portal (sandbox/portal) must behave like the real React portal, or the extension's
 * end-to-end tests prove nothing: the key dialog arrives late, its checkboxes are controlled (only a
 * click changes the form's state, and submit sends the state, not the DOM), it re-renders and replaces
 * nodes on its own, and create/edit send the bodies Clarifai's API expects.
 */
import { h, render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EXPOSED_SCOPES, missingDependencies } from '../../src/pure/scopes/catalogue.ts';
import { App } from '../../sandbox/portal/app.tsx';
import type { PortalKey } from '../../sandbox/portal/client.ts';
import { BASIC_ROWS, SCOPE_LAYOUT } from '../../sandbox/portal/scope-model.ts';
import { FORM_TICK_MS } from '../../sandbox/portal/shared/key-form.ts';

const USER = 'demo-user';
const TOKEN = 'sess-test-token';

interface Call {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

/** A stub of the API's key calls, in memory, recording every request. */
function fakeApi(initial: PortalKey[]) {
  const keys = initial.map((k) => ({ ...k }));
  const calls: Call[] = [];
  let next = 1;
  let failNext: { code: number; description: string } | null = null;
  const ok = (extra: object): Response => new Response(JSON.stringify({ status: { code: 10000, description: 'Ok' }, ...extra }), { status: 200 });

  const fetchImpl = async (url: string, init: RequestInit): Promise<Response> => {
    const method = init.method ?? 'GET';
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    calls.push({ method, url, headers: { ...(init.headers as Record<string, string>) }, body });
    if (failNext) {
      const status = failNext;
      failNext = null;
      return new Response(JSON.stringify({ status, keys: [] }), { status: 403 });
    }
    const path = new URL(url).pathname;
    const listMatch = /^\/v2\/users\/([^/]+)\/apps\/([^/]+)\/keys$/.exec(path);
    if (method === 'GET' && listMatch) return ok({ keys: keys.filter((k) => k.apps[0]?.id === listMatch[2]) });
    if (method === 'POST' && path === `/v2/users/${USER}/keys`) {
      const req = (body as { keys: { description: string; scopes: string[]; apps: { id: string; user_id: string }[] }[] }).keys[0]!;
      const key: PortalKey = { id: `${'0'.repeat(28)}${String(next++).padStart(4, '0')}`, ...req, created_at: '2025-01-01T00:00:00.000000Z' };
      keys.push(key);
      return ok({ keys: [key] });
    }
    if (method === 'PATCH' && path === `/v2/users/${USER}/keys`) {
      const req = (body as { keys: PortalKey[] }).keys[0]!;
      const key = keys.find((k) => k.id === req.id)!;
      Object.assign(key, { description: req.description, scopes: req.scopes });
      return ok({ keys: [key] });
    }
    const del = /^\/v2\/users\/[^/]+\/keys\/([^/]+)$/.exec(path);
    if (method === 'DELETE' && del) {
      keys.splice(
        keys.findIndex((k) => k.id === del[1]),
        1,
      );
      return ok({});
    }
    return new Response(JSON.stringify({ status: { code: 11101, description: 'no such route' } }), { status: 404 });
  };
  return {
    keys,
    calls,
    fetchImpl,
    failNextWith(code: number, description: string) {
      failNext = { code, description };
    },
    sent: (method: string) => calls.filter((c) => c.method === method),
  };
}

const SEED: PortalKey[] = [
  {
    id: 'a'.repeat(32),
    description: 'Labeling contractors',
    scopes: ['Annotations:Add', 'Annotations:Get', 'Inputs:Get'],
    apps: [{ id: 'app-001', user_id: USER }],
  },
  { id: 'b'.repeat(32), description: 'Production predict', scopes: ['Predict'], apps: [{ id: 'app-001', user_id: USER }] },
];

let root: HTMLElement;
let api: ReturnType<typeof fakeApi>;

function mount(path: string, dialogDelay?: () => number): void {
  window.history.pushState(null, '', path);
  render(h(App, { session: { token: TOKEN, userId: USER }, fetchImpl: api.fetchImpl, ...(dialogDelay ? { dialogDelay } : {}) }), root);
}

beforeEach(() => {
  api = fakeApi(SEED);
  root = document.createElement('div');
  document.body.appendChild(root);
});

afterEach(() => {
  render(null, root);
  document.body.innerHTML = '';
});

// ---- finding things the way the extension must: role, heading, label text ----

const norm = (s: string | null | undefined): string => (s ?? '').replace(/\s+/g, ' ').trim();

function dialog(): HTMLElement | null {
  return document.querySelector<HTMLElement>('[role="dialog"]');
}

function dialogTitle(d: HTMLElement): string {
  return norm(document.getElementById(d.getAttribute('aria-labelledby') ?? '')?.textContent);
}

function button(scope: ParentNode, name: string): HTMLButtonElement {
  const b = [...scope.querySelectorAll('button')].find((el) => (el.getAttribute('aria-label') ?? norm(el.textContent)) === name);
  if (!b) throw new Error(`no button "${name}"`);
  return b;
}

/** The checkbox whose <label> reads exactly `name`. */
function checkbox(scope: ParentNode, name: string): HTMLInputElement {
  const label = [...scope.querySelectorAll('label')].find((l) => norm(l.textContent) === name);
  const box = label?.querySelector<HTMLInputElement>('input[type="checkbox"]');
  if (!box) throw new Error(`no checkbox "${name}"`);
  return box;
}

function textField(scope: ParentNode, labelText: string): HTMLInputElement {
  const label = [...scope.querySelectorAll('label')].find((l) => norm(l.textContent) === labelText);
  const input = label ? document.getElementById(label.htmlFor) : null;
  if (!(input instanceof HTMLInputElement)) throw new Error(`no text field "${labelText}"`);
  return input;
}

/** How React wants a text field changed: the native setter, then an input event. */
function typeInto(input: HTMLInputElement, value: string): void {
  Object.getOwnPropertyDescriptor(Object.getPrototypeOf(input) as object, 'value')!.set!.call(input, value);
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

async function openDialog(buttonName: string, title: string): Promise<HTMLElement> {
  await vi.waitFor(() => button(document, buttonName));
  button(document, buttonName).click();
  return vi.waitFor(
    () => {
      const d = dialog();
      if (!d || dialogTitle(d) !== title) throw new Error(`no dialog "${title}"`);
      return d;
    },
    { timeout: 2000 },
  );
}

const tick = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe("today's portal (clarifai.com)", () => {
  it('lists the app keys with the session token, never a PAT', async () => {
    mount(`/${USER}/app-001/settings`);
    await vi.waitFor(() => button(document, 'Edit key Labeling contractors'));
    expect(document.querySelector('h1')?.textContent).toBe('App Settings');
    const get = api.sent('GET')[0]!;
    expect(get.url).toBe(`https://api.clarifai.com/v2/users/${USER}/apps/app-001/keys?page=1&per_page=100`);
    expect(get.headers['X-Clarifai-Session-Token']).toBe(TOKEN);
    expect(Object.keys(get.headers).map((k) => k.toLowerCase())).not.toContain('authorization');
    expect(document.body.textContent).not.toContain('a'.repeat(32));
    button(document, 'Delete key Production predict');
  });

  it('renders the dialog late, like a code-split chunk (200-600 ms after the click)', async () => {
    mount(`/${USER}/app-001/settings`);
    await vi.waitFor(() => button(document, 'Create API Key'));
    const t0 = Date.now();
    button(document, 'Create API Key').click();
    await tick(20);
    expect(dialog()).toBeNull();
    await tick(150);
    expect(dialog()).toBeNull();
    const d = await vi.waitFor(
      () => {
        const found = dialog();
        if (!found) throw new Error('not yet');
        return found;
      },
      { timeout: 1500, interval: 10 },
    );
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
    expect(d.getAttribute('aria-modal')).toBe('true');
    expect(dialogTitle(d)).toBe('Create API Key');
    expect(d.querySelector('legend')?.textContent).toBe('Scopes');
    button(d, 'Close');
    button(d, 'Cancel');
  });

  it('shows every exposed scope once, single words first and deprecated ones last, grouped by resource', async () => {
    mount(`/${USER}/app-001/settings`, () => 0);
    const d = await openDialog('Create API Key', 'Create API Key');
    const names = [...d.querySelectorAll('.scope-option__name')].map((n) => n.textContent);
    expect([...names].sort()).toEqual(EXPOSED_SCOPES.map((s) => s.name).sort());
    expect(names.slice(0, 3)).toEqual(['All', 'Predict', 'Search']);
    const deprecated = EXPOSED_SCOPES.filter((s) => s.deprecated).map((s) => s.name);
    expect(names.slice(-deprecated.length)).toEqual(deprecated);
    checkbox(d, 'Inputs');
    checkbox(d, 'Inputs:Add');
  });

  it('creates a key with the scopes ticked by click, closes, refreshes and shows the new id once', async () => {
    mount(`/${USER}/app-001/settings`, () => 0);
    const d = await openDialog('Create API Key', 'Create API Key');
    typeInto(textField(d, 'Short description'), 'Robot');
    await tick(0);
    checkbox(d, 'Predict').click();
    checkbox(d, 'Inputs:Add').click();
    checkbox(d, 'Inputs:Get').click();
    await tick(0);
    button(d, 'Create API Key').click();
    await vi.waitFor(() => expect(dialog()).toBeNull());
    expect(api.sent('POST').map((c) => c.body)).toEqual([
      { keys: [{ description: 'Robot', scopes: ['Predict', 'Inputs:Add', 'Inputs:Get'], apps: [{ id: 'app-001', user_id: USER }] }] },
    ]);
    expect(api.sent('POST')[0]!.url).toBe(`https://api.clarifai.com/v2/users/${USER}/keys`);
    await vi.waitFor(() => button(document, 'Edit key Robot'));
    expect(api.sent('GET')).toHaveLength(2);
    const notice = document.querySelector('[role="status"]');
    expect(notice?.textContent).toContain(api.keys.at(-1)!.id);
  });

  it('ignores .checked set without a click and bare change/input events: submit sends the state', async () => {
    mount(`/${USER}/app-001/settings`, () => 0);
    const d = await openDialog('Create API Key', 'Create API Key');
    const sneaky = checkbox(d, 'Inputs:Get');
    sneaky.checked = true;
    sneaky.dispatchEvent(new Event('change', { bubbles: true }));
    sneaky.dispatchEvent(new Event('input', { bubbles: true }));
    checkbox(d, 'Search').click();
    // The form re-renders on its own: the box snaps back to the state.
    await tick(FORM_TICK_MS + 100);
    expect(checkbox(d, 'Inputs:Get').checked).toBe(false);
    expect(checkbox(d, 'Search').checked).toBe(true);
    sneaky.checked = true;
    button(d, 'Create API Key').click();
    await vi.waitFor(() => expect(api.sent('POST')).toHaveLength(1));
    expect((api.sent('POST')[0]!.body as { keys: { scopes: string[] }[] }).keys[0]!.scopes).toEqual(['Search']);
  });

  it('hears the description only through the native setter (React value tracker)', async () => {
    mount(`/${USER}/app-001/settings`, () => 0);
    const d = await openDialog('Create API Key', 'Create API Key');
    const input = textField(d, 'Short description');
    input.value = 'set through the element';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await tick(FORM_TICK_MS + 100);
    expect(input.value).toBe('');
    typeInto(input, 'heard');
    await tick(0);
    expect(textField(d, 'Short description').value).toBe('heard');
  });

  it('a group box ticks its whole resource; boxes held from before a re-mount are dead', async () => {
    mount(`/${USER}/app-001/settings`, () => 0);
    const d = await openDialog('Create API Key', 'Create API Key');
    const stale = checkbox(d, 'Models:Get');
    checkbox(d, 'Inputs').click();
    // Rendered before click() returns, as React renders a discrete event's updates.
    expect(['Inputs:Add', 'Inputs:Get', 'Inputs:Delete'].map((s) => checkbox(d, s).checked)).toEqual([true, true, true]);
    expect(checkbox(d, 'Inputs:Patch').checked).toBe(false);
    // Naming the key swaps the form's wrapper: the scope list gets new nodes.
    typeInto(textField(d, 'Short description'), 'x');
    await tick(0);
    expect(stale.isConnected).toBe(false);
    stale.click();
    expect(checkbox(d, 'Inputs:Add').checked).toBe(true);
    button(d, 'Create API Key').click();
    await vi.waitFor(() => expect(api.sent('POST')).toHaveLength(1));
    expect((api.sent('POST')[0]!.body as { keys: { scopes: string[] }[] }).keys[0]!.scopes).toEqual(['Inputs:Add', 'Inputs:Get', 'Inputs:Delete']);
  });

  it('edit prefills the form and PATCHes with action overwrite', async () => {
    mount(`/${USER}/app-001/settings`, () => 0);
    const d = await openDialog('Edit key Labeling contractors', 'Edit API Key');
    expect(textField(d, 'Short description').value).toBe('Labeling contractors');
    const ticked = [...d.querySelectorAll<HTMLInputElement>('.scope-option input')].filter((b) => b.checked);
    expect(ticked.map((b) => norm(b.parentElement?.textContent))).toEqual(['Inputs:Get', 'Annotations:Add', 'Annotations:Get']);
    checkbox(d, 'Annotations:Add').click();
    typeInto(textField(d, 'Short description'), 'Labelers (read only)');
    await tick(0);
    button(d, 'Save changes').click();
    await vi.waitFor(() => expect(dialog()).toBeNull());
    expect(api.sent('PATCH').map((c) => c.body)).toEqual([
      {
        keys: [
          { id: 'a'.repeat(32), description: 'Labelers (read only)', scopes: ['Inputs:Get', 'Annotations:Get'], apps: [{ id: 'app-001', user_id: USER }] },
        ],
        action: 'overwrite',
      },
    ]);
    await vi.waitFor(() => button(document, 'Edit key Labelers (read only)'));
  });

  it('shows the API error in the dialog and keeps it open', async () => {
    mount(`/${USER}/app-001/settings`, () => 0);
    const d = await openDialog('Create API Key', 'Create API Key');
    checkbox(d, 'All').click();
    api.failNextWith(11007, 'Insufficient scopes');
    button(d, 'Create API Key').click();
    await vi.waitFor(() => expect(d.querySelector('[role="alert"]')?.textContent).toBe('Insufficient scopes'));
    expect(dialog()).toBe(d);
  });

  it('deletes a key after confirmation', async () => {
    mount(`/${USER}/app-001/settings`, () => 0);
    await vi.waitFor(() => button(document, 'Delete key Production predict'));
    button(document, 'Delete key Production predict').click();
    const confirm = await vi.waitFor(() => {
      const found = document.querySelector<HTMLElement>('[role="alertdialog"]');
      if (!found) throw new Error('no confirmation yet');
      return found;
    });
    expect(dialogTitle(confirm)).toBe('Delete API Key');
    button(confirm, 'Delete').click();
    await vi.waitFor(() => expect(document.querySelector('[role="alertdialog"]')).toBeNull());
    expect(api.sent('DELETE').map((c) => c.url)).toEqual([`https://api.clarifai.com/v2/users/${USER}/keys/${'b'.repeat(32)}`]);
    await vi.waitFor(() => expect(() => button(document, 'Delete key Production predict')).toThrow());
  });

  it('removes the dialog on Cancel, Close and Escape', async () => {
    mount(`/${USER}/app-001/settings`, () => 0);
    for (const close of [
      (d: HTMLElement) => button(d, 'Cancel').click(),
      (d: HTMLElement) => button(d, 'Close').click(),
      () => document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' })),
    ]) {
      const d = await openDialog('Create API Key', 'Create API Key');
      close(d);
      await vi.waitFor(() => expect(dialog()).toBeNull());
      expect(d.isConnected).toBe(false);
    }
    expect(api.sent('POST')).toHaveLength(0);
  });

  it('navigates between apps in the app without reloading', async () => {
    api.keys.push({ id: 'c'.repeat(32), description: 'Mobile client', scopes: ['Predict'], apps: [{ id: 'app-002', user_id: USER }] });
    mount(`/${USER}/app-001/settings`, () => 0);
    await vi.waitFor(() => button(document, 'Edit key Production predict'));
    const link = [...document.querySelectorAll('a')].find((a) => a.textContent === 'app-002')!;
    link.click();
    await vi.waitFor(() => button(document, 'Edit key Mobile client'));
    expect(window.location.pathname).toBe(`/${USER}/app-002/settings`);
    [...document.querySelectorAll('a')].find((a) => a.textContent === 'Overview')!.click();
    await vi.waitFor(() => expect(window.location.pathname).toBe(`/${USER}/app-002`));
    expect([...document.querySelectorAll('h2')].map((e) => e.textContent)).not.toContain('API Keys');
  });
});

describe('the 2019 portal (portal.clarifai.com)', () => {
  it('BASIC rows stand for fixed scope sets that are exposed and closed under dependencies', () => {
    expect(BASIC_ROWS[0]).toMatchObject({ title: 'All', scopes: ['All'] });
    for (const row of BASIC_ROWS) {
      expect(row.scopes.length).toBeGreaterThan(0);
      expect(missingDependencies(row.scopes)).toEqual([]);
    }
    expect(SCOPE_LAYOUT.single).toEqual(['All', 'Predict', 'Search']);
  });

  it('has the old modal: headings, labels, BASIC and ADVANCED views that re-mount, and creates', async () => {
    mount('/apps/app-001/details?era=2019', () => 0);
    const d = await openDialog('Create API Key', 'Create an API Key');
    const input = textField(d, 'KEY DESCRIPTION');
    expect(input.placeholder).toBe('Short descriptive name');
    expect(button(d, 'Close').textContent).toBe('×');
    expect(norm(d.querySelector('h5')?.textContent)).toBe('Scopes');
    button(d, 'CANCEL');
    expect(norm(d.querySelector('label')?.textContent)).toBe('KEY DESCRIPTION');
    const firstRow = d.querySelector('.scope-list label');
    expect(norm(firstRow?.textContent)).toBe('All');

    typeInto(input, 'Old style');
    await tick(0);
    const basic = checkbox(d, 'Annotation: Add and Remove Annotations on Inputs');
    basic.click();
    await tick(0);
    button(d, 'ADVANCED').click();
    await tick(0);
    expect(basic.isConnected).toBe(false);
    expect(checkbox(d, 'Annotations').checked).toBe(true);
    expect(checkbox(d, 'Annotations:Add Add Annotations to an App').checked).toBe(true);
    checkbox(d, 'Inputs:Get Get Inputs in an App').click();
    await tick(0);
    expect(checkbox(d, 'Inputs').indeterminate).toBe(true);
    const advancedBox = checkbox(d, 'Predict Predict on Public and Custom Models');
    button(d, 'BASIC').click();
    await tick(0);
    expect(advancedBox.isConnected).toBe(false);
    expect(checkbox(d, 'Annotation: Add and Remove Annotations on Inputs').checked).toBe(true);
    button(d, 'CREATE API KEY').click();
    await vi.waitFor(() => expect(dialog()).toBeNull());
    expect(api.sent('POST').map((c) => c.body)).toEqual([
      {
        keys: [
          {
            description: 'Old style',
            scopes: ['Inputs:Get', 'Annotations:Add', 'Annotations:Get', 'Annotations:Delete'],
            apps: [{ id: 'app-001', user_id: USER }],
          },
        ],
      },
    ]);
  });

  it('edits with heading "Edit API Key" and SAVE', async () => {
    mount('/apps/app-001/details?era=2019', () => 0);
    const d = await openDialog('Edit key Production predict', 'Edit API Key');
    expect(textField(d, 'KEY DESCRIPTION').value).toBe('Production predict');
    expect(checkbox(d, 'Predict: Predict on Public and Custom Models').checked).toBe(true);
    checkbox(d, 'Search: Search across Inputs').click();
    button(d, 'SAVE').click();
    await vi.waitFor(() => expect(dialog()).toBeNull());
    expect(api.sent('PATCH')[0]!.body).toEqual({
      keys: [{ id: 'b'.repeat(32), description: 'Production predict', scopes: ['Predict', 'Search'], apps: [{ id: 'app-001', user_id: USER }] }],
      action: 'overwrite',
    });
  });
});
