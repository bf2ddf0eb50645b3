/**
 * The key inventory (../inventory.ts): read it in the background, look at it, stop it. Extension
 * pages only (the protocol says so): the view holds key ids. Reading counts as use for the idle lock.
 */
import * as inventory from '../inventory.ts';
import { afterUse, type Handlers } from './context.ts';

export const inventoryOperations = {
  readInventory: ({ refresh }, ctx) => afterUse(ctx, () => inventory.start(refresh ?? false)),
  getInventory: () => inventory.view(),
  cancelInventory: () => inventory.cancel(),
} satisfies Partial<Handlers>;
