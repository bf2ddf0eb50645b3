/**
 * Key rotation in the job engine. Phase 1 is a bulk job whose items each replace one old key
 * (planned by ./job-rotation-plan.ts, run as any job: evidence, claims, unknown outcomes looked up
 * before any retry, so a replacement is never made twice). Phase 2 deletes the old keys, only when
 * the person confirms the new ones are in place; this file keeps the record it needs:
 * - the old keys' ids in storage.session (`JOB_OLD_KEYS`, secrets), and, after a browser restart
 *   took them, `oldKeysOf` finds them again by listing the apps' keys and matching each hash;
 * - the phase-2 record in storage.session (`JOB_ROTATION`, no id): when the person confirmed, the
 *   key-change task deleting the old keys, which were deleted and which could not be, and why.
 */
import { t } from '../i18n/i18n.ts';
import { plainText } from '../pure/bulk/template.ts';
import { redactSecrets } from '../pure/redact-text.ts';
import { sameScopes } from '../pure/presets/model.ts';
import { collectPages, isValidKeyId } from '../pure/clarifai/client.ts';
import { ClarifaiError } from '../pure/clarifai/errors.ts';
import type { ApiKey } from '../pure/clarifai/types.ts';
import type { RetirableKey, RotationConfirmed, RotationProgress } from '../pure/protocol/jobs.ts';
import { requirePat } from './api.ts';
import { OperationError, storageWrite } from './errors.ts';
import { clientFor, pacerFor } from './job-client.ts';
import { keyHash } from './job-evidence.ts';
import { active, exclusive, live } from './job-registry.ts';
import { job, readControl, readPlan, readStates } from './job-store.ts';
import type { JobItemState, JobPlan, PlanItem, RotationRecord } from './job-types.ts';
import { view as keyChangeView } from './key-changes.ts';
import { retrying } from './limiter.ts';
import { readMember, writeMembers } from './storage/access.ts';
import { JOB_OLD_KEYS, JOB_ROTATION } from './storage/job-items.ts';

export const masked = (tail: string) => `••••••••${tail}`;

/** Keeps the old keys' ids of a rotation that starts now (storage.session only). */
export async function writeOldKeys(jobId: string, ids: readonly string[]): Promise<void> {
  await storageWrite(() => writeMembers(JOB_OLD_KEYS, [[job(jobId), [...ids]]]));
}

async function rotationPlan(jobId: string): Promise<JobPlan> {
  const plan = await readPlan(jobId);
  if (!plan) throw new OperationError('invalid', t('errUnknownJobCleared'));
  if (plan.kind !== 'rotation') throw new OperationError('invalid', t('errNotRotation'));
  return plan;
}

export async function readRotation(jobId: string): Promise<RotationRecord> {
  return (await readMember(JOB_ROTATION, job(jobId))) ?? { deleted: [], failed: [] };
}

async function writeRotation(jobId: string, r: RotationRecord): Promise<void> {
  await storageWrite(() => writeMembers(JOB_ROTATION, [[job(jobId), r]]));
}

export interface OldKey {
  i: number;
  /** The old key's id (a secret); undefined when Clarifai no longer lists it (deleted already, or its app is gone). */
  keyId: string | undefined;
  owner: string;
  appId: string;
  appName: string;
  description: string;
}

/**
 * The old keys of a rotation, item by item, as Clarifai lists them now: each app's keys are listed
 * (one ListKeys per owner, or ListAppKeys per app where the owner's list is refused) and matched
 * by hash, so this works after a browser restart took storage.session's ids too. A key not listed
 * any more (deleted, or its app gone) has no id. Throws when the token is gone or refused, or when
 * an app's keys cannot be listed at all: "not listed" must mean deleted, never "not looked at".
 */
export async function oldKeysOf(jobId: string): Promise<OldKey[]> {
  const plan = await rotationPlan(jobId);
  const client = await clientFor(await requirePat());
  const pacer = pacerFor(plan);
  const found = new Map<string, ApiKey>(); // hash → key
  const note = async (keys: readonly ApiKey[]) => {
    for (const k of keys) if (isValidKeyId(k.id)) found.set(await keyHash(k.id), k);
  };
  for (const owner of [...new Set(plan.items.map((it) => it.owner))]) {
    const mine = plan.items.filter((it) => it.owner === owner);
    try {
      await note(await collectPages((page, per) => retrying(pacer, () => client.listKeys(owner, page, per, 'app_specific_key'))));
      continue;
    } catch (e) {
      if (!(e instanceof ClarifaiError) || e.kind === 'auth') throw e;
    }
    for (const appId of [...new Set(mine.map((it) => it.appId))]) {
      try {
        await note(await collectPages((page, per) => retrying(pacer, () => client.listAppKeys(owner, appId, page, per))));
      } catch (e) {
        if (!(e instanceof ClarifaiError) || e.kind !== 'not-found') throw e; // an app that is gone took its keys with it
      }
    }
  }
  return plan.items.map((it, i) => ({
    i,
    keyId: oldOne(plan, it, it.replaces && found.get(it.replaces.hash)),
    owner: it.owner,
    appId: it.appId,
    appName: it.appName,
    description: it.replaces?.description ?? it.description,
  }));
}

