/**
 * Changes of existing keys from the key inventory page (../key-changes.ts): delete them or give
 * them a scope set, look at the task, stop it, go on with it, forget it. Extension pages only (the
 * protocol says so): rows hold key ids. Starting and resuming count as use for the idle lock.
 */
import * as keyChanges from '../key-changes.ts';
import { afterUse, type Handlers } from './context.ts';

export const keyChangeOperations = {
  startKeyChange: ({ kind, keyIds, scopes, endpoints, presetName }, ctx) =>
    afterUse(ctx, () => keyChanges.start({ kind, keyIds, scopes, endpoints, presetName })),
  getKeyChange: () => keyChanges.view(),
  cancelKeyChange: () => keyChanges.cancel(),
  resumeKeyChange: (_req, ctx) => afterUse(ctx, () => keyChanges.resume()),
  async dismissKeyChange() {
    await keyChanges.dismiss();
    return null;
  },
} satisfies Partial<Handlers>;
