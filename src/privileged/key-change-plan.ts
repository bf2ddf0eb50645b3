/**
 * The rows of a change of keys, made before anything is sent (./key-changes.ts runs them): each key
 * id looked up in the worker's own inventory (a page's word is not taken for a key's owner, app or
 * scopes), a PAT or an id the inventory does not hold refused row by row, and for a change of
 * scopes, what each key gains and loses (a key that already matches is left alone). The scopes
 * asked for are checked first.
 */
import { list, t } from '../i18n/i18n.ts';
import type { InventoryKey } from '../pure/protocol/inventory.ts';
import type { KeyChangeRow } from '../pure/protocol/key-changes.ts';
import { scopeDiff } from '../pure/inventory/diff.ts';
import { isExposed } from '../pure/scopes/catalogue.ts';
import { OperationError } from './errors.ts';
import type { ScopeTarget } from './key-change-rows.ts';

export const notInInventory = (): string => t('wkNotInInventory');
export const patReadOnly = (): string => t('wkPatReadOnly');
export const noScopes = (): string => t('errNoScopesChosen');

export interface StartRequest {
  kind: 'delete' | 'scopes';
  keyIds: string[];
  scopes?: string[] | undefined;
  endpoints?: string[] | undefined;
  presetName?: string | undefined;
}

export const failedRow = (keyId: string, error: string): KeyChangeRow => ({ keyId, owner: '', appId: '', description: '', status: 'failed', error });

export function rowOf(k: InventoryKey, kind: 'delete' | 'scopes', target?: ScopeTarget): KeyChangeRow {
  const row: KeyChangeRow = { keyId: k.keyId, owner: k.owner, appId: k.appId, appName: k.appName, description: k.description, status: 'pending' };
  if (k.kind === 'pat') return { ...row, status: 'failed', error: patReadOnly() };
  if (kind === 'scopes' && target) {
    const d = scopeDiff(k, target);
    row.gains = [...d.gains, ...d.gainsEndpoints];
    row.loses = [...d.loses, ...d.losesEndpoints];
    if (d.same) row.status = 'unchanged';
  }
  return row;
}

/** The scopes asked for, checked before anything starts: Clarifai's exposed scope names, at least one. */
export function targetOf(req: StartRequest): ScopeTarget | undefined {
  if (req.kind !== 'scopes') return undefined;
  const scopes = [...new Set(req.scopes ?? [])];
  if (!scopes.length) throw new OperationError('invalid', noScopes());
  const unknown = scopes.filter((s) => !isExposed(s));
  if (unknown.length) throw new OperationError('invalid', t('errUnknownScope', list(unknown.slice(0, 3))));
  return { scopes, endpoints: req.endpoints && [...new Set(req.endpoints)] };
}
