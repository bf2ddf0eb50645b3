/**
 * The first phase of a run: naming the apps the worker never listed (GetApp), before anything is
 * sent for the job (./job-run.ts).
 */
import pLimit from 'p-limit';
import { t } from '../i18n/i18n.ts';
import { ClarifaiError } from '../pure/clarifai/errors.ts';
import type { Limiter } from '../pure/bulk/limiter.ts';
import { plainText } from '../pure/bulk/template.ts';
import type { LeftOutApp } from '../pure/protocol/jobs.ts';
import { retrying } from './limiter.ts';
import { writePlan } from './job-budget.ts';
import { CONCURRENCY, stopsJob, type clientFor } from './job-client.ts';
import { describe } from './job-plan.ts';
import type { JobPlan, PlanItem } from './job-types.ts';

/**
 * Names the apps the worker never listed (GetApp), before anything is sent: an app Clarifai says
 * does not exist, or that cannot be looked up, is left out with the reason. The plan is written
 * once, with the apps it serves; nothing was sent yet, so no item state moves.
 */
export async function nameUnlisted(plan: JobPlan, client: Awaited<ReturnType<typeof clientFor>>, pacer: Limiter): Promise<JobPlan> {
  const date = plan.date ?? plan.createdAt.slice(0, 10);
  const leftOut = [...(plan.leftOut ?? [])];
  const items: PlanItem[] = [];
  const limit = pLimit(CONCURRENCY);
  const named = await Promise.all(
    plan.items.map((item) =>
      limit(async (): Promise<PlanItem | LeftOutApp> => {
        if (!item.unnamed) return item;
        try {
          const app = await retrying(pacer, () => client.getApp(item.owner, item.appId));
          const appName = typeof app.name === 'string' && app.name ? plainText(app.name, 256) : item.appId;
          const next: PlanItem = { ...item, appName, unnamed: undefined };
          next.description = describe(plan, next, date);
          return next;
        } catch (e) {
          if (stopsJob(e)) throw e; // the token is gone: the job stops, resumable
          const reason = e instanceof ClarifaiError && e.kind === 'not-found' ? t('wkAppNotFound') : t('wkAppNotNamed', (e as Error).message);
          return { owner: item.owner, appId: item.appId, reason };
        }
      }),
    ),
  );
  named.forEach((n, i) => {
    if ('reason' in n) leftOut.push({ ...n, pick: plan.items[i]!.pick ?? 0 });
    else items.push(n);
  });
  const next: JobPlan = { ...plan, items, leftOut };
  await writePlan(next);
  return next;
}
