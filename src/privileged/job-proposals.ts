/**
 * Bulk jobs asked for from the portal page wait for the person's word on an extension page.
 *
 * Threat model: a page script can drive Keysmith's panel in the portal with synthetic events (pick
 * apps, set the template and the expiry, tick the portal's own scope boxes, change them between
 * the person's mousedown and click, lay the panel's button under the portal's own). The panel's
 * trusted-click check cannot tell what the person meant. So the content script may only propose a
 * job: the worker plans it exactly as it would run (./jobs.ts `planJob`; nothing is sent to
 * Clarifai), keeps that plan in storage.session (which a content script can neither read nor
 * write), and opens Keysmith's jobs page, which the portal cannot reach. That page shows the plan
 * as the worker holds it, and only its Start starts it.
 *
 * Invariants kept here:
 * - A proposal starts at most one job, and only the plan that was shown (confirming names the
 *   proposal's id; the plan's id becomes the job's, and a plan whose job exists never starts again,
 *   even after the worker died between starting it and writing the outcome).
 * - A proposal can be started for PROPOSAL_TTL_MS after it was made, not later.
 * - Confirming and discarding are extension-page operations (src/pure/protocol/proposals.ts `from`).
 */
import { t } from '../i18n/i18n.ts';
import { BUILTIN_PRESETS } from '../pure/presets/builtins.ts';
import { matchPreset, sameScopes } from '../pure/presets/model.ts';
import { renderDescription } from '../pure/bulk/template.ts';
import type { ProposalState, ProposalView } from '../pure/protocol/proposals.ts';
import { describeEndpoints } from '../pure/scopes/endpoints.ts';
import { OperationError, serializeError } from './errors.ts';
import { planJob, startPlanned, type JobRequest } from './jobs.ts';
import { readPlan } from './job-store.ts';
import type { JobPlan } from './job-types.ts';
import * as presets from './presets-store.ts';
import * as storage from './storage/access.ts';
import { memberEntry } from './storage/codec.ts';
import { JOB_PROPOSAL, type ProposalSchema } from './storage/job-items.ts';
import type * as v from 'valibot';

/** How long a proposal can be started after it was made. */
export const PROPOSAL_TTL_MS = 10 * 60_000;
/** How long the outcome of a proposal is kept, so the panel that made it hears what became of it. */
const OUTCOME_KEPT_MS = 60 * 60_000;
/** Proposals waiting at once (each holds a plan of up to 5,000 apps); the oldest goes first. */
const MAX_WAITING = 3;
/** Descriptions shown as examples on the confirmation page. */
const EXAMPLES = 3;

type Stored = v.InferOutput<typeof ProposalSchema>;
type Proposal = Omit<Stored, 'plan'> & { plan?: JobPlan | undefined };

const parts = (id: string) => ({ id });

async function read(id: string): Promise<Proposal | undefined> {
  return (await storage.readMember(JOB_PROPOSAL, parts(id))) as Proposal | undefined;
}

async function write(p: Proposal): Promise<void> {
  await storage.writeEntries([memberEntry(JOB_PROPOSAL, parts(p.id), p as Stored)]);
}

/** Changes to proposals happen one at a time, so two clicks on Start cannot both start a job. */
let queue: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(fn: () => Promise<T>): Promise<T> {
  const next = queue.then(fn, fn);
  queue = next.catch(() => {});
  return next;
}

/** Proposals whose Start is being carried out now, in this worker. */
const starting = new Set<string>();

/**
 * A stored proposal as it stands: one that still says "waiting" although its plan's job exists
 * (the worker died between starting it and writing that down) has started.
 */
async function settle(p: Proposal): Promise<Proposal> {
  if (p.status !== 'waiting' || !p.plan || starting.has(p.id)) return p;
  if (!(await readPlan(p.plan.id))) return p;
  const started: Proposal = { ...p, status: 'started', jobId: p.plan.id, plan: undefined, error: undefined };
  await write(started);
  return started;
}

function stateOf(p: Proposal | undefined, now = Date.now()): ProposalState {
  if (!p) return { state: 'gone' };
  if (p.status === 'started') return { state: 'started', jobId: p.jobId };
  if (p.status === 'discarded') return { state: 'discarded' };
  if (starting.has(p.id)) return { state: 'starting' };
  if (now > p.decideBy || !p.plan) return { state: 'expired' };
  return { state: 'waiting', error: p.error };
}

/** Drops outcomes older than an hour, the plans of expired proposals, and waiting ones beyond MAX_WAITING. */
async function prune(now: number): Promise<void> {
  const all = await storage.readFamily(JOB_PROPOSAL);
  const gone: string[] = [];
  const waiting: Proposal[] = [];
  for (const { key, value } of all) {
    const p = value as Proposal;
    if (now - p.askedAt > OUTCOME_KEPT_MS) gone.push(key);
    else if (p.status === 'waiting' && p.plan && now > p.decideBy && !starting.has(p.id)) await write({ ...p, plan: undefined });
    else if (p.status === 'waiting' && p.plan && !starting.has(p.id)) waiting.push(p);
  }
  await storage.removeKeys('session', gone);
  waiting.sort((a, b) => a.askedAt - b.askedAt);
  for (const p of waiting.slice(0, Math.max(0, waiting.length - (MAX_WAITING - 1)))) {
    await write({ ...p, status: 'discarded', plan: undefined, error: undefined });
  }
}

