/**
 * The seed: who exists, which apps they own, what is shared, which keys and tokens exist. Deterministic:
 * every varying value comes from the PRNG passed in, all times from fixed dates (never the clock).
 */
import { sortScopes } from '../src/pure/scopes/catalogue.ts';
import {
  DEMO_APP_COUNT,
  DEMO_USER_ID,
  HOSTILE_APPS,
  HOSTILE_NAME,
  LEGACY_APP_ID,
  ORG_APP_COUNT,
  ORG_ID,
  PARTNER_PAT,
  PARTNER_USER_ID,
  SANDBOX_PAT,
  SANDBOX_PAT_READONLY,
  SANDBOX_SESSION_TOKEN,
} from './constants.ts';
import type { Prng } from './prng.ts';
import { endpointName, rpc } from './rpcs.ts';
import type { AppRec, Gettable, KeyRec, Micros, Sandbox, UserRec } from './state.ts';
import { parseTimestamp } from './wire.ts';

/** The RPCs the extension calls with its PAT; SANDBOX_PAT holds every scope they need (from the proto). */
const EXTENSION_RPCS = ['ListApps', 'GetApp', 'ListCollaborations', 'PostKeys', 'ListKeys', 'ListAppKeys', 'GetKey', 'PatchKeys', 'DeleteKey'];

export const SANDBOX_PAT_SCOPES: readonly string[] = sortScopes(EXTENSION_RPCS.flatMap((n) => rpc(n).scopes));
export const READONLY_PAT_SCOPES: readonly string[] = SANDBOX_PAT_SCOPES.filter((s) => s !== 'Keys:Add' && s !== 'Collaborators:Get');

const ADJECTIVES = [
  'Retail',
  'Shelf',
  'Satellite',
  'Medical',
  'Drone',
  'Traffic',
  'Wildlife',
  'Fashion',
  'Food',
  'Invoice',
  'Receipt',
  'Safety',
  'Factory',
  'Crop',
  'Parking',
  'Logo',
  'Moderation',
  'Warehouse',
  'Solar',
  'Marine',
  'Sports',
  'Recipe',
];
const NOUNS = [
  'Detector',
  'Classifier',
  'Tagger',
  'Search',
  'Counter',
  'Inspector',
  'Demo',
  'Sandbox',
  'Pipeline',
  'Explorer',
  'Labeler',
  'Segmenter',
  'OCR',
  'Embeddings',
];
const SUFFIXES = ['', '', '', ' v2', ' (staging)', ' – prod', ' test'];
const DEPARTMENTS = ['Marketing', 'Logistics', 'QA', 'Research', 'Support', 'Finance', 'Security', 'Legal', 'Design', 'Ops'];
const SUBJECTS = [
  'shelf images',
  'drone footage',
  'scanned invoices',
  'product photos',
  'street scenes',
  'support tickets',
  'camera traps',
  'x-ray scans',
  'social posts',
  'store receipts',
];

function at(iso: string): Micros {
  const t = parseTimestamp(iso);
  if (t === undefined) throw new Error(`seed: bad time ${iso}`);
  return t;
}

/** A time between `from` and `to` with a random microsecond part. */
function between(rng: Prng, from: Micros, to: Micros): Micros {
  return from + Math.floor(rng.next() * (to - from));
}

function appName(rng: Prng): string {
  return `${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)}${rng.pick(SUFFIXES)}`;
}

function description(rng: Prng): string {
  switch (rng.int(0, 3)) {
    case 0:
      return '';
    case 1:
      return `Finds ${rng.pick(NOUNS).toLowerCase()} targets in ${rng.pick(SUBJECTS)}.`;
    case 2:
      return `${rng.pick(DEPARTMENTS)} team project on ${rng.pick(SUBJECTS)}.`;
    default:
      return `Experiments with ${rng.pick(SUBJECTS)}; see notes.`;
  }
}

function counts(rng: Prng): AppRec['counts'] {
  return { datasets: rng.int(0, 4), models: rng.int(0, 12), workflows: rng.int(0, 5), modules: rng.int(0, 2), inputs: rng.int(0, 50_000) };
}

function makeApp(rng: Prng, userId: string, id: string, visibility: Gettable, from: Micros, to: Micros): AppRec {
  const createdAt = between(rng, from, to);
  return {
    id,
    userId,
    name: appName(rng),
    description: description(rng),
    notes: rng.chance(0.2) ? 'Internal notes: retrain monthly.' : '',
    createdAt,
    modifiedAt: between(rng, createdAt, to),
    visibility,
    starredBy: new Set(),
    starCount: rng.chance(0.6) ? 0 : rng.int(1, 120),
    isTemplate: rng.chance(0.1),
    featured: false,
    counts: counts(rng),
  };
}

function addUser(sb: Sandbox, u: Omit<UserRec, 'members'> & { members?: string[] }): void {
  sb.users.set(u.id, { members: [], ...u });
}

function addApp(sb: Sandbox, app: AppRec): void {
  sb.apps.set(`${app.userId}/${app.id}`, app);
}

