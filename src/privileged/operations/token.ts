/**
 * The token's operations: keep, test, remember, lock, unlock and forget it, and what the pages see
 * of it (never the PAT; only extension pages see its last four characters).
 */
import { t } from '../../i18n/i18n.ts';
import { ClarifaiError } from '../../pure/clarifai/errors.ts';
import type { ClarifaiClient } from '../../pure/clarifai/client.ts';
import { WrongPassphrase } from '../../pure/crypto/seal.ts';
import type { Caller } from '../../pure/protocol/common.ts';
import type { SessionView } from '../../pure/protocol/session.ts';
import { PAT_SCOPES_ALL } from '../../pure/scopes/catalogue.ts';
import { addressChanged, clientFor, forgetForAddressChange, requirePat, verifierFor } from '../api.ts';
import { OperationError } from '../errors.ts';
import * as inventory from '../inventory.ts';
import { interruptAll } from '../job-registry.ts';
import * as keyChanges from '../key-changes.ts';
import { limited, read } from '../limiter.ts';
import * as settings from '../settings.ts';
import * as vault from '../vault.ts';
import type { Handlers } from './context.ts';

function displayName(u: { id: string; first_name?: string; last_name?: string }): string {
  const full = [u.first_name, u.last_name].filter(Boolean).join(' ').trim();
  return full || u.id;
}

/**
 * Who the PAT belongs to and what it may do. GetUser is portal-only per the proto: fall back to
 * myscopes. A lone throttle or 5xx is tried again, briefly, before the person is told (`read`).
 */
async function verify(client: ClarifaiClient): Promise<vault.Profile> {
  let userId = 'me';
  let name = '';
  try {
    const user = await read(() => client.me());
    userId = user.id;
    name = displayName(user);
  } catch (e) {
    // A wrong token, throttling or a dead network fail the same way on myscopes: let that answer.
    if (!(e instanceof ClarifaiError) || e.kind === 'auth' || e.retryable) throw e;
  }
  const { scopes } = await read(() => client.myScopes('me'));
  return { userId, name: name || userId, scopes, verifiedAt: new Date().toISOString() };
}

function missingOf(scopes: readonly string[]): string[] {
  if (scopes.includes('All')) return [];
  return PAT_SCOPES_ALL.filter((s) => !scopes.includes(s));
}

async function view(caller: Caller): Promise<SessionView> {
  const cur = await vault.current();
  // A token bound to another address than the configured one is forgotten, and the page told why.
  if (cur && cur.apiBaseUrl !== (await settings.apiAddress())) {
    await forgetForAddressChange();
    await inventory.forget();
    await keyChanges.forget();
  }
  const pat = await vault.getPat();
  const remembered = await vault.isRemembered();
  if (!pat) {
    if (remembered) return { hasToken: false, locked: true, remembered };
    return (await vault.notice()) === 'address-changed' ? { hasToken: false, notice: addressChanged() } : { hasToken: false };
  }
  const p = await vault.getProfile();
  const out: SessionView = { hasToken: true, remembered };
  if (p) {
    out.user = { id: p.userId, name: p.name };
    out.missingScopes = missingOf(p.scopes);
    out.verifiedAt = p.verifiedAt;
  }
  if (caller === 'page') out.tokenHint = pat.slice(-4);
  return out;
}

/** Rethrows a vault change that lost a race (the token was forgotten or replaced meanwhile) in words. */
function tokenChanged(message: () => string) {
  return (e: unknown): never => {
    if (e instanceof vault.TokenChanged) throw new OperationError('no-token', message());
    throw e;
  };
}

export const tokenOperations = {
  getSession: (_req, ctx) => view(ctx.caller),
  async setPat(req, ctx) {
    if (req.remember && !req.passphrase) throw new OperationError('invalid', t('errChoosePassphrase'));
    const pat = req.pat;
    const { client: unlimited, baseUrl } = await verifierFor(pat);
    const client = limited(unlimited); // every request takes its turn from the worker's one limiter
    const profile = await verify(client); // a wrong PAT throws here and is not kept
    await vault.forgetEverywhere(); // a stale sealed copy of another token must not outlive this one
    await inventory.forget(); // nor what the old token could see
    await keyChanges.forget(); // nor a change of its keys
    await vault.store(pat, profile, baseUrl);
    await vault.touch();
    if (req.remember) await vault.remember(req.passphrase!).catch(tokenChanged(() => t('errTokenChangedNotRemembered')));
    return view(ctx.caller);
  },
  async unlock(req, ctx) {
    if (!(await vault.isRemembered())) throw new OperationError('no-token', t('errNothingRemembered'));
    let opened: Awaited<ReturnType<typeof vault.unlock>>;
    try {
      opened = await vault.unlock(req.passphrase, await settings.apiAddress());
    } catch (e) {
      if (e instanceof WrongPassphrase) throw new OperationError('invalid', t('errWrongPassphrase'));
      if (e instanceof vault.UnreadableSealed) {
        await vault.forgetEverywhere();
        await inventory.forget();
        await keyChanges.forget();
        throw new OperationError('no-token', t('errSealedUnreadable'));
      }
      return tokenChanged(() => t('errTokenChangedNotUnlocked'))(e);
    }
    if (opened === 'address-changed') {
      await forgetForAddressChange();
      await inventory.forget();
      await keyChanges.forget();
      throw new OperationError('no-token', addressChanged());
    }
    return view(ctx.caller);
  },
  async lock(_req, ctx) {
    if (await vault.isRemembered()) await vault.lock();
    interruptAll(t('wkLockedStopped')); // nothing more is sent with the token
    return view(ctx.caller);
  },
  async changePassphrase(req, ctx) {
    if (!(await vault.isRemembered())) throw new OperationError('no-token', t('errNothingRemembered'));
    try {
      await vault.changePassphrase(req.oldPassphrase, req.newPassphrase);
    } catch (e) {
      if (e instanceof WrongPassphrase) throw new OperationError('invalid', t('errWrongCurrentPassphrase'));
      return tokenChanged(() => t('errTokenChangedPassphraseKept'))(e);
    }
    return view(ctx.caller);
  },
  async testPat(_req, ctx) {
    const pat = await requirePat(ctx.caller);
    const profile = await verify(limited(await clientFor(pat)));
    // Only for the token it tested: one forgotten or replaced meanwhile is not brought back.
    await vault.updateProfile(pat, profile).catch(tokenChanged(() => t('errTokenChangedWhileTested')));
    return view(ctx.caller);
  },
  async forgetPat(_req, ctx) {
    await vault.forgetEverywhere();
    interruptAll(t('wkTokenForgotten')); // nothing more is sent with it
    await inventory.forget();
    await keyChanges.forget(); // its change of keys stops and goes with it
    return view(ctx.caller);
  },
} satisfies Partial<Handlers>;
