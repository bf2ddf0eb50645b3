// @vitest-environment happy-dom
/**
 * A page script can reach the in-page panel and click it with synthetic events. Those clicks do
 * nothing that acts for the person: no Pause, Resume or Cancel of a job, no tab opened, no preset
 * proposed. The same button, clicked as a browser marks a person's click, does act (so a dead button
 * cannot pass); the end-to-end tests press them as a person too.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import browser, { resetBrowser } from '../../../fakes/browser.ts';
import { domRoot } from '../../support/dom-root.ts';
import { JobView } from '../../../../src/ui/bulk/BulkForm.tsx';
import { SaveForm } from '../../../../src/untrusted/panel/save-form.tsx';
import { SessionLine } from '../../../../src/untrusted/panel/session.tsx';
import { Picker } from '../../../../src/untrusted/panel/picker.tsx';
import type { JobProgress } from '../../../../src/pure/protocol/jobs.ts';

const RUNNING: JobProgress = {
  id: 'job-1',
  status: 'running',
  total: 4,
  created: 1,
  failed: 0,
  cancelled: 0,
  left: 3,
  secondsLeft: 1,
  elapsedSeconds: 1,
  leftOut: 0,
};
let asked: string[];
const root = domRoot();

beforeEach(() => {
  resetBrowser();
  asked = [];
  browser.runtime.onMessage.addListener(((m: { op: string }) => {
    asked.push(m.op);
    return Promise.resolve({ ok: true, value: m.op === 'getJob' ? RUNNING : m.op === 'listPresets' ? { presets: [] } : null });
  }) as never);
});

const button = (name: string) => [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === name)!;
const settle = () => act(() => new Promise((r) => setTimeout(r, 20)));
/** A person's click, as a browser marks it (isTrusted): the control that each button is live. */
function personClick(el: Element) {
  const e = new MouseEvent('click', { bubbles: true });
  Object.defineProperty(e, 'isTrusted', { value: true });
  act(() => void el.dispatchEvent(e));
}

describe('a synthetic click on the panel', () => {
  it('is not a person’s click here (happy-dom leaves isTrusted unset; a browser sets it false)', () => {
    const b = document.createElement('button');
    let trusted: boolean | undefined;
    b.addEventListener('click', (e) => (trusted = e.isTrusted));
    b.click();
    expect(trusted).not.toBe(true);
  });

  it('neither pauses nor cancels a running job, nor opens its results', async () => {
    act(() => render(<JobView jobId="job-1" />, root));
    await vi.waitFor(() => expect(button('Pause')).toBeTruthy());
    asked = [];
    for (const name of ['Pause', 'Cancel job', 'Open results']) act(() => button(name).click());
    await settle();
    expect(asked.filter((op) => op !== 'getJob')).toEqual([]);
    personClick(button('Open results'));
    await settle();
    expect(asked.filter((op) => op !== 'getJob')).not.toEqual([]);
  });

  it('does not open the options page', async () => {
    act(() => render(<SessionLine state={{ phase: 'no-token' }} />, root));
    act(() => button('Open Keysmith options').click());
    await settle();
    expect(asked).toEqual([]);
    personClick(button('Open Keysmith options'));
    await settle();
    expect(asked).not.toEqual([]);
  });

  it('does not open the key inventory', async () => {
    const session = { hasToken: true, user: { id: 'ada', name: 'Ada' } } as never;
    act(() => render(<SessionLine state={{ phase: 'ready', session }} />, root));
    act(() => button('Key inventory').click());
    await settle();
    expect(asked).toEqual([]);
    personClick(button('Key inventory'));
    await settle();
    expect(asked).not.toEqual([]);
  });

  it('does not open the Least privilege page with the dialog’s ticks', async () => {
    const dialog = document.createElement('div');
    dialog.innerHTML = '<label><input type="checkbox" checked> Predict</label>';
    document.body.append(dialog);
    const signal = new AbortController().signal;
    act(() => render(<Picker dialog={{ kind: 'create', root: dialog } as never} signal={signal} />, root));
    await settle();
    asked = [];
    act(() => button('What can this key do?').click());
    await settle();
    expect(asked).toEqual([]);
    // The button is not dead: a person's click (isTrusted, as a browser sets it) asks for the page.
    personClick(button('What can this key do?'));
    await settle();
    expect(asked).toEqual(['openOptions']);
    dialog.remove();
  });

  it('does not propose a preset, by click or by requestSubmit', async () => {
    const done = vi.fn();
    act(() => render(<SaveForm scopes={['Predict']} onDone={done} />, root));
    const name = root.querySelector('input')!;
    act(() => {
      name.value = 'Sneaky';
      name.dispatchEvent(new Event('input', { bubbles: true }));
    });
    act(() => button('Save preset').click());
    act(() => root.querySelector('form')!.requestSubmit());
    await settle();
    expect(asked).toEqual([]);
    expect(done).not.toHaveBeenCalled();
  });
});
