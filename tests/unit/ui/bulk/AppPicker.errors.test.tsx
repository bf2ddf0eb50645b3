// @vitest-environment happy-dom
/**
 * An owner whose apps could not be listed is named with the worker's message and a Try again that
 * lists it anew; adding an organization already in the list (or one whose remembered id arrives at
 * the same moment) lists it once, not twice.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, expect, it, vi } from 'vitest';
import browser, { resetBrowser } from '../../../fakes/browser.ts';
import { domRoot } from '../../support/dom-root.ts';
import { AppPicker } from '../../../../src/ui/bulk/AppPicker.tsx';

const root = domRoot();
let orgPages: string[];
let orgFails: number;
beforeEach(() => {
  resetBrowser();
  orgPages = [];
  orgFails = 1;
  browser.runtime.onMessage.addListener((async (m: { op: string; page?: number; owner?: string }) => {
    if (m.op === 'listAppsPage' && m.owner === 'acme-org') {
      orgPages.push(`${m.page}`);
      if (orgFails-- > 0) return { ok: false, error: { kind: 'network', message: 'Could not reach Clarifai. Check your connection and try again.' } };
      return { ok: true, value: { apps: [{ owner: 'acme-org', id: 'acme-0007', name: 'Seven', description: '' }], last: true } };
    }
    if (m.op === 'listAppsPage') return { ok: true, value: { apps: [], last: true } };
    if (m.op === 'listOrgs') return { ok: true, value: ['acme-org'] };
    if (m.op === 'listSharedApps' || m.op === 'setOrgs') return { ok: true, value: [] };
    return undefined;
  }) as never);
});

const alerts = () => [...root.querySelectorAll('[role="alert"]')].map((a) => a.textContent);
const button = (name: string) => [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === name)!;

it('names an owner that failed to list, with Try again, which lists it anew', async () => {
  act(() => render(<AppPicker selected={new Set()} onChange={() => {}} />, root));
  await vi.waitFor(() => expect(alerts()).toEqual(['Organization acme-org: Could not reach Clarifai. Check your connection and try again. Try again']));
  act(() => button('Try again').click());
  await vi.waitFor(() => expect(root.querySelector('input[aria-label="acme-0007"]')).toBeTruthy());
  expect(alerts()).toEqual([]);
  expect(orgPages).toEqual(['1', '1']);
});

it('adding an organization that is already listed lists it again once, never twice at a time', async () => {
  orgFails = 0;
  act(() => render(<AppPicker selected={new Set()} onChange={() => {}} />, root));
  const input = root.querySelector<HTMLInputElement>('input[aria-label="Organization id"]')!;
  // Typed and added at once: the remembered id's listing is on its way.
  act(() => {
    input.value = 'acme-org';
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
  act(() => button('Add organization').click());
  await vi.waitFor(() => expect(root.querySelector('input[aria-label="acme-0007"]')).toBeTruthy());
  await new Promise((r) => setTimeout(r, 20));
  expect(orgPages).toEqual(['1']);
  act(() => {
    input.value = 'acme-org';
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
  act(() => button('Add organization').click());
  await vi.waitFor(() => expect(orgPages).toEqual(['1', '1']));
});
