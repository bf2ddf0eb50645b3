/**
 * What Keysmith keeps of bulk jobs and their proposals: the shapes and the declarations.
 * ../job-store.ts, ../job-evidence.ts and ../job-proposals.ts read and write every job item
 * through these.
 */
import * as v from 'valibot';
import { family, item } from './declare.ts';
import { listOf, Text, Timestamp } from './schemas.ts';

const JobId = /[0-9a-f-]{36}/;
/** A key id's hash as ../job-evidence.ts `keyHash` makes it: the first 48 bits of SHA-256, 12 lower-case hex. */
const KeyHash = v.pipe(v.string(), v.regex(/^[0-9a-f]{12}$/));

const Index = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(4999));

// Loose objects: the fields named are checked, any others are kept.
const JobItemSchema = v.looseObject({
  owner: Text(4096),
  appId: Text(4096),
  description: Text(1000),
  // A rotation item's own fields (./job-types.ts): its key's shape, its expiry, the old key it replaces (no id).
  shape: v.optional(Index),
  expiresAt: v.optional(Timestamp),
  replaces: v.optional(v.object({ hash: KeyHash, tail: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{0,4}$/)), description: Text(1000) })),
});
const JobPlanSchema = v.looseObject({
  id: Text(36),
  kind: v.optional(v.literal('rotation')),
  createdAt: Timestamp,
  scopes: v.array(Text(64)),
  shapes: v.optional(
    v.pipe(
      v.array(v.object({ scopes: v.pipe(v.array(Text(200)), v.maxLength(1000)), endpoints: v.pipe(v.array(Text(200)), v.maxLength(1000)) })),
      v.maxLength(5000),
    ),
  ),
  template: Text(200),
  items: v.pipe(v.array(JobItemSchema), v.maxLength(5000)),
  ratePerSecond: v.pipe(v.number(), v.minValue(0.1), v.maxValue(15)),
});
const JobControlSchema = v.looseObject({
  status: v.picklist(['running', 'paused', 'cancelling', 'cancelled', 'done', 'interrupted']),
  startedAt: v.number(),
});
const ItemStateSchema = v.looseObject({
  status: v.picklist(['pending', 'sending', 'created', 'failed', 'cancelled']),
  attempts: v.pipe(v.number(), v.integer(), v.minValue(0)),
  keyId: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,128}$/))),
});

/**
 * A bulk job proposed from the portal page: its plan, exactly as it would run, until the person
 * starts or discards it on Keysmith's jobs page (../job-proposals.ts). After that, only the outcome.
 */
export const ProposalSchema = v.object({
  id: v.pipe(v.string(), v.uuid()),
  status: v.picklist(['waiting', 'started', 'discarded']),
  askedAt: v.pipe(v.number(), v.finite(), v.minValue(0)),
  decideBy: v.pipe(v.number(), v.finite(), v.minValue(0)),
  plan: v.optional(JobPlanSchema),
  jobId: v.optional(v.pipe(v.string(), v.uuid())),
  error: v.optional(Text(1000)),
});

export const JOB_PROPOSAL = family({
  area: 'session',
  template: 'proposal:{id}',
  parts: { id: /[0-9a-f-]{36}/ },
  what: 'A bulk job the portal page’s panel proposed: the plan as it would run, until the person starts or discards it on Keysmith’s jobs page (then only the outcome, for an hour; session: a content script cannot write it)',
  secret: false,
  version: 1,
  schema: ProposalSchema,
});

export const JOB_PLAN_LOCAL = family({
  area: 'local',
  template: 'job:{job}:plan',
  parts: { job: JobId },
  what: 'A bulk job’s plan without secrets (apps, descriptions, scopes, start), for Recover after a restart',
  secret: false,
  version: 1,
  schema: JobPlanSchema,
});

export const JOB_PLAN_SESSION = family({
  area: 'session',
  template: 'job:{job}:plan',
  parts: { job: JobId },
  what: 'A bulk job’s plan while the browser runs (the local copy serves Recover after a restart)',
  secret: false,
  version: 1,
  schema: JobPlanSchema,
});

