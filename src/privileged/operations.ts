/**
 * The worker's named operations. Each one is called by the router only after the sender and the
 * message were checked. None returns the PAT; only extension pages see its last four characters.
 */
import browser from 'webextension-polyfill';
import { collectPages, DEFAULT_BASE_URL, MAX_PER_PAGE, normalizeBaseUrl, type ClarifaiClient } from '../pure/clarifai/client.ts';
import { ClarifaiError } from '../pure/clarifai/errors.ts';
import type { ApiApp } from '../pure/clarifai/types.ts';
import { BUILTIN_PRESETS } from '../pure/presets/builtins.ts';
import { parseImport } from '../pure/presets/io.ts';
import type { Preset } from '../pure/presets/model.ts';
import type { AppSummary } from '../pure/protocol/apps.ts';
import type { AttachReport } from '../pure/protocol/settings.ts';
import type { Caller } from '../pure/protocol/common.ts';
import type { PresetList, PresetView } from '../pure/protocol/presets.ts';
import type { Request, Results } from '../pure/protocol/index.ts';
import type { SessionView } from '../pure/protocol/session.ts';
import { describeEndpoints } from '../pure/scopes/endpoints.ts';
import { redactSecrets } from '../pure/redact-text.ts';
import * as appDirectory from './app-directory.ts';
import { limited, read } from './limiter.ts';
import * as jobs from './jobs.ts';
import * as proposals from './job-proposals.ts';
import * as presets from './presets-store.ts';
import { PAT_SCOPES_ALL } from '../pure/scopes/catalogue.ts';
import { OperationError } from './errors.ts';
import * as settings from './settings.ts';
import { ADDRESS_CHANGED, clientFor, forgetForAddressChange, requirePat, usedBy, verifierFor } from './api.ts';
import * as vault from './vault.ts';
import { WrongPassphrase } from '../pure/crypto/seal.ts';

export interface Context {
  caller: Caller;
  tabId?: number | undefined;
}

type Handlers = { [N in keyof Results]: (req: Request<N>, ctx: Context) => Promise<Results[N]> };

function displayName(u: { id: string; first_name?: string; last_name?: string }): string {
  const full = [u.first_name, u.last_name].filter(Boolean).join(' ').trim();
  return full || u.id;
}

/** Who the PAT belongs to and what it may do. GetUser is portal-only per the proto: fall back to myscopes. */
async function verify(client: ClarifaiClient): Promise<vault.Profile> {
  let userId = 'me';
  let name = '';
  try {
    const user = await client.me();
    userId = user.id;
    name = displayName(user);
  } catch (e) {
    // A wrong token, throttling or a dead network fail the same way on myscopes: let that answer.
    if (!(e instanceof ClarifaiError) || e.kind === 'auth' || e.retryable) throw e;
  }
  const { scopes } = await client.myScopes('me');
  return { userId, name: name || userId, scopes, verifiedAt: new Date().toISOString() };
}

function missingOf(scopes: readonly string[]): string[] {
  if (scopes.includes('All')) return [];
  return PAT_SCOPES_ALL.filter((s) => !scopes.includes(s));
}

