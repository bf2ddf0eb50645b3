/**
 * The worker's Clarifai clients, made with the PAT from the vault.
 *
 * Invariant: the PAT goes only where the person sent it. It is bound to the API address it was
 * verified against (kept beside it in the vault), and before every request, not once per client:
 * - the configured address (read back from `storage.local`, which a content script can write) must
 *   still be that one; when it is not, the PAT is forgotten with a clear message and nothing is sent;
 * - the browser must still grant Keysmith that host (`permissions.contains`): a revoked permission
 *   stops the next request, with a clear message;
 * - the vault must still hold that PAT: after "Forget token" or a lock, a client made before sends
 *   nothing more.
 */
import browser from 'webextension-polyfill';
import { ClarifaiClient, type ClientOptions } from '../pure/clarifai/client.ts';
import { t } from '../i18n/i18n.ts';
import type { Caller } from '../pure/protocol/common.ts';
import { OperationError } from './errors.ts';
import * as settings from './settings.ts';
import * as vault from './vault.ts';

/** Why the token is gone, in words: looked up when said, in the browser's language. */
export const addressChanged = (): string => t('errAddressChanged');
const locked = (): string => t('errLocked');
const noToken = (): string => t('errNoToken');

/** The token a client was made with is no longer the vault's (forgotten, locked or replaced). */
export class TokenGone extends OperationError {
  constructor(message: string) {
    super('no-token', message);
  }
}

type Guard = () => Promise<void>;

/**
 * A client that runs its guard right before every request it sends: after the request's turn from
 * the rate limiter (./limiter.ts), not before it. A request can wait seconds for its turn (a full
 * window, a throttle's pause); a guard run before that wait would let it leave after "Forget token"
 * or a lock, with the forgotten token.
 */
class GuardedClient extends ClarifaiClient {
  constructor(
    opts: ClientOptions,
    private readonly guard: Guard,
  ) {
    super(opts);
  }

  protected override beforeSend(): Promise<void> {
    return this.guard();
  }
}

/** Forgets every copy of the PAT because the API address is no longer the one it was verified against. */
export async function forgetForAddressChange(): Promise<void> {
  await vault.forgetEverywhere();
  await vault.setNotice('address-changed');
}

/** Throws (and forgets the PAT) unless the configured API address is `bound`. */
async function checkAddress(bound: string): Promise<void> {
  if ((await settings.apiAddress()) === bound) return;
  await forgetForAddressChange();
  throw new TokenGone(addressChanged());
}

/** Throws unless the browser still lets Keysmith reach that address's host. */
export async function checkPermission(baseUrl: string): Promise<void> {
  const origin = new URL(baseUrl).origin;
  if (await browser.permissions.contains({ origins: [`${origin}/*`] })) return;
  throw new OperationError('refused', t('errNoPermission', origin));
}

const plainFetch: ClientOptions['fetch'] = (input, init) => fetch(input, init);

/** A client for the vault's PAT, sent only to the address it is bound to. */
export async function clientFor(pat: string): Promise<ClarifaiClient> {
  const bound = await vault.current();
  if (bound?.pat !== pat) throw new TokenGone(noToken());
  const baseUrl = bound.apiBaseUrl;
  const held = async () => {
    const now = await vault.current();
    if (now?.pat !== pat || now.apiBaseUrl !== baseUrl) {
      throw new TokenGone((await vault.notice()) === 'address-changed' ? addressChanged() : (await vault.isRemembered()) ? locked() : noToken());
    }
  };
  return new GuardedClient({ token: pat, baseUrl, fetch: plainFetch }, async () => {
    // First, so that a client whose token is gone never acts on the address (it would forget a
    // newer token bound to a new one); and last again, since "Forget token" or a lock can land
    // while the other checks wait on storage: nothing is awaited between that answer and sending.
    await held();
    await checkAddress(baseUrl);
    await checkPermission(baseUrl);
    await held();
  });
}

/** A client to verify a PAT that is not kept yet, at the configured address; `baseUrl` is what it was verified against. */
export async function verifierFor(pat: string): Promise<{ client: ClarifaiClient; baseUrl: string }> {
  const baseUrl = await settings.apiAddress();
  const client = new GuardedClient({ token: pat, baseUrl, fetch: plainFetch }, async () => {
    if ((await settings.apiAddress()) !== baseUrl) throw new OperationError('invalid', t('errAddressChangedWhileChecking'));
    await checkPermission(baseUrl);
  });
  return { client, baseUrl };
}

/**
 * The vault's PAT, unlocked, and bound to the configured address (forgotten here when it is not).
 * `caller`: who asked. Only an extension page's call counts as use for the idle lock: a portal page
 * can make the content script call as often as it likes (a fake dialog every few minutes), and the
 * worker's own work (a running job) is no person's use either.
 */
export async function requirePat(caller?: Caller): Promise<string> {
  await vault.lockIfIdle();
  const cur = await vault.current();
  if (!cur) {
    if (await vault.isRemembered()) throw new OperationError('no-token', locked());
    throw new OperationError('no-token', (await vault.notice()) === 'address-changed' ? addressChanged() : noToken());
  }
  await checkAddress(cur.apiBaseUrl);
  if (caller === 'page') await vault.touch();
  return cur.pat;
}

/** For an operation that uses the token deeper down (jobs): locks if idle, and counts an extension page's call as use. */
export async function usedBy(caller: Caller): Promise<void> {
  await vault.lockIfIdle();
  if (caller === 'page' && (await vault.getPat())) await vault.touch();
}