function addKey(sb: Sandbox, key: KeyRec): void {
  sb.keys.set(key.id, key);
}

export function seedSandbox(sb: Sandbox, rng: Prng): void {
  const since = at('2019-01-01T00:00:00Z');
  const until = at('2025-06-01T00:00:00Z');

  addUser(sb, {
    id: DEMO_USER_ID,
    kind: 'user',
    firstName: 'Dana',
    lastName: 'Demo',
    companyName: 'Keysmith Sandbox',
    createdAt: at('2018-11-05T09:12:33.481516Z'),
  });
  addUser(sb, {
    id: PARTNER_USER_ID,
    kind: 'user',
    firstName: 'Pat',
    lastName: 'Partner',
    companyName: 'Partner Vision Ltd',
    createdAt: at('2019-03-14T15:09:26.535897Z'),
  });
  addUser(sb, {
    id: ORG_ID,
    kind: 'org',
    firstName: '',
    lastName: '',
    companyName: 'Acme Corporation',
    createdAt: at('2020-02-02T02:02:02.020202Z'),
    members: [DEMO_USER_ID],
  });

  // demo-user: app-001 … app-040, varied, with a few hostile ones, plus one legacy 32-hex id.
  for (let i = 1; i <= DEMO_APP_COUNT; i++) {
    const id = `app-${String(i).padStart(3, '0')}`;
    const app = makeApp(rng, DEMO_USER_ID, id, rng.chance(0.2) ? 50 : 10, since, until);
    if (rng.chance(0.25)) app.starredBy.add(DEMO_USER_ID);
    addApp(sb, app);
  }
  const demo = (id: string): AppRec => {
    const a = sb.app(DEMO_USER_ID, id);
    if (!a) throw new Error(`seed: no ${id}`);
    return a;
  };
  demo('app-001').name = 'Main product app';
  demo('app-001').visibility = 10;
  demo('app-005').visibility = 50;
  demo('app-005').featured = true;
  demo('app-005').starredBy.add(DEMO_USER_ID);
  demo(HOSTILE_APPS.markupName).name = HOSTILE_NAME;
  demo(HOSTILE_APPS.markupName).description = '<script>alert("description")</script> & "quotes" \'apostrophes\'';
  demo(HOSTILE_APPS.longDescription).description = longText(2000);
  demo(HOSTILE_APPS.rtlEmoji).name = 'مشروع الرؤية 🚀 \u202Egnp.exe';
  demo(HOSTILE_APPS.rtlEmoji).description = 'בדיקת כיוון טקסט 👩‍💻✨ mixed with English (RTL) 🇮🇱';
  demo(HOSTILE_APPS.noName).name = '';
  addApp(sb, {
    ...makeApp(rng, DEMO_USER_ID, LEGACY_APP_ID, 10, since, until),
    name: 'Legacy v1 app',
    createdAt: at('2017-04-11T21:50:50.223962Z'),
    modifiedAt: at('2017-06-30T08:00:00.000001Z'),
  });

  // acme-org: 1,500 apps, mostly visible to the organization.
  for (let i = 1; i <= ORG_APP_COUNT; i++) {
    const vis: Gettable = rng.chance(0.8) ? 30 : rng.chance(0.5) ? 10 : 50;
    const app = makeApp(rng, ORG_ID, `acme-${String(i).padStart(4, '0')}`, vis, at('2020-02-02T00:00:00Z'), until);
    app.name = `${rng.pick(DEPARTMENTS)} ${app.name}`;
    if (rng.chance(0.05)) app.starredBy.add(DEMO_USER_ID);
    addApp(sb, app);
  }

  // partner-user: four apps shared with demo-user, one public and one private that are not.
  const partnerApps: [string, string, Gettable][] = [
    ['pp-vision-lab', 'Vision Lab', 10],
    ['pp-retail-audit', 'Retail audit', 10],
    ['pp-moderation', 'Content moderation', 30],
    ['pp-receipts-ocr', 'Receipts OCR', 10],
    ['pp-public-demo', 'Public demo', 50],
    ['pp-private', 'Private experiments', 10],
  ];
  for (const [id, name, vis] of partnerApps) addApp(sb, { ...makeApp(rng, PARTNER_USER_ID, id, vis, since, until), name });
  const shared: [string, string[], string[]][] = [
    ['pp-vision-lab', ['Apps:Get', 'Inputs:Get', 'Models:Get', 'Predict', 'Workflows:Get'], []],
    ['pp-retail-audit', ['All'], []],
    ['pp-moderation', ['Apps:Get', 'Annotations:Add', 'Annotations:Get', 'Inputs:Get'], []],
    ['pp-receipts-ocr', ['Apps:Get'], [endpointName('PostModelOutputs')]],
  ];
  for (const [appId, scopes, endpoints] of shared) {
    sb.collaborations.push({
      userId: DEMO_USER_ID,
      appOwnerId: PARTNER_USER_ID,
      appId,
      scopes,
      endpoints,
      createdAt: between(rng, at('2023-01-01T00:00:00Z'), until),
    });
  }
  // and the other way round, so a collaboration list is not simply "everything partner-user owns".
  sb.collaborations.push({
    userId: PARTNER_USER_ID,
    appOwnerId: DEMO_USER_ID,
    appId: 'app-002',
    scopes: ['Apps:Get', 'Predict'],
    endpoints: [],
    createdAt: between(rng, at('2023-01-01T00:00:00Z'), until),
  });

  // Tokens.
  const pat = (id: string, ownerId: string, scopes: readonly string[], description: string): KeyRec => ({
    id,
    type: 'personal_access_token',
    ownerId,
    description,
    scopes: [...scopes],
    endpoints: [],
    apps: [],
    createdAt: at('2024-01-15T10:00:00.000000Z'),
  });
  addKey(sb, pat(SANDBOX_PAT, DEMO_USER_ID, SANDBOX_PAT_SCOPES, 'Keysmith sandbox PAT'));
  addKey(sb, pat(SANDBOX_PAT_READONLY, DEMO_USER_ID, READONLY_PAT_SCOPES, 'Read-only sandbox PAT'));
  addKey(sb, pat(PARTNER_PAT, PARTNER_USER_ID, ['All'], 'Partner PAT'));
  sb.sessions.set(SANDBOX_SESSION_TOKEN, DEMO_USER_ID);

  // A few existing app keys (ids from the PRNG), one of them expired.
  const appKey = (
    ownerId: string,
    appId: string,
    description: string,
    scopes: string[],
    createdAt: Micros,
    more: { expiresAt?: Micros; endpoints?: string[] } = {},
  ): void => {
    const { expiresAt, endpoints = [] } = more;
    const key: KeyRec = {
      id: sb.newKeyId(),
      type: 'app_specific_key',
      ownerId,
      description,
      scopes,
      endpoints,
      apps: [{ id: appId, userId: ownerId }],
      createdAt,
    };
    if (expiresAt !== undefined) key.expiresAt = expiresAt;
    addKey(sb, key);
  };
  appKey(DEMO_USER_ID, 'app-001', 'Production predict', ['Predict'], at('2024-02-01T12:00:00.123456Z'));
  appKey(DEMO_USER_ID, 'app-001', 'CI pipeline', ['All'], at('2024-03-10T08:30:00.654321Z'));
  appKey(DEMO_USER_ID, 'app-001', 'Labeling contractors', ['Annotations:Add', 'Annotations:Get', 'Inputs:Get'], at('2024-05-20T17:45:12.000042Z'));
  appKey(DEMO_USER_ID, 'app-001', 'Old demo (expired)', ['Predict'], at('2023-01-01T00:00:00.000001Z'), { expiresAt: at('2024-01-01T00:00:00.000000Z') });
  appKey(DEMO_USER_ID, 'app-002', 'Mobile client', ['Predict', 'Search'], at('2024-06-01T09:00:00.500000Z'));
  appKey(ORG_ID, 'acme-0001', 'Acme shared key', ['Apps:Get', 'Inputs:Get'], at('2024-07-07T07:07:07.070707Z'));
  // One key for each audit flag the ones above do not show: deprecated scopes (12.x), one that can
  // make keys, one that expires soon (by the sandbox's clock when it was seeded), a duplicate pair,
  // endpoint-level scopes only, and a key on an app shared with demo-user.
  appKey(DEMO_USER_ID, 'app-002', 'Legacy editor', ['Inputs:Add', 'Inputs:Get', 'Inputs:Patch'], at('2024-08-01T10:00:00.000001Z'));
  appKey(DEMO_USER_ID, 'app-002', 'Key minter', ['Keys:Add', 'Keys:Get'], at('2024-08-02T10:00:00.000001Z'));
  appKey(DEMO_USER_ID, 'app-002', 'Staging (expires soon)', ['Predict'], at('2024-08-03T10:00:00.000001Z'), { expiresAt: sb.now() + 7 * 86_400_000_000 });
  appKey(DEMO_USER_ID, 'app-002', 'Webhook relay', ['Predict'], at('2024-08-04T10:00:00.000001Z'));
  appKey(DEMO_USER_ID, 'app-002', 'Webhook relay', ['Predict'], at('2024-08-05T10:00:00.000001Z'));
  appKey(DEMO_USER_ID, 'app-002', 'Predict endpoint only', [], at('2024-08-06T10:00:00.000001Z'), { endpoints: [endpointName('PostModelOutputs')] });
  appKey(PARTNER_USER_ID, 'pp-vision-lab', 'Vision lab predict', ['Predict'], at('2024-08-07T10:00:00.000001Z'));
}

/** Exactly `n` characters of harmless prose. */
function longText(n: number): string {
  const sentence = 'This description is deliberately long so that lists, tooltips and pickers must clip it. ';
  return sentence.repeat(Math.ceil(n / sentence.length)).slice(0, n);
}
