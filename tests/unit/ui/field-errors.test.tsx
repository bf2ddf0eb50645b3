// @vitest-environment happy-dom
/**
 * Errors tied to their fields (WCAG 3.3.1), form by form: the field a refusal is about says it is
 * invalid, is described by the message, and has focus; and nothing of that while all is well.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import browser, { resetBrowser } from '../../fakes/browser.ts';
import { TokenSection } from '../../../src/pages/options/TokenSection.tsx';
import { AppPicker } from '../../../src/ui/bulk/AppPicker.tsx';
import { BulkForm } from '../../../src/ui/bulk/BulkForm.tsx';
import { SaveForm } from '../../../src/untrusted/panel/save-form.tsx';

let root: HTMLElement;
let answer: (m: { op: string }) => unknown;
beforeEach(() => {
  resetBrowser();
  answer = () => undefined;
  browser.runtime.onMessage.addListener((async (m: { op: string }) => answer(m)) as never);
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

const settle = () => act(() => new Promise((r) => setTimeout(r, 20)));
/** A person's click, as a browser marks it (isTrusted). */
function personClick(el: Element) {
  const e = new MouseEvent('click', { bubbles: true, cancelable: true });
  Object.defineProperty(e, 'isTrusted', { value: true });
  act(() => void el.dispatchEvent(e));
}
const button = (name: string) => [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === name)!;
const type = (el: HTMLInputElement, value: string) =>
  act(() => {
    el.value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });

/** The field is invalid, described by a message holding `text`, and has focus. */
function expectTied(field: HTMLElement, text: RegExp) {
  expect(field.getAttribute('aria-invalid')).toBe('true');
  const described = (field.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => (field.getRootNode() as Document).getElementById(id)?.textContent ?? '');
  expect(described.join(' | ')).toMatch(text);
  expect(document.activeElement).toBe(field);
}

describe('the token form', () => {
  const submit = () => act(() => void root.querySelector('form:not(.locked)')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true })));

  it('ties “paste a token first” to the token field, and is calm before', () => {
    act(() => render(<TokenSection session={{ hasToken: false }} onSession={() => {}} />, root));
    const pat = root.querySelector<HTMLInputElement>('#pat')!;
    expect(pat.hasAttribute('aria-invalid')).toBe(false);
    submit();
    expectTied(pat, /Paste a Personal Access Token first/);
  });

  it('ties Clarifai’s refusal to the token field, whose text stays', async () => {
    answer = (m) => (m.op === 'setPat' ? { ok: false, error: { kind: 'auth', message: 'Clarifai did not accept this token.' } } : undefined);
    act(() => render(<TokenSection session={{ hasToken: false }} onSession={() => {}} />, root));
    const pat = root.querySelector<HTMLInputElement>('#pat')!;
    type(pat, 'f'.repeat(32));
    submit();
    await settle();
    expectTied(pat, /did not accept this token/);
    expect(pat.value).toBe('f'.repeat(32));
  });

  it('ties a short passphrase to the passphrase field, beside its hint', () => {
    act(() => render(<TokenSection session={{ hasToken: false }} onSession={() => {}} />, root));
    type(root.querySelector<HTMLInputElement>('#pat')!, 'f'.repeat(32));
    act(() => root.querySelector<HTMLInputElement>('input[type=checkbox]')!.click());
    const pass = root.querySelector<HTMLInputElement>('#pass')!;
    type(pass, 'short');
    submit();
    expectTied(pass, /at least 8 characters/);
    expect(pass.getAttribute('aria-describedby')).toContain('pass-hint');
  });

  it('keeps Save token focusable while it checks (a disabled button would drop focus)', async () => {
    answer = (m) => (m.op === 'setPat' ? new Promise(() => {}) : undefined);
    act(() => render(<TokenSection session={{ hasToken: false }} onSession={() => {}} />, root));
    type(root.querySelector<HTMLInputElement>('#pat')!, 'f'.repeat(32));
    const save = button('Save token');
    save.focus();
    submit();
    await settle();
    expect(save.disabled).toBe(false);
    expect(save.getAttribute('aria-disabled')).toBe('true');
    expect(document.activeElement).toBe(save);
  });
});

describe('the app picker', () => {
  it('ties an organization id it cannot be to its field', async () => {
    answer = (m) =>
      m.op === 'listAppsPage'
        ? { ok: true, value: { apps: [], last: true } }
        : m.op === 'listSharedApps' || m.op === 'listOrgs'
          ? { ok: true, value: [] }
          : undefined;
    act(() => render(<AppPicker selected={new Set()} onChange={() => {}} />, root));
    await settle();
    const org = root.querySelector<HTMLInputElement>('input[aria-label="Organization id"]')!;
    expect(org.hasAttribute('aria-invalid')).toBe(false);
    type(org, 'not an id!');
    act(() => void org.form!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true })));
    expectTied(org, /“not an id!” is not an organization id/);
    // Fixed: the error goes, and so does the mark.
    type(org, 'acme-org');
    act(() => void org.form!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true })));
    await settle();
    expect(org.hasAttribute('aria-invalid')).toBe(false);
  });
});

describe('the bulk form', () => {
  it('ties an unknown placeholder to the description field', async () => {
    answer = (m) =>
      m.op === 'listAppsPage'
        ? { ok: true, value: { apps: [{ owner: 'demo-user', id: 'app-1', name: 'app-1', description: '' }], last: true } }
        : m.op === 'listSharedApps' || m.op === 'listOrgs'
          ? { ok: true, value: [] }
          : undefined;
    act(() => render(<BulkForm scopes={['Predict']} scopesNote="" />, root));
    await settle();
    act(() => root.querySelector<HTMLInputElement>('input[aria-label="app-1"]')!.click());
    const description = root.querySelector<HTMLInputElement>('[data-field="description"]')!;
    expect(description.getAttribute('aria-describedby')).not.toContain('error');
    type(description, '{app_id} {nope}');
    personClick(button('Create 1 key'));
    expectTied(description, /Unknown placeholder \{nope\}/);
  });
});

describe('the save-as-preset form', () => {
  it('ties the worker’s refusal to the name field', async () => {
    answer = (m) => (m.op === 'proposePreset' ? { ok: false, error: { kind: 'invalid', message: 'A preset named “Mine” exists already.' } } : undefined);
    act(() => render(<SaveForm scopes={['Predict']} onDone={() => {}} />, root));
    const name = root.querySelector<HTMLInputElement>('input')!;
    type(name, 'Mine');
    const save = button('Save preset');
    personClick(save);
    act(() => void save.form!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true })));
    await settle();
    expectTied(name, /exists already/);
  });
});
