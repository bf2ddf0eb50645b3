/**
 * Seals a secret with a passphrase: PBKDF2-SHA256 (600,000 iterations, OWASP's 2023 figure) derives
 * an AES-GCM-256 key from the passphrase and a random 16-byte salt; a random 12-byte IV per seal.
 * Web Crypto only (in the worker and in Node alike). A wrong passphrase fails authentication and
 * throws `WrongPassphrase`; the sealed box is never changed by a failed open.
 */
import { t } from '../../i18n/i18n.ts';

export const PBKDF2_ITERATIONS = 600_000;

export interface Sealed {
  v: 1;
  kdf: 'PBKDF2-SHA256';
  iterations: number;
  salt: string;
  iv: string;
  data: string;
}

export class WrongPassphrase extends Error {
  constructor() {
    super(t('errPassphraseDoesNotOpen'));
  }
}

const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const unb64 = (s: string): Uint8Array<ArrayBuffer> => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

async function keyFrom(passphrase: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey('raw', new TextEncoder().encode(passphrase), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, base, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

export async function seal(plaintext: string, passphrase: string, iterations = PBKDF2_ITERATIONS): Promise<Sealed> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const key = await keyFrom(passphrase, salt, iterations);
  const data = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode(plaintext)));
  return { v: 1, kdf: 'PBKDF2-SHA256', iterations, salt: b64(salt), iv: b64(iv), data: b64(data) };
}

export async function open(sealed: Sealed, passphrase: string): Promise<string> {
  const key = await keyFrom(passphrase, unb64(sealed.salt), sealed.iterations);
  try {
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: unb64(sealed.iv) }, key, unb64(sealed.data));
    return new TextDecoder().decode(plain);
  } catch {
    throw new WrongPassphrase();
  }
}

export function isSealed(v: unknown): v is Sealed {
  const s = v as Sealed;
  return (
    !!s &&
    s.v === 1 &&
    s.kdf === 'PBKDF2-SHA256' &&
    typeof s.salt === 'string' &&
    typeof s.iv === 'string' &&
    typeof s.data === 'string' &&
    Number.isInteger(s.iterations)
  );
}
