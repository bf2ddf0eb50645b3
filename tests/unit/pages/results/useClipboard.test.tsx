// @vitest-environment happy-dom
/**
 * Copied keys leave the clipboard after the time the person set (0: they stay), a later copy starts
 * the time again, leaving the view does not cancel it, and when the browser does not let the page
 * clear it, the page says so.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import browser, { resetBrowser } from '../../../fakes/browser.ts';
import { domRoot } from '../../support/dom-root.ts';
import { useClipboard, type Copy } from '../../../../src/pages/results/useClipboard.ts';

const root = domRoot();
let written: string[];
let notes: string[];
let copy: Copy;
let refuse = false;

function Probe() {
  copy = useClipboard((n) => notes.push(n));
  return null;
}

async function mount(seconds: number) {
  browser.runtime.onMessage.addListener(((m: { op: string }) =>
    Promise.resolve({ ok: true, value: m.op === 'getSettings' ? { apiBaseUrl: 'x', lockAfterMinutes: 30, clipboardClearSeconds: seconds } : null })) as never);
  act(() => render(<Probe />, root));
  await act(() => new Promise((r) => setTimeout(r, 10)));
}

beforeEach(() => {
  resetBrowser();
  written = [];
  notes = [];
  refuse = false;
  vi.spyOn(navigator.clipboard, 'writeText').mockImplementation((t: string) =>
    refuse && t === '' ? Promise.reject(new Error('not focused')) : (written.push(t), Promise.resolve()),
  );
});
afterEach(() => {
  act(() => render(null, root));
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('copying key ids', () => {
  it('clears the clipboard after the time set, and says so', async () => {
    await mount(30);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    await act(() => copy('k'.repeat(32), 'Copied the key for app-1.'));
    expect(written).toEqual(['k'.repeat(32)]);
    expect(notes.at(-1)).toBe('Copied the key for app-1. Keysmith clears the clipboard in 30 s, if this page is still open.');
    await act(async () => void vi.advanceTimersByTime(29_000));
    expect(written).toEqual(['k'.repeat(32)]);
    await act(async () => void vi.advanceTimersByTime(1_000));
    expect(written).toEqual(['k'.repeat(32), '']);
    expect(notes.at(-1)).toBe('Cleared the clipboard: the copied keys are no longer on it.');
  });

  it('starts the time again on a later copy', async () => {
    await mount(30);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    await act(() => copy('a', 'Copied.'));
    await act(async () => void vi.advanceTimersByTime(20_000));
    await act(() => copy('b', 'Copied.'));
    await act(async () => void vi.advanceTimersByTime(20_000));
    expect(written).toEqual(['a', 'b']);
    await act(async () => void vi.advanceTimersByTime(10_000));
    expect(written).toEqual(['a', 'b', '']);
  });

  it('leaves the clipboard alone when the person chose never (0)', async () => {
    await mount(0);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    await act(() => copy('a', 'Copied 1 key.'));
    expect(notes.at(-1)).toBe('Copied 1 key.');
    await act(async () => void vi.advanceTimersByTime(3_600_000));
    expect(written).toEqual(['a']);
  });

  it('says when the browser would not let it clear the clipboard', async () => {
    await mount(5);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    refuse = true;
    await act(() => copy('a', 'Copied.'));
    await act(async () => void vi.advanceTimersByTime(5_000));
    expect(notes.at(-1)).toContain('Keysmith could not clear the clipboard');
    expect(notes.at(-1)).toContain('the copied keys are still on it.');
  });

  it('still clears it when the view that copied goes (the page is still open)', async () => {
    await mount(5);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    await act(() => copy('a', 'Copied.'));
    act(() => render(null, root)); // the results view gives way to the new-job form
    await act(async () => void vi.advanceTimersByTime(5_000));
    expect(written).toEqual(['a', '']);
  });
});
