/**
 * The sandbox's data model: users and organizations, apps, collaborations, keys (app keys and PATs are
 * both `Key`s, as in the proto), browser sessions, the runtime faults and switches, and a log of every
 * API request so tests can count throttles, duplicates and keys created per app.
 *
 * Everything generated comes from a seeded PRNG (see seed.ts), so two sandboxes with the same seed are
 * identical and a run that sends the same requests in the same order sees the same ids.
 */
import { DEFAULT_SEED } from './constants.ts';
import { Prng } from './prng.ts';
import { seedSandbox } from './seed.ts';
import type { AppData } from './app-data.ts';

export * from './constants.ts';

/** Microseconds since the Unix epoch (timestamps on the wire carry 6 fraction digits). */
export type Micros = number;
export type Gettable = 10 | 30 | 50;
export type KeyType = 'app_specific_key' | 'personal_access_token';

export interface UserRec {
  id: string;
  kind: 'user' | 'org';
  firstName: string;
  lastName: string;
  companyName: string;
  createdAt: Micros;
  /** Organizations only: user ids of the members. */
  members: string[];
}

export interface AppRec {
  id: string;
  userId: string;
  name: string;
  description: string;
  notes: string;
  createdAt: Micros;
  modifiedAt: Micros;
  visibility: Gettable;
  /** Users who starred the app (`is_starred` is per requesting user). */
  starredBy: Set<string>;
  starCount: number;
  isTemplate: boolean;
  /** Handpicked by Clarifai staff (`featured_only`); not a field of App on the wire. */
  featured: boolean;
  counts: { datasets: number; models: number; workflows: number; modules: number; inputs: number };
}

export interface CollaborationRec {
  /** The collaborator (the user the app is shared with). */
  userId: string;
  appOwnerId: string;
  appId: string;
  scopes: string[];
  endpoints: string[];
  createdAt: Micros;
}

export interface AppRef {
  id: string;
  userId: string;
}

export interface KeyRec {
  /** The secret itself: 32 lower-case hex. */
  id: string;
  type: KeyType;
  /** The user or organization under whose `/v2/users/{id}/keys` the key lives. */
  ownerId: string;
  description: string;
  scopes: string[];
  endpoints: string[];
  /** Exactly one for an app key, none for a PAT. */
  apps: AppRef[];
  createdAt: Micros;
  expiresAt?: Micros;
}

export type FaultKind = 'throttle' | 'error' | 'drop' | 'ratelimit';

export interface LogEntry {
  seq: number;
  /** Wall-clock milliseconds when the request arrived. */
  time: number;
  method: string;
  path: string;
  query: string;
  /** The authenticated user, when authentication succeeded. */
  userId?: string;
  auth?: 'pat' | 'session' | 'app_key';
  /** The RPC the path matched, e.g. `PostKeys`. */
  rpc?: string;
  origin?: string;
  /** HTTP status sent; 0 when the connection was dropped without an answer. */
  status: number;
  /** `status.code` of the body; 0 for a non-JSON answer. */
  code: number;
  reqId: string;
  fault?: FaultKind;
}

export interface KeyEvent {
  kind: 'created' | 'patched' | 'deleted';
  keyId: string;
  ownerId: string;
  /** The key's app, for app keys. */
  app?: AppRef;
  description: string;
  time: Micros;
  reqId: string;
}

/** Faults injected at runtime; all off by default. */
export interface Faults {
  /** Added before answering every API request. */
  latencyMs: number;
  /** 0..1: answer a transient error (10030/503, 40031/503, 40032/504, plain 502 in rotation), commit nothing. */
  errorRate: number;
  /** 0..1: answer 11005/429 although the rate limit was not reached. */
  throttleRate: number;
  /**
   * 0..1, mutating calls only: commit the change, then destroy the socket without answering. While > 0
   * every response carries `Connection: close`, and a drop only happens on a connection's first request
   * (Chromium silently re-sends a POST whose reused keep-alive connection closes early: docs/browser-testing.md).
   */
  dropAfterCommitRate: number;
  /** Seed of the fault PRNG; setting it restarts the fault sequence. */
  seed: number;
}

