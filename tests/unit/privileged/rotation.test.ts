/**
 * Key rotation, phase 1, against the sandbox: startRotation takes key ids only and looks each up
 * in the worker's own inventory; it leaves out what it cannot replace with a reason (never the
 * id), makes each replacement with exactly its old key's scopes and endpoints, its description or
 * the template's, and the expiry asked for; two look-alike old keys of one app get one
 * replacement each, and no old key is ever taken for a replacement. The plan keeps hashes and
 * last four characters only; oldKeysOf finds the ids again after a restart; confirmRotation and
 * markRetired keep the record phase 2 needs.
 */
import { describe, expect, it, vi } from 'vitest';
import browser from '../../fakes/browser.ts';
import { keyHash } from '../../../src/privileged/job-evidence.ts';
import * as jobs from '../../../src/privileged/jobs.ts';
import { handlers } from '../../../src/privileged/operations.ts';
import { DEMO_USER_ID } from '../../../sandbox/state.ts';
import type { KeyRec } from '../../../sandbox/state.ts';
import { addPat } from '../support/worker-sandbox.ts';
import { appKey as appKeyIn, readToEnd, useInventoryWorld } from '../support/inventory-world.ts';

const page = { caller: 'page' as const };
const world = useInventoryWorld();
const PREDICT_RPC = '/clarifai.api.V2/PostModelOutputs';
const LIST_RPC = '/clarifai.api.V2/ListConcepts';

function oldKey(appId: string, description: string, scopes: string[], endpoints: string[] = [], expiresAt?: string): KeyRec {
  const k = appKeyIn(world(), DEMO_USER_ID, appId, description, scopes);
  k.endpoints = endpoints;
  k.createdAt = world().sb.now() - 86_400_000_000; // a day ago, in µs
  if (expiresAt) k.expiresAt = Date.parse(expiresAt) * 1000;
  return k;
}

async function finished(jobId: string) {
  await vi.waitFor(async () => expect((await jobs.progress(jobId)).status).toBe('done'), { timeout: 10_000, interval: 10 });
  return jobs.results(jobId);
}

/** Keys in the sandbox now with these fields in this app, other than `except`. */
const lookAlikes = (appId: string, description: string, except: readonly string[] = []) =>
  [...world().sb.keys.values()].filter((k) => k.apps[0]?.id === appId && k.description === description && !except.includes(k.id));

