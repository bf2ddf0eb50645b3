/** page / per_page as every List call takes them: defaults 1 and 128, per_page capped by a switch. */
import { f, num, type Decoded, type QuerySpec } from '../decode.ts';
import type { Sandbox } from '../state.ts';
import { ApiError, Code } from '../status.ts';

export const PAGING: QuerySpec = { page: f.uint, per_page: f.uint };

export const DEFAULT_PER_PAGE = 128;

/** The requested page of `items`. There is no total: a page shorter than per_page is the last one. */
export function paginate<T>(sb: Sandbox, q: Decoded, items: readonly T[]): T[] {
  // 0 is the proto's "unset".
  const perPage = num(q, 'per_page') || DEFAULT_PER_PAGE;
  if (perPage > sb.switches.maxPerPage) {
    throw new ApiError(Code.CONN_BAD_REQUEST_FORMAT, `per_page must be at most ${sb.switches.maxPerPage}, got ${perPage}`);
  }
  const page = num(q, 'page') || 1;
  return items.slice((page - 1) * perPage, page * perPage);
}

/** Sort helper: compares by `key`, then by id, descending unless `ascending`. */
export function compareBy<T extends { id: string }>(key: (x: T) => string | number, ascending: boolean) {
  return (a: T, b: T): number => {
    const ka = key(a);
    const kb = key(b);
    const c = ka < kb ? -1 : ka > kb ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    return ascending ? c : -c;
  };
}
