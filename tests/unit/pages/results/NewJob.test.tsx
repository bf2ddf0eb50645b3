// @vitest-environment happy-dom
/**
 * The jobs page's new-job form chooses the preset a link names (`#new=<preset id>`, from the Least
 * privilege section), and otherwise the first; an id it does not know chooses nothing special.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, expect, it, vi } from 'vitest';
import browser, { resetBrowser } from '../../../fakes/browser.ts';
import { domRoot } from '../../support/dom-root.ts';
import { NewJob } from '../../../../src/pages/results/NewJob.tsx';

const PRESETS = [
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

it('starts with the first preset when the link names none it knows', async () => {
  act(() => render(<NewJob presetId="user:gone" />, root));
  await vi.waitFor(() => expect(chosen()).toBe('builtin:predict'));
});
