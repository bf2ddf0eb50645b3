/**
 * Other jobs' claims, as a run judges them before it adopts a key it finds (./job-run.ts
 * `findKey`): which keys are taken, and whether another run of this worker (or another item of
 * this job, in a rotation of look-alike keys) may be making one for the same app with the same
 * fields right now.
 */
import { t } from '../i18n/i18n.ts';
import { ClarifaiError } from '../pure/clarifai/errors.ts';
import { attemptOf, claimedElsewhere, evidenceWrites } from './job-evidence.ts';
import { sameFields } from '../pure/bulk/ownership.ts';
import { active, othersRunning } from './job-registry.ts';
import type { JobPlan, PlanItem } from './job-types.ts';

/**
 * Another run in this worker has an attempt on this app with the same fields whose key may be in
 * the making or just made: sending, its outcome unknown, or recorded but not claimed yet. A key
 * listed now may then be that run's with no claim saying so: this job adopts none meanwhile.
 */
function othersContested(id: string, plan: JobPlan, item: PlanItem): boolean {
  const mine = attemptOf(plan, item);
  for (const [other, j] of active) {
    if (other === id || j.kind !== 'run' || !j.plan || !j.states) continue;
    for (const [k, it] of j.plan.items.entries()) {
      if (it.owner !== item.owner || it.appId !== item.appId || !sameFields(attemptOf(j.plan, it), mine)) continue;
      const s = j.states[k];
      if (s && (s.status === 'sending' || s.uncertain || (s.keyId !== undefined && !s.claim))) return true;
    }
  }
  return false;
}

/**
 * Another item of this very job with the same fields on the same app (a rotation of two look-alike
 * keys: a bulk job serves an app once) has its request on its way now, or its key recorded but not
 * claimed yet. One whose outcome is only unknown does not hold the look-up back: no request of it
 * is on its way, and whichever of the two adopts a key, the other looks next and finds it claimed
 * (otherwise two such items left `sending` by a worker that died would each wait for the other).
 */
function ownContested(id: string, plan: JobPlan, item: PlanItem, index: number): boolean {
  const own = active.get(id);
  if (!own?.states) return false;
  const mine = attemptOf(plan, item);
  for (const [k, it] of plan.items.entries()) {
    if (k === index || it.owner !== item.owner || it.appId !== item.appId || !sameFields(attemptOf(plan, it), mine)) continue;
    const s = own.states[k];
    if (own.inFlight?.has(k) || (s?.keyId !== undefined && !s.claim)) return true;
  }
  return false;
}

/**
 * Other jobs' claims, taken after each listing (see ./job-evidence.ts `ownedNow`), then judged with
 * nothing awaited: those of runs going on now from their memory; those kept in storage.local read
 * again only when a job of this worker has written its evidence since (one that ended left them
 * there); and those of this job's other items (item `index` is the one looking).
 */
export function claimsNowFor(id: string, plan: JobPlan): (item: PlanItem, index?: number) => Promise<Set<string>> {
  let stored: { at: number; claims: Promise<Set<string>> } | undefined;
  return async (item, index) => {
    for (;;) {
      const at = evidenceWrites();
      if (stored?.at !== at) stored = { at, claims: claimedElsewhere(id, []) };
      let claims: Set<string>;
      try {
        claims = new Set(await stored.claims);
      } catch (e) {
        stored = undefined;
        throw e;
      }
      if (evidenceWrites() !== at) continue; // a job wrote its evidence meanwhile (perhaps it ended): read again
      for (const other of othersRunning(id)) for (const o of other) if (o.claim) claims.add(o.claim);
      // The keys this job's other items recorded are theirs: two look-alike keys of one app each get their own.
      for (const [k, o] of (active.get(id)?.states ?? []).entries()) if (k !== index && o.claim) claims.add(o.claim);
      // Looked again later (a passing fault to the runner), when that attempt has settled.
      if (index !== undefined && ownContested(id, plan, item, index)) throw new ClarifaiError('transient', t('wkOwnContested'));
      if (othersContested(id, plan, item)) throw new ClarifaiError('transient', t('wkContested'));
      return claims;
    }
  };
}