/**
 * Plans the job the panel asked for, without sending anything, and keeps it waiting. The preset
 * the plan names (`{preset}`, the results, the history) is the one whose scopes these are, as the
 * worker finds it; the page's word for it is not taken.
 */
export function propose(req: JobRequest): Promise<{ proposalId: string; decideBy: string }> {
  return oneAtATime(async () => {
    const all = [...BUILTIN_PRESETS, ...(await presets.list())];
    const preset = matchPreset(req.scopes, all);
    const plan = await planJob({ ...req, presetName: preset?.name });
    const now = Date.now();
    await prune(now);
    const p: Proposal = { id: crypto.randomUUID(), status: 'waiting', askedAt: now, decideBy: now + PROPOSAL_TTL_MS, plan };
    await write(p);
    return { proposalId: p.id, decideBy: new Date(p.decideBy).toISOString() };
  });
}

export async function state(id: string): Promise<ProposalState> {
  const p = await read(id);
  return stateOf(p && (await settle(p)));
}

/** The whole plan, as the worker holds it, for the confirmation page. */
export async function view(id: string): Promise<ProposalView> {
  const stored = await read(id);
  if (!stored) throw new OperationError('invalid', t('errProposalGone'));
  const p = await settle(stored);
  const plan = p.plan;
  const items = plan?.items ?? [];
  const owners = new Map<string, number>();
  for (const it of items) owners.set(it.owner, (owners.get(it.owner) ?? 0) + 1);
  const date = plan?.date ?? plan?.createdAt.slice(0, 10) ?? '';
  const builtIn = !!plan?.presetName && BUILTIN_PRESETS.some((b) => b.name === plan.presetName && sameScopes(b.scopes, plan.scopes));
  return {
    ...stateOf(p),
    id: p.id,
    askedAt: new Date(p.askedAt).toISOString(),
    decideBy: new Date(p.decideBy).toISOString(),
    apps: items.map((it) => ({ owner: it.owner, appId: it.appId, appName: it.appName, named: !it.unnamed })),
    owners: [...owners].map(([owner, apps]) => ({ owner, apps })),
    leftOut: [...(plan?.leftOut ?? [])].sort((a, b) => a.pick - b.pick).map(({ owner, appId, reason }) => ({ owner, appId, reason })),
    scopes: [...(plan?.scopes ?? [])],
    enables: plan ? describeEndpoints(plan.scopes).text : '',
    preset: plan?.presetName ? { name: plan.presetName, builtIn } : undefined,
    template: plan?.template ?? '',
    examples: items.slice(0, EXAMPLES).map((it) =>
      it.unnamed
        ? renderDescription(plan!.template, {
            app_id: it.appId,
            app_name: t('wkNameLookedUpLater'),
            owner: it.owner,
            date,
            preset: plan!.presetName ?? 'custom',
          })
        : it.description,
    ),
    keysExpireAt: plan?.expiresAt,
  };
}

/** Starts exactly the proposed plan, once, before it expires. */
export function confirm(id: string): Promise<{ jobId: string }> {
  return oneAtATime(async () => {
    const stored = await read(id);
    if (!stored) throw new OperationError('invalid', t('errProposalGone'));
    const p = await settle(stored);
    const s = stateOf(p);
    if (s.state === 'started') throw new OperationError('invalid', t('errProposalStarted'));
    if (s.state === 'discarded') throw new OperationError('invalid', t('errProposalDiscarded'));
    if (s.state === 'expired') throw new OperationError('invalid', t('errProposalExpired', PROPOSAL_TTL_MS / 60_000));
    const plan = p.plan!;
    starting.add(id);
    try {
      const { jobId } = await startPlanned(plan);
      await write({ ...p, status: 'started', jobId, plan: undefined, error: undefined });
      return { jobId };
    } catch (e) {
      // Nothing started (a token that is missing or lacks Keys:Add is found before anything is
      // written): the plan still waits, and the panel hears why.
      if (!(await readPlan(plan.id))) await write({ ...p, error: serializeError(e).message.slice(0, 1000) }).catch(() => {});
      throw e;
    } finally {
      starting.delete(id);
    }
  });
}

export function discard(id: string): Promise<void> {
  return oneAtATime(async () => {
    const stored = await read(id);
    if (!stored) return;
    const p = await settle(stored);
    if (p.status === 'waiting') await write({ ...p, status: 'discarded', plan: undefined, error: undefined });
  });
}