/** Behaviours that are configuration or unknown in reality (README.md lists which is which). */
export interface Switches {
  /** Requests per rolling second per authenticated user; 0 disables the limit. */
  rateLimitPerSecond: number;
  /** When > 0, 11005 answers carry `Retry-After: <n>` (Clarifai has never been seen sending one). */
  retryAfterSeconds: number;
  /** Unknown: may an org member's PAT create/list/patch/delete keys under /v2/users/{org}/keys? */
  orgKeysAllowed: boolean;
  /** Unknown: does GET /v2/users/{id}/scopes accept a PAT (the proto says browser session only)? */
  scopesAcceptPat: boolean;
  /** Unknown: HTTP status of 11007 CONN_INSUFFICIENT_SCOPES (401 or 403). */
  insufficientScopesHttpStatus: 401 | 403;
  /** Documented maximum of per_page (not in the protos); larger values are refused with 11100. */
  maxPerPage: number;
  /**
   * Unknown: PostKeys with several keys. `atomic`: all or nothing; `single`: more than one key is refused;
   * `partial`: the valid ones are created and the answer is 10010 MIXED_STATUS listing only those.
   */
  postKeysMulti: 'atomic' | 'single' | 'partial';
  /**
   * Unknown: the most keys one PostKeys may carry (0: no limit). More are refused as a whole with a
   * refusal of their own (11100 naming the limit), whatever `postKeysMulti` says.
   */
  postKeysMaxBatch: number;
  /** Unknown: may a collaborator create a key (under their own user) for an app shared with them? */
  collaboratorKeysAllowed: boolean;
  /**
   * Unknown: may a collaborator list the keys of an app shared with them (ListAppKeys under the
   * owner's path), when the collaboration grants Keys:Get (or All)? When false, 11007 like any other user's keys.
   */
  collaboratorAppKeysListed: boolean;
  /** Unknown: GetUser is "not exposed" per the proto; when false, GET /v2/users/me answers 11101. */
  getUserEnabled: boolean;
  /**
   * Unknown: are `is_starred` / `star_count` only sent when additional_fields asks for `stars` (or
   * `all`)? The proto lists `stars` as an additional field, so by default the sandbox says yes.
   */
  starsOnlyWithAdditionalFields: boolean;
  /** Real grpc-gateway ignores unknown query parameters; the sandbox refuses them (11100) unless false. */
  rejectUnknownQueryParams: boolean;
  /**
   * Hostile data for the attack tests: successful ListApps answers come back as `malformed-json`
   * (cut off mid-way), `wrong-types` (ids as numbers, names as objects), or `huge` (a 30 MB page).
   */
  corruptAppLists: 'none' | 'malformed-json' | 'wrong-types' | 'huge';
  /** The API is down: every connection to it is reset before an answer. */
  apiDown: boolean;
  /** Browser origins the API answers with CORS headers. */
  corsOrigins: string[];
}

export function defaultFaults(): Faults {
  return { latencyMs: 0, errorRate: 0, throttleRate: 0, dropAfterCommitRate: 0, seed: 1 };
}

export function defaultSwitches(): Switches {
  return {
    rateLimitPerSecond: 15,
    retryAfterSeconds: 0,
    orgKeysAllowed: true,
    scopesAcceptPat: false,
    insufficientScopesHttpStatus: 403,
    maxPerPage: 1000,
    postKeysMulti: 'atomic',
    postKeysMaxBatch: 0,
    collaboratorKeysAllowed: false,
    collaboratorAppKeysListed: false,
    getUserEnabled: true,
    starsOnlyWithAdditionalFields: true,
    rejectUnknownQueryParams: true,
    corruptAppLists: 'none',
    apiDown: false,
    corsOrigins: ['https://clarifai.com', 'https://portal.clarifai.com'],
  };
}

/** Real time in microseconds (ms clock plus the sub-millisecond part of the monotonic clock). */
function realNowMicros(): Micros {
  return Math.floor((performance.timeOrigin + performance.now()) * 1000);
}