export const JOB_CONTROL = family({
  area: 'session',
  template: 'job:{job}:control',
  parts: { job: JobId },
  what: 'A job’s status (running, paused, …) and timing',
  secret: false,
  version: 1,
  schema: JobControlSchema,
});

export const JOB_ITEM = family({
  area: 'session',
  template: 'job:{job}:item:{index}',
  parts: { job: JobId, index: /\d{1,4}/ },
  what: 'One app’s state in a job, with the created key id',
  secret: true,
  version: 1,
  schema: ItemStateSchema,
});

export const JOB_CHECK = family({
  area: 'session',
  template: 'job:{job}:check:{kind}',
  parts: { job: JobId, kind: /recover|duplicates/ },
  what: 'How far Recover or the duplicate sweep went, app by app (so a stopped worker goes on), with the duplicates found (key ids) and the apps it could not look up',
  secret: true,
  version: 1,
  schema: v.looseObject({
    kind: v.picklist(['recover', 'duplicates']),
    status: v.picklist(['running', 'done', 'stopped']),
    next: v.pipe(v.number(), v.integer(), v.minValue(0)),
    total: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(5000)),
    duplicates: v.pipe(
      v.array(v.looseObject({ i: v.pipe(v.number(), v.integer(), v.minValue(0)), keyId: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,128}$/)) })),
      v.maxLength(50_000),
    ),
    unchecked: v.pipe(v.array(v.looseObject({ i: v.pipe(v.number(), v.integer(), v.minValue(0)), reason: Text(2000) })), v.maxLength(5000)),
  }),
});

export const JOB_EVIDENCE = family({
  area: 'local',
  template: 'job:{job}:evidence',
  parts: { job: JobId },
  what: 'What a job saw before each attempt, to tell its own keys from others’: times, and 48-bit hashes of the key ids listed and recorded (no key id)',
  secret: false,
  version: 1,
  schema: v.looseObject({
    v: v.literal(1),
    items: v.pipe(v.array(v.nullable(v.tuple([v.nullable(v.number()), v.nullable(v.number()), v.nullable(v.array(KeyHash))]))), v.maxLength(5000)),
    claims: v.pipe(v.array(KeyHash), v.maxLength(5000)),
  }),
});

export const JOB_OLD_KEYS = family({
  area: 'session',
  template: 'job:{job}:old',
  parts: { job: JobId },
  what: 'A rotation’s old keys (key ids), item by item, until phase 2 deletes them (after a browser restart they are found again by their hash)',
  secret: true,
  version: 1,
  schema: v.pipe(v.array(v.nullable(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,128}$/)))), v.maxLength(5000)),
});

export const JOB_ROTATION = family({
  // In storage.session, beside the item states it is checked against: a content script can write
  // storage.local, and a forged "deleted" there would tell the person a leaked key is gone.
  area: 'session',
  template: 'job:{job}:rotation',
  parts: { job: JobId },
  what: 'A rotation’s second phase: when the person confirmed the new keys are in place, the task deleting the old keys, which were deleted and which could not be, and why (no key id)',
  secret: false,
  version: 1,
  schema: v.object({
    confirmedAt: v.optional(Timestamp),
    retiring: v.optional(Text(100)),
    deleted: v.pipe(v.array(Index), v.maxLength(5000)),
    failed: v.pipe(v.array(v.object({ i: Index, reason: Text(600) })), v.maxLength(5000)),
  }),
});

export const JOB_HISTORY = item({
  area: 'local',
  key: 'jobs:history',
  what: 'The last 50 jobs: when, scopes, the first 10 app ids, counts; no key ids (plans and evidence are kept for the last 20 jobs, within 4 MiB)',
  secret: false,
  version: 1,
  schema: listOf(v.looseObject({ id: Text(36), createdAt: Timestamp, status: Text(20) }), 50),
  default: [],
});