describe('startRotation', () => {
  it('replaces each old key with exactly its scopes, endpoints and description, and keeps no old id outside storage.session', async () => {
    const a = oldKey('app-003', 'mobile app, prod', ['Predict', 'Inputs:Get'], [PREDICT_RPC, LIST_RPC]);
    const b = oldKey('app-012', 'nightly batch {app_id}', ['Models:Get']);
    await readToEnd();
    const { jobId } = await handlers.startRotation({ op: 'startRotation', keyIds: [a.id, b.id] }, page);
    const r = await finished(jobId);
    expect(r.plan.kind).toBe('rotation');
    expect(r.rows.map((row) => [row.status, row.description, row.replaces])).toEqual([
      ['created', 'mobile app, prod', `••••••••${a.id.slice(-4)}`],
      ['created', 'nightly batch {app_id}', `••••••••${b.id.slice(-4)}`],
    ]);
    const made = r.rows.map((row) => world().sb.keys.get(row.keyId!)!);
    expect(new Set(made[0]!.scopes)).toEqual(new Set(a.scopes));
    expect(new Set(made[0]!.endpoints)).toEqual(new Set(a.endpoints));
    expect(made[1]!.scopes).toEqual(['Models:Get']);
    expect(made[1]!.endpoints).toEqual([]);
    expect(made.map((k) => k.expiresAt)).toEqual([undefined, undefined]);
    expect(made.map((k) => k.id)).not.toContain(a.id);
    // The old keys are untouched (phase 2 deletes them, and only after confirmRotation).
    expect(world().sb.keys.has(a.id) && world().sb.keys.has(b.id)).toBe(true);
    const local = JSON.stringify(browser.storage.local._dump());
    expect(local).not.toContain(a.id);
    expect(local).not.toContain(b.id);
    expect(await jobs.keptOldKey(jobId, 0)).toBe(a.id);
  });

  it('fills a description template ({description} is the old one) and gives every replacement the expiry asked for', async () => {
    const a = oldKey('app-003', 'prod {owner}', ['Predict']);
    await readToEnd();
    const expiresAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const { jobId } = await handlers.startRotation({ op: 'startRotation', keyIds: [a.id], template: '{description} for {app_id} (rotated)', expiresAt }, page);
    const [row] = (await finished(jobId)).rows;
    expect(row!.description).toBe('prod {owner} for app-003 (rotated)');
    const made = world().sb.keys.get(row!.keyId!)!;
    expect(Math.floor(made.expiresAt! / 1e6)).toBe(Math.floor(Date.parse(expiresAt) / 1000));
    expect(row!.expiresAt).toBe(expiresAt);
  });

  it('leaves out ids the inventory does not hold, PATs and repeats, each with a reason that never shows the id', async () => {
    const a = oldKey('app-003', 'kept', ['Predict']);
    const pat = addPat(world().sb, DEMO_USER_ID, 'f'.repeat(32), ['All']);
    await readToEnd();
    const inv = await handlers.getInventory({ op: 'getInventory' }, page);
    const patRef = inv.keys.find((k) => k.kind === 'pat')!.keyId;
    const hostile = ['__proto__', 'constructor', 'x'.repeat(200), `${a.id.slice(0, 31)}0`, '', pat.id];
    const { jobId } = await handlers.startRotation({ op: 'startRotation', keyIds: [...hostile, patRef, a.id, a.id] }, page);
    const r = await finished(jobId);
    expect(r.rows).toHaveLength(1);
    expect(r.leftOut).toHaveLength(hostile.length + 2);
    expect(r.leftOut.slice(0, hostile.length).every((l) => /inventory does not hold this key/.test(l.reason))).toBe(true);
    expect(r.leftOut[hostile.length]!.reason).toMatch(/Personal Access Token/);
    expect(r.leftOut[hostile.length + 1]!.reason).toMatch(/picked twice/);
    const said = JSON.stringify(r.leftOut);
    for (const id of [a.id, pat.id, patRef]) expect(said).not.toContain(id);
  });

  it('refuses a rotation of nothing it can replace, in a sentence without the ids', async () => {
    await readToEnd();
    const ids = ['0123456789abcdef0123456789abcdef'];
    const e = await handlers.startRotation({ op: 'startRotation', keyIds: ids }, page).catch((x: Error) => x);
    expect(e).toBeInstanceOf(Error);
    expect((e as Error).message).toMatch(/The 1 picked key cannot be replaced/);
    expect((e as Error).message).not.toContain(ids[0]);
  });

  it('gives two look-alike old keys of one app one replacement each, and never takes an old key for one', async () => {
    const a = oldKey('app-021', 'same shape', ['Predict']);
    const b = oldKey('app-021', 'same shape', ['Predict']);
    await readToEnd();
    const { jobId } = await handlers.startRotation({ op: 'startRotation', keyIds: [a.id, b.id] }, page);
    const r = await finished(jobId);
    const ids = r.rows.map((row) => row.keyId);
    expect(new Set(ids).size).toBe(2);
    expect(ids).not.toContain(a.id);
    expect(ids).not.toContain(b.id);
    expect(
      lookAlikes('app-021', 'same shape', [a.id, b.id])
        .map((k) => k.id)
        .sort(),
    ).toEqual([...ids].sort());
    // Both old keys have the replacements' fields: each item's listing from before (`prior`) holds both.
    const ev = browser.storage.local._dump()[`job:${jobId}:evidence`] as { items: [unknown, unknown, string[]][] };
    const hashes = [await keyHash(a.id), await keyHash(b.id)].sort();
    expect(ev.items.map((it) => [...it[2]].sort())).toEqual([hashes, hashes]);
    // Recover and the sweep agree: neither item's key is the other's duplicate, neither old key is found.
    await jobs.findDuplicates(jobId);
    await jobs.checked(jobId);
    expect((await jobs.results(jobId)).sweep!.duplicates).toEqual([]);
  });
});