async function view(caller: Caller): Promise<SessionView> {
  const cur = await vault.current();
  // A token bound to another address than the configured one is forgotten, and the page told why.
  if (cur && cur.apiBaseUrl !== (await settings.getSettings()).apiBaseUrl) await forgetForAddressChange();
  const pat = await vault.getPat();
  const remembered = await vault.isRemembered();
  if (!pat) {
    if (remembered) return { hasToken: false, locked: true, remembered };
    return (await vault.notice()) === 'address-changed' ? { hasToken: false, notice: ADDRESS_CHANGED } : { hasToken: false };
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

function summary(a: ApiApp, owner: string): AppSummary {
  return {
    id: a.id,
    name: typeof a.name === 'string' ? a.name : a.id,
    description: typeof a.description === 'string' ? a.description : '',
    owner: a.user_id ?? owner,
    createdAt: a.created_at,
    modifiedAt: a.modified_at,
  };
}

function presetView(p: Preset): PresetView {
  return { ...p, enables: describeEndpoints(p.scopes).text };
}

async function presetList(): Promise<PresetList> {
  const user = await presets.list();
  return { presets: [...BUILTIN_PRESETS, ...user].map(presetView), sync: await presets.isSyncOn() };
}

/** When each portal tab last brought Keysmith's options page forward (the worker's own clock). */
const broughtForward = new Map<number, number>();
/** How often one portal tab may bring the options page forward. */
export const BRING_FORWARD_EVERY_MS = 10_000;

/**
 * Whether this call may bring the options page forward. A page script can drive the panel with
 * synthetic events; a portal tab that asked for the options page (its button, "Save as preset")
 * must not pull the person away from what they are doing again and again: once in 10 s per tab.
 * What it asked is still done (the preset waits on the options page); only the focus is not taken.
 */
function mayBringForward(ctx: Context): boolean {
  if (ctx.caller !== 'content') return true;
  const tab = ctx.tabId ?? -1;
  const now = performance.now();
  const last = broughtForward.get(tab);
  if (last !== undefined && now - last < BRING_FORWARD_EVERY_MS) return false;
  broughtForward.set(tab, now);
  return true;
}

/** Runs a job operation after counting the call as use for the idle lock, if an extension page made it. */
async function afterUse<T>(ctx: Context, run: () => Promise<T>): Promise<T> {
  await usedBy(ctx.caller);
  return run();
}

/** Rethrows a vault change that lost a race (the token was forgotten or replaced meanwhile) in words. */
function tokenChanged(message: string) {
  return (e: unknown): never => {
    if (e instanceof vault.TokenChanged) throw new OperationError('no-token', message);
    throw e;
  };
}

/**
 * Each tab's last attach report, for the popup's "Copy dialog outline". Memory only: it is a
 * diagnosis of the page open now, and a new worker hears the next report when a dialog opens.
 */
const attachReports = new Map<number, AttachReport>();

export const handlers: Handlers = {
  getSession: (_req, ctx) => view(ctx.caller),

  async setPat(req, ctx) {
    if (req.remember && !req.passphrase) throw new OperationError('invalid', 'Choose a passphrase to remember the token on this device.');
    const pat = req.pat;
    const { client: unlimited, baseUrl } = await verifierFor(pat);
    const client = limited(unlimited); // every request takes its turn from the worker's one limiter
    const profile = await verify(client); // a wrong PAT throws here and is not kept
    await vault.forgetEverywhere(); // a stale sealed copy of another token must not outlive this one
    await vault.store(pat, profile, baseUrl);
    await vault.touch();
    if (req.remember) await vault.remember(req.passphrase!).catch(tokenChanged('The token was forgotten or replaced meanwhile, so it was not remembered.'));
    return view(ctx.caller);
  },

  async unlock(req, ctx) {
    if (!(await vault.isRemembered())) throw new OperationError('no-token', 'No token is remembered on this device.');
    let opened: Awaited<ReturnType<typeof vault.unlock>>;
    try {
      opened = await vault.unlock(req.passphrase, (await settings.getSettings()).apiBaseUrl);
    } catch (e) {
      if (e instanceof WrongPassphrase) throw new OperationError('invalid', 'That passphrase is wrong. The stored token is unchanged; try again.');
      if (e instanceof vault.UnreadableSealed) {
        await vault.forgetEverywhere();
        throw new OperationError('no-token', 'The remembered token could not be read, so Keysmith forgot it; paste it again.');
      }
      return tokenChanged('The remembered token was forgotten or replaced meanwhile; nothing was unlocked.')(e);
    }
    if (opened === 'address-changed') {
      await forgetForAddressChange();
      throw new OperationError('no-token', ADDRESS_CHANGED);
    }
    return view(ctx.caller);
  },

  async lock(_req, ctx) {
    if (await vault.isRemembered()) await vault.lock();
    jobs.interruptAll('Keysmith was locked: enter your passphrase on its options page to unlock the token.'); // nothing more is sent with the token
    return view(ctx.caller);
  },

  async changePassphrase(req, ctx) {
    if (!(await vault.isRemembered())) throw new OperationError('no-token', 'No token is remembered on this device.');
    try {
      await vault.changePassphrase(req.oldPassphrase, req.newPassphrase);
    } catch (e) {
      if (e instanceof WrongPassphrase) throw new OperationError('invalid', 'The current passphrase is wrong; nothing was changed.');
      return tokenChanged('The token was forgotten or replaced meanwhile; the passphrase was not changed.')(e);
    }
    return view(ctx.caller);
  },

  async testPat(_req, ctx) {
    const pat = await requirePat(ctx.caller);
    const profile = await verify(limited(await clientFor(pat)));
    // Only for the token it tested: one forgotten or replaced meanwhile is not brought back.
    await vault.updateProfile(pat, profile).catch(tokenChanged('The token was forgotten or replaced while it was tested.'));
    return view(ctx.caller);
  },

  async forgetPat(_req, ctx) {
    await vault.forgetEverywhere();
    jobs.interruptAll('The token was forgotten: paste it again on Keysmith’s options page.'); // nothing more is sent with it
    return view(ctx.caller);
  },

  async listAppsPage(req, ctx) {
    const pat = await requirePat(ctx.caller);
    const owner = req.owner ?? (await vault.getProfile())?.userId ?? 'me';
    const client = limited(await clientFor(pat));
    // A throttled, 5xx or dropped answer is tried again: one passing fault must not leave an owner's apps out of the picker.
    const apps = await read(() => client.listApps(owner, { page: req.page, per_page: MAX_PER_PAGE, sort_by: 'id', sort_ascending: true }));
    const listed = apps.filter((a) => a && typeof a.id === 'string').map((a) => summary(a, owner));
    await appDirectory.remember(listed); // a bulk job names its apps from here
    return { apps: listed, last: apps.length < MAX_PER_PAGE };
  },

  async listApps(req, ctx) {
    const pat = await requirePat(ctx.caller);
    const owner = req.owner ?? (await vault.getProfile())?.userId ?? 'me';
    const client = limited(await clientFor(pat));
    const apps = await collectPages((page, perPage) => read(() => client.listApps(owner, { page, per_page: perPage, sort_by: 'id', sort_ascending: true })));
    const listed = apps.filter((a) => a && typeof a.id === 'string').map((a) => summary(a, owner));
    await appDirectory.remember(listed); // a bulk job names its apps from here
    return listed;
  },

  getSettings: async () => ({ ...(await settings.getSettings()), lockAfterMinutes: await vault.idleMinutes() }),

  async setSettings(req) {
    // Another API host works only once the user granted it (asked for by the options page's click).
    let origin: string;
    try {
      origin = new URL(normalizeBaseUrl(req.apiBaseUrl || DEFAULT_BASE_URL)).origin;
    } catch (e) {
      throw new OperationError('invalid', e instanceof Error ? e.message : 'The API address is not valid.');
    }
    if (origin !== new URL(DEFAULT_BASE_URL).origin && !(await browser.permissions.contains({ origins: [`${origin}/*`] }))) {
      throw new OperationError('refused', `Keysmith has no permission to reach ${origin}; allow it when the browser asks.`);
    }
    // The token was verified against the old address: it is not sent to the new one.
    const before = (await settings.getSettings()).apiBaseUrl;
    const saved = await settings.setSettings(req);
    let tokenForgotten = false;
    if (saved.apiBaseUrl !== before && ((await vault.current()) || (await vault.isRemembered()))) {
      await forgetForAddressChange();
      tokenForgotten = true;
    }
    // Only once the rest is saved and a token of the old address forgotten: settings that are
    // refused change nothing, the lock's time included, and a lock time that cannot be written
    // leaves no token bound to an address it was not verified against.
    if (req.lockAfterMinutes) await vault.setIdleMinutes(req.lockAfterMinutes);
    return { ...saved, lockAfterMinutes: await vault.idleMinutes(), ...(tokenForgotten ? { tokenForgotten } : {}) };
  },

  async openOptions(_req, ctx) {
    if (mayBringForward(ctx)) await browser.runtime.openOptionsPage();
    return null;
  },

  listPresets: () => presetList(),
  savePreset: async (req) => presetView(await presets.create(req)),
  async proposePreset(req, ctx) {
    // Checked now (so the panel hears a clash at once), kept in the worker, saved only when the
    // person confirms it on the options page.
    const p = await presets.propose(req);
    if (mayBringForward(ctx)) await browser.runtime.openOptionsPage();
    return { pending: true as const, name: p.name };
  },
  async getPendingPreset() {
    const p = await presets.pending();
    return p ? { ...p, scopes: [...p.scopes], enables: describeEndpoints(p.scopes).text } : null;
  },
  confirmPendingPreset: async ({ id }) => presetView(await presets.confirmPending(id)),
  async discardPendingPreset({ id }) {
    await presets.discardPending(id);
    return null;
  },
  updatePreset: async ({ id, name, description, scopes }) => presetView(await presets.update(id, { name, description, scopes })),
  deletePreset: ({ id }) => presets.remove(id),
  restorePreset: async ({ index, id, name, description, scopes }) => presetView(await presets.restore({ id, name, description, scopes }, index)),
  async reorderPresets({ ids }) {
    await presets.reorder(ids);
    return presetList();
  },
  async importPresets({ text }) {
    const parsed = parseImport(text);
    if (!parsed.ok) throw new OperationError('invalid', parsed.error);
    const added = await presets.importMany(parsed.presets);
    return { added: added.length, names: added.map((p) => p.name), addedDependencies: parsed.addedDependencies };
  },
  async setPresetSync({ enabled }) {
    await presets.setSync(enabled);
    return presetList();
  },

  async listSharedApps(_req, ctx) {
    const client = limited(await clientFor(await requirePat(ctx.caller)));
    const collabs = await collectPages((page, per) => read(() => client.listCollaborations('me', page, per)));
    const listed = collabs.filter((c) => c.app && typeof c.app.id === 'string').map((c) => summary(c.app!, c.app_owner?.id ?? c.app!.user_id ?? ''));
    await appDirectory.remember(listed); // a bulk job names its apps from here
    return listed;
  },
  listOrgs: () => settings.getOrgs(),
  setOrgs: ({ ids }) => settings.setOrgs(ids),
  // Job operations use the token inside ./jobs.ts; an extension page's call counts as use here.
  startBulkJob: (req, ctx) => afterUse(ctx, () => jobs.startJob(req)),
  async proposeBulkJob(req) {
    // Planned and kept, nothing sent: the person starts it on Keysmith's jobs page, which this opens.
    const p = await proposals.propose(req);
    await browser.tabs.create({ url: browser.runtime.getURL(`src/pages/results/index.html#confirm=${p.proposalId}`) });
    return p;
  },
  getProposalState: ({ id }) => proposals.state(id),
  getProposal: ({ id }) => proposals.view(id),
  confirmProposal: ({ id }, ctx) => afterUse(ctx, () => proposals.confirm(id)),
  async discardProposal({ id }) {
    await proposals.discard(id);
    return null;
  },
  getJob: ({ jobId }) => jobs.progress(jobId),
  controlJob: ({ jobId, action }, ctx) => afterUse(ctx, () => jobs.control(jobId, action)),
  async openResults({ jobId }) {
    await browser.tabs.create({ url: browser.runtime.getURL(`src/pages/results/index.html${jobId ? `#${jobId}` : ''}`) });
    return null;
  },
  getJobResults: ({ jobId }) => jobs.results(jobId),
  listJobs: () => jobs.listJobs(),
  retryFailed: ({ jobId }, ctx) => afterUse(ctx, () => jobs.retryFailed(jobId)),
  recoverJob: ({ jobId }, ctx) => afterUse(ctx, () => jobs.recover(jobId)),
  clearJob: ({ jobId }) => jobs.clear(jobId),
  clearOldJobs: () => jobs.clearOld(),
  findDuplicates: ({ jobId }, ctx) => afterUse(ctx, () => jobs.findDuplicates(jobId)),
  deleteDuplicates: ({ jobId }, ctx) => afterUse(ctx, () => jobs.deleteDuplicates(jobId)),

  async reportAttach(req, ctx) {
    // Quiet: a badge on that tab's toolbar button, and a title that says what happened.
    if (ctx.tabId === undefined) return null;
    attachReports.set(ctx.tabId, {
      attached: req.attached,
      reason: req.reason,
      // Sanitized by the content script already; redacted again here, since a page can write to it.
      outline: req.outline === undefined ? undefined : redactSecrets(req.outline),
    });
    await browser.action.setBadgeText({ tabId: ctx.tabId, text: req.attached ? '' : '?' });
    await browser.action.setTitle({
      tabId: ctx.tabId,
      title: req.attached ? 'Keysmith' : 'Keysmith could not attach to this dialog; bulk creation stays available from the Keysmith page.',
    });
    return null;
  },
  getAttachReport: async ({ tabId }) => attachReports.get(tabId) ?? null,
};
