/**
 * The message protocol between the service worker and everyone else: one module both sides import,
 * so the compiler catches a mismatch. Pure: schemas and types only.
 *
 * Threat model in one line: the content script runs beside a page we do not trust, so anything it
 * sends may be forged by a compromised portal; the worker therefore offers named operations only,
 * checks who sent each message, then its shape (unknown keys refused), then whether that kind of
 * sender may ask for that operation.
 *
 * Content scripts import only the types from here (`import type`), so valibot stays out of the
 * script that loads on every portal page.
 */
import * as v from 'valibot';

/** A dialog outline is bounded: 400 lines of at most ~100 characters. */
export const MAX_OUTLINE_CHARS = 60_000;
import { ID_RE } from './clarifai/client.ts';
import type { SerializedError } from './clarifai/errors.ts';
import { DescriptionSchema, MAX_IMPORT_BYTES, MAX_PRESETS, NameSchema, ScopeListSchema, type UserPreset } from './presets/io.ts';
import type { Preset } from './presets/model.ts';

export const PORTAL_ORIGINS = ['https://clarifai.com', 'https://portal.clarifai.com'] as const;

/** Who may call an operation: the content script in a portal tab, or an extension page. */
export type Caller = 'content' | 'page';

const Id = v.pipe(v.string(), v.regex(ID_RE, 'not a Clarifai id'));

/** A PAT as typed: trimmed by the page; letters, digits, `-` and `_` (32 hex today). */
export const PatSchema = v.pipe(
  v.string(),
  v.minLength(20, 'That is too short to be a Personal Access Token.'),
  v.maxLength(128, 'That is too long to be a Personal Access Token.'),
  v.regex(/^[A-Za-z0-9_-]+$/, 'A Personal Access Token has only letters and digits.'),
);

const PresetId = v.pipe(v.string(), v.regex(/^user:[A-Za-z0-9-]{1,64}$/, 'not a preset id'));
const PresetFields = {
  name: NameSchema,
  description: v.optional(DescriptionSchema, ''),
  scopes: v.pipe(ScopeListSchema, v.minLength(1, 'A preset needs at least one scope.')),
};

const JobId = v.pipe(v.string(), v.uuid('not a job id'));

/** An owner or app id as the API gave it to the page: any text, within reason. */
const AppRefText = v.pipe(v.string(), v.maxLength(4096));

const Passphrase = v.pipe(v.string(), v.minLength(8, 'A passphrase needs at least 8 characters.'), v.maxLength(1024));

const ProposalId = v.pipe(v.string(), v.uuid('not a proposal id'));

/** What a bulk job is asked with, from Keysmith's page (started) or the portal's panel (proposed). */
const BulkJobFields = {
  // References only: the worker names the apps itself. Ids are the API's data, not checked
  // here: an id Keysmith cannot serve leaves that app out of the job, with a reason, and does
  // not refuse the whole message.
  apps: v.pipe(
    v.array(v.strictObject({ owner: AppRefText, id: AppRefText })),
    v.minLength(1, 'Pick at least one app.'),
    v.maxLength(5000, 'A job may cover at most 5000 apps.'),
  ),
  scopes: v.pipe(ScopeListSchema, v.minLength(1, 'Choose at least one scope.')),
  presetName: v.optional(v.pipe(v.string(), v.maxLength(80))),
  template: v.pipe(v.string(), v.minLength(1, 'The description must not be empty.'), v.maxLength(200)),
  expiresAt: v.optional(v.pipe(v.string(), v.isoTimestamp('The expiry is not a valid date.'))),
};

const Op = <N extends string, E extends v.ObjectEntries>(op: N, entries: E) => v.strictObject({ op: v.literal(op), ...entries });

