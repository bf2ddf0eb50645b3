/**
 * The one door to the browser's storage: every read and write of an item declared with
 * ./declare.ts goes through here, each value through ./codec.ts (validated both ways, versioned).
 * No module outside src/privileged/storage/ calls `browser.storage` itself
 * (tests/unit/privileged/storage.test.ts checks the sources).
 */
import browser from 'webextension-polyfill';
import { decode, decodeMember, entry, memberEntry, sizeOf, type Entry } from './codec.ts';
import { memberKey, memberParts, type Area, type Family, type Item } from './declare.ts';

const area = (a: Area) => browser.storage[a];

// --- items ----------------------------------------------------------------------------------------

export async function read<T>(it: Item<T>): Promise<T> {
  const raw = (await area(it.area).get(it.key))[it.key];
  if (raw === undefined) return structuredClone(it.default);
  return decode(it, it.key, raw)?.value ?? structuredClone(it.default);
}

/** Sets entries, one `set` per area (so the items of one area change together). */
export async function writeEntries(entries: readonly Entry[]): Promise<void> {
  const by = new Map<Area, Record<string, unknown>>();
  for (const e of entries) by.set(e.area, { ...by.get(e.area), [e.key]: e.raw });
  for (const [a, items] of by) await area(a).set(items);
}

/** Writes an item; `undefined` removes it. */
export async function write<T>(it: Item<T>, value: T): Promise<void> {
  if (value === undefined) return remove(it);
  await writeEntries([entry(it, value)]);
}

export async function remove(...items: Item<unknown>[]): Promise<void> {
  const by = new Map<Area, string[]>();
  for (const it of items) by.set(it.area, [...(by.get(it.area) ?? []), it.key]);
  for (const [a, keys] of by) await area(a).remove(keys);
}

// --- families -------------------------------------------------------------------------------------

export async function readMember<T, P extends string>(f: Family<T, P>, parts: Record<P, string>): Promise<T | undefined> {
  const key = memberKey(f, parts);
  const raw = (await area(f.area).get(key))[key];
  return raw === undefined ? undefined : decode(f, key, raw)?.value;
}

/** Stored values as they are, by key: for a caller that decodes each itself (to tell absent from unreadable). */
export async function readRaw(a: Area, keys: readonly string[]): Promise<Record<string, unknown>> {
  return keys.length ? area(a).get([...keys]) : {};
}

/** Members by their parts, with one `get`: each through the validator (undefined when absent or unreadable). */
export async function readMembers<T, P extends string>(f: Family<T, P>, list: readonly Record<P, string>[]): Promise<(T | undefined)[]> {
  if (!list.length) return [];
  const keys = list.map((parts) => memberKey(f, parts));
  const got = await area(f.area).get(keys);
  return keys.map((k) => decodeMember(f, k, got[k]));
}

/** Writes members, validated, with one `set` (they change together). */
export async function writeMembers<T, P extends string>(f: Family<T, P>, list: readonly (readonly [Record<P, string>, T])[]): Promise<void> {
  if (list.length) await writeEntries(list.map(([parts, value]) => memberEntry(f, parts, value)));
}

export async function removeMembers<P extends string>(f: Family<unknown, P>, list: readonly Record<P, string>[]): Promise<void> {
  await removeKeys(
    f.area,
    list.map((parts) => memberKey(f, parts)),
  );
}

/**
 * All an area holds, as stored: one read to pass to `readFamily`, `familyKeys` or `memberSizes`
 * when several families of the area are looked at together (an area may hold megabytes).
 */
export async function readArea(a: Area): Promise<Record<string, unknown>> {
  return area(a).get(null);
}

/** Every readable member of a family (in `all`, when given: the family's area as `readArea` read it); unreadable ones are left out (and left where they are). */
export async function readFamily<T, P extends string>(
  f: Family<T, P>,
  all?: Record<string, unknown>,
): Promise<{ key: string; parts: Record<P, string>; value: T }[]> {
  all ??= await readArea(f.area);
  const out: { key: string; parts: Record<P, string>; value: T }[] = [];
  for (const [key, raw] of Object.entries(all)) {
    const parts = memberParts(f, key);
    if (!parts) continue;
    const got = decode(f, key, raw);
    if (got) out.push({ key, parts, value: got.value });
  }
  return out;
}

/** Keys of every member, readable or not (to remove them). */
export async function familyKeys(f: Family<unknown>, all?: Record<string, unknown>): Promise<string[]> {
  return Object.keys(all ?? (await readArea(f.area))).filter((k) => memberParts(f, k));
}

/** Each member's parts and stored size, readable or not (for budgets: what it takes is what counts). */
export async function memberSizes<P extends string>(
  f: Family<unknown, P>,
  all?: Record<string, unknown>,
): Promise<{ parts: Record<P, string>; bytes: number }[]> {
  return Object.entries(all ?? (await readArea(f.area))).flatMap(([key, raw]) => {
    const parts = memberParts(f, key);
    return parts ? [{ parts, bytes: sizeOf(key, raw) }] : [];
  });
}

export async function removeKeys(a: Area, keys: readonly string[]): Promise<void> {
  if (keys.length) await area(a).remove([...keys]);
}

/** Chrome: content scripts must not read session storage (the default; say it anyway). Firefox never exposes it to them. */
export async function lockDownSession(): Promise<void> {
  const session = browser.storage.session as typeof browser.storage.session & { setAccessLevel?: (o: { accessLevel: string }) => Promise<void> };
  await session.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' });
}
