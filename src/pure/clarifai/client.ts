/**
 * A typed client for the Clarifai REST API. Pure: it takes `fetch` as a parameter and touches no
 * browser API but the i18n lookup, so it runs the same in the service worker and in Node tests.
 * Invariants:
 * - Every URL is built from the configured base and ids checked against Clarifai's id syntax, each
 *   path segment encoded: a hostile id cannot reach another path or host.
 * - Success and failure are decided by the body's `status.code`, not by the HTTP status, and no
 *   error message carries the token: ./answer.ts reads every answer.
 */
import { t, tn } from '../../i18n/i18n.ts';
import { readAnswer } from './answer.ts';
import { ClarifaiError, StatusCode } from './errors.ts';
import type { ApiApp, ApiCollaboration, ApiKey, ApiUser, ListAppsQuery, NewKey, WithStatus } from './types.ts';

export const DEFAULT_BASE_URL = 'https://api.clarifai.com';
export const DEFAULT_TIMEOUT_MS = 30_000;
/** Clarifai's docs say 1000 is the most per page; the protos do not say, so stay at it. */
export const MAX_PER_PAGE = 1000;

/** User, organization and app ids: letters, digits, `-`, `_` (old apps: 32 hex). `me` is a user id. */
export const ID_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
/** A key id: 32 lower-case hex in practice; allow a little more, never a path character. */
const KEY_ID_RE = /^[A-Za-z0-9_-]{1,128}$/;

export function isValidId(id: unknown): id is string {
  return typeof id === 'string' && ID_RE.test(id);
}

export function isValidKeyId(id: unknown): id is string {
  return typeof id === 'string' && KEY_ID_RE.test(id);
}

/** Checks a base URL setting: https only (http only for loopback, for local development). */
export function normalizeBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new Error(t('errAddressNotUrl'));
  }
  const loopback = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
  if (url.protocol !== 'https:' && !(loopback && url.protocol === 'http:')) throw new Error(t('errAddressNotHttps'));
  if (url.username || url.password) throw new Error(t('errAddressUserInfo'));
  if (url.search || url.hash) throw new Error(t('errAddressQuery'));
  return url.origin + url.pathname.replace(/\/+$/, '');
}

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface ClientOptions {
  token: string;
  baseUrl?: string;
  fetch: FetchLike;
  timeoutMs?: number;
}

type Query = Record<string, string | number | boolean | readonly string[] | undefined>;

function seg(id: string, what: 'user' | 'app'): string {
  if (!isValidId(id)) throw new ClarifaiError('bad-request', what === 'user' ? t('errBadUserId') : t('errBadAppId'));
  return encodeURIComponent(id);
}

function keySeg(id: string): string {
  if (!isValidKeyId(id)) throw new ClarifaiError('bad-request', t('errBadKeyId'));
  return encodeURIComponent(id);
}

export class ClarifaiClient {
  readonly baseUrl: string;
  private readonly token: string;
  private readonly fetchImpl: FetchLike;
  private readonly timeoutMs: number;
  /** Awaited just before each request leaves (a rate limiter): see `gateWith`. */
  private gate?: () => Promise<void | ((sent?: boolean) => void)>;