/** Every operation, its request schema and who may ask for it. */
export const OPERATIONS = {
  /** Is a PAT set, whose, and which of the scopes Keysmith needs it has. Never the PAT. */
  getSession: { from: ['content', 'page'], schema: Op('getSession', {}) },
  /** Verify a PAT with Clarifai and keep it in memory (storage.session). */
  setPat: { from: ['page'], schema: Op('setPat', { pat: PatSchema, remember: v.optional(v.boolean()), passphrase: v.optional(Passphrase) }) },
  /** Opens a remembered (sealed) PAT after a browser restart or an idle lock. */
  unlock: { from: ['page'], schema: Op('unlock', { passphrase: v.pipe(v.string(), v.maxLength(1024)) }) },
  lock: { from: ['page'], schema: Op('lock', {}) },
  changePassphrase: { from: ['page'], schema: Op('changePassphrase', { oldPassphrase: v.pipe(v.string(), v.maxLength(1024)), newPassphrase: Passphrase }) },
  /** Ask Clarifai again who the stored PAT belongs to and what it may do. */
  testPat: { from: ['page'], schema: Op('testPat', {}) },
  forgetPat: { from: ['page'], schema: Op('forgetPat', {}) },
  /** Every app of an owner (the PAT's user when absent), following pagination to the end. */
  listApps: { from: ['content', 'page'], schema: Op('listApps', { owner: v.optional(Id) }) },
  /** One page of an owner's apps (1,000 a page), for pickers that show progress as pages arrive. */
  listAppsPage: {
    from: ['content', 'page'],
    schema: Op('listAppsPage', { owner: v.optional(Id), page: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(10_000)) }),
  },
  getSettings: { from: ['page'], schema: Op('getSettings', {}) },
  setSettings: {
    from: ['page'],
    schema: Op('setSettings', {
      apiBaseUrl: v.pipe(v.string(), v.maxLength(200)),
      lockAfterMinutes: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1440))),
    }),
  },
  openOptions: { from: ['content'], schema: Op('openOptions', {}) },
  /** Built-in and user presets, each with what it enables. */
  listPresets: { from: ['content', 'page'], schema: Op('listPresets', {}) },
  /** Save a new preset: the options page only (a page script can drive the portal's panel). */
  savePreset: { from: ['page'], schema: Op('savePreset', PresetFields) },
  /**
   * The dialog's "Save as preset": nothing is saved on the page's word. The preset waits in the
   * worker until the person confirms it on the options page, which this opens.
   */
  proposePreset: { from: ['content'], schema: Op('proposePreset', PresetFields) },
  /** The preset waiting for the person's confirmation, if any. */
  getPendingPreset: { from: ['page'], schema: Op('getPendingPreset', {}) },
  confirmPendingPreset: { from: ['page'], schema: Op('confirmPendingPreset', { id: v.pipe(v.string(), v.uuid('not a request id')) }) },
  discardPendingPreset: { from: ['page'], schema: Op('discardPendingPreset', { id: v.pipe(v.string(), v.uuid('not a request id')) }) },
  updatePreset: {
    from: ['page'],
    schema: Op('updatePreset', {
      id: PresetId,
      name: v.optional(PresetFields.name),
      description: v.optional(PresetFields.description),
      scopes: v.optional(PresetFields.scopes),
    }),
  },
  deletePreset: { from: ['page'], schema: Op('deletePreset', { id: PresetId }) },
  restorePreset: { from: ['page'], schema: Op('restorePreset', { id: PresetId, ...PresetFields, index: v.pipe(v.number(), v.integer(), v.minValue(0)) }) },
  reorderPresets: { from: ['page'], schema: Op('reorderPresets', { ids: v.pipe(v.array(PresetId), v.maxLength(MAX_PRESETS)) }) },
  importPresets: { from: ['page'], schema: Op('importPresets', { text: v.pipe(v.string(), v.maxLength(MAX_IMPORT_BYTES)) }) },
  setPresetSync: { from: ['page'], schema: Op('setPresetSync', { enabled: v.boolean() }) },

  /** Apps shared with the user (collaborations), following pagination. */
  listSharedApps: { from: ['content', 'page'], schema: Op('listSharedApps', {}) },
  /** Organization ids the user added to the app picker (remembered). */
  listOrgs: { from: ['content', 'page'], schema: Op('listOrgs', {}) },
  setOrgs: { from: ['content', 'page'], schema: Op('setOrgs', { ids: v.pipe(v.array(Id), v.maxLength(50)) }) },
  /**
   * One key per app, run by the worker at once. Answers the job id; never a key. Extension pages
   * only: from the portal page a job is only proposed (proposeBulkJob).
   */
  startBulkJob: { from: ['page'], schema: Op('startBulkJob', BulkJobFields) },
  /**
   * The portal panel's "Create N keys": nothing is sent to Clarifai on the page's word (a page
   * script can drive the panel). The worker keeps the plan it would run and opens Keysmith's
   * jobs page, where the person sees that plan and starts it, or not.
   */
  proposeBulkJob: { from: ['content'], schema: Op('proposeBulkJob', BulkJobFields) },
  /** Where a proposal stands (waiting, started with its job id, …): no plan, safe for the content script. */
  getProposalState: { from: ['content', 'page'], schema: Op('getProposalState', { id: ProposalId }) },
  /** The whole plan of a proposal, as the worker would run it, for the person to check. */
  getProposal: { from: ['page'], schema: Op('getProposal', { id: ProposalId }) },
  /** Starts exactly the proposed plan, once, before it expires. Never from a content script. */
  confirmProposal: { from: ['page'], schema: Op('confirmProposal', { id: ProposalId }) },
  discardProposal: { from: ['page'], schema: Op('discardProposal', { id: ProposalId }) },
  /** Progress counts only (no key ids): safe for the content script. */
  getJob: { from: ['content', 'page'], schema: Op('getJob', { jobId: JobId }) },
  controlJob: { from: ['content', 'page'], schema: Op('controlJob', { jobId: JobId, action: v.picklist(['pause', 'resume', 'cancel']) }) },
  /** Opens the results page (an extension page: results outlive the portal tab). */
  openResults: { from: ['content', 'page'], schema: Op('openResults', { jobId: v.optional(JobId) }) },
  /** Every row with its key id: extension pages only. */
  getJobResults: { from: ['page'], schema: Op('getJobResults', { jobId: JobId }) },
  listJobs: { from: ['page'], schema: Op('listJobs', {}) },
  retryFailed: { from: ['page'], schema: Op('retryFailed', { jobId: JobId }) },
  recoverJob: { from: ['page'], schema: Op('recoverJob', { jobId: JobId }) },
  clearJob: { from: ['page'], schema: Op('clearJob', { jobId: JobId }) },
  /** Forgets every job that is not running or resumable (results, plans, history): what frees a full storage. */
  clearOldJobs: { from: ['page'], schema: Op('clearOldJobs', {}) },
  /** After a job: keys the browser may have created twice (a silently re-sent POST). Ids: pages only. */
  findDuplicates: { from: ['page'], schema: Op('findDuplicates', { jobId: JobId }) },
  deleteDuplicates: { from: ['page'], schema: Op('deleteDuplicates', { jobId: JobId }) },
  /** The content script could not attach to a dialog it half-recognised: say so, quietly. */
  reportAttach: {
    from: ['content'],
    schema: Op('reportAttach', {
      attached: v.boolean(),
      reason: v.optional(v.pipe(v.string(), v.maxLength(200))),
      /** A sanitized outline of the dialog (portal-dom.ts dialogOutline), for a bug report. */
      outline: v.optional(v.pipe(v.string(), v.maxLength(MAX_OUTLINE_CHARS))),
    }),
  },
  /** The popup: what the content script of that tab reported (the outline offered for copying). */
  getAttachReport: { from: ['page'], schema: Op('getAttachReport', { tabId: v.pipe(v.number(), v.integer(), v.minValue(0)) }) },
} as const satisfies Record<string, { from: readonly Caller[]; schema: v.GenericSchema }>;

