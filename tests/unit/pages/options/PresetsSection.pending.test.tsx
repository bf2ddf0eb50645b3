// @vitest-environment happy-dom
/**
 * "Save as preset" in the portal's dialog: a page script can drive the panel, so the worker saves
 * nothing on the page's word. The preset waits until the person confirms it on the options page.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import browser, { resetBrowser } from '../../../fakes/browser.ts';
import { PresetsSection } from '../../../../src/pages/options/PresetsSection.tsx';
import { handlers } from '../../../../src/privileged/operations.ts';
import { pending } from '../../../../src/privileged/preset-pending.ts';
import * as store from '../../../../src/privileged/presets-store.ts';
import { createRouter, type AnyHandlers } from '../../../../src/privileged/router.ts';

const self = { id: browser.runtime.id, origin: 'chrome-extension://keysmith-test-id' };
const portalTab = { id: browser.runtime.id, url: 'https://clarifai.com/demo/app/settings', origin: 'https://clarifai.com', tab: { id: 7 }, frameId: 0 };
const optionsPage = {
  id: browser.runtime.id,
  url: 'chrome-extension://keysmith-test-id/src/pages/options/index.html',
  origin: self.origin,
  tab: { id: 3 },
  frameId: 0,
};
const route = createRouter(handlers as unknown as AnyHandlers, self);
const fromPortal = (m: object) => route(m, portalTab as never);
const fromOptions = (m: object) => route(m, optionsPage as never);

const ask = { op: 'proposePreset', name: 'Ingest', description: 'From the dialog', scopes: ['Inputs:Add'] };

beforeEach(() => resetBrowser());

describe('a preset asked for from the portal page', () => {
  it('is never saved by savePreset from the content script', async () => {
    const r = await fromPortal({ op: 'savePreset', name: 'Sneaky', scopes: ['All'] });
    expect(r).toMatchObject({ ok: false, error: { kind: 'refused' } });
    expect(await store.list()).toEqual([]);
  });

  it('waits, unsaved, and the options page opens to confirm it', async () => {
    expect(await fromPortal(ask)).toEqual({ ok: true, value: { pending: true, name: 'Ingest', opened: true } });
    expect(await store.list()).toEqual([]);
    expect(browser.storage.local._dump().presets).toBeUndefined();
    expect(browser._calls).toContain('openOptionsPage');
    const shown = await fromOptions({ op: 'getPendingPreset' });
    expect(shown).toMatchObject({
      ok: true,
      value: { name: 'Ingest', description: 'From the dialog', scopes: ['Inputs:Add', 'Inputs:Get'], enables: expect.stringMatching(/enables/) },
    });
  });

  it('is checked at once: a built-in’s name or one taken is refused to the panel', async () => {
    await store.create({ name: 'Taken', scopes: ['All'] });
    expect(await fromPortal({ ...ask, name: 'predict only' })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/built-in preset/) } });
    expect(await fromPortal({ ...ask, name: 'taken' })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/exists already/) } });
    expect(await pending()).toBeUndefined();
  });

  it('is saved only when the person confirms the one they saw', async () => {
    await fromPortal(ask);
    const seen = (await pending())!;
    // The page asks again meanwhile, with other scopes: what the person saw is no longer waiting.
    await fromPortal({ ...ask, name: 'Ingest', scopes: ['All'] });
    expect(await fromOptions({ op: 'confirmPendingPreset', id: seen.id })).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/no longer waiting/) },
    });
    expect(await store.list()).toEqual([]);
    const latest = (await pending())!;
    const r = await fromOptions({ op: 'confirmPendingPreset', id: latest.id });
    expect(r).toMatchObject({ ok: true, value: { name: 'Ingest', scopes: ['All'], builtIn: false } });
    expect((await store.list()).map((p) => p.name)).toEqual(['Ingest']);
    expect(await pending()).toBeUndefined();
  });

  it('cannot be confirmed or discarded by the content script', async () => {
    await fromPortal(ask);
    const { id } = (await pending())!;
    expect(await fromPortal({ op: 'confirmPendingPreset', id })).toMatchObject({ ok: false, error: { kind: 'refused' } });
    expect(await fromPortal({ op: 'discardPendingPreset', id })).toMatchObject({ ok: false, error: { kind: 'refused' } });
    expect(await fromPortal({ op: 'getPendingPreset' })).toMatchObject({ ok: false, error: { kind: 'refused' } });
    expect(await store.list()).toEqual([]);
  });

  it('waits in storage.session, which a content script can neither read nor write', async () => {
    await fromPortal(ask);
    expect(Object.keys(browser.storage.session._dump())).toContain('presets:pending');
    expect(JSON.stringify(browser.storage.local._dump())).not.toContain('Ingest');
  });

  it('is gone once discarded', async () => {
    await fromPortal(ask);
    const { id } = (await pending())!;
    expect(await fromOptions({ op: 'discardPendingPreset', id })).toEqual({ ok: true, value: null });
    expect(await fromOptions({ op: 'getPendingPreset' })).toEqual({ ok: true, value: null });
    expect(await store.list()).toEqual([]);
  });
});

describe('the options page', () => {
  let root: HTMLElement;
  beforeEach(() => {
    browser.runtime.onMessage.addListener(route as never);
    root = document.createElement('div');
    document.body.append(root);
  });
  afterEach(() => {
    render(null, root);
    root.remove();
  });
  const button = (name: string) => [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === name)!;
  const region = () => root.querySelector('[role="region"][aria-labelledby="pending-preset-h"]');

  it('shows the waiting preset whole, and saves it on the person’s click', async () => {
    await fromPortal(ask);
    act(() => render(<PresetsSection />, root));
    await vi.waitFor(() => expect(region()).not.toBeNull());
    expect(region()!.textContent).toContain('Save this preset from the portal?');
    expect(root.querySelector('[data-testid="pending-preset-name"]')!.textContent).toBe('Ingest');
    expect(root.querySelector('[data-testid="pending-preset-scopes"]')!.textContent).toBe('Inputs:Add, Inputs:Get');
    expect(await store.list()).toEqual([]);
    act(() => button('Save preset').click());
    await vi.waitFor(() => expect(root.querySelector('[data-testid="pending-preset-message"]')?.textContent).toBe('Saved the preset “Ingest”.'));
    expect(region()).toBeNull();
    await vi.waitFor(() =>
      expect([...root.querySelectorAll('ul[aria-labelledby="presets-mine-h"] .preset-name')].map((n) => n.textContent)).toEqual(['Ingest']),
    );
  });

  it('discards it on Discard, saving nothing', async () => {
    await fromPortal(ask);
    act(() => render(<PresetsSection />, root));
    await vi.waitFor(() => expect(region()).not.toBeNull());
    act(() => button('Discard').click());
    await vi.waitFor(() => expect(root.querySelector('[data-testid="pending-preset-message"]')?.textContent).toBe('Discarded “Ingest”; nothing was saved.'));
    expect(await store.list()).toEqual([]);
  });
});
