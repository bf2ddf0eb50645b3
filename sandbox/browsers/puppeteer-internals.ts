/**
 * What puppeteer-core's WebDriver BiDi classes have but leave out of their published types: the raw
 * BiDi connection, an element's BiDi reference, a frame's browsing context. Looked up and checked at
 * run time instead of cast, so a puppeteer upgrade that renames one fails here, saying which.
 */

/** `o[key]`, an object. */
export function internalObject(o: object, key: string): object {
  const v: unknown = Reflect.get(o, key);
  if (typeof v !== 'object' || v === null)
    throw new Error(`puppeteer-core's ${o.constructor.name} has no ${key} any more (sandbox/browsers/puppeteer-internals.ts)`);
  return v;
}

/** `o[key]`, a method, bound to `o`. */
export function internalMethod(o: object, key: string): (...args: unknown[]) => unknown {
  const f: unknown = Reflect.get(o, key);
  if (typeof f !== 'function') throw new Error(`puppeteer-core's ${o.constructor.name} has no ${key}() any more (sandbox/browsers/puppeteer-internals.ts)`);
  return (...args) => Reflect.apply(f, o, args);
}