export type OpName = keyof typeof OPERATIONS;
export type Request<N extends OpName = OpName> = v.InferOutput<(typeof OPERATIONS)[N]['schema']>;

export const RequestSchema = v.variant('op', Object.values(OPERATIONS).map((o) => o.schema) as unknown as [(typeof OPERATIONS)[OpName]['schema']]);

export const UNREADABLE_MESSAGE = 'Keysmith could not read that request; nothing was done. Reload the page and try again.';

/**
 * Parses a message; returns the request, or a reason a person can read: the schema's own sentence
 * when it has one (our messages are sentences, ending in a full stop; valibot's defaults start
 * with "Invalid" and may quote the input), else a fixed sentence. Never a schema path, never the
 * input. `where` and `check` (path keys and the failed check's name, no values) are for a debug log.
 */
export function parseRequest(message: unknown): { ok: true; request: Request } | { ok: false; reason: string; where: string; check: string } {
  const r = v.safeParse(RequestSchema, message);
  if (r.success) return { ok: true, request: r.output as Request };
  const issue = r.issues[0];
  // Keys the schema knows look like names; anything else (a sender's own key) is not repeated.
  const where = (issue.path ?? [])
    .map((p) => (typeof p.key === 'number' || (typeof p.key === 'string' && /^[a-z][A-Za-z]{0,40}$/.test(p.key)) ? String(p.key) : '?'))
    .join('.');
  const human = /\.$/.test(issue.message) && !/^Invalid /.test(issue.message) && issue.message.length <= 200;
  return { ok: false, reason: human ? issue.message : UNREADABLE_MESSAGE, where, check: issue.type };
}

