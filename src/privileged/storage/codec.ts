/**
 * A value as it is stored, and back: versioned and validated both ways.
 *
 * Threat model: what is read back is not trusted more than a message. `storage.local` can be
 * written by Keysmith's content script, which lives beside a page we do not trust; `storage.sync`
 * by Keysmith in another browser, perhaps another version. So every read goes through the item's
 * validator, and a value that fails it is the default (for a family member: absent), never a crash,
 * never a wrong host. Nothing read is ever logged, only the key.
 *
 * Invariants kept here:
 * - A write is validated too: a value that fails its validator is a bug, and nothing is stored.
 * - Version 1 is stored bare (what Keysmith wrote before this layer existed). A later version is
 *   stored as `{ "@v": n, "value": … }`; an older stored value goes through the item's `migrate`
 *   before it is validated; a newer one (a later Keysmith elsewhere, through sync) reads as the
 *   default and is not overwritten until this Keysmith writes the item itself.
 */
import * as v from 'valibot';
import { memberKey, type Area, type Declaration, type Family, type Item } from './declare.ts';

const VERSION_TAG = '@v';

function unwrap(raw: unknown): { version: number; data: unknown } {
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    const keys = Object.keys(raw);
    const tag = (raw as Record<string, unknown>)[VERSION_TAG];
    if (keys.length === 2 && keys.includes('value') && Number.isInteger(tag) && (tag as number) >= 2) {
      return { version: tag as number, data: (raw as { value: unknown }).value };
    }
  }
  return { version: 1, data: raw };
}

const warned = new Set<string>();
function unreadable(key: string): undefined {
  // The key only: the value may be anything, including a secret someone put in the wrong place.
  if (!warned.has(key)) console.warn('Keysmith: ignored a stored value it could not read', key);
  warned.add(key);
  return undefined;
}

/** A stored value as the declaration's current shape, or undefined when it cannot be one. */
export function decode<T>(d: Declaration<T>, key: string, raw: unknown): { value: T } | undefined {
  const stored = unwrap(raw);
  const version = stored.version;
  let data = stored.data;
  if (version > d.version) return unreadable(key);
  if (version < d.version) {
    try {
      data = d.migrate!(data, version);
    } catch {
      return unreadable(key);
    }
  }
  const r = v.safeParse(d.schema, data);
  return r.success ? { value: r.output } : unreadable(key);
}

function encode<T>(d: Declaration<T>, key: string, value: T): unknown {
  const r = v.safeParse(d.schema, value);
  // A list that reads element by element would drop a bad element silently: on write, that is a bug.
  const dropped = Array.isArray(value) && Array.isArray(r.output) && r.output.length !== value.length;
  if (!r.success || dropped) throw new Error(`Keysmith refused to store an invalid value under ${key}.`);
  return d.version === 1 ? r.output : { [VERSION_TAG]: d.version, value: r.output };
}

/** One validated write, ready to be set together with others of its area. */
export interface Entry {
  area: Area;
  key: string;
  raw: unknown;
}

export function entry<T>(it: Item<T>, value: T): Entry {
  return { area: it.area, key: it.key, raw: encode(it, it.key, value) };
}

export function memberEntry<T, P extends string>(f: Family<T, P>, parts: Record<P, string>, value: T): Entry {
  const key = memberKey(f, parts);
  return { area: f.area, key, raw: encode(f, key, value) };
}

/** A member's raw stored value (as `get` gave it) through its family's validator: undefined when it is absent or cannot be read. */
export function decodeMember<T>(f: Family<T>, key: string, raw: unknown): T | undefined {
  return raw === undefined ? undefined : decode(f, key, raw)?.value;
}

/** An item's size as browsers count it against their quota: its key and its value's JSON (UTF-8 bytes here, to be safe). */
export function sizeOf(key: string, value: unknown): number {
  const enc = new TextEncoder();
  return enc.encode(key).length + enc.encode(JSON.stringify(value) ?? '').length;
}
