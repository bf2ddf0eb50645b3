/**
 * The shapes of what Keysmith keeps (outside the jobs: ./job-items.ts), for the declarations in
 * ./items.ts and for the modules that build such values.
 */
import * as v from 'valibot';
import { ID_RE, normalizeBaseUrl } from '../../pure/clarifai/client.ts';
import { PBKDF2_ITERATIONS } from '../../pure/crypto/seal.ts';
import { DescriptionSchema, NameSchema, ScopeListSchema, type UserPreset } from '../../pure/presets/io.ts';
import { checkScopes } from '../../pure/presets/model.ts';
import { PatSchema } from '../../pure/protocol/session.ts';

/** A list whose unreadable elements are dropped one by one, so one bad entry does not lose the rest. */
export function listOf<T>(element: v.GenericSchema<unknown, T>, max: number) {
  return v.pipe(
    v.array(v.unknown()),
    v.maxLength(max),
    v.transform((xs) =>
      xs.flatMap((x) => {
        const r = v.safeParse(element, x);
        return r.success ? [r.output] : [];
      }),
    ),
  );
}

export const Timestamp = v.pipe(v.string(), v.maxLength(40));
export const Text = (max: number) => v.pipe(v.string(), v.maxLength(max));
export const ClarifaiId = v.pipe(v.string(), v.regex(ID_RE));
export const PresetId = v.pipe(v.string(), v.regex(/^user:[A-Za-z0-9-]{1,64}$/));

/** An API address as settings keep it: https (http on loopback only), normalised. */
export const BaseUrlSchema = v.pipe(
  v.string(),
  v.maxLength(200),
  v.check((s) => {
    try {
      normalizeBaseUrl(s);
      return true;
    } catch {
      return false;
    }
  }),
  v.transform((s) => normalizeBaseUrl(s)),
);

export const ProfileSchema = v.object({
  userId: Text(128),
  name: Text(300),
  scopes: v.pipe(v.array(Text(64)), v.maxLength(1000)),
  verifiedAt: Timestamp,
});

/** The PAT in memory, with whose it is and the address it was verified against. */
export const VaultRecordSchema = v.object({
  pat: PatSchema,
  profile: v.optional(ProfileSchema),
  apiBaseUrl: BaseUrlSchema,
});

const Base64 = (max: number) => v.pipe(v.string(), v.maxLength(max), v.regex(/^[A-Za-z0-9+/]*={0,2}$/));

/** A sealed box (../../pure/crypto/seal.ts). The cost is bounded: a stored value cannot make unlocking take hours. */
export const SealedSchema = v.object({
  v: v.literal(1),
  kdf: v.literal('PBKDF2-SHA256'),
  iterations: v.pipe(v.number(), v.integer(), v.minValue(PBKDF2_ITERATIONS), v.maxValue(10_000_000)),
  salt: Base64(64),
  iv: Base64(64),
  data: Base64(200_000),
});

/** Scopes of a stored preset: Clarifai's exposed ones only (a scope it no longer offers is dropped), closed under dependencies. */
const StoredScopes = v.pipe(
  ScopeListSchema,
  v.transform((s) => checkScopes(s).scopes),
  v.minLength(1),
);

export const UserPresetSchema: v.GenericSchema<unknown, UserPreset> = v.object({
  id: PresetId,
  name: NameSchema,
  description: v.optional(DescriptionSchema, ''),
  scopes: StoredScopes,
  builtIn: v.optional(v.literal(false), false),
  updatedAt: Timestamp,
});

export const SyncItemSchema = v.object({
  n: NameSchema,
  d: v.optional(DescriptionSchema),
  s: v.pipe(v.string(), v.maxLength(200), v.regex(/^[A-Za-z0-9_-]*$/)),
  u: Timestamp,
});

/** A preset the panel asked to save, waiting for the person to confirm it on the options page. */
export const PendingPresetSchema = v.object({
  id: v.pipe(v.string(), v.uuid()),
  name: NameSchema,
  description: v.optional(DescriptionSchema, ''),
  scopes: StoredScopes,
  askedAt: Timestamp,
});

