// @vitest-environment happy-dom
/**
 * The options page's settings: each setting goes to its own owner in the worker, only when it
 * changed, and an address the worker refuses leaves the lock's time unchanged as well.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import browser, { resetBrowser } from '../../../fakes/browser.ts';
import { domRoot } from '../../support/dom-root.ts';
import { ApiSection } from '../../../../src/pages/options/ApiSection.tsx';
import { handlers } from '../../../../src/privileged/operations.ts';
import { createRouter } from '../../../../src/privileged/router.ts';
import * as vault from '../../../../src/privileged/vault.ts';
import { LOCK_AFTER_MINUTES } from '../../../../src/pure/settings.ts';

const self = { id: browser.runtime.id, origin: 'chrome-extension://keysmith-test-id' };
const route = createRouter(handlers, self);
let sent: string[];
const root = domRoot();

beforeEach(() => {
  resetBrowser();
  sent = [];
  browser.runtime.onMessage.addListener(((m: { op: string }, sender: never) => {
    sent.push(m.op);
    return route(m, sender);
  }) as never);
});

const field = (id: string) => root.querySelector<HTMLInputElement>(`#${id}`)!;
const status = () => root.querySelector('[role=status]')!.textContent;

async function shown() {
  act(() => render(<ApiSection />, root));
  await vi.waitFor(() => expect(field('api').value).toBe('https://api.clarifai.com'));
}
function type(id: string, value: string) {
  act(() => {
    field(id).value = value;
    field(id).dispatchEvent(new Event('input', { bubbles: true }));
  });
}
async function save() {
  sent = [];
  await act(async () => {
    root.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
  });
  await vi.waitFor(() => expect(status()).not.toBe(''));
}

describe('Save settings', () => {
  it('sends only the lock’s time when only it changed, to the vault', async () => {
    await shown();
    expect(field('lock-after').value).toBe(String(LOCK_AFTER_MINUTES.default));
    type('lock-after', '45');
    await save();
    expect(status()).toBe('Saved.');
    expect(sent).toEqual(['setLockAfter']);
    expect(await vault.idleMinutes()).toBe(45);
  });

  it('changes nothing, the lock’s time included, when the worker refuses the address', async () => {
    vi.spyOn(browser.permissions, 'request').mockResolvedValue(true);
    vi.spyOn(browser.permissions, 'contains').mockResolvedValue(false); // granted and then taken back
    await shown();
    type('api', 'https://clarifai.corp.test');
    type('lock-after', '45');
    await save();
    expect(status()).toMatch(/no permission to reach https:\/\/clarifai\.corp\.test/);
    expect(sent).toEqual(['setApiAddress']);
    expect(await vault.idleMinutes()).toBe(LOCK_AFTER_MINUTES.default);
  });

  it('asks no permission for an address the worker would refuse, and says what is wrong with it', async () => {
    const request = vi.spyOn(browser.permissions, 'request');
    await shown();
    type('api', 'https://user:secret@clarifai.corp.test/');
    await save();
    expect(status()).toBe('The API address must not contain a user name or password.');
    expect(request).not.toHaveBeenCalled();
    expect(sent).toEqual([]);
  });

  it('reads an empty lock field as the default, and sends nothing when nothing changed', async () => {
    await shown();
    type('lock-after', '');
    await save();
    expect(status()).toBe('Saved.');
    expect(sent).toEqual([]);
  });
});
