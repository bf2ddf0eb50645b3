// @vitest-environment happy-dom
/**
 * The jobs page's new-job form chooses the preset a link names (`#new=<preset id>`, from the Least
 * privilege section), and otherwise none; a preset with `All` asks once more before the form.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, expect, it, vi } from 'vitest';
import browser, { resetBrowser } from '../../../fakes/browser.ts';
import { domRoot } from '../../support/dom-root.ts';
import { NewJob } from '../../../../src/pages/results/NewJob.tsx';

const PRESETS = [
  { id: 'builtin:full', name: 'Full access', description: 'Everything.', scopes: ['All'], builtIn: true, enables: 'does everything' },
  { id: 'builtin:predict', name: 'Predict only', description: 'Predictions.', scopes: ['Predict'], builtIn: true, enables: 'predicts' },
  { id: 'user:least', name: 'Concept reader', description: 'For: ListConcepts.', scopes: ['Apps:Get', 'Concepts:Get'], builtIn: false, enables: 'reads' },
];
const root = domRoot();

beforeEach(() => {
  resetBrowser();
  const answers: Record<string, unknown> = {
    listPresets: { sync: false, presets: PRESETS },
    listAppsPage: { apps: [], last: true },
    listSharedApps: [],
    listOrgs: [],
  };
  browser.runtime.onMessage.addListener(((m: { op: string }) => Promise.resolve({ ok: true, value: answers[m.op] ?? null })) as never);
});

const chosen = () => root.querySelector<HTMLSelectElement>('#job-preset')!.value;

it('starts with the preset the link names', async () => {
  act(() => render(<NewJob presetId="user:least" />, root));
  await vi.waitFor(() => expect(chosen()).toBe('user:least'));
  expect(root.textContent).toContain('Each key gets the 2 scopes of “Concept reader”.');
});

it('starts with no preset chosen, and no form, when the link names none it knows', async () => {
  act(() => render(<NewJob presetId="user:gone" />, root));
  await vi.waitFor(() => expect(root.querySelectorAll('#job-preset option')).toHaveLength(1 + PRESETS.length));
  expect(chosen()).toBe('');
  expect(root.querySelector('form')).toBeNull();
});

it('asks once more for a preset with All, and shows the form only after the tick', async () => {
  act(() => render(<NewJob presetId="builtin:full" />, root));
  await vi.waitFor(() => expect(chosen()).toBe('builtin:full'));
  expect(root.querySelector('form')).toBeNull();
  const tick = root.querySelector<HTMLInputElement>('[aria-label="Full access"] input[type=checkbox]')!;
  act(() => {
    tick.checked = true;
    tick.dispatchEvent(new Event('change', { bubbles: true }));
  });
  expect(root.querySelector('form')).not.toBeNull();
});

it('asks again after a new link, even one naming the same full-access preset again', async () => {
  act(() => render(<NewJob presetId="builtin:full" />, root));
  await vi.waitFor(() => expect(chosen()).toBe('builtin:full'));
  const tick = root.querySelector<HTMLInputElement>('[aria-label="Full access"] input[type=checkbox]')!;
  act(() => {
    tick.checked = true;
    tick.dispatchEvent(new Event('change', { bubbles: true }));
  });
  expect(root.querySelector('form')).not.toBeNull();
  // The page's hash changes to another link, then back to full access: the tick does not carry over.
  act(() => render(<NewJob presetId="builtin:predict" />, root));
  await vi.waitFor(() => expect(chosen()).toBe('builtin:predict'));
  act(() => render(<NewJob presetId="builtin:full" />, root));
  await vi.waitFor(() => expect(chosen()).toBe('builtin:full'));
  expect(root.querySelector('form')).toBeNull();
});