// --- answers ------------------------------------------------------------------------------

export interface SessionView {
  hasToken: boolean;
  /** A remembered token is stored sealed but not unlocked (after a browser restart or the idle time). */
  locked?: boolean;
  /** The token is remembered on this device (sealed with a passphrase). */
  remembered?: boolean;
  /** Whose token it is; absent when no token is set. */
  user?: { id: string; name: string };
  /** The last four characters of the PAT, for extension pages only. */
  tokenHint?: string;
  /** Scopes Keysmith needs that the PAT lacks ([] when it has them all). */
  missingScopes?: string[];
  verifiedAt?: string;
  /** Why Keysmith forgot the token by itself, when it did (e.g. the API address changed). */
  notice?: string;
}

export interface AppSummary {
  id: string;
  name: string;
  description: string;
  owner: string;
  createdAt?: string | undefined;
  modifiedAt?: string | undefined;
}

export interface Settings {
  apiBaseUrl: string;
  /** Minutes without use after which a remembered token is locked. */
  lockAfterMinutes?: number;
  /** In the answer to setSettings: the address changed, so the token was forgotten. */
  tokenForgotten?: boolean;
}

export interface PresetView extends Preset {
  /** "enables 35 endpoints, including PostModelOutputs and PostWorkflowResults" */
  enables: string;
}

/** A preset the portal page's panel asked to save, as the options page shows it for confirmation. */
export interface PendingPresetView {
  /** Confirm or discard names this id, so a preset swapped in meanwhile is not saved unseen. */
  id: string;
  name: string;
  description: string;
  scopes: string[];
  enables: string;
  askedAt: string;
}

export interface PresetList {
  presets: PresetView[];
  sync: boolean;
}

export interface ImportReport {
  added: number;
  names: string[];
  addedDependencies: { name: string; added: string[] }[];
}

export interface JobProgress {
  id: string;
  /** `cancelling`: cancelled, with requests already sent still to land. */
  status: 'running' | 'paused' | 'cancelling' | 'cancelled' | 'done' | 'interrupted';
  total: number;
  created: number;
  failed: number;
  cancelled: number;
  left: number;
  current?: string | undefined;
  secondsLeft: number;
  elapsedSeconds: number;
  /** Apps picked for the job that it could not serve (named with the reason in the job's results). */
  leftOut: number;
  /** Interrupted with its state still in this browser: Resume goes on where it stopped. */
  resumable?: boolean | undefined;
  /** Why an interrupted job stopped, in words a person reads. */
  stopped?: string | undefined;
  /** Recover and the duplicate sweep, when one ran: they go on in the background (no key ids here). */
  recover?: CheckProgress | undefined;
  sweep?: CheckProgress | undefined;
}

/** How far Recover or the duplicate sweep has gone. */
export interface CheckProgress {
  status: 'running' | 'done' | 'stopped';
  /** Apps looked up so far, of `total`. */
  done: number;
  total: number;
  /** Recover: keys found; the sweep: silent duplicates found. */
  found: number;
  /** Apps that could not be looked up (named with the reason in the job's results). */
  unchecked: number;
  /** Why it stopped by itself, in words a person reads. */
  stopped?: string | undefined;
}

/** An app picked for a job that the job left out, and why, in words a person reads. */
export interface LeftOutApp {
  owner: string;
  appId: string;
  reason: string;
}

export interface JobResultRow {
  owner: string;
  appId: string;
  appName: string;
  description: string;
  status: 'pending' | 'sending' | 'created' | 'failed' | 'cancelled';
  /** The created key: a secret, sent to extension pages only. */
  keyId?: string | undefined;
  adopted?: boolean | undefined;
  uncertain?: boolean | undefined;
  error?: string | undefined;
}

