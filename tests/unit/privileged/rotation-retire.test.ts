/**
 * A rotation's second phase against the sandbox: confirming deletes the old keys whose replacement
 * exists, and only those, once each; each row then says its old key was deleted; a drop after the
 * delete landed is looked up, not counted as a failure; after a browser restart (the session's ids
 * gone) nothing is deleted by the plan's word, and the row says to use the inventory.
 */
import { describe, expect, it, vi } from 'vitest';
import browser from '../../fakes/browser.ts';
import * as jobs from '../../../src/privileged/jobs.ts';
import * as keyChanges from '../../../src/privileged/key-changes.ts';
import { handlers } from '../../../src/privileged/operations.ts';
import { replacementGone } from '../../../src/privileged/key-change-rows.ts';
import { idGoneAfterRestart } from '../../../src/privileged/rotation-retire.ts';
import { DEMO_USER_ID, type KeyRec } from '../../../sandbox/state.ts';
import { appKey, readToEnd } from '../support/inventory-world.ts';
import { events, page, useKeyChangeWorld } from '../support/key-change-world.ts';

const world = useKeyChangeWorld();

function oldKey(appId: string, description: string): KeyRec {
  const k = appKey(world(), DEMO_USER_ID, appId, description, ['Predict']);
  k.createdAt = world().sb.now() - 86_400_000_000;
  return k;
}

async function rotated(keys: KeyRec[]) {
  await readToEnd(true);
  const { jobId } = await handlers.startRotation({ op: 'startRotation', keyIds: keys.map((k) => k.id) }, page);
  await vi.waitFor(async () => expect((await jobs.progress(jobId)).status).toBe('done'), { timeout: 10_000, interval: 10 });
  return jobId;
}

const retiredOf = async (jobId: string) => (await jobs.results(jobId)).rows.map((r) => r.retired ?? null);

