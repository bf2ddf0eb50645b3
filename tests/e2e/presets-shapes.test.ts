/**
 * Presets in dialogs built the way common React component libraries build them (issue 11), end to
 * end in both browsers: the fake portal's `?shape=` dialogs (MUI, Ant Design with human labels only,
 * a collapsed accordion, a list re-rendered whole after every click, Basic/Advanced tabs, Radix button
 * checkboxes). Every built-in preset is chosen after another one, in the create and the edit dialog,
 * with what a person does between two presets, and judged by the page's own form state
 * (`window.__sandboxKeyForm`, the portal's component state), never by the DOM.
 */
import { beforeAll, describe, expect } from 'vitest';
import { BUILTIN_PRESETS } from '../../src/pure/presets/builtins.ts';
import { DEMO_USER_ID, SANDBOX_PAT } from '../../sandbox/state.ts';
import { DIALOG_SHAPES } from '../../sandbox/portal/shapes/index.ts';
import { inBothBrowsers, savePat, type DriverPage } from './driver/index.ts';

const plural = (n: number) => `${n} scope${n === 1 ? '' : 's'}`;

inBothBrowsers('scope presets in dialogs of every shape', ({ d, it }) => {
  beforeAll(async () => {
    await savePat(d(), SANDBOX_PAT);
  });

  const pageState = (page: DriverPage) =>
    page.evaluate(() => [...((window as { __sandboxKeyForm?: { scopes: readonly string[] } }).__sandboxKeyForm?.scopes ?? [])].sort());

  async function open(shape: string, kind: 'create' | 'edit', query = ''): Promise<DriverPage> {
    const page = await d().open(`https://clarifai.com/${DEMO_USER_ID}/app-001/settings?shape=${shape}${query}`);
    await page
      .getByRole('button', { name: kind === 'create' ? /^create api key$/i : /^edit key /i })
      .first()
      .click();
    await page.getByRole('dialog').waitFor();
    await expect.poll(() => page.getByRole('combobox', { name: 'Scope preset' }).isEnabled(), { timeout: 10_000 }).toBe(true);
    return page;
  }

  /** What a person does between two presets (sandbox/portal/shapes/index.ts). */
  async function personActs(page: DriverPage, shape: string, round: number): Promise<void> {
    const dialog = page.getByRole('dialog');
    if (shape === 'accordion')
      await dialog
        .getByRole('button', { name: /^(Inputs|Models|Annotations)\b/ })
        .first()
        .click();
    else if (shape === 'rerender')
      await dialog.getByRole('combobox', { name: 'Sort scopes' }).selectOption({ label: ['A to Z', 'Z to A', 'Ticked first'][round % 3]! });
    else if (shape === 'tabs') await dialog.getByRole('tab', { name: 'Basic scopes' }).click();
    else await dialog.getByRole('checkbox').first().click();
  }

  for (const shape of DIALOG_SHAPES)
    describe(`the ${shape} dialog`, () => {
      for (const kind of ['create', 'edit'] as const)
        it(`${kind}: every built-in preset, each after another, lands exactly in the page’s own state`, async () => {
          const page = await open(shape, kind);
          const picker = page.getByRole('combobox', { name: 'Scope preset' });
          const applied = page.getByTestId('ks-applied');
          // The first again at the end: every preset follows another, and is unticked by the next.
          for (const [round, preset] of [...BUILTIN_PRESETS, BUILTIN_PRESETS[0]!].entries()) {
            await expect.poll(() => picker.isEnabled()).toBe(true);
            await picker.selectOption({ label: preset.name });
            await expect.poll(() => applied.textContent(), { timeout: 10_000 }).toBe(`“${preset.name}”: ${plural(preset.scopes.length)} ticked.`);
            expect({ preset: preset.name, state: await pageState(page) }).toEqual({ preset: preset.name, state: [...preset.scopes].sort() });
            await personActs(page, shape, round);
          }
          await page.close();
        });
    });

  it('says which scopes a portal does not offer, that the key would differ, and offers the dialog outline', async () => {
    const page = await open('mui', 'create', '&plan=community');
    const readOnly = BUILTIN_PRESETS.find((p) => p.name === 'Read only')!;
    await page.getByRole('combobox', { name: 'Scope preset' }).selectOption({ label: readOnly.name });
    const applied = page.getByTestId('ks-applied');
    await expect.poll(() => applied.textContent(), { timeout: 10_000 }).toContain('was not fully applied');
    const text = (await applied.textContent()) ?? '';
    expect(text).toContain('This portal does not offer ModelExports:Get');
    expect(text).toContain('a key made now would differ from the preset');
    expect(await pageState(page)).toEqual(readOnly.scopes.filter((s) => s !== 'ModelExports:Get').sort());
    expect(await page.getByRole('button', { name: 'Copy dialog outline' }).isVisible()).toBe(true);
    await page.close();
  });
});
