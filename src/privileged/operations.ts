/**
 * The worker's named operations, by area (./operations/). Each one is called by the router only
 * after the sender and the message were checked. None returns the PAT; only extension pages see
 * its last four characters.
 */
import { appOperations } from './operations/apps.ts';
import { attachOperations } from './operations/attach.ts';
import type { Handlers } from './operations/context.ts';
import { inventoryOperations } from './operations/inventory.ts';
import { jobOperations } from './operations/jobs.ts';
import { keyChangeOperations } from './operations/key-changes.ts';
import { presetOperations } from './operations/presets.ts';
import { settingsOperations } from './operations/settings.ts';
import { tokenOperations } from './operations/token.ts';

export const handlers: Handlers = {
  ...tokenOperations,
  ...appOperations,
  ...settingsOperations,
  ...presetOperations,
  ...jobOperations,
  ...attachOperations,
  ...inventoryOperations,
  ...keyChangeOperations,
};
