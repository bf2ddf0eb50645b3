// @vitest-environment happy-dom
/**
 * No user preset can pass for a built-in: not when typed, not after an import or an undo, and not
 * when it arrives from storage written elsewhere (another browser through sync, anything that can
 * write storage.local). The options page marks the built-ins.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import browser, { resetBrowser } from '../../fakes/browser.ts';
import { PresetsSection } from '../../../src/pages/options/PresetsSection.tsx';
import { handlers } from '../../../src/privileged/operations.ts';
import { nameKey } from '../../../src/privileged/preset-names.ts';
import * as store from '../../../src/privileged/presets-store.ts';
import { createRouter, type AnyHandlers } from '../../../src/privileged/router.ts';
import { BUILTIN_PRESETS } from '../../../src/pure/presets/builtins.ts';
import { encodeScopes } from '../../../src/pure/presets/io.ts';

const content = { caller: 'content' as const, tabId: 5 };
const page = { caller: 'page' as const };

beforeEach(() => resetBrowser());

const lookAlikes = [
  'Predict only',
  'predict ONLY',
  '  Predict   only ',
  'Predict\u00a0only',
  'Predict\u200b only',
  'Predict only\u200d',
  '\uff30redict only',
  'Full access',
  'FULL ACCESS',
];

/** Every name a page would show, as a person compares them. */
async function shownNames() {
  const list = await handlers.listPresets({ op: 'listPresets' }, content);
  return list.presets.map((p) => ({ key: nameKey(p.name), builtIn: p.builtIn, name: p.name, scopes: p.scopes }));
}

async function noneLooksBuiltIn() {
  const shown = await shownNames();
  for (const b of BUILTIN_PRESETS) {
    const same = shown.filter((p) => p.key === nameKey(b.name));
    expect(same, b.name).toHaveLength(1);
    expect(same[0]!.builtIn, b.name).toBe(true);
  }
}

describe('a user preset named like a built-in', () => {
  it.each(lookAlikes)('is refused when typed: %j', async (name) => {
    await expect(store.create({ name, scopes: ['All'] })).rejects.toThrow(/is the name of a built-in preset; choose another name/);
    expect(await store.list()).toEqual([]);
  });

  it('is refused as a new name for a preset', async () => {
    const p = await store.create({ name: 'Mine', scopes: ['All'] });
    await expect(store.update(p.id, { name: 'predict  only' })).rejects.toThrow(/name of a built-in preset/);
    expect((await store.list())[0]!.name).toBe('Mine');
  });

  it('is renamed “… (yours)” when imported', async () => {
    const added = await store.importMany([
      { name: 'Predict only', scopes: ['All'] },
      { name: 'Read only', scopes: ['All'] },
    ]);
    expect(added.map((p) => p.name)).toEqual(['Predict only (yours)', 'Read only (yours)']);
    const again = await store.importMany([{ name: 'predict only', scopes: ['All'] }]);
    expect(again.map((p) => p.name)).toEqual(['predict only (yours 2)']);
    await noneLooksBuiltIn();
  });

  it('is renamed when an undo brings it back', async () => {
    const p = await store.restore({ id: 'user:old', name: 'Full access', scopes: ['All'] }, 0);
    expect(p.name).toBe('Full access (yours)');
  });

  it('synced from another browser is shown renamed, with its own scopes, and never as the built-in', async () => {
    await store.create({ name: 'Mine', scopes: ['Predict'] });
    await store.setSync(true);
    // What another browser's Keysmith (or anything writing sync) put there.
    await browser.storage.sync.set({
      'preset:user:evil-1': { n: 'Predict only', s: encodeScopes(['All']), u: '2026-01-01T00:00:00.000Z' },
      'preset:user:evil-2': { n: 'Predict only (yours)', s: encodeScopes(['Predict']), u: '2026-01-02T00:00:00.000Z' },
    });
    const shown = await shownNames();
    expect(shown.find((p) => p.scopes.includes('All') && !p.builtIn)?.name).toBe('Predict only (yours 2)');
    await noneLooksBuiltIn();
    expect(new Set(shown.map((p) => p.key)).size).toBe(shown.length);
  });

  it('written into storage.local is shown renamed', async () => {
    await browser.storage.local.set({
      presets: [{ id: 'user:x', name: 'Read only', description: 'looks safe', scopes: ['All'], builtIn: false, updatedAt: '2026-01-01T00:00:00.000Z' }],
    });
    expect((await store.list()).map((p) => p.name)).toEqual(['Read only (yours)']);
    await noneLooksBuiltIn();
  });

  it('keeps its long name within the limit when renamed', async () => {
    const [p] = await store.importMany([{ name: 'Predict only', scopes: ['Predict'] }]);
    expect(p!.name.length).toBeLessThanOrEqual(80);
  });
});

describe('the options page', () => {
  let root: HTMLElement;
  beforeEach(() => {
    browser.runtime.onMessage.addListener(
      createRouter(handlers as unknown as AnyHandlers, { id: browser.runtime.id, origin: 'chrome-extension://keysmith-test-id' }) as never,
    );
    root = document.createElement('div');
    document.body.append(root);
  });
  afterEach(() => {
    render(null, root);
    root.remove();
  });

  it('marks every built-in as built-in, and no preset of yours', async () => {
    await handlers.importPresets(
      { op: 'importPresets', text: JSON.stringify({ format: 'keysmith-presets', version: 1, presets: [{ name: 'Predict only', scopes: ['All'] }] }) },
      page,
    );
    act(() => render(<PresetsSection />, root));
    await vi.waitFor(() => expect(root.textContent).not.toContain('Loading presets'));
    const builtIns = [...root.querySelectorAll('ul[aria-labelledby="presets-builtin-h"] > li')];
    expect(builtIns).toHaveLength(BUILTIN_PRESETS.length);
    for (const li of builtIns) expect(li.textContent).toContain('Built-in');
    const mine = [...root.querySelectorAll('ul[aria-labelledby="presets-mine-h"] > li')];
    expect(mine.map((li) => li.querySelector('.preset-name')?.textContent)).toEqual(['Predict only (yours)']);
    expect(mine[0]!.textContent).not.toContain('Built-in');
  });
});
