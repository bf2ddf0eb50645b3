// @vitest-environment happy-dom
/**
 * The app picker's range selection (shift-click) while an owner's apps are still arriving page by
 * page: the range runs between the two apps clicked, even when rows moved in between (found by the
 * Firefox end-to-end run, whose timing let a page land between the two clicks).
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, expect, it, vi } from 'vitest';
import browser, { resetBrowser } from '../../../fakes/browser.ts';
import { domRoot } from '../../support/dom-root.ts';
import { AppPicker } from '../../../../src/ui/bulk/AppPicker.tsx';
import type { AppSummary } from '../../../../src/pure/protocol/apps.ts';

const app = (id: string): AppSummary => ({ owner: 'demo-user', id, name: id, description: '' }) as AppSummary;

const root = domRoot();
let releasePage2: () => void;
beforeEach(() => {
  resetBrowser();
  const page2 = new Promise<void>((r) => (releasePage2 = r));
  browser.runtime.onMessage.addListener((async (m: { op: string; page?: number }) => {
    if (m.op === 'listAppsPage' && m.page === 1) return { ok: true, value: { apps: ['app-b', 'app-c', 'app-d', 'app-e'].map(app), last: false } };
    // The second page brings apps that sort before the first page's.
    if (m.op === 'listAppsPage') return page2.then(() => ({ ok: true, value: { apps: ['app-a', 'app-a2'].map(app), last: true } }));
    if (m.op === 'listSharedApps' || m.op === 'listOrgs') return { ok: true, value: [] };
    return undefined;
  }) as never);
});

const box = (id: string) => root.querySelector<HTMLInputElement>(`input[aria-label="${id}"]`)!;
const click = (id: string, shiftKey = false) => act(() => void box(id).dispatchEvent(new MouseEvent('click', { bubbles: true, shiftKey })));

it('shift-click selects from the app clicked before, though a page of apps arrived in between', async () => {
  let selected = new Set<string>();
  const Host = () => <AppPicker selected={selected} onChange={(next) => ((selected = next), act(() => render(<Host />, root)))} />;
  act(() => render(<Host />, root));
  await vi.waitFor(() => expect(box('app-e')).toBeTruthy());
  click('app-c');
  await act(async () => {
    releasePage2();
    await new Promise((r) => setTimeout(r, 0));
  });
  await vi.waitFor(() => expect(box('app-a')).toBeTruthy());
  click('app-e', true);
  expect([...selected].sort()).toEqual(['demo-user/app-c', 'demo-user/app-d', 'demo-user/app-e']);
});

/** The space bar on a box, as Firefox does it: a keydown, then a click with detail 0 and no shiftKey. */
const space = (id: string, shiftKey: boolean) =>
  act(() => {
    box(id).dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, key: ' ', shiftKey }));
    box(id).dispatchEvent(new MouseEvent('click', { bubbles: true, detail: 0 }));
  });

it('Shift+Space selects a range as Shift+click does, though the click the key makes carries no shiftKey', async () => {
  releasePage2();
  let selected = new Set<string>();
  const Host = () => <AppPicker selected={selected} onChange={(next) => ((selected = next), act(() => render(<Host />, root)))} />;
  act(() => render(<Host />, root));
  await vi.waitFor(() => expect(box('app-e')).toBeTruthy());
  space('app-b', false);
  space('app-d', true);
  expect([...selected].sort()).toEqual(['demo-user/app-b', 'demo-user/app-c', 'demo-user/app-d']);
  // A Shift+Space on one box does not turn a later keyless click (detail 0) on another into a range.
  act(() => void box('app-b').dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, key: ' ', shiftKey: true })));
  act(() => void box('app-e').dispatchEvent(new MouseEvent('click', { bubbles: true, detail: 0 })));
  expect([...selected].sort()).toEqual(['demo-user/app-b', 'demo-user/app-c', 'demo-user/app-d', 'demo-user/app-e']);
  act(() => void box('app-e').dispatchEvent(new MouseEvent('click', { bubbles: true, detail: 0 }))); // untick again
  // A Shift+Space earlier does not turn a later pointer click (detail 1) into a range.
  box('app-a2')?.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, key: ' ', shiftKey: true }));
  act(() => void box('app-e').dispatchEvent(new MouseEvent('click', { bubbles: true, detail: 1 })));
  expect([...selected].sort()).toEqual(['demo-user/app-b', 'demo-user/app-c', 'demo-user/app-d', 'demo-user/app-e']);
});
