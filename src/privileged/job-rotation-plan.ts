/**
 * A rotation's plan (phase 1: make a replacement for each old key), from key ids a page picked in
 * the inventory. The worker takes nothing else from the page: each id is looked up in its own
 * inventory record (storage.session, ./inventory.ts), and the key's owner, app, description,
 * scopes and endpoint-level scopes come from there. A key the job cannot replace is left out with
 * the reason (as a bulk job leaves apps out), never named by its id: ids are secrets.
 *
 * The plan keeps each old key's hash and last four characters only (it is copied to
 * storage.local); the ids themselves go to storage.session (`JOB_OLD_KEYS`), see ./job-rotation.ts.
 */
import { t, tn } from '../i18n/i18n.ts';
import { isValidId } from '../pure/clarifai/client.ts';
import { BUILTIN_PRESETS } from '../pure/presets/builtins.ts';
import { MAX_DESCRIPTION, plainText, renderDescription, today } from '../pure/bulk/template.ts';
import { scopeSummary } from '../pure/inventory/summary.ts';
import type { InventoryKey } from '../pure/protocol/inventory.ts';
import type { LeftOutApp } from '../pure/protocol/jobs.ts';
import type { Request } from '../pure/protocol/index.ts';
import { OperationError } from './errors.ts';
import { keyHash } from './job-evidence.ts';
import { checkExpiry, MAX_APPS_PER_JOB } from './job-plan.ts';
import { tuning } from './limiter.ts';
import type { JobPlan, KeyShape, PlanItem } from './job-types.ts';
import * as storage from './storage/access.ts';
import { INVENTORY } from './storage/items.ts';
import { JOB_OLD_KEYS, JOB_ROTATION } from './storage/job-items.ts';

export type RotationRequest = Omit<Request<'startRotation'>, 'op'>;

/** Clarifai app ids (as ./job-plan.ts). */
const APP_ID_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;
/** An old key's expiry is kept only if it is at least this far ahead (the job takes its time). */
const EXPIRY_MARGIN_MS = 10 * 60_000;

/** Shown in a left-out line instead of the key: its app, never its id. */
const where = (k: InventoryKey | undefined) => ({ owner: plainText(k?.owner ?? '', 64), appId: plainText(k?.appId ?? '', 64) });

/** A private-use character standing for `{description}` while the other placeholders are filled. */
const SLOT = '\uE000';

/** A template filled for one old key: the bulk placeholders, and `{description}` = its description. */
export function describeFrom(template: string, key: InventoryKey, appName: string, date: string): string {
  const filled = renderDescription(template.replaceAll('{description}', SLOT), {
    app_id: key.appId,
    app_name: appName,
    owner: key.owner,
    date,
    preset: scopeSummary(key.scopes, BUILTIN_PRESETS),
  });
  // Filled last, so that braces in an old description are never read as placeholders.
  return plainText(filled.replaceAll(SLOT, key.description), MAX_DESCRIPTION);
}

export interface PlannedRotation {
  plan: JobPlan;
  /** The old keys' ids, item by item (secrets: storage.session only). */
  oldIds: string[];
}

/**
 * The old keys of the rotations this browser still holds (storage.session), but those phase 2 has
 * dealt with (deleted, or given up on and said why): a key is not given a second replacement by a second rotation while the first still
 * stands (two tabs, or Rotate pressed again before the first was confirmed).
 */
async function beingRotated(): Promise<Set<string>> {
  const session = await storage.readArea('session');
  // Ended for this key: its old key deleted, or phase 2 gave up on it (its replacement is gone, say).
  const done = new Map(
    (await storage.readFamily(JOB_ROTATION, session)).map((m) => [m.parts.job, new Set([...m.value.deleted, ...m.value.failed.map((f) => f.i)])]),
  );
  const out = new Set<string>();
  for (const { parts, value } of await storage.readFamily(JOB_OLD_KEYS, session)) value.forEach((id, i) => id && !done.get(parts.job)?.has(i) && out.add(id));
  return out;
}

/**
 * The rotation's plan: one item per old key it can replace, each with that key's own scopes and
 * endpoints (kept once per distinct set in `shapes`), its description or the template's, and the
 * expiry the person set (else the old key's own, if it still lies ahead; else none).
 */
export async function planRotation(req: RotationRequest): Promise<PlannedRotation> {
  if (req.keyIds.length === 0) throw new OperationError('invalid', t('errPickKey'));
  if (req.keyIds.length > MAX_APPS_PER_JOB) throw new OperationError('invalid', t('errTooManyKeysToRotate', MAX_APPS_PER_JOB));
  checkExpiry(req.expiresAt);
  const record = await storage.read(INVENTORY);
  const byId = new Map((record?.view.keys ?? []).map((k) => [k.keyId, k]));
  const leftOut: (LeftOutApp & { pick: number })[] = [];
  const served: { key: InventoryKey; pick: number }[] = [];
  const seen = new Set<string>();
  const rotating = await beingRotated();
  req.keyIds.forEach((id, pick) => {
    const key = byId.get(id);
    const out = (reason: string) => leftOut.push({ ...where(key), reason, pick });
    if (!key) return out(t('wkKeyNotListed'));
    if (key.kind === 'pat') return out(t('wkKeyIsPat'));
    if (!isValidId(key.owner) || !APP_ID_RE.test(key.appId)) return out(t('wkKeyNoApp'));
    if (!key.scopes.length && !key.endpoints.length) return out(t('wkKeyEmpty'));
    if (seen.has(id)) return out(t('wkKeyTwice'));
    if (rotating.has(id)) return out(t('wkKeyRotating'));
    seen.add(id);
    served.push({ key, pick });
  });
  if (!served.length) {
    const why = [...new Set(leftOut.map((l) => l.reason))].slice(0, 3).join(' ');
    throw new OperationError('invalid', tn('errNoKeyServed', req.keyIds.length, why));
  }
  const date = today();
  const shapes: KeyShape[] = [];
  const shapeOf = new Map<string, number>();
  const items: PlanItem[] = [];
  const oldIds: string[] = [];
  for (const { key, pick } of served) {
    const shape: KeyShape = { scopes: [...new Set(key.scopes)].sort(), endpoints: [...new Set(key.endpoints)].sort() };
    const sk = JSON.stringify(shape);
    if (!shapeOf.has(sk)) shapeOf.set(sk, shapes.push(shape) - 1);
    const appName = key.appName ?? key.appId;
    const description = req.template === undefined ? key.description : describeFrom(req.template, key, appName, date); // unchanged by default
    const old = key.expiresAt && Date.parse(key.expiresAt) > Date.now() + EXPIRY_MARGIN_MS ? key.expiresAt : undefined;
    const expiresAt = req.expiresAt ?? old;
    items.push({
      owner: key.owner,
      appId: key.appId,
      appName,
      pick,
      description,
      shape: shapeOf.get(sk)!,
      ...(expiresAt ? { expiresAt } : {}),
      replaces: { hash: await keyHash(key.keyId), tail: key.keyId.slice(-4), description: key.description },
    });
    oldIds.push(key.keyId);
  }
  return {
    plan: {
      id: crypto.randomUUID(),
      kind: 'rotation',
      createdAt: new Date().toISOString(),
      date,
      scopes: [],
      shapes,
      template: req.template ?? '{description}',
      expiresAt: req.expiresAt,
      ratePerSecond: Math.min(tuning.ratePerSecond, 15),
      leftOut,
      items,
    },
    oldIds,
  };
}
