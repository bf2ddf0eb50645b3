/**
 * A rotation's second phase: once the person confirms that the new keys are in place, delete the
 * old keys whose replacement exists, with the engine that deletes keys from the inventory
 * (./key-changes.ts), and record each outcome on the rotation (./job-rotation.ts), row by row.
 *
 * Only ids the worker itself kept in storage.session when the rotation began are deleted. After a
 * browser restart those are gone, and the old keys are not looked up again by the plan's record in
 * storage.local (which a content script can write, so a forged plan could name a key that is still
 * in use): the row says to delete the old key from the inventory instead, where the person sees it.
 */
import { t } from '../i18n/i18n.ts';
import type { RotationRetiring } from '../pure/protocol/jobs.ts';
import type { KeyChangeRow } from '../pure/protocol/key-changes.ts';
import * as jobs from './jobs.ts';
import * as keyChanges from './key-changes.ts';

export const idGoneAfterRestart = (): string => t('wkOldKeyIdGone');

keyChanges.onRowSettled(async (origin, row: KeyChangeRow) => {
  if (row.ref === undefined) return;
  await jobs.markRetired(origin.rotation, row.ref, row.status === 'done', row.error);
});

/** Confirms the rotation and starts deleting the old keys that may go; answers what was confirmed and the deletion task. */
export async function retireOldKeys(jobId: string): Promise<RotationRetiring> {
  const confirmed = await jobs.confirmRotation(jobId);
  const rows = (await jobs.results(jobId)).rows;
  const targets: keyChanges.Target[] = [];
  let unknown = 0;
  for (const r of confirmed.retirable) {
    const keyId = await jobs.keptOldKey(jobId, r.i);
    const replacement = rows[r.i]?.keyId;
    // Each old key goes only while its replacement is still there (a person may have deleted it from the inventory meanwhile).
    const requires = replacement ? { owner: r.owner, keyId: replacement } : undefined;
    if (keyId && requires)
      targets.push({ keyId, owner: r.owner, appId: r.appId, appName: r.appName, description: t('wkOldKey', r.replaces), ref: r.i, requires });
    else {
      unknown++;
      await jobs.markRetired(jobId, r.i, false, idGoneAfterRestart());
    }
  }
  if (!targets.length) return { ...confirmed, deleting: 0, unknown };
  const task = await keyChanges.startKeyChangeFor('delete', targets, { rotation: jobId });
  await jobs.setRetiring(jobId, task.id);
  return { ...confirmed, deleting: targets.length, unknown, taskId: task.id };
}
