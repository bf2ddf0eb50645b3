/**
 * How a stored item is declared: its area (`session`, `local`, `sync`), its key (or, for a family
 * of items, the key's template), a validator, a default, whether it holds a secret, and its version
 * with a migration. Every item Keysmith keeps is declared with these (./items.ts, ./job-items.ts)
 * and listed in ./catalogue.ts; how one is read and written is ./codec.ts and ./access.ts.
 *
 * Invariant kept here: only `storage.session` items may hold a secret (memory only, trusted
 * contexts only): `item()` and `family()` refuse any other declaration.
 */
import type * as v from 'valibot';

export type Area = 'session' | 'local' | 'sync';

export interface Declaration<T> {
  area: Area;
  schema: v.GenericSchema<unknown, T>;
  /** Holds a secret (the PAT, a created key). Only `session` items may. */
  secret: boolean;
  /** 1 for what is stored bare; raise it with a `migrate` when the stored shape changes. */
  version: number;
  /** Turns a value stored at an older version into the current shape (then validated as usual). */
  migrate?: (old: unknown, fromVersion: number) => unknown;
  /** What it holds, for the table in docs/security.md. */
  what: string;
}

export interface Item<T> extends Declaration<T> {
  kind: 'item';
  key: string;
  default: T;
}

/** Many items of one shape, one key each: `template` names the parts, e.g. `preset:{id}`. */
export interface Family<T, P extends string = string> extends Declaration<T> {
  kind: 'family';
  template: string;
  parts: Record<P, RegExp>;
}

function check(d: Declaration<unknown>, name: string): void {
  if (d.secret && d.area !== 'session') throw new Error(`Storage item ${name}: only storage.session may hold a secret, not storage.${d.area}.`);
  if (!Number.isInteger(d.version) || d.version < 1) throw new Error(`Storage item ${name}: the version must be a whole number from 1.`);
  if (d.version > 1 && !d.migrate) throw new Error(`Storage item ${name}: version ${d.version} needs a migration from the versions before it.`);
}

export function item<T>(d: Omit<Item<T>, 'kind'>): Item<T> {
  check(d, d.key);
  return { kind: 'item', ...d };
}

export function family<T, P extends string>(d: Omit<Family<T, P>, 'kind'>): Family<T, P> {
  check(d, d.template);
  for (const m of d.template.matchAll(/\{(\w+)\}/g)) if (!(m[1]! in d.parts)) throw new Error(`Storage family ${d.template}: no pattern for {${m[1]}}.`);
  return { kind: 'family', ...d };
}

// --- a family's keys --------------------------------------------------------------------------------

const keyRes = new WeakMap<Family<unknown>, RegExp>();
function keyRe(f: Family<unknown>): RegExp {
  let re = keyRes.get(f);
  if (!re) keyRes.set(f, (re = makeKeyRe(f)));
  return re;
}

function makeKeyRe(f: Family<unknown>): RegExp {
  const src = f.template
    .split(/(\{\w+\})/)
    .map((s) => {
      const m = /^\{(\w+)\}$/.exec(s);
      return m ? `(?<${m[1]}>${(f.parts as Record<string, RegExp>)[m[1]!]!.source})` : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${src}$`);
}

export function memberKey<P extends string>(f: Family<unknown, P>, parts: Record<P, string>): string {
  const key = f.template.replace(/\{(\w+)\}/g, (_, name: P) => parts[name]);
  if (!keyRe(f).test(key)) throw new Error(`Keysmith refused a storage key outside ${f.template}.`);
  return key;
}

export function memberParts<P extends string>(f: Family<unknown, P>, key: string): Record<P, string> | undefined {
  const m = keyRe(f).exec(key);
  return m ? (m.groups as Record<P, string>) : undefined;
}