describe('the record phase 2 needs', () => {
  it('confirmRotation is refused while the rotation runs: nothing may go before every replacement is settled', async () => {
    const a = oldKey('app-003', 'one', ['Predict']);
    await readToEnd();
    let release!: () => void;
    const held = new Promise<undefined>((r) => (release = () => r(undefined)));
    let posts = 0;
    world().stub({ intercept: (_url, init) => (init.method === 'POST' ? (posts++, held) : undefined) });
    const { jobId } = await handlers.startRotation({ op: 'startRotation', keyIds: [a.id] }, page);
    await vi.waitFor(() => expect(posts).toBe(1), { timeout: 5000, interval: 5 });
    await expect(handlers.confirmRotation({ op: 'confirmRotation', jobId }, page)).rejects.toThrow(/has not ended yet/);
    expect((await jobs.results(jobId)).rotation?.confirmedAt).toBeUndefined();
    release();
    await finished(jobId);
    expect((await handlers.confirmRotation({ op: 'confirmRotation', jobId }, page)).retirable).toHaveLength(1);
  });

  it('oldKeysOf finds the old ids by hash when storage.session lost them, and none for a key deleted since', async () => {
    const a = oldKey('app-003', 'one', ['Predict']);
    const b = oldKey('app-012', 'two', ['Predict']);
    await readToEnd();
    const { jobId } = await handlers.startRotation({ op: 'startRotation', keyIds: [a.id, b.id] }, page);
    await finished(jobId);
    await browser.storage.session.remove(`job:${jobId}:old`);
    expect(await jobs.keptOldKey(jobId, 0)).toBeUndefined();
    world().sb.keys.delete(b.id);
    const old = await jobs.oldKeysOf(jobId);
    expect(old.map((o) => [o.i, o.keyId, o.appId, o.description])).toEqual([
      [0, a.id, 'app-003', 'one'],
      [1, undefined, 'app-012', 'two'],
    ]);
  });

  it('oldKeysOf does not take a hash copied into storage.local’s plan for an old key: the key must have the recorded fields too', async () => {
    const a = oldKey('app-003', 'one', ['Predict']);
    const other = oldKey('app-003', 'in use elsewhere', ['Predict']);
    await readToEnd();
    const { jobId } = await handlers.startRotation({ op: 'startRotation', keyIds: [a.id] }, page);
    await finished(jobId);
    // A browser restart: the session's plan and ids are gone; the local plan is all there is, and a content script rewrote it.
    await browser.storage.session.remove([`job:${jobId}:plan`, `job:${jobId}:old`]);
    const key = `job:${jobId}:plan`;
    const plan = browser.storage.local._dump()[key] as { items: { replaces: { hash: string } }[] };
    plan.items[0]!.replaces.hash = await keyHash(other.id);
    await browser.storage.local.set({ [key]: plan });
    expect((await jobs.oldKeysOf(jobId))[0]!.keyId).toBeUndefined();
  });

  it('confirmRotation answers only rows whose replacement exists, and markRetired records each outcome per row', async () => {
    const a = oldKey('app-003', 'one', ['Predict']);
    const b = oldKey('app-012', 'two', ['Predict']);
    await readToEnd();
    // app-012's PostKeys is refused for good: its replacement is not made.
    world().stub({
      intercept: (url, init) =>
        init.method === 'POST' && String(init.body).includes('app-012')
          ? new Response(JSON.stringify({ status: { code: 11100, description: 'Bad request format' } }), { status: 400 })
          : undefined,
    });
    const { jobId } = await handlers.startRotation({ op: 'startRotation', keyIds: [a.id, b.id] }, page);
    await finished(jobId);
    await expect(jobs.markRetired(jobId, 0, true)).rejects.toThrow(/not confirmed/);
    const answer = await handlers.confirmRotation({ op: 'confirmRotation', jobId }, page);
    expect(answer.retirable).toEqual([{ i: 0, owner: DEMO_USER_ID, appId: 'app-003', appName: expect.any(String), replaces: `••••••••${a.id.slice(-4)}` }]);
    expect(answer.kept.map((k) => k.i)).toEqual([1]);
    expect(JSON.stringify(answer)).not.toContain(a.id);
    await expect(jobs.markRetired(jobId, 1, true)).rejects.toThrow(/replacement was not made/);
    await jobs.markRetired(jobId, 0, false, 'Clarifai refused.');
    let r = await jobs.results(jobId);
    expect(r.rows.map((row) => [row.retired, row.retiredError])).toEqual([
      ['failed', 'Clarifai refused.'],
      [undefined, undefined],
    ]);
    await jobs.markRetired(jobId, 0, true);
    r = await jobs.results(jobId);
    expect(r.rows[0]!.retired).toBe('deleted');
    expect(r.rotation).toMatchObject({ deleted: 1, failed: 0, deletable: 0, confirmedAt: answer.confirmedAt });
    // Nothing was deleted by confirming: the deletion is phase 2's engine.
    expect(world().sb.keys.has(a.id) && world().sb.keys.has(b.id)).toBe(true);
  });
});
