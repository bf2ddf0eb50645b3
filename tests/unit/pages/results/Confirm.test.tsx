// @vitest-environment happy-dom
/**
 * The jobs page's confirmation of a bulk job the portal's panel proposed: it shows the plan as the
 * worker holds it (app names as text), and a script's click on Start or Discard does nothing.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import browser, { resetBrowser } from '../../../fakes/browser.ts';
import { Confirm } from '../../../../src/pages/results/Confirm.tsx';
import * as appDirectory from '../../../../src/privileged/app-directory.ts';
import * as jobs from '../../../../src/privileged/jobs.ts';
import { handlers } from '../../../../src/privileged/operations.ts';
import { createRouter } from '../../../../src/privileged/router.ts';
import * as vault from '../../../../src/privileged/vault.ts';
import { fakeApi, PAT } from '../../support/jobs-fake-api.ts';

const self = { id: browser.runtime.id, origin: 'chrome-extension://keysmith-test-id' };
const route = createRouter(handlers, self);
const HOSTILE = '<img src=x onerror=alert(1)>';
const LONG = 'A very long app name '.repeat(60).trim();

let root: HTMLElement;
beforeEach(async () => {
  resetBrowser();
  vi.unstubAllGlobals();
  browser.runtime.onMessage.addListener(route as never);
  await vault.store(PAT, { userId: 'demo', name: 'Demo', scopes: ['All'], verifiedAt: '' });
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

async function proposed(scopes: string[] = ['All']): Promise<string> {
  await appDirectory.remember([
    { owner: 'demo', id: 'app-0', name: HOSTILE },
    { owner: 'demo', id: 'app-1', name: LONG },
    { owner: 'acme-org', id: 'app-2', name: 'Org app' },
  ]);
  const r = await handlers.proposeBulkJob(
    {
      op: 'proposeBulkJob',
      apps: [
        { owner: 'demo', id: 'app-0' },
        { owner: 'demo', id: 'app-1' },
        { owner: 'acme-org', id: 'app-2' },
        { owner: 'demo', id: 'has.dot' },
      ],
      scopes,
      template: '{app_name} ({app_id})',
    },
    { caller: 'content', tabId: 7 },
  );
  return r.proposalId;
}

const text = (testId: string) => root.querySelector(`[data-testid="${testId}"]`)?.textContent ?? '';
const button = (name: string) => [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === name)!;

describe('the confirmation of a job proposed from the portal', () => {
  it('shows the plan whole, app names as text', async () => {
    fakeApi();
    const id = await proposed();
    act(() => render(<Confirm id={id} onStarted={() => {}} />, root));
    await vi.waitFor(() => expect(text('confirm-count')).toBe('3 keys, one for each app listed below'));
    expect(text('confirm-owners')).toBe('demo (2 apps), acme-org (1 app)');
    expect(text('confirm-preset')).toBe('Exactly the preset “Full access” (built-in).');
    expect(text('confirm-scopes')).toBe('All');
    expect(text('confirm-template')).toBe('{app_name} ({app_id})');
    expect(text('confirm-expiry')).toBe('The keys never expire.');
    expect(text('confirm-apps')).toContain(HOSTILE);
    expect(text('confirm-apps')).toContain(LONG.slice(0, 200));
    expect(text('confirm-examples')).toContain(`${HOSTILE} (app-0)`);
    expect(root.querySelectorAll('img')).toHaveLength(0);
    expect(text('confirm-left-out')).toMatch(/1 picked app would get no key:demo\/has\.dot: Its id is not a valid Clarifai app id/);
  });

  it('starts nothing and discards nothing on a script’s click', async () => {
    const api = fakeApi();
    const id = await proposed(['Predict']);
    const started = vi.fn();
    act(() => render(<Confirm id={id} onStarted={started} />, root));
    await vi.waitFor(() => expect(button('Start')).toBeTruthy());
    // A click handler that would ask the worker does so at once (before its first await): none did.
    const sent = vi.spyOn(browser.runtime, 'sendMessage');
    act(() => button('Start').click());
    act(() => void button('Discard').dispatchEvent(new MouseEvent('click', { bubbles: true })));
    expect(sent).not.toHaveBeenCalled();
    expect(started).not.toHaveBeenCalled();
    expect(api.requests).toEqual([]);
    expect(await jobs.listJobs()).toEqual([]);
    expect(await handlers.getProposalState({ op: 'getProposalState', id }, { caller: 'page' })).toEqual({ state: 'waiting' });
  });

  it('asks once more before keys with full access: Start waits for the tick', async () => {
    fakeApi();
    const id = await proposed();
    act(() => render(<Confirm id={id} onStarted={() => {}} />, root));
    await vi.waitFor(() => expect(button('Start')).toBeTruthy());
    expect(button('Start').disabled).toBe(true);
    expect(root.textContent).toContain('These keys get the scope All');
    const tick = root.querySelector<HTMLInputElement>('[aria-label="Full access"] input[type=checkbox]')!;
    act(() => {
      tick.checked = true;
      tick.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(button('Start').disabled).toBe(false);
  });

  it('does not ask that for keys without All', async () => {
    fakeApi();
    const id = await proposed(['Predict']);
    act(() => render(<Confirm id={id} onStarted={() => {}} />, root));
    await vi.waitFor(() => expect(button('Start')).toBeTruthy());
    expect(button('Start').disabled).toBe(false);
    expect(root.querySelector('[aria-label="Full access"]')).toBeNull();
  });

  it('says what became of a plan that is no longer waiting', async () => {
    fakeApi();
    const id = await proposed();
    await handlers.discardProposal({ op: 'discardProposal', id }, { caller: 'page' });
    act(() => render(<Confirm id={id} onStarted={() => {}} />, root));
    await vi.waitFor(() => expect(text('confirm-outcome')).toMatch(/^This plan was discarded/));
    expect(root.querySelector('button')).toBeNull();
  });
});
