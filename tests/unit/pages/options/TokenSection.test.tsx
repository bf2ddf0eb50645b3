// @vitest-environment happy-dom
/**
 * The options page's token section: what it tells a person who chooses a passphrase, in step with
 * docs/security.md and with what PBKDF2 at Keysmith's iteration count actually costs an attacker.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resetBrowser } from '../../../fakes/browser.ts';
import { PASSPHRASE_HINT, TokenSection } from '../../../../src/pages/options/TokenSection.tsx';
import { PBKDF2_ITERATIONS } from '../../../../src/pure/crypto/seal.ts';
import { parseRequest } from '../../../../src/pure/protocol/index.ts';

let root: HTMLElement;
beforeEach(() => {
  resetBrowser();
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

/** hashcat on one RTX 4090, PBKDF2-HMAC-SHA256 at its benchmark's 999 iterations. */
const GPU_AT_999 = 8.86e6;
const perSecond = (GPU_AT_999 * 999) / PBKDF2_ITERATIONS;
/** The figures below are from the rate as stated, rounded: about 15,000 a second. */
const STATED = 15_000;
const days8Lower = 26 ** 8 / STATED / 86_400;
const years4Words = 7_776 ** 4 / STATED / 86_400 / 365.25;

describe('the passphrase cost', () => {
  it('is what PBKDF2 at Keysmith’s iteration count gives: ~15,000 guesses a second, ~160 days, ~7,700 years', () => {
    expect(PBKDF2_ITERATIONS).toBe(600_000);
    expect(Math.round(perSecond / 1000) * 1000).toBe(STATED);
    expect(Math.round(days8Lower / 10) * 10).toBe(160);
    expect(Math.round(years4Words / 100) * 100).toBe(7_700);
  });

  it('is stated in the passphrase field’s hint when “Remember on this device” is ticked', async () => {
    act(() => render(<TokenSection session={{ hasToken: false }} onSession={() => {}} />, root));
    const box = root.querySelector<HTMLInputElement>('input[type=checkbox]')!;
    act(() => box.click());
    const field = root.querySelector<HTMLInputElement>('#pass')!;
    expect(field.minLength).toBe(8);
    const hint = document.getElementById(field.getAttribute('aria-describedby')!)!;
    expect(hint.textContent).toBe(PASSPHRASE_HINT);
    for (const figure of [
      '600,000 iterations',
      '15,000 passphrases a second',
      '8 random lowercase letters fall in about 160 days',
      '4 random words from a 7,776-word list take about 7,700 years',
    ]) {
      expect(PASSPHRASE_HINT).toContain(figure);
    }
  });

  it('is stated in docs/security.md with the same figures', () => {
    const doc = readFileSync(join(__dirname, '../../../../docs/security.md'), 'utf8');
    const section = doc.slice(doc.indexOf('**Passphrase cost.**'));
    expect(section.length).toBeGreaterThan(100);
    for (const figure of [
      '600,000 PBKDF2-HMAC-SHA256 iterations',
      '15,000 guesses a second',
      '26⁸',
      'about 160 days',
      '7,776⁴',
      'about 7,700 years',
      'at least 8 characters',
    ]) {
      expect(section).toContain(figure);
    }
  });

  it('starts at 8 characters: a shorter passphrase is refused', () => {
    expect(parseRequest({ op: 'setPat', pat: 'a'.repeat(32), remember: true, passphrase: 'seven77' })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/at least 8 characters/),
    });
    expect(parseRequest({ op: 'changePassphrase', oldPassphrase: 'x', newPassphrase: 'seven77' }).ok).toBe(false);
    expect(parseRequest({ op: 'setPat', pat: 'a'.repeat(32), remember: true, passphrase: 'eight888' }).ok).toBe(true);
  });
});