export class Sandbox {
  seed = DEFAULT_SEED;
  users = new Map<string, UserRec>();
  /** By `${userId}/${appId}`. */
  apps = new Map<string, AppRec>();
  collaborations: CollaborationRec[] = [];
  /** App keys and PATs by id (the secret). */
  keys = new Map<string, KeyRec>();
  /** Browser session token → user id. */
  sessions = new Map<string, string>();
  /** Inputs, concepts and models by `${userId}/${appId}`, made when an app's data is first used (./app-data.ts). */
  appData = new Map<string, AppData>();
  faults: Faults = defaultFaults();
  switches: Switches = defaultSwitches();
  log: LogEntry[] = [];
  keyEvents: KeyEvent[] = [];
  /** Data PRNG: drives the seed, then the ids of keys created at runtime. */
  rng = new Prng(DEFAULT_SEED);
  /** Fault PRNG, separate so that turning a fault on does not change the generated ids. */
  faultRng = new Prng(1);
  /** Position in the rotation of transient errors. */
  transientIndex = 0;
  /** Per user: arrival times (ms) of the requests admitted in the last second. */
  rateWindows = new Map<string, number[]>();
  /** The clock; replace it in a test to control expiry and created_at. */
  now: () => Micros = realNowMicros;

  constructor(seed: number = DEFAULT_SEED) {
    this.reset(seed);
  }

  /** Back to the seeded state: data, faults, switches, log and rate windows. */
  reset(seed: number = this.seed): void {
    this.seed = seed;
    this.users.clear();
    this.apps.clear();
    this.collaborations = [];
    this.keys.clear();
    this.sessions.clear();
    this.appData.clear();
    this.faults = defaultFaults();
    this.switches = defaultSwitches();
    this.log = [];
    this.keyEvents = [];
    this.rng = new Prng(seed);
    this.faultRng = new Prng(this.faults.seed);
    this.transientIndex = 0;
    this.rateWindows.clear();
    seedSandbox(this, this.rng);
  }

  /** While set, every PostKeys that arrives waits for it before it is handled (see `holdKeys`). */
  keyGate: Promise<void> | undefined;
  /** Key creations waiting at the gate now. */
  keysHeld = 0;
  private releaseKeys: (() => void) | undefined;

  /**
   * Holds every key creation that arrives from now on, unanswered, until the returned function
   * (or `calm`) lets them go: a test can then act on a job that is certainly still running,
   * whatever the machine's speed.
   */
  holdKeys(): () => void {
    this.releaseKeys?.();
    const gate = new Promise<void>((r) => (this.releaseKeys = r));
    this.keyGate = gate;
    return () => {
      if (this.keyGate === gate) {
        this.keyGate = undefined;
        this.releaseKeys?.();
        this.releaseKeys = undefined;
      }
    };
  }

  /** Faults and switches back to their defaults; the data stays (between tests sharing a sandbox). */
  calm(): void {
    this.keyGate = undefined;
    this.releaseKeys?.();
    this.releaseKeys = undefined;
    this.faults = defaultFaults();
    this.faultRng = new Prng(this.faults.seed);
    this.transientIndex = 0;
    this.switches = defaultSwitches();
  }

