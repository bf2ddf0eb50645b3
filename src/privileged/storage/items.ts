/**
 * Every item Keysmith keeps outside the jobs (those are ./job-items.ts), declared once: the token
 * and its lock, the settings, the presets, the app directory, the key inventory and a change of its keys. All are listed in ./catalogue.ts.
 */
import * as v from 'valibot';
import { DEFAULT_BASE_URL } from '../../pure/clarifai/client.ts';
import { CLIPBOARD_CLEAR_SECONDS, LOCK_AFTER_MINUTES } from '../../pure/settings.ts';
import { DEFAULT_BATCH_CAP, MAX_BATCH } from '../../pure/bulk/batching.ts';
import { MAX_PRESETS, SYNC_QUOTA } from '../../pure/presets/io.ts';
import { family, item } from './declare.ts';
import {
  BaseUrlSchema,
  ClarifaiId,
  InventoryRecordSchema,
  KeyChangeRecordSchema,
  listOf,
  PendingPresetSchema,
  PresetId,
  SealedSchema,
  SyncItemSchema,
  UserPresetSchema,
  VaultRecordSchema,
} from './schemas.ts';

export const VAULT = item({
  area: 'session',
  key: 'vault',
  what: 'The PAT, whose it is, and the API address it was verified against',
  secret: true,
  version: 2,
  // Version 1 had no address: a token kept then was verified against the default one.
  migrate: (old) => (old && typeof old === 'object' ? { apiBaseUrl: DEFAULT_BASE_URL, ...old } : old),
  schema: v.optional(VaultRecordSchema),
  default: undefined,
});

export const VAULT_LAST_USE = item({
  area: 'session',
  key: 'vault:lastUse',
  what: 'When an extension page last used the token (ms), for the idle lock',
  secret: false,
  version: 1,
  schema: v.optional(v.pipe(v.number(), v.finite(), v.minValue(0))),
  default: undefined,
});

export const VAULT_NOTICE = item({
  area: 'session',
  key: 'vault:notice',
  what: 'Why Keysmith forgot the token by itself (the API address changed)',
  secret: false,
  version: 1,
  schema: v.optional(v.picklist(['address-changed'])),
  default: undefined,
});

export const VAULT_SEALED = item({
  area: 'local',
  key: 'vault:sealed',
  what: 'With “Remember on this device” only: the PAT record sealed with the passphrase (PBKDF2-SHA256, AES-GCM); ciphertext, no secret in the clear',
  secret: false,
  version: 1,
  schema: v.optional(SealedSchema),
  default: undefined,
});

export const VAULT_IDLE_MINUTES = item({
  area: 'local',
  key: 'vault:idleMinutes',
  what: 'Minutes unused after which a remembered token locks (1 to 1,440)',
  secret: false,
  version: 1,
  schema: v.pipe(v.number(), v.integer(), v.minValue(LOCK_AFTER_MINUTES.min), v.maxValue(LOCK_AFTER_MINUTES.max)),
  default: LOCK_AFTER_MINUTES.default,
});

export const SETTINGS = item({
  area: 'local',
  key: 'settings',
  what: 'The API address (https)',
  secret: false,
  version: 1,
  schema: v.object({ apiBaseUrl: BaseUrlSchema }),
  default: { apiBaseUrl: DEFAULT_BASE_URL },
});

export const CLIPBOARD_CLEAR = item({
  area: 'local',
  key: 'clipboard:clearSeconds',
  what: 'Seconds after a copy of key ids until the results page clears the clipboard (0: never)',
  secret: false,
  version: 1,
  schema: v.pipe(v.number(), v.integer(), v.minValue(CLIPBOARD_CLEAR_SECONDS.min), v.maxValue(CLIPBOARD_CLEAR_SECONDS.max)),
  default: CLIPBOARD_CLEAR_SECONDS.default,
});

export const BATCHING = item({
  area: 'local',
  key: 'batching',
  what: 'Whether bulk jobs may send several keys in one PostKeys, and at most how many',
  secret: false,
  version: 1,
  schema: v.object({ enabled: v.boolean(), cap: v.pipe(v.number(), v.integer(), v.minValue(2), v.maxValue(MAX_BATCH)) }),
  default: { enabled: true, cap: DEFAULT_BATCH_CAP },
});