/** The most keys the inventory keeps: storage.session holds 10 MB in Chrome, shared with running jobs (a key takes about 250 bytes). */
export const INVENTORY_MAX_KEYS = 20_000;
/** The most apps one inventory reads the keys of (50 organizations of 5,000 apps would be 250,000: stop well before). */
export const INVENTORY_MAX_APPS = 20_000;

const InventoryKeySchema = v.object({
  keyId: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,128}$/)),
  kind: v.picklist(['app', 'pat']),
  owner: Text(128),
  appId: Text(128),
  appName: v.optional(Text(300)),
  description: Text(1000),
  scopes: v.pipe(v.array(Text(200)), v.maxLength(1000)),
  endpoints: v.pipe(v.array(Text(200)), v.maxLength(1000)),
  createdAt: v.optional(Timestamp),
  expiresAt: v.optional(Timestamp),
});

/** An app whose keys are still to be read: owner, id and name as listed. */
export const AppToReadSchema = v.object({ owner: ClarifaiId, appId: ClarifaiId, appName: v.optional(Text(300)) });
export type AppToRead = v.InferOutput<typeof AppToReadSchema>;

/**
 * The inventory as far as it was read, and where its read is: `own` (the token owner's keys),
 * `list` (listing the apps to read), `apps` (reading them: `todo` holds those not read yet), `done`.
 */
export const InventoryRecordSchema = v.object({
  view: v.object({
    status: v.picklist(['empty', 'reading', 'done', 'cancelled', 'stopped']),
    readAt: v.optional(Timestamp),
    appsRead: v.pipe(v.number(), v.integer(), v.minValue(0)),
    appsTotal: v.pipe(v.number(), v.integer(), v.minValue(0)),
    keys: v.pipe(v.array(InventoryKeySchema), v.maxLength(INVENTORY_MAX_KEYS)),
    unreadable: v.pipe(v.array(v.object({ owner: Text(128), appId: Text(128), reason: Text(1000) })), v.maxLength(INVENTORY_MAX_APPS + 100)),
    message: v.optional(Text(1000)),
  }),
  phase: v.picklist(['own', 'list', 'apps', 'done']),
  todo: v.pipe(v.array(AppToReadSchema), v.maxLength(INVENTORY_MAX_APPS)),
  /** Keys were left out because the inventory holds INVENTORY_MAX_KEYS. */
  full: v.boolean(),
  /** The token owner's own keys could not be listed: the first of `view.unreadable` says why. */
  ownUnreadable: v.optional(v.boolean()),
});
export type InventoryRecord = v.InferOutput<typeof InventoryRecordSchema>;

const KeyChangeRowSchema = v.object({
  keyId: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,128}$/)),
  owner: Text(128),
  appId: Text(128),
  appName: v.optional(Text(300)),
  description: Text(1000),
  status: v.picklist(['pending', 'sending', 'done', 'unchanged', 'failed', 'cancelled']),
  gains: v.optional(v.pipe(v.array(Text(200)), v.maxLength(2000))),
  loses: v.optional(v.pipe(v.array(Text(200)), v.maxLength(2000))),
  error: v.optional(Text(1000)),
  note: v.optional(Text(300)),
  /** A rotation's item whose old key this row deletes (phase 2). */
  ref: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(20_000))),
  requires: v.optional(v.object({ owner: Text(128), keyId: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,128}$/)) })),
});

/**
 * A change of existing keys (../key-changes.ts): its rows (a row `sending` may have landed: it is
 * looked up before anything is sent again) and, for a change of scopes, the scope set each key gets.
 */
export const KeyChangeRecordSchema = v.object({
  id: v.pipe(v.string(), v.uuid()),
  kind: v.picklist(['delete', 'scopes']),
  status: v.picklist(['running', 'done', 'cancelled', 'stopped']),
  presetName: v.optional(Text(200)),
  rows: v.pipe(v.array(KeyChangeRowSchema), v.minLength(1), v.maxLength(20_000)),
  message: v.optional(Text(1000)),
  startedAt: Timestamp,
  finishedAt: v.optional(Timestamp),
  origin: v.optional(v.object({ rotation: Text(100) })),
  scopes: v.optional(v.pipe(v.array(Text(64)), v.maxLength(1000))),
  endpoints: v.optional(v.pipe(v.array(Text(200)), v.maxLength(1000))),
});
export type KeyChangeRecord = v.InferOutput<typeof KeyChangeRecordSchema>;
