// @vitest-environment happy-dom
/**
 * The inventory page's selection and filters, against a worker that answers a fixed inventory:
 * each key row is a checkbox named by its app id and description, Shift ticks a range, "Select
 * every key shown" ticks what the filters show (never a PAT), and the owner, app, preset and age
 * filters narrow the rows.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import browser, { resetBrowser } from '../../../fakes/browser.ts';
import { domRoot } from '../../support/dom-root.ts';
import { Page } from '../../../../src/pages/inventory/Page.tsx';
import type { InventoryKey, InventoryView } from '../../../../src/pure/protocol/inventory.ts';

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();
const key = (appId: string, over: Partial<InventoryKey> = {}): InventoryKey => ({
  keyId: `k${appId.replace(/\W/g, '')}0123456789abcdef`,
  kind: 'app',
  owner: 'ada',
  appId,
  description: `prod ${appId}`,
  scopes: ['Predict'],
  endpoints: [],
  createdAt: daysAgo(60),
  ...over,
});
const KEYS: InventoryKey[] = [
  key('a1'),
  key('a2', { scopes: ['All'] }),
  key('a3', { createdAt: daysAgo(400) }),
  key('b1', { owner: 'org', scopes: ['Inputs:Get', 'Models:Get'] }),
  key('', { kind: 'pat', keyId: 'pat-1-abcd', description: 'my token', scopes: ['All'] }),
];
const VIEW: InventoryView = { status: 'done', readAt: '2026-12-01T00:00:00Z', appsRead: 4, appsTotal: 4, keys: KEYS, unreadable: [] };

const root = domRoot();
beforeEach(() => {
  resetBrowser();
  browser.runtime.onMessage.addListener(((m: { op: string }) => {
    const value =
      m.op === 'getInventory'
        ? VIEW
        : m.op === 'listPresets'
          ? { presets: [{ id: 'p', name: 'Predict only', description: '', scopes: ['Predict'], enables: '' }], sync: false }
          : m.op === 'listJobs'
            ? []
            : null;
    return Promise.resolve({ ok: true, value });
  }) as never);
});

const boxes = () => [...root.querySelectorAll<HTMLInputElement>('tbody input[type=checkbox]')];
const box = (name: string) => boxes().find((b) => b.getAttribute('aria-label') === name)!;
const ticked = () =>
  boxes()
    .filter((b) => b.checked)
    .map((b) => b.getAttribute('aria-label'));
const rows = () => [...root.querySelectorAll('[data-testid=inventory-row]')].map((r) => r.children[2]!.textContent);
const click = (el: HTMLElement, shiftKey = false) => act(() => void el.dispatchEvent(new MouseEvent('click', { bubbles: true, shiftKey })));
const choose = (label: string, value: string) =>
  act(() => {
    const select = [...root.querySelectorAll('label')].find((l) => l.textContent?.startsWith(label))!.querySelector('select')!;
    select.value = value;
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });

async function open() {
  act(() => render(<Page />, root));
  await vi.waitFor(() => expect(boxes().length).toBe(4));
}

describe('the inventory page', () => {
  it('names each key’s checkbox by its app id and description, and gives a PAT none', async () => {
    await open();
    expect(boxes().map((b) => b.getAttribute('aria-label'))).toEqual(['a1 prod a1', 'a2 prod a2', 'a3 prod a3', 'b1 prod b1']);
    expect(rows()).toContain('—'); // the PAT's row is there, without a box
  });

  it('ticks one key, then a range with Shift, and says how many are selected', async () => {
    await open();
    click(box('a1 prod a1'));
    click(box('a3 prod a3'), true);
    expect(ticked()).toEqual(['a1 prod a1', 'a2 prod a2', 'a3 prod a3']);
    expect(root.querySelector('[data-testid=inventory-shown]')!.textContent).toContain('3 selected');
    click(box('a2 prod a2'));
    expect(ticked()).toEqual(['a1 prod a1', 'a3 prod a3']);
  });

  it('"Select every key shown" ticks only what the filters show, and never a PAT', async () => {
    await open();
    choose('Owner', 'org');
    expect(rows()).toEqual(['b1']);
    click(root.querySelector<HTMLInputElement>('input[aria-label="Select every key shown"]')!);
    choose('Owner', '');
    expect(ticked()).toEqual(['b1 prod b1']);
  });

  it('filters by app, by preset, by custom scopes, and flags age from the days chosen', async () => {
    await open();
    choose('App', 'ada/a2');
    expect(rows()).toEqual(['a2']);
    choose('App', '');
    choose('Preset', 'Predict only');
    expect(rows()).toEqual(['a1', 'a3']);
    choose('Preset', '\u0000custom');
    expect(rows().sort()).toEqual(['a2', 'b1', '—']);
    choose('Preset', '');
    const flagged = () => [...root.querySelectorAll('[data-testid=inventory-table] li[data-flag=old]')].length;
    expect(flagged()).toBe(1); // a3, older than a year
    act(() => {
      const age = root.querySelector<HTMLInputElement>('input[type=number]')!;
      age.value = '30';
      age.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await vi.waitFor(() => expect(flagged()).toBe(5)); // every key, the PAT too, is 60 days old or more
  });
});
