/**
 * A bulk job's plan, made from what a page asked without sending anything to Clarifai: which
 * apps it serves (named from what the worker listed), which it leaves out and why in words, each
 * app's description, the scopes and the expiry.
 */
import { t, tn } from '../i18n/i18n.ts';
import { isValidId } from '../pure/clarifai/client.ts';
import { plainText, renderDescription, today, usesAppName } from '../pure/bulk/template.ts';
import type { LeftOutApp } from '../pure/protocol/jobs.ts';
import type { Request } from '../pure/protocol/index.ts';
import * as appDirectory from './app-directory.ts';
import { OperationError } from './errors.ts';
import { tuning } from './limiter.ts';
import type { JobPlan, PlanItem } from './job-types.ts';

export const MAX_APPS_PER_JOB = 5000;

/** Clarifai app ids: 1 to 32 letters, digits, `-` and `_`, starting with a letter or a digit. */
const APP_ID_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;

/** An id as a person may read it in a list of reasons: one line, not endless. */
function shownId(id: string): string {
  const shown = plainText(id, 64);
  return shown.length < id.length ? `${shown}…` : shown || t('wkEmptyId');
}

/** What a job is asked with: the fields of startBulkJob or proposeBulkJob. */
export type JobRequest = Omit<Request<'startBulkJob'>, 'op'> & { op?: 'startBulkJob' | 'proposeBulkJob' };

/**
 * The plan a request makes, without sending anything to Clarifai: which apps it serves (named
 * from what the worker listed) and which it leaves out and why, each app's description, the
 * scopes and the expiry. A job proposed from the portal page waits as this plan until the person
 * starts it (./job-proposals.ts); `startPlanned` runs it as it is.
 */
export async function planJob(req: JobRequest): Promise<JobPlan> {
  if (req.apps.length === 0) throw new OperationError('invalid', t('errPickApp'));
  if (req.apps.length > MAX_APPS_PER_JOB) throw new OperationError('invalid', t('errTooManyApps', MAX_APPS_PER_JOB));
  checkExpiry(req.expiresAt);
  // Every app the job can address is served; the others are named with the reason, not refused.
  const leftOut: (LeftOutApp & { pick: number })[] = [];
  const served: { owner: string; appId: string; pick: number }[] = [];
  const seen = new Set<string>();
  req.apps.forEach((a, pick) => {
    const out = (reason: string) => leftOut.push({ owner: shownId(a.owner), appId: shownId(a.id), reason, pick });
    if (!isValidId(a.owner)) return out(t('wkBadOwnerId'));
    if (!APP_ID_RE.test(a.id)) return out(t('wkBadAppId'));
    const k = `${a.owner}/${a.id}`;
    if (seen.has(k)) return out(t('wkAppTwice'));
    seen.add(k);
    served.push({ owner: a.owner, appId: a.id, pick });
  });
  if (!served.length) {
    const why = leftOut
      .slice(0, 3)
      .map((l) => t('wkAppReason', `${l.owner}/${l.appId}`, l.reason))
      .join(' ');
    throw new OperationError('invalid', tn('errNoAppServed', req.apps.length, why));
  }
  const date = today();
  const names = await appDirectory.namesOf(served);
  const needName = usesAppName(req.template);
  return {
    id: crypto.randomUUID(),
    createdAt: new Date().toISOString(),
    date,
    scopes: [...req.scopes],
    presetName: req.presetName,
    template: req.template,
    expiresAt: req.expiresAt,
    // Only the progress line's estimate uses it (the worker's limiter paces). A stored plan may not
    // say more than Clarifai's 15 a second (its validator, ./storage/job-items.ts), which tests raise `tuning` past.
    ratePerSecond: Math.min(tuning.ratePerSecond, 15),
    leftOut,
    items: served.map((a, i) => {
      const name = names[i];
      const item: PlanItem = { owner: a.owner, appId: a.appId, appName: name ?? a.appId, pick: a.pick, description: '' };
      if (name === undefined && needName) item.unnamed = true;
      else item.description = describe(plan0(req), item, date);
      return item;
    }),
  };
}

export function checkExpiry(expiresAt: string | undefined) {
  if (expiresAt && !(Date.parse(expiresAt) > Date.now())) throw new OperationError('invalid', t('errExpiryPast'));
}

const plan0 = (req: JobRequest) => ({ template: req.template, presetName: req.presetName });

export function describe(plan: Pick<JobPlan, 'template' | 'presetName'>, item: PlanItem, date: string): string {
  return renderDescription(plan.template, { app_id: item.appId, app_name: item.appName, owner: item.owner, date, preset: plan.presetName ?? 'custom' });
}