export interface JobSummary {
  id: string;
  createdAt: string;
  endedAt?: string | undefined;
  status: JobProgress['status'] | 'recovered';
  scopes: string[];
  presetName?: string | undefined;
  apps: string[];
  created: number;
  failed: number;
  total: number;
}

export interface JobResults {
  plan: { id: string; createdAt: string; scopes: string[]; presetName?: string | undefined; template: string; expiresAt?: string | undefined };
  rows: JobResultRow[];
  leftOut: LeftOutApp[];
  progress: JobProgress;
  /** What the last duplicate sweep found so far (key ids: extension pages only), and the apps it could not check. */
  sweep?: { duplicates: { owner: string; appId: string; keyId: string }[]; unchecked: LeftOutApp[] } | undefined;
}

/**
 * Where a job proposed from the portal page stands. `starting`: Start was pressed and the job is
 * being set up. `gone`: the worker knows no such proposal (discarded long ago, or never made).
 */
export interface ProposalState {
  state: 'waiting' | 'starting' | 'started' | 'discarded' | 'expired' | 'gone';
  /** The job, once started. */
  jobId?: string | undefined;
  /** Why the last Start did not start the job (the proposal still waits), in words a person reads. */
  error?: string | undefined;
}

/** A proposed job's whole plan, exactly as the worker holds it, for the person to check. */
export interface ProposalView extends ProposalState {
  id: string;
  askedAt: string;
  /** After this the proposal can no longer be started. */
  decideBy: string;
  /** The apps that get a key, in the order picked. `named`: false until the worker looks the name up. */
  apps: { owner: string; appId: string; appName: string; named: boolean }[];
  /** Owners of those apps, with how many each. */
  owners: { owner: string; apps: number }[];
  /** Picked apps the job would leave out, and why. */
  leftOut: LeftOutApp[];
  scopes: string[];
  /** What the scopes allow, e.g. "enables 35 endpoints, including …". */
  enables: string;
  /** The preset (built-in or the person's) whose scopes these are exactly, if any. */
  preset?: { name: string; builtIn: boolean } | undefined;
  template: string;
  /** The first few descriptions as the keys will get them. */
  examples: string[];
  /** When the keys expire; absent: never. */
  keysExpireAt?: string | undefined;
}

/** What a tab's content script last said about attaching to a key dialog. */
export interface AttachReport {
  attached: boolean;
  reason?: string | undefined;
  outline?: string | undefined;
}

export interface Results {
  getSession: SessionView;
  setPat: SessionView;
  unlock: SessionView;
  lock: SessionView;
  changePassphrase: SessionView;
  testPat: SessionView;
  forgetPat: SessionView;
  listApps: AppSummary[];
  listAppsPage: { apps: AppSummary[]; last: boolean };
  getSettings: Settings;
  setSettings: Settings;
  openOptions: null;
  reportAttach: null;
  getAttachReport: AttachReport | null;
  listPresets: PresetList;
  savePreset: PresetView;
  proposePreset: { pending: true; name: string };
  getPendingPreset: PendingPresetView | null;
  confirmPendingPreset: PresetView;
  discardPendingPreset: null;
  updatePreset: PresetView;
  deletePreset: { preset: UserPreset; index: number };
  restorePreset: PresetView;
  reorderPresets: PresetList;
  importPresets: ImportReport;
  setPresetSync: PresetList;
  listSharedApps: AppSummary[];
  listOrgs: string[];
  setOrgs: string[];
  startBulkJob: { jobId: string };
  proposeBulkJob: { proposalId: string; decideBy: string };
  getProposalState: ProposalState;
  getProposal: ProposalView;
  confirmProposal: { jobId: string };
  discardProposal: null;
  getJob: JobProgress;
  controlJob: JobProgress;
  openResults: null;
  getJobResults: JobResults;
  listJobs: JobSummary[];
  retryFailed: JobProgress;
  /** Starts Recover (or goes on with one that stopped) and answers at once; `progress.recover` says how far it is. */
  recoverJob: JobProgress;
  clearJob: null;
  clearOldJobs: { cleared: number };
  /** Starts the sweep (or goes on with one that stopped) and answers at once; its findings come with the job's results. */
  findDuplicates: JobProgress;
  deleteDuplicates: number;
}

export type Reply<T> = { ok: true; value: T } | { ok: false; error: SerializedError };
