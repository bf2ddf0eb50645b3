/**
 * The names of the apps the worker listed for a picker, so that a bulk job names its apps itself:
 * a page sends app references only ({owner, id}), never names, so nothing a page or the API's data
 * puts in a name can make the job's message unreadable (issue 12).
 *
 * Kept in `storage.session` (it survives the worker's death, like the job it serves) as a list of
 * [owner, id, name] entries, never as an object keyed by ids: an app id such as `__proto__` is data.
 * Names are stored as plain one-line text capped at NAME_MAX characters, which is more than a key
 * description (200) can show, so a description rendered from a stored name equals one rendered from
 * the full name.
 */
import { plainText } from '../pure/bulk/template.ts';
import { read as readItem, write } from './storage/access.ts';
import { APPS_DIRECTORY } from './storage/items.ts';

/** Enough for a few owners of 5,000 apps each; the oldest entries go first. */
const MAX_ENTRIES = 20_000;
export const NAME_MAX = 256;

type Entry = [owner: string, id: string, name: string];

const ref = (owner: string, id: string) => `${owner}\u0000${id}`;

async function read(): Promise<Map<string, Entry>> {
  const out = new Map<string, Entry>();
  for (const entry of (await readItem(APPS_DIRECTORY)) as Entry[]) out.set(ref(entry[0], entry[1]), entry);
  return out;
}

/** Writes are chained so that pages listed at once do not overwrite each other. */
let writing: Promise<void> = Promise.resolve();

/** Remembers the names of apps just listed. Never throws: a picker must not fail for want of a cache. */
export function remember(apps: readonly { owner: string; id: string; name: string }[]): Promise<void> {
  const next = writing.then(async () => {
    const all = await read();
    for (const a of apps) {
      const k = ref(a.owner, a.id);
      all.delete(k); // re-inserted last: the newest stay when the list is trimmed
      all.set(k, [a.owner, a.id, plainText(a.name, NAME_MAX)]);
    }
    const entries = [...all.values()].slice(-MAX_ENTRIES);
    await write(APPS_DIRECTORY, entries);
  });
  writing = next.catch(() => {});
  return writing;
}

/** The remembered name of each app, or undefined where the worker has not listed it. */
export async function namesOf(refs: readonly { owner: string; appId: string }[]): Promise<(string | undefined)[]> {
  const all = await read();
  return refs.map((r) => all.get(ref(r.owner, r.appId))?.[2]);
}