/** What a job learned of batches on one API address (src/pure/bulk/batching.ts `Learned`). */
const LearnedSchema = v.object({
  verdict: v.picklist(['works', 'partial', 'refused']),
  size: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_BATCH)),
  tooLarge: v.optional(v.pipe(v.number(), v.integer(), v.minValue(2), v.maxValue(MAX_BATCH))),
  at: v.pipe(v.number(), v.finite(), v.minValue(0)),
});

/** At most this many API addresses are remembered (the oldest learned is dropped first). */
export const MAX_BATCH_ADDRESSES = 20;

export const BATCH_LEARNED = item({
  area: 'local',
  key: 'batching:learned',
  what: 'What bulk jobs learned of several keys in one PostKeys, per API address, with its date',
  secret: false,
  version: 1,
  schema: v.pipe(v.array(v.object({ address: BaseUrlSchema, learned: LearnedSchema })), v.maxLength(MAX_BATCH_ADDRESSES)),
  default: [],
});

export const BATCH_PROBED = item({
  area: 'session',
  key: 'batching:probed',
  what: 'API addresses a bulk job of this browser session has already probed with a batch of two',
  secret: false,
  version: 1,
  schema: v.pipe(v.array(BaseUrlSchema), v.maxLength(MAX_BATCH_ADDRESSES)),
  default: [],
});

export const ORGS = item({
  area: 'local',
  key: 'orgs',
  what: 'Organization ids added to the app picker',
  secret: false,
  version: 1,
  schema: listOf(ClarifaiId, 50),
  default: [],
});

export const PRESET_SYNC = item({
  area: 'local',
  key: 'presetSync',
  what: 'Whether presets are kept in browser sync',
  secret: false,
  version: 1,
  schema: v.boolean(),
  default: false,
});

export const PRESETS_LOCAL = item({
  area: 'local',
  key: 'presets',
  what: 'The user’s presets (names, descriptions, scopes); a copy of sync’s while sync is on',
  secret: false,
  version: 1,
  schema: listOf(UserPresetSchema, MAX_PRESETS),
  default: [],
});

export const PRESETS_ORDER = item({
  area: 'sync',
  key: 'presets:order',
  what: 'The order of the user’s presets',
  secret: false,
  version: 1,
  schema: listOf(PresetId, SYNC_QUOTA.maxItems),
  default: [],
});

export const PRESET_ITEM = family({
  area: 'sync',
  template: 'preset:{id}',
  parts: { id: /user:[A-Za-z0-9-]{1,64}/ },
  what: 'One user preset, compact (scopes as a bit set)',
  secret: false,
  version: 1,
  schema: SyncItemSchema,
});

export const PRESET_PENDING = item({
  area: 'session',
  key: 'presets:pending',
  what: 'A preset the portal page’s panel asked to save, until the person confirms or discards it on the options page (session: a content script cannot write it)',
  secret: false,
  version: 1,
  schema: v.optional(PendingPresetSchema),
  default: undefined,
});

export const APPS_DIRECTORY = item({
  area: 'session',
  key: 'apps:directory',
  what: 'Names of the apps the worker listed, so a job names its apps itself',
  secret: false,
  version: 1,
  schema: v.pipe(v.array(v.tuple([v.string(), v.string(), v.string()])), v.maxLength(20_000)),
  default: [],
});

export const INVENTORY = item({
  area: 'session',
  key: 'inventory',
  what: 'The key inventory: every key the token can see (key ids), the apps that could not be read, and the apps still to read (so a stopped read goes on)',
  secret: true,
  version: 1,
  schema: v.optional(InventoryRecordSchema),
  default: undefined,
});

export const KEY_CHANGE = item({
  area: 'session',
  key: 'keyChange',
  what: 'A change of existing keys from the inventory page (delete, or new scopes): each key id with its row’s state (a row marked sending is looked up before anything is sent again), and the scopes each key gets',
  secret: true,
  version: 1,
  schema: v.optional(KeyChangeRecordSchema),
  default: undefined,
});
