// @vitest-environment happy-dom
/** Whether the portal draws a dialog dark: read from the first mostly opaque background up the tree. */
import { afterEach, expect, it, vi } from 'vitest';
import { looksDark } from '../../../src/untrusted/portal-dom/index.ts';

afterEach(() => {
  document.body.innerHTML = '';
  document.documentElement.removeAttribute('style');
});

function place(outer: string, inner = ''): HTMLElement {
  document.body.innerHTML = `<div id="dialog" style="${outer}"><div id="body" style="${inner}"><span id="here"></span></div></div>`;
  return document.getElementById('here')!;
}

it.each([
  ['a dark dialog (MUI dark paper)', 'background-color: rgb(18, 18, 18)', '', true],
  ['a light dialog', 'background-color: rgb(255, 255, 255)', '', false],
  ['a transparent body over a dark dialog', 'background-color: rgb(22, 27, 38)', 'background-color: rgba(0, 0, 0, 0)', true],
  ['a faint tint over a light dialog', 'background-color: rgb(250, 250, 250)', 'background-color: rgba(0, 0, 0, 0.1)', false],
  ['a mid grey that is still light', 'background-color: rgb(170, 170, 170)', '', false],
])('%s', (_, outer, inner, dark) => {
  expect(looksDark(place(outer, inner))).toBe(dark);
});

it('with no background anywhere, follows the page’s color-scheme', () => {
  const here = place('');
  expect(looksDark(here)).toBe(false);
  document.documentElement.style.colorScheme = 'dark';
  expect(looksDark(here)).toBe(true);
});

it('with no background and `light dark`, follows the system’s theme, as the page does', () => {
  const here = place('');
  document.documentElement.style.colorScheme = 'light dark';
  const dark = vi.spyOn(window, 'matchMedia').mockReturnValue({ matches: true } as MediaQueryList);
  expect(looksDark(here)).toBe(true);
  dark.mockReturnValue({ matches: false } as MediaQueryList);
  expect(looksDark(here)).toBe(false);
});
