// @vitest-environment happy-dom
/**
 * The portal module against the fake portal's markup (both eras), rendered by the fake portal's own
 * components: dialogs found by role and heading, scope checkboxes by label text, presets applied
 * with real clicks so the portal's state (what it would submit) follows.
 */
import { h, render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { applyScopes, singleScopeBoxes, tickedScopes } from '../../src/untrusted/apply.ts';
import { classifyHeading, findKeyDialogs, mountPoint, scopeBoxes, scopeOfLabel } from '../../src/untrusted/portal-dom.ts';
import { BUILTIN_PRESETS } from '../../src/pure/presets/builtins.ts';
import { EXPOSED_SCOPES, isExposed } from '../../src/pure/scopes/catalogue.ts';
import { App } from '../sandbox/portal/app.tsx';

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
    if (!d || !scopeBoxes(d.root, isExposed).length) throw new Error('no dialog');
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
    expect(scopeBoxes(dialog, isExposed).map((b) => b.scope).sort()).toEqual(EXPOSED_SCOPES.map((s) => s.name).sort());
  });

  it.each(BUILTIN_PRESETS.map((p) => [p.name, p.scopes] as const))('applies %s so that the portal submits exactly its scopes', async (_n, scopes) => {
    mount(`/${USER}/app-001/settings`);
    const dialog = await openCreate();
    const r = await applyScopes(dialog, scopes, isExposed);
    expect(r).toEqual({ ok: true, unavailable: [], stuck: [] });
    expect(tickedScopes(dialog, isExposed).sort()).toEqual([...scopes].sort());
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
    expect(scopeBoxes(d.root, isExposed).map((b) => b.scope)).toEqual(['All']); // BASIC rows name no single scope
    const boxes = await singleScopeBoxes(d.root, isExposed);
    expect(boxes.map((b) => b.scope).sort()).toEqual(EXPOSED_SCOPES.map((s) => s.name).sort());
    const labeling = BUILTIN_PRESETS.find((p) => p.name === 'Labeling')!.scopes;
    expect((await applyScopes(d.root, labeling, isExposed)).ok).toBe(true);
    submit(d.root, /^CREATE API KEY$/);
    await vi.waitFor(() => expect(posted).toHaveLength(1));
    expect([...posted[0]!.scopes].sort()).toEqual([...labeling].sort());
  });
});
