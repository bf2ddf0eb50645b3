// @vitest-environment happy-dom
/**
 * A dialog's lifetime is real: the content script gives each dialog an AbortController and aborts it
 * when the dialog goes, and everything Keysmith started for that dialog ends with it. After the
 * dialog is removed, no listener, observer or timer of Keysmith's is left: fake timers show none
 * pending, and a click, a change or a mutation in the removed dialog makes Keysmith read nothing.
 * The same for a preset being applied when the dialog goes: no click or timer of the walk follows.
 */
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import '../../fakes/browser.ts';
import { applyScopes, PORTAL_VOCABULARY } from '../../../src/untrusted/apply.ts';

const SCOPES = ['Predict', 'Inputs:Get', 'Models:Get', 'Apps:Get'];

function dialog(id: string, scopes = SCOPES): HTMLElement {
  const d = document.createElement('div');
  d.setAttribute('role', 'dialog');
  d.setAttribute('aria-labelledby', `${id}-h`);
  d.innerHTML = `<h2 id="${id}-h">Create API Key</h2><input aria-label="Description"><div>${scopes
    .map((s, i) => `<label for="${id}-${i}"><input type="checkbox" id="${id}-${i}"> ${s}</label>`)
    .join('')}</div><button>Create</button>`;
  document.body.append(d);
  return d;
}

/** Lets queued microtasks run (the observers' callbacks and the content script's scan), no timers. */
async function microtasks() {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

/** The nodes each MutationObserver watches now (none once it is disconnected). */
const watching = new Map<MutationObserver, Node[]>();
class TrackedObserver extends MutationObserver {
  override observe(target: Node, options?: MutationObserverInit) {
    watching.set(this, [...(watching.get(this) ?? []), target]);
    super.observe(target, options);
  }
  override disconnect() {
    watching.delete(this);
    super.disconnect();
  }
}
const watchingIn = (root: Node) => [...watching.values()].filter((targets) => targets.some((t) => root.contains(t)));

beforeEach(() => {
  vi.useFakeTimers();
  vi.stubGlobal('MutationObserver', TrackedObserver);
  vi.spyOn(console, 'info').mockImplementation(() => {});
});
afterEach(() => {
  vi.useRealTimers();
});

it('ends the panel’s listeners, observer and timers when its dialog is removed', async () => {
  const d = dialog('a');
  await import('../../../src/untrusted/content.ts');
  await microtasks();
  await vi.advanceTimersByTimeAsync(100); // the panel's effects run
  const panel = d.querySelector('[data-keysmith]')!.shadowRoot!;
  expect(panel.querySelector('section')).not.toBeNull();
  expect(watchingIn(d)).not.toHaveLength(0);
  const box = d.querySelector<HTMLInputElement>('input[type="checkbox"]')!;

  // While the dialog is open, Keysmith follows the form: a click is followed by a reading of its boxes.
  const reads = vi.spyOn(d, 'querySelectorAll');
  box.click();
  await vi.advanceTimersByTimeAsync(10);
  expect(reads).toHaveBeenCalled();

  // A click just before the dialog closes leaves a reading pending; then the dialog goes.
  await vi.advanceTimersByTimeAsync(1000);
  expect(vi.getTimerCount()).toBe(0); // all settled: what is counted next is Keysmith's own
  box.click();
  expect(vi.getTimerCount()).toBeGreaterThan(0); // for the click and for its change event
  reads.mockClear();
  d.remove();
  await microtasks();
  expect(d.querySelector('[data-keysmith]')).toBeNull();
  expect(panel.querySelector('section')).toBeNull(); // the panel's tree is unmounted
  expect(watchingIn(d)).toHaveLength(0);

  // The pending reading never comes, and nothing of Keysmith's reacts to the removed dialog: no
  // listener or observer starts even a timer.
  const started = vi.spyOn(globalThis, 'setTimeout');
  box.click();
  box.dispatchEvent(new Event('change', { bubbles: true }));
  d.querySelector('div')!.append(document.createElement('span'));
  await microtasks();
  expect(started).not.toHaveBeenCalled();
  await vi.advanceTimersByTimeAsync(5000);
  expect(reads).not.toHaveBeenCalled();
  expect(vi.getTimerCount()).toBe(0);
});

it('ends the wait for a dialog’s scope list when the dialog is removed first', async () => {
  await import('../../../src/untrusted/content.ts');
  const d = dialog('b', []); // heading known, no scope list yet: Keysmith looks again shortly
  await microtasks();
  expect(vi.getTimerCount()).toBeGreaterThan(0);
  d.remove();
  await microtasks();
  expect(vi.getTimerCount()).toBe(0);
});

it('stops applying a preset, with no click or timer to follow, when the dialog’s signal aborts', async () => {
  // Only the walk itself: a form the content script does not attach to (no dialog role).
  const d = dialog('c');
  d.removeAttribute('role');
  // A box that will not take its new state: the walk waits for it to show it, then clicks again.
  const stubborn = d.querySelector<HTMLInputElement>('input[type="checkbox"]')!;
  let clicks = 0;
  stubborn.addEventListener('click', (e) => {
    clicks++;
    e.preventDefault();
  });
  const life = new AbortController();
  let answered = false;
  void applyScopes(d, ['Predict'], PORTAL_VOCABULARY, life.signal).then(() => (answered = true));
  await microtasks();
  expect(clicks).toBe(1);
  expect(vi.getTimerCount()).toBeGreaterThan(0); // waiting for the box to show its state

  expect(watchingIn(d)).not.toHaveLength(0);

  life.abort(); // the dialog went
  expect(vi.getTimerCount()).toBe(0);
  expect(watchingIn(d)).toHaveLength(0);
  await microtasks();
  await vi.advanceTimersByTimeAsync(10_000);
  expect(clicks).toBe(1);
  expect(vi.getTimerCount()).toBe(0);
  expect(answered).toBe(false);
  d.remove();
});

it('makes no click after the signal aborts, even where the walk goes on without waiting', async () => {
  const d = dialog('d');
  d.removeAttribute('role');
  const clicked: string[] = [];
  const life = new AbortController();
  for (const box of d.querySelectorAll<HTMLInputElement>('input[type="checkbox"]'))
    box.addEventListener('click', () => {
      clicked.push(box.id);
      // The dialog goes in a microtask queued by the click, before the walk's next step.
      queueMicrotask(() => life.abort());
    });
  void applyScopes(d, ['Predict', 'Inputs:Get', 'Models:Get'], PORTAL_VOCABULARY, life.signal);
  await microtasks();
  await vi.advanceTimersByTimeAsync(10_000);
  expect(clicked).toEqual(['d-0']);
  expect(vi.getTimerCount()).toBe(0);
  expect(watchingIn(d)).toHaveLength(0);
  d.remove();
});