  constructor(opts: ClientOptions) {
    this.baseUrl = normalizeBaseUrl(opts.baseUrl ?? DEFAULT_BASE_URL);
    this.token = opts.token;
    this.fetchImpl = opts.fetch;
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /**
   * Makes every request of this client wait for `gate` just before it leaves (not counted in its
   * timeout). A gate may answer a function, called when the request really leaves (after
   * `beforeSend`), or with `false` when `beforeSend` stops it: a rate limiter counts the start then,
   * or gives the turn back (../bulk/limiter.ts `takeTicket`).
   */
  gateWith(gate: () => Promise<void | ((sent?: boolean) => void)>): this {
    this.gate = gate;
    return this;
  }

  /**
   * Awaited after the request's turn (`gate`) and right before it leaves, with nothing awaited in
   * between: what must hold when a request is sent is checked here (the worker's client: that the
   * token is still the vault's, ../../privileged/api.ts). A turn can take seconds (a full window, a
   * throttle's pause), so a check made before it says nothing about the moment of sending.
   */
  protected beforeSend(): Promise<void> {
    return Promise.resolve();
  }

  private timedOut(): ClarifaiError {
    return new ClarifaiError('timeout', tn('errNoAnswerWithin', Math.round(this.timeoutMs / 1000)));
  }

  async request<T extends WithStatus>(
    method: string,
    path: string,
    opts: { query?: Query; body?: unknown; signal?: AbortSignal; mixed?: boolean } = {},
  ): Promise<T> {
    const url = new URL(this.baseUrl + path);
    for (const [k, v] of Object.entries(opts.query ?? {})) {
      if (v === undefined) continue;
      if (Array.isArray(v)) for (const item of v) url.searchParams.append(k, String(item));
      else url.searchParams.set(k, String(v));
    }
    const leaving = this.gate ? await this.gate() : undefined;
    try {
      await this.beforeSend();
    } catch (e) {
      leaving?.(false);
      throw e;
    }
    leaving?.();
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
    const headers: Record<string, string> = { Authorization: `Key ${this.token}`, Accept: 'application/json' };
    if (opts.body !== undefined) headers['Content-Type'] = 'application/json';

    let res: Response;
    try {
      res = await this.fetchImpl(url.toString(), {
        method,
        headers,
        body: opts.body === undefined ? null : JSON.stringify(opts.body),
        signal,
        credentials: 'omit',
        cache: 'no-store',
        redirect: 'error',
      });
    } catch (e) {
      if (opts.signal?.aborted) throw new ClarifaiError('failed', t('errCancelled'));
      if (timeout.aborted) throw this.timedOut();
      throw new ClarifaiError('network', t('errUnreachable', url.host));
    }

    return readAnswer<T>(
      res,
      this.token,
      () => (timeout.aborted ? this.timedOut() : new ClarifaiError('network', t('errConnectionBroke', url.host))),
      opts.mixed,
    );
  }

  // --- who am I -----------------------------------------------------------------------------

  async me(signal?: AbortSignal): Promise<ApiUser> {
    const r = await this.request<WithStatus & { user?: ApiUser }>('GET', '/v2/users/me', { signal });
    if (!r.user?.id) throw new ClarifaiError('failed', t('errNoUser'));
    return r.user;
  }

  async myScopes(userId = 'me', signal?: AbortSignal): Promise<{ scopes: string[]; endpoints: string[] }> {
    const r = await this.request<WithStatus & { scopes?: string[]; endpoints?: string[] }>('GET', `/v2/users/${seg(userId, 'user')}/myscopes`, { signal });
    return { scopes: r.scopes ?? [], endpoints: r.endpoints ?? [] };
  }

  // --- apps ---------------------------------------------------------------------------------

  async listApps(userId: string, q: ListAppsQuery = {}, signal?: AbortSignal): Promise<ApiApp[]> {
    const query: Query = { page: q.page, per_page: q.per_page, search: q.search, starred_only: q.starred_only || undefined };
    if (q.sort_by) query[`sort_by_${q.sort_by}`] = true;
    if (q.sort_ascending) query.sort_ascending = true;
    const r = await this.request<WithStatus & { apps?: ApiApp[] }>('GET', `/v2/users/${seg(userId, 'user')}/apps`, { query, signal });
    return r.apps ?? [];
  }

  async getApp(userId: string, appId: string, signal?: AbortSignal): Promise<ApiApp> {
    const r = await this.request<WithStatus & { app?: ApiApp }>('GET', `/v2/users/${seg(userId, 'user')}/apps/${seg(appId, 'app')}`, { signal });
    if (!r.app || typeof r.app !== 'object') throw new ClarifaiError('failed', t('errNoApp'));
    return r.app;
  }

  async listCollaborations(userId = 'me', page = 1, perPage = MAX_PER_PAGE, signal?: AbortSignal): Promise<ApiCollaboration[]> {
    const r = await this.request<WithStatus & { collaborations?: ApiCollaboration[] }>('GET', `/v2/users/${seg(userId, 'user')}/collaborations`, {
      query: { page, per_page: perPage },
      signal,
    });
    return r.collaborations ?? [];
  }

  // --- keys ---------------------------------------------------------------------------------

  async postKeys(userId: string, keys: NewKey[], signal?: AbortSignal): Promise<ApiKey[]> {
    const r = await this.request<WithStatus & { keys?: ApiKey[] }>('POST', `/v2/users/${seg(userId, 'user')}/keys`, { body: { keys }, signal });
    return r.keys ?? [];
  }

  /**
   * PostKeys with several keys (each naming its own app) in one request: the keys the answer holds,
   * and whether Clarifai said only part was done (10010 MIXED_STATUS). Whether Clarifai takes
   * several keys at all is not documented: ../bulk/batching.ts finds out and reads the answer.
   */
  async postKeyBatch(userId: string, keys: NewKey[], signal?: AbortSignal): Promise<{ keys: ApiKey[]; mixed: boolean }> {
    const r = await this.request<WithStatus & { keys?: ApiKey[] }>('POST', `/v2/users/${seg(userId, 'user')}/keys`, { body: { keys }, signal, mixed: true });
    return { keys: Array.isArray(r.keys) ? r.keys : [], mixed: r.status?.code === StatusCode.MIXED_STATUS };
  }

  /** Every key under a user or organization (`type` filters app keys from PATs). */
  async listKeys(
    userId: string,
    page = 1,
    perPage = MAX_PER_PAGE,
    type?: 'app_specific_key' | 'personal_access_token',
    signal?: AbortSignal,
  ): Promise<ApiKey[]> {
    const r = await this.request<WithStatus & { keys?: ApiKey[] }>('GET', `/v2/users/${seg(userId, 'user')}/keys`, {
      query: { page, per_page: perPage, type },
      signal,
    });
    return r.keys ?? [];
  }

  async listAppKeys(userId: string, appId: string, page = 1, perPage = MAX_PER_PAGE, signal?: AbortSignal): Promise<ApiKey[]> {
    const r = await this.request<WithStatus & { keys?: ApiKey[] }>('GET', `/v2/users/${seg(userId, 'user')}/apps/${seg(appId, 'app')}/keys`, {
      query: { page, per_page: perPage },
      signal,
    });
    return r.keys ?? [];
  }

  async getKey(userId: string, keyId: string, signal?: AbortSignal): Promise<ApiKey> {
    const r = await this.request<WithStatus & { key?: ApiKey }>('GET', `/v2/users/${seg(userId, 'user')}/keys/${keySeg(keyId)}`, { signal });
    if (!r.key) throw new ClarifaiError('failed', t('errNoKey'));
    return r.key;
  }

  async patchKeys(userId: string, keys: (Partial<ApiKey> & { id: string })[], signal?: AbortSignal): Promise<ApiKey[]> {
    const r = await this.request<WithStatus & { keys?: ApiKey[] }>('PATCH', `/v2/users/${seg(userId, 'user')}/keys`, {
      body: { keys, action: 'overwrite' },
      signal,
    });
    return r.keys ?? [];
  }

  async deleteKey(userId: string, keyId: string, signal?: AbortSignal): Promise<void> {
    await this.request<WithStatus>('DELETE', `/v2/users/${seg(userId, 'user')}/keys/${keySeg(keyId)}`, { signal });
  }
}

/**
 * Follows Clarifai's pagination: there is no total count, so ask page after page until one comes
 * back shorter than `perPage` (or empty). `onPage` sees the running total, for progress.
 */
export async function collectPages<T>(
  fetchPage: (page: number, perPage: number) => Promise<T[]>,
  opts: { perPage?: number; maxPages?: number; onPage?: (total: number, page: number) => void; ahead?: number } = {},
): Promise<T[]> {
  if ((opts.ahead ?? 1) > 1) return collectPagesAhead(fetchPage, opts);
  const perPage = opts.perPage ?? MAX_PER_PAGE;
  const maxPages = opts.maxPages ?? 10_000;
  const out: T[] = [];
  for (let page = 1; page <= maxPages; page++) {
    const items = await fetchPage(page, perPage);
    out.push(...items);
    opts.onPage?.(out.length, page);
    if (items.length < perPage) return out;
  }
  throw new ClarifaiError('failed', tn('errTooManyPages', maxPages));
}

/**
 * collectPages asking `ahead` pages at a time once the first page came back full: a long listing
 * (thousands of keys, 1,000 a page) takes one round trip per `ahead` pages instead of one per page,
 * at the cost of at most `ahead - 1` pages asked past the end (empty answers); a listing of one
 * page costs one request, as before. Pages are joined in order; the first short page ends the
 * listing, and pages after it are ignored. Any page's failure fails the listing.
 */
async function collectPagesAhead<T>(
  fetchPage: (page: number, perPage: number) => Promise<T[]>,
  opts: { perPage?: number; maxPages?: number; onPage?: (total: number, page: number) => void; ahead?: number },
): Promise<T[]> {
  const perPage = opts.perPage ?? MAX_PER_PAGE;
  const maxPages = opts.maxPages ?? 10_000;
  const ahead = opts.ahead ?? 1;
  const out: T[] = [];
  for (let first = 1; first <= maxPages; first += first === 1 ? 1 : ahead) {
    const pages = Array.from({ length: first === 1 ? 1 : Math.min(ahead, maxPages - first + 1) }, (_, i) => first + i);
    const answers = await Promise.all(pages.map((p) => fetchPage(p, perPage)));
    for (const [i, items] of answers.entries()) {
      out.push(...items);
      opts.onPage?.(out.length, pages[i]!);
      if (items.length < perPage) return out;
    }
  }
  throw new ClarifaiError('failed', tn('errTooManyPages', maxPages));
}
