/**
 * A preset asked for by the portal page's panel. A page script can drive the panel (synthetic
 * events: type a name, tick the portal's scope boxes, press Save), so its word alone saves
 * nothing. The preset waits in storage.session, which a content script can neither read nor
 * write, until the person confirms it on the options page.
 */
import type * as v from 'valibot';
import { t } from '../i18n/i18n.ts';
import type { UserPreset } from '../pure/presets/io.ts';
import { OperationError } from './errors.ts';
import { checkName } from './preset-names.ts';
import { build, create, list, type PresetInput } from './presets-store.ts';
import * as storage from './storage/access.ts';
import { PRESET_PENDING } from './storage/items.ts';
import type { PendingPresetSchema } from './storage/schemas.ts';

export type PendingPreset = v.InferOutput<typeof PendingPresetSchema>;

/** Checks a preset the panel asks for as create() would, and keeps it waiting (one at a time: the latest). */
export async function propose(input: PresetInput): Promise<PendingPreset> {
  checkName(await list(), input.name);
  const built = build(input, 'user:pending');
  const pending: PendingPreset = {
    id: crypto.randomUUID(),
    name: built.name,
    description: built.description,
    scopes: [...built.scopes],
    askedAt: new Date().toISOString(),
  };
  await storage.write(PRESET_PENDING, pending);
  return pending;
}

export async function pending(): Promise<PendingPreset | undefined> {
  return storage.read(PRESET_PENDING);
}

/** Saves the waiting preset the person saw (`id`), and nothing else. */
export async function confirmPending(id: string): Promise<UserPreset> {
  const p = await pending();
  if (p?.id !== id) throw new OperationError('invalid', t('errPendingGone'));
  const saved = await create(p);
  await storage.remove(PRESET_PENDING);
  return saved;
}

export async function discardPending(id: string): Promise<void> {
  const p = await pending();
  if (p?.id === id) await storage.remove(PRESET_PENDING);
}