  /**
   * Change faults at runtime. Unknown names or wrong types throw (the control API answers 400).
   * Setting `seed` restarts the fault PRNG.
   */
  setFaults(patch: Record<string, unknown>): void {
    const next = { ...this.faults };
    for (const [name, value] of Object.entries(patch)) {
      if (!(name in next)) throw new Error(`unknown fault "${name}"`);
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
        throw new Error(`fault "${name}" must be a non-negative number`);
      }
      if (name.endsWith('Rate') && value > 1) throw new Error(`fault "${name}" must be within 0..1`);
      (next as Record<string, number>)[name] = value;
    }
    this.faults = next;
    if ('seed' in patch) {
      this.faultRng = new Prng(next.seed);
      this.transientIndex = 0;
    }
  }

  /** Change switches at runtime; each value must have the type of its default. */
  setSwitches(patch: Record<string, unknown>): void {
    const next: Record<string, unknown> = { ...this.switches };
    for (const [name, value] of Object.entries(patch)) {
      const current = next[name];
      if (current === undefined) throw new Error(`unknown switch "${name}"`);
      const ok = Array.isArray(current) ? Array.isArray(value) && value.every((v) => typeof v === 'string') : typeof value === typeof current;
      if (!ok) throw new Error(`switch "${name}" must be ${Array.isArray(current) ? 'a list of strings' : `a ${typeof current}`}`);
      next[name] = value;
    }
    const s = next as unknown as Switches;
    if (s.insufficientScopesHttpStatus !== 401 && s.insufficientScopesHttpStatus !== 403) {
      throw new Error('switch "insufficientScopesHttpStatus" must be 401 or 403');
    }
    if (!['none', 'malformed-json', 'wrong-types', 'huge'].includes(s.corruptAppLists)) {
      throw new Error('switch "corruptAppLists" must be none, malformed-json, wrong-types or huge');
    }
    if (!['atomic', 'single', 'partial'].includes(s.postKeysMulti)) {
      throw new Error('switch "postKeysMulti" must be atomic, single or partial');
    }
    if (!Number.isInteger(s.postKeysMaxBatch) || s.postKeysMaxBatch < 0) {
      throw new Error('switch "postKeysMaxBatch" must be a whole number, 0 for no limit');
    }
    if (!(s.maxPerPage >= 1) || !(s.rateLimitPerSecond >= 0) || !(s.retryAfterSeconds >= 0)) {
      throw new Error('numeric switches must be non-negative (maxPerPage at least 1)');
    }
    this.switches = s;
  }

  // ---- lookups ----

  user(id: string): UserRec | undefined {
    return this.users.get(id);
  }

  app(userId: string, appId: string): AppRec | undefined {
    return this.apps.get(`${userId}/${appId}`);
  }

  appsOf(userId: string): AppRec[] {
    return [...this.apps.values()].filter((a) => a.userId === userId);
  }

  isMember(userId: string, orgId: string): boolean {
    const org = this.users.get(orgId);
    return org?.kind === 'org' && org.members.includes(userId);
  }

  /** The collaboration through which `userId` sees app `ownerId/appId`, if any. */
  collaboration(userId: string, ownerId: string, appId: string): CollaborationRec | undefined {
    return this.collaborations.find((c) => c.userId === userId && c.appOwnerId === ownerId && c.appId === appId);
  }

  isExpired(key: KeyRec): boolean {
    return key.expiresAt !== undefined && key.expiresAt <= this.now();
  }

  // ---- mutations of keys (each leaves an event for tests) ----

  /** A fresh key id from the data PRNG, unique among existing keys. */
  newKeyId(): string {
    for (;;) {
      const id = this.rng.hex(32);
      if (!this.keys.has(id)) return id;
    }
  }

  addKey(key: KeyRec, reqId: string): void {
    this.keys.set(key.id, key);
    this.keyEvents.push({ kind: 'created', keyId: key.id, ownerId: key.ownerId, app: key.apps[0], description: key.description, time: this.now(), reqId });
  }

  replaceKey(key: KeyRec, reqId: string): void {
    this.keys.set(key.id, key);
    this.keyEvents.push({ kind: 'patched', keyId: key.id, ownerId: key.ownerId, app: key.apps[0], description: key.description, time: this.now(), reqId });
  }

  deleteKey(id: string, reqId: string): void {
    const key = this.keys.get(id);
    if (!key) return;
    this.keys.delete(id);
    this.keyEvents.push({ kind: 'deleted', keyId: id, ownerId: key.ownerId, app: key.apps[0], description: key.description, time: this.now(), reqId });
  }

  // ---- helpers for tests ----

  /** Requests in the log matching `filter`. */
  requests(filter: (e: LogEntry) => boolean = () => true): LogEntry[] {
    return this.log.filter(filter);
  }

  /** How many answers were 11005 CONN_THROTTLED (rate limit and injected throttles). */
  throttledCount(): number {
    return this.log.filter((e) => e.code === 11005).length;
  }

  /** Keys created at runtime per app (`user/app`), deleted ones included: duplicates show up here. */
  keysCreatedPerApp(): Map<string, number> {
    const out = new Map<string, number>();
    for (const e of this.keyEvents) {
      if (e.kind !== 'created' || !e.app) continue;
      const k = `${e.app.userId}/${e.app.id}`;
      out.set(k, (out.get(k) ?? 0) + 1);
    }
    return out;
  }
}
