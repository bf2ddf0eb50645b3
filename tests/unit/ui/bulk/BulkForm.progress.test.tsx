// @vitest-environment happy-dom
/**
 * The bulk form's progress line (in the portal's panel and on Keysmith's page): a background worker
 * the browser stops while it answers one progress request is asked again, not given up on.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import browser, { resetBrowser } from '../../../fakes/browser.ts';
import { handlers } from '../../../../src/privileged/operations.ts';
import { createRouter } from '../../../../src/privileged/router.ts';
import * as vault from '../../../../src/privileged/vault.ts';
import { JobView } from '../../../../src/ui/bulk/BulkForm.tsx';
import { apps, fakeApi, PAT } from '../../support/jobs-fake-api.ts';

const route = createRouter(handlers, { id: browser.runtime.id, origin: 'chrome-extension://keysmith-test-id' });
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

const status = () => root.querySelector('[data-testid="ks-job-status"]')?.textContent ?? '';

describe('the progress of a bulk job', () => {
  it('outlives a worker that stopped while answering: it asks again and shows the job to its end', async () => {
    fakeApi();
    const { jobId } = await handlers.startBulkJob({ op: 'startBulkJob', apps: apps(2), scopes: ['Predict'], template: '{app_id}' }, { caller: 'page' });
    // The first two progress requests fail as they do when the browser stops the worker mid-answer.
    vi.spyOn(browser.runtime, 'sendMessage').mockRejectedValueOnce(new Error('stopped')).mockRejectedValueOnce(new Error('stopped'));
    act(() => render(<JobView jobId={jobId} />, root));
    await vi.waitFor(() => expect(status()).toMatch(/^Finished: 2 created, 0 failed/), { timeout: 5000 });
    expect(root.querySelector('[role="alert"]')).toBeNull();
  });

  it('shows the worker’s own refusal at once', async () => {
    fakeApi();
    act(() => render(<JobView jobId="00000000-0000-4000-8000-000000000000" />, root));
    await vi.waitFor(() => expect(root.querySelector('[role="alert"]')?.textContent).toMatch(/That job is not known/));
  });
});
