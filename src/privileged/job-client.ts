/**
 * How a bulk job talks to Clarifai: its client (every request through the worker's one limiter),
 * its pacing, the token checked up front, and which failure stops the whole job.
 */
import { ClarifaiError } from '../pure/clarifai/errors.ts';
import type { Limiter } from '../pure/bulk/limiter.ts';
import { PAT_SCOPES_NEEDED } from '../pure/scopes/catalogue.ts';
import { clientFor as unlimitedClientFor, requirePat } from './api.ts';
import { limited, passOnPauses } from './limiter.ts';
import { OperationError } from './errors.ts';
import { t, list } from '../i18n/i18n.ts';
import type { JobPlan } from './job-types.ts';

/** Requests a job has in flight at most (its rate is the limiter's). */
export const CONCURRENCY = 6;

/** Every request of a job's client takes its turn from the worker's one limiter (./limiter.ts). */
export const clientFor = async (pat: string) => limited(await unlimitedClientFor(pat));
/** Turns are taken inside the client: the job's own pacing only passes a throttle's pause on. */
export const pacerFor = (_plan: JobPlan): Limiter => passOnPauses;
/** Checks the PAT up front: a wrong or under-scoped token fails the whole job before anything is sent. */
export async function preflight() {
  const pat = await requirePat();
  const client = await clientFor(pat);
  const { scopes } = await client.myScopes('me');
  if (!scopes.includes('All')) {
    const missing = PAT_SCOPES_NEEDED.createKeys.filter((s) => !scopes.includes(s));
    if (missing.length) throw new OperationError('scopes', t('errPatLacksForKeys', list(missing)));
  }
  return client;
}

/** A token that is gone, or refused by Clarifai, stops the whole job: no app fails for it. */
export function stopsJob(e: unknown): boolean {
  return e instanceof OperationError || (e instanceof ClarifaiError && e.kind === 'auth');
}
