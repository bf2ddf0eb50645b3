// @vitest-environment happy-dom
/**
 * The options page's Presets section in happy-dom, talking to the worker's real handlers through
 * its router (the fake's sendMessage delivers to it as an extension page would).
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import browser, { resetBrowser } from '../../../fakes/browser.ts';
import { PresetsSection } from '../../../../src/pages/options/PresetsSection.tsx';
import { copyName, exportFileName } from '../../../../src/pure/presets/naming.ts';
import { handlers } from '../../../../src/privileged/operations.ts';
import { createRouter, type AnyHandlers } from '../../../../src/privileged/router.ts';
import { BUILTIN_PRESETS } from '../../../../src/pure/presets/builtins.ts';
import { exportPresets, type UserPreset } from '../../../../src/pure/presets/io.ts';

let root: HTMLElement;

beforeEach(() => {
  resetBrowser();
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

async function mount() {
  act(() => render(<PresetsSection />, root));
  await vi.waitFor(() => expect(root.textContent).not.toContain('Loading presets'));
}
const userPreset = (name: string, scopes: string[], description = ''): UserPreset => ({
  id: `user:${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
  name,
  description,
  scopes,
  builtIn: false,
  updatedAt: '2026-01-01T00:00:00.000Z',
});
const seed = (presets: UserPreset[]) => browser.storage.local.set({ presets });
const button = (name: string) => {
  const b = [...root.querySelectorAll('button')].find((x) => (x.getAttribute('aria-label') ?? x.textContent?.trim()) === name);
  if (!b) throw new Error(`no button “${name}”`);
  return b;
};
const press = (name: string) => act(() => button(name).click());
const yours = () => [...root.querySelectorAll('ul[aria-labelledby="presets-mine-h"] > li .preset-name')].map((n) => n.textContent?.trim());
const status = () => root.querySelector('[role="status"]')?.textContent ?? '';
const alertText = () => root.querySelector('[role="alert"]')?.textContent ?? '';
const stored = async () => ((await browser.storage.local.get('presets')).presets as UserPreset[] | undefined) ?? [];

function choose(text: string, name = 'presets.json') {
  const input = root.querySelector<HTMLInputElement>('input[type="file"]')!;
  Object.defineProperty(input, 'files', { value: [new File([text], name, { type: 'application/json' })], configurable: true });
  act(() => void input.dispatchEvent(new Event('change', { bubbles: true })));
}

describe('the Presets section', () => {
  it('is a region named Presets listing the built-ins, read-only, with what each enables', async () => {
    await mount();
    const section = root.querySelector('section')!;
    expect(root.querySelector(`#${section.getAttribute('aria-labelledby')}`)?.textContent).toBe('Presets');
    for (const p of BUILTIN_PRESETS) {
      const li = [...root.querySelectorAll('ul[aria-labelledby="presets-builtin-h"] > li')].find(
        (x) => x.querySelector('.preset-name')?.textContent === p.name,
      )!;
      expect(li.textContent).toMatch(/enables (\d+ endpoints?|no API endpoint)/);
      expect(li.querySelector('button[aria-label^="Delete"], button[aria-label^="Edit"]')).toBeNull();
    }
    expect(root.textContent).toContain('None yet');
  });

  it('creates a preset in the editor, closed under dependencies', async () => {
    await mount();
    press('New preset');
    const name = root.querySelector<HTMLInputElement>('#preset-editor-name')!;
    act(() => {
      name.value = 'Cleaner';
      name.dispatchEvent(new Event('input', { bubbles: true }));
    });
    const del = [...root.querySelectorAll('label[for]')].find((l) => l.textContent === 'Inputs:Delete')!;
    act(() => root.querySelector<HTMLInputElement>(`#${CSS.escape(del.getAttribute('for')!)}`)!.click());
    press('Create preset');
    await vi.waitFor(() => expect(yours()).toEqual(['Cleaner']));
    expect((await stored())[0]!.scopes).toEqual(['Inputs:Add', 'Inputs:Get', 'Inputs:Delete']);
    expect(status()).toContain('Created “Cleaner”');
  });

  it('deletes with Undo, which puts the preset back where it was', async () => {
    await seed([userPreset('One', ['Predict']), userPreset('Two', ['Predict']), userPreset('Three', ['Predict'])]);
    await mount();
    press('Delete Two');
    await vi.waitFor(() => expect(yours()).toEqual(['One', 'Three']));
    expect(status()).toContain('Deleted “Two”.');
    press('Undo deleting Two');
    await vi.waitFor(() => expect(yours()).toEqual(['One', 'Two', 'Three']));
  });

  it('moves presets up and down, and renames one', async () => {
    await seed([userPreset('One', ['Predict']), userPreset('Two', ['Predict'])]);
    await mount();
    expect(button('Move One up').disabled).toBe(true);
    press('Move Two up');
    await vi.waitFor(() => expect(yours()).toEqual(['Two', 'One']));
    expect(status()).toContain('now 1 of 2');
    press('Rename One');
    const field = root.querySelector<HTMLInputElement>('input[aria-label="New name for One"]')!;
    act(() => {
      field.value = 'Uno';
      field.dispatchEvent(new Event('input', { bubbles: true }));
    });
    press('Save name');
    await vi.waitFor(() => expect(yours()).toEqual(['Two', 'Uno']));
  });

  it('duplicates a preset right after it, and a built-in one at the end', async () => {
    await seed([userPreset('One', ['Predict']), userPreset('Two', ['Predict'])]);
    await mount();
    press('Duplicate One');
    await vi.waitFor(() => expect(yours()).toEqual(['One', 'One (copy)', 'Two']));
    press('Duplicate Predict only');
    await vi.waitFor(() => expect(yours()).toEqual(['One', 'One (copy)', 'Two', 'Predict only (copy)']));
    expect((await stored())[3]!.scopes).toEqual([...BUILTIN_PRESETS.find((p) => p.name === 'Predict only')!.scopes]);
  });

  it('refuses a bad file in an alert that says what and where, and imports nothing', async () => {
    await seed([userPreset('Kept', ['Predict'])]);
    await mount();
    choose(
      JSON.stringify({
        format: 'keysmith-presets',
        version: 1,
        presets: [
          { name: 'Good', scopes: ['Predict'] },
          { name: 'Bad', scopes: ['Nope:Get'] },
        ],
      }),
    );
    await vi.waitFor(() => expect(alertText()).toContain('Preset 2 (“Bad”) names scopes Clarifai does not offer for keys: Nope:Get.'));
    expect(yours()).toEqual(['Kept']);
    expect((await stored()).map((p) => p.name)).toEqual(['Kept']);
    choose('{ not json');
    await vi.waitFor(() => expect(alertText()).toContain('The file is not valid JSON'));
  });

  it('imports a good file, saying how many were added and which dependencies came with them', async () => {
    await mount();
    choose(
      JSON.stringify({
        format: 'keysmith-presets',
        version: 1,
        presets: [
          { name: 'Uploader', scopes: ['Inputs:Add'] },
          { name: 'Predictor', scopes: ['Predict'] },
        ],
      }),
    );
    await vi.waitFor(() => expect(yours()).toEqual(['Uploader', 'Predictor']));
    expect(status()).toContain('Added 2 presets: “Uploader”, “Predictor”.');
    expect(status()).toContain('“Uploader” also gets Inputs:Get');
  });

  it('exports the user’s presets as a dated JSON file that imports again', async () => {
    await seed([userPreset('Mine', ['Inputs:Add', 'Inputs:Get'], 'for tests')]);
    await mount();
    let blob: Blob | undefined;
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => ((blob = b as Blob), 'blob:keysmith-test'));
    let downloaded = '';
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      downloaded = this.download;
    });
    press('Export presets');
    expect(downloaded).toMatch(/^keysmith-presets-\d{4}-\d{2}-\d{2}\.json$/);
    expect(downloaded).toBe(exportFileName());
    const text = await blob!.text();
    expect(JSON.parse(text)).toMatchObject({
      format: 'keysmith-presets',
      version: 1,
      presets: [{ name: 'Mine', description: 'for tests', scopes: ['Inputs:Add', 'Inputs:Get'] }],
    });
    expect(text.replace(/"exportedAt": "[^"]+"/, '')).toBe(exportPresets(await stored()).replace(/"exportedAt": "[^"]+"/, ''));
  });

  it('turns sync on; a quota refusal shows the worker’s message and leaves the box off', async () => {
    await seed([userPreset('Small', ['Predict'])]);
    await mount();
    const box = () => [...root.querySelectorAll('label')].find((l) => l.textContent?.trim() === 'Sync presets across your browsers')!.querySelector('input')!;
    act(() => box().click());
    await vi.waitFor(() => expect(box().checked).toBe(true));
    expect(status()).toContain('now sync');
    act(() => box().click());
    await vi.waitFor(() => expect(box().checked).toBe(false));

    await seed(Array.from({ length: 220 }, (_, i) => userPreset(`Customer ${i}`, ['Predict'], 'x'.repeat(500))));
    render(null, root);
    await mount();
    act(() => box().click());
    await vi.waitFor(() => expect(alertText()).toMatch(/need \d+ KB of browser sync storage, more than the 100 KB it allows/));
    expect(box().checked).toBe(false);
    expect((await browser.storage.local.get('presetSync')).presetSync).not.toBe(true);
  });
});

describe('names', () => {
  it('a copy takes the first free “(copy n)” name within the length limit', () => {
    expect(copyName('A', ['A'])).toBe('A (copy)');
    expect(copyName('A', ['A', 'a (COPY)'])).toBe('A (copy 2)');
    expect(copyName('x'.repeat(80), []).length).toBe(80);
  });
  it('the export file is named after the local date', () => {
    expect(exportFileName(new Date(2026, 0, 5, 23, 59))).toBe('keysmith-presets-2026-01-05.json');
  });
});
