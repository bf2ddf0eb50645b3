// @vitest-environment happy-dom
/**
 * Bulk changes from the inventory page, against a worker that answers a fixed inventory and
 * records what it is asked: "Change scopes" previews what each ticked key gains and loses and
 * sends only the keys that differ; "Delete selected" names how many keys and which apps, and over
 * ten keys waits for the person to type the number; the report shows each row, and the inventory
 * is read again when the change ends.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import browser, { resetBrowser } from '../../../fakes/browser.ts';
import { domRoot } from '../../support/dom-root.ts';
import { Page } from '../../../../src/pages/inventory/Page.tsx';
import type { InventoryKey, InventoryView } from '../../../../src/pure/protocol/inventory.ts';
import type { KeyChangeView } from '../../../../src/pure/protocol/key-changes.ts';

const key = (appId: string, over: Partial<InventoryKey> = {}): InventoryKey => ({
  keyId: `k${appId.replace(/\W/g, '')}0123456789abcdef`,
  kind: 'app',
  owner: 'ada',
  appId,
  description: `prod ${appId}`,
  scopes: ['Predict'],
  endpoints: [],
  ...over,
});
const PRESETS = { presets: [{ id: 'p', name: 'Predict only', description: '', scopes: ['Predict'], enables: '' }], sync: false };

let keys: InventoryKey[];
let asked: { op: string; [k: string]: unknown }[];
let task: KeyChangeView | null;
const root = domRoot();

beforeEach(() => {
  resetBrowser();
  asked = [];
  task = null;
  browser.runtime.onMessage.addListener(((m: { op: string }) => {
    asked.push(m);
    const view: InventoryView = { status: 'done', readAt: '2026-12-01T00:00:00Z', appsRead: 1, appsTotal: 1, keys, unreadable: [] };
    const answers: Record<string, unknown> = {
      getInventory: view,
      listPresets: PRESETS,
      listJobs: [],
      getKeyChange: task,
      startKeyChange: task,
      startRotation: { jobId: 'job-9' },
    };
    return Promise.resolve({ ok: true, value: answers[m.op] ?? null });
  }) as never);
});

const button = (name: string) => [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === name);
const click = (el: Element) => act(() => void el.dispatchEvent(new MouseEvent('click', { bubbles: true })));
const tick = (name: string) => click(root.querySelector(`input[aria-label="${name}"]`)!);
async function open() {
  act(() => render(<Page />, root));
  await vi.waitFor(() => expect(root.querySelectorAll('tbody input[type=checkbox]').length).toBe(keys.length));
}
const sent = (op: string) => asked.filter((m) => m.op === op);
/** Chooses in Change scopes' select: a preset's name, or '\u0000custom' for scopes ticked by hand. */
function chooseSet(value: string) {
  act(() => {
    const select = root.querySelector<HTMLSelectElement>('#scopes-h ~ label select')!;
    select.value = value;
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

describe('Change scopes', () => {
  it('previews gains and losses, leaves matching keys alone, and sends only the keys that differ', async () => {
    keys = [key('a1'), key('a2', { scopes: ['All'] }), key('a3', { scopes: ['Predict', 'Inputs:Get'] })];
    await open();
    expect(button('Change scopes')!.disabled).toBe(true); // nothing ticked yet
    for (const k of keys) tick(`${k.appId} ${k.description}`);
    click(button('Change scopes')!);
    chooseSet('Predict only');
    expect(root.textContent).toContain('2 keys will change; 1 key already has these scopes and will be left alone.');
    const preview = [...root.querySelectorAll('[data-testid=scope-preview] tbody tr')].map((r) => [...r.children].map((c) => c.textContent));
    expect(preview).toEqual([
      ['a2', 'prod a2', 'Predict', 'All'],
      ['a3', 'prod a3', '—', 'Inputs:Get'],
    ]);
    task = { id: 't', kind: 'scopes', status: 'running', rows: [], done: 0, unchanged: 0, failed: 0, total: 2, startedAt: '2026-12-01T00:00:00Z' };
    click(button('Change scopes of 2 keys')!);
    await vi.waitFor(() => expect(sent('startKeyChange')).toHaveLength(1));
    expect(sent('startKeyChange')[0]).toEqual({
      op: 'startKeyChange',
      kind: 'scopes',
      keyIds: [keys[1]!.keyId, keys[2]!.keyId],
      scopes: ['Predict'],
      presetName: 'Predict only',
    });
  });
});

describe('Change scopes, ticked by hand', () => {
  it('starts from the first key’s scopes, previews what the ticked set changes, and sends it without a preset name', async () => {
    keys = [key('a1'), key('a2')];
    await open();
    tick('a1 prod a1');
    tick('a2 prod a2');
    click(button('Change scopes')!);
    chooseSet('\u0000custom');
    expect(root.textContent).toContain('Every selected key already has these scopes: nothing to change.');
    click(root.querySelector('#change-Inputs-Get')!);
    expect(root.textContent).toContain('2 keys will change.');
    click(button('Change scopes of 2 keys')!);
    await vi.waitFor(() => expect(sent('startKeyChange')).toHaveLength(1));
    const req = sent('startKeyChange')[0]!;
    expect(req).toMatchObject({ kind: 'scopes', keyIds: [keys[0]!.keyId, keys[1]!.keyId] });
    expect([...(req.scopes as string[])].sort()).toEqual(['Inputs:Get', 'Predict']);
    expect(req.presetName).toBeUndefined();
  });
});

describe('opened from a link (Least privilege, an explained error)', () => {
  it('adds what an explained error says a key lacks to that key’s own scopes, after the preview', async () => {
    location.hash = '#add=Inputs%3AAdd';
    keys = [key('a1', { scopes: ['Predict', 'Apps:Get'] }), key('a2')];
    await open();
    expect(root.querySelector('[data-testid=inventory-link]')!.textContent).toContain('Tick the one key that lacks Inputs:Add');
    tick('a1 prod a1');
    click(button('Change scopes')!);
    expect(root.querySelector<HTMLSelectElement>('#scopes-h ~ label select')!.value).toBe('\u0000custom');
    const preview = [...root.querySelectorAll('[data-testid=scope-preview] tbody tr')].map((r) => [...r.children].map((c) => c.textContent));
    // Inputs:Add with what it depends on; nothing lost.
    expect(preview).toEqual([['a1', 'prod a1', 'Inputs:Add, Inputs:Get', '—']]);
    expect(sent('startKeyChange')).toHaveLength(0); // nothing is sent on the link's word
    click(button('Change scopes of 1 key')!);
    await vi.waitFor(() => expect(sent('startKeyChange')).toHaveLength(1));
    expect([...(sent('startKeyChange')[0]!.scopes as string[])].sort()).toEqual(['Apps:Get', 'Inputs:Add', 'Inputs:Get', 'Predict']);
    location.hash = '';
  });

  it('adds the missing scopes only with one key ticked: with two, it says so and starts from no set', async () => {
    location.hash = '#add=Inputs%3AAdd';
    keys = [key('a1', { scopes: ['Predict', 'Apps:Get'] }), key('a2', { scopes: ['Workflows:Get'] })];
    await open();
    tick('a1 prod a1');
    tick('a2 prod a2');
    click(button('Change scopes')!);
    // a1's scopes plus Inputs:Add, given to a2 too, would take Workflows:Get from a2.
    expect(root.querySelector('[data-testid=add-one-key]')).not.toBeNull();
    expect(root.querySelector<HTMLSelectElement>('#scopes-h ~ label select')!.value).toBe('');
    expect(root.querySelector('[data-testid=scope-preview]')).toBeNull();
    // Untick a2: the one key left starts from its own scopes with the missing ones.
    tick('a2 prod a2');
    expect(root.querySelector('[data-testid=add-one-key]')).toBeNull();
    const preview = [...root.querySelectorAll('[data-testid=scope-preview] tbody tr')].map((r) => [...r.children].map((c) => c.textContent));
    expect(preview).toEqual([['a1', 'prod a1', 'Inputs:Add, Inputs:Get', '—']]);
    location.hash = '';
  });

  it('asks once more before giving keys full access, and not about keys that hold it already', async () => {
    keys = [key('a1'), key('a2', { scopes: ['All', 'Predict'] })];
    await open();
    tick('a1 prod a1');
    tick('a2 prod a2');
    click(button('Change scopes')!);
    chooseSet('\u0000custom');
    click(root.querySelector('#change-All')!);
    expect(root.textContent).toContain('1 key will change; 1 key already has these scopes');
    const go = button('Change scopes of 1 key')!;
    expect(go.disabled).toBe(true);
    const anyway = [...root.querySelectorAll('label')].find((l) => l.textContent?.includes('Make keys with full access anyway'))!.querySelector('input')!;
    click(anyway);
    expect(button('Change scopes of 1 key')!.disabled).toBe(false);
    click(button('Change scopes of 1 key')!);
    await vi.waitFor(() => expect(sent('startKeyChange')).toHaveLength(1));
    expect(sent('startKeyChange')[0]).toMatchObject({ keyIds: [keys[0]!.keyId] });
    expect(sent('startKeyChange')[0]!.scopes).toContain('All');
  });

  it('chooses the linked preset in Change scopes, and compares a key with it', async () => {
    location.hash = '#preset=Predict+only';
    keys = [key('a1', { scopes: ['Predict', 'Inputs:Get'] })];
    await open();
    expect(root.querySelector('[data-testid=inventory-link]')!.textContent).toContain('“Predict only”');
    tick('a1 prod a1');
    click(button('Change scopes')!);
    expect(root.querySelector<HTMLSelectElement>('#scopes-h ~ label select')!.value).toBe('Predict only');
    expect(root.textContent).toContain('1 key will change.');
    click(button('Compare with a preset')!);
    // The key's id is never in the page: the options name keys by position.
    expect(root.querySelector('#inventory-compare-a')!.innerHTML).not.toContain(keys[0]!.keyId);
    const result = root.querySelector('[data-testid=compare-result]')!;
    expect(result.querySelector('section')!.textContent).toContain('Scopes: Inputs:Get.');
    location.hash = '';
  });
});

describe('Rotate selected', () => {
  it('sends only the ticked ids, with the description template and the expiry, and opens the job’s results', async () => {
    keys = [key('a1'), key('a2'), key('a3')];
    await open();
    tick('a1 prod a1');
    tick('a3 prod a3');
    click(button('Rotate selected')!);
    const field = (label: string) => [...root.querySelectorAll('label')].find((l) => l.textContent?.startsWith(label))!.querySelector('input')!;
    expect(field('Description of the new keys').value).toBe('{description}');
    act(() => {
      field('Description of the new keys').value = '{description} (rotated)';
      field('Description of the new keys').dispatchEvent(new Event('input', { bubbles: true }));
      field('Expires on').value = '2031-05-01';
      field('Expires on').dispatchEvent(new Event('input', { bubbles: true }));
    });
    click(button('Rotate 2 keys')!);
    await vi.waitFor(() => expect(sent('startRotation')).toHaveLength(1));
    expect(sent('startRotation')[0]).toEqual({
      op: 'startRotation',
      keyIds: [keys[0]!.keyId, keys[2]!.keyId],
      template: '{description} (rotated)',
      expiresAt: '2031-05-01T00:00:00.000Z',
    });
    await vi.waitFor(() => expect(browser._calls.filter((c) => c.startsWith('tabs.create'))).toEqual([expect.stringMatching(/results\/index\.html#job-9$/)]));
  });
});

describe('Delete selected', () => {
  it('names the count and the apps, and asks for the number when over ten keys', async () => {
    keys = Array.from({ length: 12 }, (_, i) => key(`app-${i + 1}`));
    await open();
    click(root.querySelector('input[aria-label="Select every key shown"]')!);
    click(button('Delete selected')!);
    expect(root.querySelector('#delete-h')!.textContent).toBe('Delete 12 keys of 12 apps?');
    expect(root.textContent).toContain('ada/app-1, ada/app-2');
    expect(root.textContent).toContain('and 2 more apps');
    const go = button('Delete 12 keys')!;
    expect(go.disabled).toBe(true);
    const typed = [...root.querySelectorAll('label')].find((l) => l.textContent?.startsWith('Type 12 to confirm'))!.querySelector('input')!;
    act(() => {
      typed.value = '11';
      typed.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect(button('Delete 12 keys')!.disabled).toBe(true);
    act(() => {
      typed.value = '12';
      typed.dispatchEvent(new Event('input', { bubbles: true }));
    });
    task = { id: 't', kind: 'delete', status: 'running', rows: [], done: 0, unchanged: 0, failed: 0, total: 12, startedAt: '2026-12-01T00:00:00Z' };
    click(button('Delete 12 keys')!);
    await vi.waitFor(() => expect(sent('startKeyChange')).toHaveLength(1));
    expect(sent('startKeyChange')[0]).toMatchObject({ kind: 'delete', keyIds: keys.map((k) => k.keyId) });
  });

  it('up to ten keys needs no typing', async () => {
    keys = [key('a1'), key('a2')];
    await open();
    tick('a1 prod a1');
    click(button('Delete selected')!);
    expect(root.querySelector('#delete-h')!.textContent).toBe('Delete 1 key of 1 app?');
    expect(button('Delete 1 key')!.disabled).toBe(false);
  });
});

describe('the report', () => {
  it('shows each row and why one failed, and reads the inventory again when the change has ended', async () => {
    keys = [key('a1'), key('a2')];
    task = {
      id: 't',
      kind: 'delete',
      status: 'running',
      rows: [
        { keyId: keys[0]!.keyId, owner: 'ada', appId: 'a1', description: 'prod a1', status: 'done' },
        { keyId: keys[1]!.keyId, owner: 'ada', appId: 'a2', description: 'prod a2', status: 'sending' },
      ],
      done: 1,
      unchanged: 0,
      failed: 0,
      total: 2,
      startedAt: '2026-12-01T00:00:00Z',
    };
    await open();
    await vi.waitFor(() => expect(root.querySelector('[data-testid=key-change-status]')?.textContent).toBe('Deleting keys: 1 of 2 done…'));
    const reads = sent('getInventory').length;
    task = { ...task, status: 'done', failed: 1, rows: [task.rows[0]!, { ...task.rows[1]!, status: 'failed', error: 'Clarifai refused it.' }] };
    await vi.waitFor(() => expect(root.querySelector('[data-testid=key-change-status]')?.textContent).toBe('Deleting keys: 1 of 2 done, 1 failed. Finished.'));
    expect(root.querySelector('[data-testid=key-change-rows]')!.textContent).toContain('Failed: Clarifai refused it.');
    await vi.waitFor(() => expect(sent('getInventory').length).toBeGreaterThan(reads));
  });
});
