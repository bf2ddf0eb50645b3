/**
 * The protocol (./index.ts) of the key inventory: every app-specific key the token can see, read by
 * the worker (paced by its one limiter), kept in storage.session (key ids are secrets), shown on
 * Keysmith's inventory page. Extension pages only: the content script never sees a key id.
 */
import * as v from 'valibot';
import { Op, type OperationTable } from './common.ts';

export const INVENTORY_OPERATIONS = {
  /** Start reading (or go on where a stopped read left off); `refresh` starts over. Answers at once. */
  readInventory: { from: ['page'], schema: Op('readInventory', { refresh: v.optional(v.boolean()) }) },
  /** The inventory as far as it has been read, with its progress. */
  getInventory: { from: ['page'], schema: Op('getInventory', {}) },
  /** Stops a read in progress; what was read is kept. */
  cancelInventory: { from: ['page'], schema: Op('cancelInventory', {}) },
} as const satisfies OperationTable;

export interface InventoryKey {
  /**
   * The key itself (a secret): extension pages show it masked and reveal one at a time. For a PAT,
   * only a stand-in (`pat-<n>-<its last four characters>`): a token is never shown.
   */
  keyId: string;
  /** 'app': an app-specific key; 'pat': a Personal Access Token (shown read-only). */
  kind: 'app' | 'pat';
  /** The app's owner and id ('' for a PAT). */
  owner: string;
  appId: string;
  /** The app's name as listed, when known. */
  appName?: string | undefined;
  description: string;
  scopes: string[];
  /** Endpoint-level scopes, if any. */
  endpoints: string[];
  createdAt?: string | undefined;
  expiresAt?: string | undefined;
}

export interface InventoryView {
  status: 'empty' | 'reading' | 'done' | 'cancelled' | 'stopped';
  /** When the read that produced `keys` finished (or stopped). */
  readAt?: string | undefined;
  /** Apps whose keys were read, of all apps to read ("312 of 5,000 apps read"). */
  appsRead: number;
  appsTotal: number;
  keys: InventoryKey[];
  /** Apps whose keys could not be read, each with the reason in words a person reads. */
  unreadable: { owner: string; appId: string; reason: string }[];
  /** Why a read stopped (a wrong or locked token, a dropped connection), in words. */
  message?: string | undefined;
}

export interface InventoryAnswers {
  readInventory: InventoryView;
  getInventory: InventoryView;
  cancelInventory: InventoryView;
}