/**
 * The listed key, if it is the item's old key: its hash, and also its app, description, scopes and
 * endpoints as the plan recorded them. After a restart the plan is storage.local's copy, which a
 * content script can write: a hash copied there from another job's evidence must not be enough
 * to make that job's key an "old key" to delete.
 */
function oldOne(plan: JobPlan, it: PlanItem, k: ApiKey | undefined): string | undefined {
  if (!k || !it.replaces) return undefined;
  const shape = plan.shapes?.[it.shape ?? -1];
  const app = k.apps?.[0];
  const same =
    !!shape &&
    app?.id === it.appId &&
    (app.user_id === undefined || app.user_id === it.owner) &&
    k.description === it.replaces.description &&
    sameScopes(k.scopes ?? [], shape.scopes) &&
    sameScopes(k.endpoints ?? [], shape.endpoints);
  return same ? k.id : undefined;
}

/** The old key's id as storage.session keeps it (undefined after a browser restart: `oldKeysOf` finds it). */
export async function keptOldKey(jobId: string, i: number): Promise<string | undefined> {
  return (await readMember(JOB_OLD_KEYS, job(jobId)))?.[i] ?? undefined;
}

/** A rotation item whose replacement exists: its state says created, with the new key. */
const replaced = (s: JobItemState | undefined) => s?.status === 'created' && !!s.keyId;

/**
 * The person confirms that the new keys are in place. Allowed once the job has ended (done or
 * cancelled: nothing more is on its way, no Recover or sweep runs); stamps `confirmedAt` and
 * answers the items whose replacement exists and whose old key is not deleted yet: those, and only
 * those, old keys may be deleted. Each other row is named with the reason its old key stays.
 */
export async function confirmRotation(jobId: string): Promise<RotationConfirmed> {
  const plan = await rotationPlan(jobId);
  return exclusive(jobId, async () => {
    const control = live(jobId)?.control ?? (await readControl(jobId));
    if (active.has(jobId) || !control || (control.status !== 'done' && control.status !== 'cancelled'))
      throw new OperationError('invalid', control ? t('errRotationRunning') : t('errRotationRecoverFirst'));
    const states = await readStates(plan);
    const rec = await readRotation(jobId);
    const deleted = new Set(rec.deleted);
    const retirable: RetirableKey[] = [];
    const kept: RotationConfirmed['kept'] = [];
    plan.items.forEach((it, i) => {
      if (deleted.has(i)) return kept.push({ i, reason: t('wkOldKeyDeleted') });
      if (!it.replaces || !replaced(states[i])) return kept.push({ i, reason: t('wkNoReplacement') });
      retirable.push({ i, owner: it.owner, appId: it.appId, appName: it.appName, replaces: masked(it.replaces.tail) });
    });
    const confirmedAt = new Date().toISOString();
    await writeRotation(jobId, { ...rec, confirmedAt });
    return { jobId, confirmedAt, retirable, kept };
  });
}

/** Records the key-change task that deletes the old keys (phase 2), once it is started. */
export async function setRetiring(jobId: string, taskId: string): Promise<void> {
  await rotationPlan(jobId);
  await exclusive(jobId, async () => writeRotation(jobId, { ...(await readRotation(jobId)), retiring: plainText(taskId, 100) }));
}

/**
 * Records phase 2's outcome for item i: its old key was deleted (`ok`), or could not be (`reason`,
 * in words; never a key id). Refused for an item the person did not confirm, or whose replacement
 * does not exist: its old key must not be deleted.
 */
export async function markRetired(jobId: string, i: number, ok: boolean, reason?: string): Promise<void> {
  const plan = await rotationPlan(jobId);
  await exclusive(jobId, async () => {
    const rec = await readRotation(jobId);
    if (!rec.confirmedAt) throw new OperationError('invalid', t('errNotConfirmed'));
    if (!Number.isInteger(i) || !plan.items[i]?.replaces || !replaced((await readStates(plan))[i])) throw new OperationError('invalid', t('errRowNotReplaced'));
    const failed = rec.failed.filter((f) => f.i !== i);
    const deleted = rec.deleted.filter((d) => d !== i);
    if (ok) deleted.push(i);
    else failed.push({ i, reason: plainText(redactSecrets(reason || t('wkNotDeleted')), 600) }); // Clarifai's words may name a key
    await writeRotation(jobId, { ...rec, deleted, failed });
  });
}

/** What the results page shows of a rotation's second phase. */
export async function rotationProgress(
  jobId: string,
  plan: JobPlan,
  states: readonly JobItemState[],
): Promise<{ progress: RotationProgress; rec: RotationRecord }> {
  const rec = await readRotation(jobId);
  const deleted = new Set(rec.deleted);
  const deletable = plan.items.filter((it, i) => it.replaces && replaced(states[i]) && !deleted.has(i)).length;
  const task = rec.retiring ? await keyChangeView() : null;
  const retiringRunning = !!task && task.id === rec.retiring && task.status === 'running';
  return {
    rec,
    progress: { confirmedAt: rec.confirmedAt, retiring: rec.retiring, retiringRunning, deletable, deleted: rec.deleted.length, failed: rec.failed.length },
  };
}