describe('confirmRotation deletes the old keys', () => {
  it('deletes every old key once its replacement exists, and each row says so', async () => {
    const old = [oldKey('app-003', 'prod one'), oldKey('app-004', 'prod two'), oldKey('app-005', 'prod three')];
    const jobId = await rotated(old);
    for (const k of old) expect(world().sb.keys.has(k.id)).toBe(true); // nothing before the confirmation
    const answer = await handlers.confirmRotation({ op: 'confirmRotation', jobId }, page);
    expect(answer).toMatchObject({ deleting: 3, unknown: 0 });
    await keyChanges.settled();
    for (const k of old) {
      expect(world().sb.keys.has(k.id)).toBe(false);
      expect(events(world(), 'deleted', k.id)).toBe(1);
    }
    expect(await retiredOf(jobId)).toEqual(['deleted', 'deleted', 'deleted']);
    const replacements = (await jobs.results(jobId)).rows.map((r) => r.keyId!);
    for (const id of replacements) expect(world().sb.keys.has(id)).toBe(true);
  });

  it('says the deletion is going while its task runs, and no longer once it is stopped with old keys left', async () => {
    const old = [oldKey('app-003', 'held one'), oldKey('app-004', 'held two')];
    const jobId = await rotated(old);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    world().stub({ intercept: async (_url, init) => (init.method === 'DELETE' ? (await held, undefined) : undefined) });
    await handlers.confirmRotation({ op: 'confirmRotation', jobId }, page);
    expect((await jobs.results(jobId)).rotation).toMatchObject({ retiringRunning: true, deletable: 2 });
    const stopping = keyChanges.cancel(); // after the delete on its way
    release();
    await stopping;
    await keyChanges.settled();
    // Old keys are left, but nothing runs: the results page stops asking (useJobResults).
    const r = (await jobs.results(jobId)).rotation!;
    expect(r.retiringRunning).toBe(false);
    expect(r.deletable).toBeGreaterThan(r.failed);
  });

  it('leaves an old key whose replacement was not made', async () => {
    const old = [oldKey('app-003', 'fine one'), oldKey('app-004', 'refused'), oldKey('app-005', 'fine two')];
    old[1]!.scopes = ['Models:Sync']; // a scope Clarifai does not give to keys: its replacement is refused
    const jobId = await rotated(old);
    expect((await jobs.results(jobId)).rows.map((r) => r.status)).toEqual(['created', 'failed', 'created']);
    const answer = await handlers.confirmRotation({ op: 'confirmRotation', jobId }, page);
    expect(answer).toMatchObject({ deleting: 2 });
    expect(answer.kept.map((k) => k.i)).toEqual([1]);
    await keyChanges.settled();
    expect(old.map((k) => world().sb.keys.has(k.id))).toEqual([false, true, false]);
    expect(await retiredOf(jobId)).toEqual(['deleted', null, 'deleted']);
  });

  it('keeps an old key whose replacement was deleted meanwhile (from the inventory), and says why', async () => {
    const old = [oldKey('app-003', 'gone one'), oldKey('app-004', 'kept two')];
    const jobId = await rotated(old);
    const replacement = (await jobs.results(jobId)).rows[0]!.keyId!;
    world().sb.keys.delete(replacement); // the person deleted the new key, taking it for a duplicate
    await handlers.confirmRotation({ op: 'confirmRotation', jobId }, page);
    await keyChanges.settled();
    expect(world().sb.keys.has(old[0]!.id)).toBe(true);
    expect(world().sb.keys.has(old[1]!.id)).toBe(false);
    const rows = (await jobs.results(jobId)).rows;
    expect([rows[0]!.retired, rows[0]!.retiredError]).toEqual(['failed', replacementGone()]);
    expect(rows[1]!.retired).toBe('deleted');
  });

  it('keeps no key id in what it records of a failure', async () => {
    const jobId = await rotated([oldKey('app-003', 'redact')]);
    await jobs.confirmRotation(jobId);
    const id = 'a'.repeat(32);
    await jobs.markRetired(jobId, 0, false, `Clarifai: key ${id} could not be deleted`);
    const row = (await jobs.results(jobId)).rows[0]!;
    expect(row.retiredError).toContain('could not be deleted');
    expect(row.retiredError).not.toContain(id);
  });

  it('a delete whose answer was dropped after it landed is looked up, and counts as deleted', async () => {
    const old = [oldKey('app-003', 'drop one'), oldKey('app-004', 'drop two')];
    const jobId = await rotated(old);
    world().sb.setFaults({ dropAfterCommitRate: 1 }); // mutating calls only: the deletes
    await handlers.confirmRotation({ op: 'confirmRotation', jobId }, page);
    await keyChanges.settled();
    world().sb.setFaults({ dropAfterCommitRate: 0 });
    for (const k of old) expect(events(world(), 'deleted', k.id)).toBe(1);
    expect(await retiredOf(jobId)).toEqual(['deleted', 'deleted']);
  });

  it('after a browser restart deletes nothing on the plan’s word, and says to use the inventory', async () => {
    const old = [oldKey('app-003', 'restart one')];
    const jobId = await rotated(old);
    // A restart empties storage.session: the old ids go. The item states are brought back as Recover would.
    const session = browser.storage.session._dump() as Record<string, unknown>;
    const kept = Object.keys(session).filter((k) => k.endsWith(':old'));
    expect(kept.length).toBe(1);
    await browser.storage.session.remove(kept);
    const answer = await handlers.confirmRotation({ op: 'confirmRotation', jobId }, page);
    expect(answer).toMatchObject({ deleting: 0, unknown: 1 });
    expect(world().sb.keys.has(old[0]!.id)).toBe(true);
    const row = (await jobs.results(jobId)).rows[0]!;
    expect(row.retired).toBe('failed');
    expect(row.retiredError).toBe(idGoneAfterRestart());
  });
});

describe('a key being rotated', () => {
  it('is not rotated again by a second rotation until its old key is dealt with', async () => {
    const old = [oldKey('app-003', 'twice one'), oldKey('app-004', 'twice two')];
    const first = await rotated(old);
    // Refused outright: both keys are being rotated.
    await expect(handlers.startRotation({ op: 'startRotation', keyIds: [old[0]!.id, old[1]!.id] }, page)).rejects.toThrow(
      /An earlier rotation is replacing this key/,
    );
    await handlers.confirmRotation({ op: 'confirmRotation', jobId: first }, page);
    await keyChanges.settled();
    const replacements = (await jobs.results(first)).rows.map((r) => r.keyId!);
    expect(replacements.every((id) => world().sb.keys.has(id))).toBe(true);
    expect(old.every((k) => !world().sb.keys.has(k.id))).toBe(true);
  });
});
