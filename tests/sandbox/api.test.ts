/**
 * The fake Clarifai API, over real HTTPS: the certificate is verified against the sandbox's own
 * certificate for the name api.clarifai.com, and every request goes out on a fresh connection.
 */
import { describe, expect, it } from 'vitest';
import { useApiSandbox } from './support/call.ts';
import {
  DEMO_USER_ID,
  HOSTILE_APPS,
  HOSTILE_NAME,
  ORG_ID,
  PARTNER_PAT,
  PARTNER_USER_ID,
  Sandbox,
  SANDBOX_PAT,
  SANDBOX_PAT_READONLY,
  SANDBOX_SESSION_TOKEN,
} from '../../sandbox/state.ts';

const api = useApiSandbox();
const call = api.call;

const RFC3339_MICROS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const HEX32 = /^[0-9a-f]{32}$/;

function newKey(appId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { description: 'Keysmith test', scopes: ['Predict', 'Inputs:Get'], apps: [{ id: appId, user_id: DEMO_USER_ID }], ...extra };
}

describe('conventions', () => {
  it('answers users/me with a status, a request id and micro-second timestamps', async () => {
    const r = await call('GET', '/v2/users/me');
    expect(r.status).toBe(200);
    expect(r.json.status).toMatchObject({ code: 10000, description: 'Ok' });
    expect(r.json.status.req_id).toMatch(HEX32);
    expect(r.headers['x-clarifai-request-id']).toBe(r.json.status.req_id);
    expect(r.json.user).toMatchObject({ id: DEMO_USER_ID, first_name: 'Dana', last_name: 'Demo' });
    expect(r.json.user.created_at).toMatch(RFC3339_MICROS);
  });

  it('omits zero values, numbers enums and keeps show-if-empty lists', async () => {
    const r = await call('GET', `/v2/users/me/apps/${HOSTILE_APPS.noName}`);
    expect(r.json.app.name).toBeUndefined();
    expect(r.json.app.visibility.gettable).toBeTypeOf('number');
    const empty = await call('GET', '/v2/users/me/apps?search=no-such-thing-anywhere');
    expect(empty.json.apps).toEqual([]);
  });

  it('serves the hostile apps verbatim', async () => {
    const r = await call('GET', '/v2/users/me/apps?per_page=100&sort_by_id=true&sort_ascending=true');
    const byId = new Map<string, { name?: string; description?: string }>(r.json.apps.map((a: { id: string }) => [a.id, a]));
    expect(byId.get(HOSTILE_APPS.markupName)?.name).toBe(HOSTILE_NAME);
    expect(byId.get(HOSTILE_APPS.longDescription)?.description).toHaveLength(2000);
    expect(byId.get(HOSTILE_APPS.rtlEmoji)?.name).toContain('\u202E');
    expect(r.json.apps.length).toBe(41);
  });

  it('is deterministic for a seed', () => {
    const a = new Sandbox(7);
    const b = new Sandbox(7);
    expect([...a.keys.keys()]).toEqual([...b.keys.keys()]);
    expect([...a.apps.values()].map((x) => x.name)).toEqual([...b.apps.values()].map((x) => x.name));
    expect([...new Sandbox(8).apps.values()].map((x) => x.name)).not.toEqual([...a.apps.values()].map((x) => x.name));
  });

  it('answers an unknown path 404 with a status body, an unimplemented real call 501 once its scopes are checked', async () => {
    const r = await call('GET', '/v2/users/me/nonsense');
    expect(r.status).toBe(404);
    expect(r.json.status.code).toBe(11101);
    const n = await call('POST', '/v2/users/me/apps', { token: PARTNER_PAT, body: {} });
    expect(n.status).toBe(501);
    expect(n.json.status.code).toBe(10040);
    const short = await call('POST', '/v2/users/me/apps', { body: {} });
    expect([short.status, short.json.status.code]).toEqual([403, 11007]);
    expect(short.json.status.details).toContain('Apps:Add');
  });
});

describe('authentication', () => {
  it('refuses a lower-case "key", Bearer and a missing header with 11102 / 400, keeping apps: []', async () => {
    for (const authorization of [`key ${SANDBOX_PAT}`, `Bearer ${SANDBOX_PAT}`, `Key  ${SANDBOX_PAT}`, `Key${SANDBOX_PAT}`]) {
      const r = await call('GET', '/v2/users/me/apps', { authorization });
      expect(r.status, authorization).toBe(400);
      expect(r.json.status.code).toBe(11102);
      expect(r.json.apps).toEqual([]);
    }
    const none = await call('GET', '/v2/users/me/apps', { token: null });
    expect(none.json.status.code).toBe(11102);
  });

  it('answers an unknown PAT 11009 / 401 and a malformed one 11008 / 401', async () => {
    const unknown = await call('GET', '/v2/users/me', { token: 'f'.repeat(32) });
    expect([unknown.status, unknown.json.status.code]).toEqual([401, 11009]);
    const malformed = await call('GET', '/v2/users/me', { token: 'not-a-key' });
    expect([malformed.status, malformed.json.status.code]).toEqual([401, 11008]);
  });

  it('names the missing scopes of the read-only PAT (11007 / 403)', async () => {
    const post = await call('POST', '/v2/users/me/keys', { token: SANDBOX_PAT_READONLY, body: { keys: [newKey('app-002')] } });
    expect(post.status).toBe(403);
    expect(post.json.status.code).toBe(11007);
    expect(post.json.status.details).toContain('Keys:Add');
    expect(post.json.keys).toEqual([]);
    const collab = await call('GET', '/v2/users/me/collaborations', { token: SANDBOX_PAT_READONLY });
    expect(collab.json.status.details).toContain('Collaborators:Get');
    expect(api.sb.keysCreatedPerApp().size).toBe(0);
    const mine = await call('GET', '/v2/users/me/myscopes', { token: SANDBOX_PAT_READONLY });
    expect(mine.json.scopes).not.toContain('Keys:Add');
  });

  it('accepts the portal session everywhere and alone on the scopes endpoint', async () => {
    const session = { 'x-clarifai-session-token': SANDBOX_SESSION_TOKEN };
    const scopes = await call('GET', '/v2/users/me/scopes?key_type=app_specific_key', { token: null, headers: session });
    expect(scopes.status).toBe(200);
    const allScope = scopes.json.scope_deps.find((s: { scope: string }) => s.scope === 'Inputs:Add');
    expect(allScope.depending_scopes).toEqual(['Inputs:Get']);
    expect(scopes.json.endpoint_deps.length).toBeGreaterThan(50);
    const withPat = await call('GET', '/v2/users/me/scopes?key_type=app_specific_key');
    expect([withPat.status, withPat.json.status.code]).toEqual([401, 11008]);
    api.sb.switches.scopesAcceptPat = true;
    expect((await call('GET', '/v2/users/me/scopes')).status).toBe(200);
    const keys = await call('GET', '/v2/users/me/apps/app-001/keys', { token: null, headers: session });
    expect(keys.json.keys.length).toBe(4);
  });
});

describe('listing apps', () => {
  it('pages through acme-org at per_page 1000 until a short page, and refuses 1001', async () => {
    const seen = new Set<string>();
    let pages = 0;
    for (let page = 1; ; page++) {
      const r = await call('GET', `/v2/users/${ORG_ID}/apps?page=${page}&per_page=1000&sort_by_id=true&sort_ascending=true`);
      expect(r.status).toBe(200);
      pages++;
      for (const a of r.json.apps) seen.add(a.id);
      if (r.json.apps.length < 1000) break;
    }
    expect(pages).toBe(2);
    expect(seen.size).toBe(1500);
    const refused = await call('GET', `/v2/users/${ORG_ID}/apps?per_page=1001`);
    expect([refused.status, refused.json.status.code]).toEqual([400, 11100]);
    expect(refused.json.apps).toEqual([]);
  });

  it('filters, sorts, and refuses unknown or malformed query parameters', async () => {
    const starred = await call('GET', '/v2/users/me/apps?starred_only=true&additional_fields=stars');
    expect(starred.json.apps.length).toBeGreaterThan(0);
    expect(starred.json.apps.every((a: { is_starred?: boolean }) => a.is_starred)).toBe(true);
    const byName = await call('GET', '/v2/users/me/apps?sort_by_name=true&sort_ascending=true&per_page=5');
    const names = byName.json.apps.map((a: { name?: string }) => (a.name ?? '').toLowerCase());
    expect(names).toEqual([...names].sort());
    for (const q of ['per_page=abc', 'perpage=10', 'sort_by_name=true&sort_by_id=true', 'visibility.gettable=11']) {
      const r = await call('GET', `/v2/users/me/apps?${q}`);
      expect([r.status, r.json.status.code], q).toEqual([400, 11100]);
    }
    const shared = await call('GET', '/v2/users/me/collaborations');
    expect(shared.json.collaborations).toHaveLength(4);
    expect(shared.json.collaborations[0].app_owner.id).toBe(PARTNER_USER_ID);
  });
});

describe('keys', () => {
  it('creates, lists, gets, patches and deletes a key', async () => {
    const created = await call('POST', '/v2/users/me/keys', { body: { keys: [newKey('app-003')] } });
    expect(created.status).toBe(200);
    const key = created.json.keys[0];
    expect(key.id).toMatch(HEX32);
    expect(key).toMatchObject({ type: 'app_specific_key', scopes: ['Predict', 'Inputs:Get'], apps: [{ id: 'app-003', user_id: DEMO_USER_ID }] });
    expect(key.created_at).toMatch(RFC3339_MICROS);
    expect(key.expires_at).toBeUndefined();

    const listed = await call('GET', '/v2/users/me/apps/app-003/keys');
    expect(listed.json.keys.map((k: { id: string }) => k.id)).toEqual([key.id]);
    const all = await call('GET', `/v2/users/me/keys?type=app_specific_key&scopes=Predict&per_page=50`);
    expect(all.json.keys.map((k: { id: string }) => k.id)).toContain(key.id);

    const patched = await call('PATCH', '/v2/users/me/keys', { body: { action: 'overwrite', keys: [{ id: key.id, description: 'renamed' }] } });
    expect(patched.json.keys[0]).toMatchObject({ id: key.id, description: 'renamed', scopes: ['Predict', 'Inputs:Get'] });
    const merge = await call('PATCH', '/v2/users/me/keys', { body: { action: 'merge', keys: [{ id: key.id, description: 'x' }] } });
    expect([merge.status, merge.json.status.code]).toEqual([400, 11100]);
    expect((await call('GET', `/v2/users/me/keys/${key.id}`)).json.key.description).toBe('renamed');

    const deleted = await call('DELETE', `/v2/users/me/keys/${key.id}`);
    expect(deleted.json).toEqual({ status: expect.objectContaining({ code: 10000 }) });
    const gone = await call('GET', `/v2/users/me/keys/${key.id}`);
    expect([gone.status, gone.json.status.code]).toEqual([404, 11101]);
    expect(api.sb.keyEvents.map((e) => e.kind)).toEqual(['created', 'patched', 'deleted']);
  });

  it('still accepts deprecated scopes, which old keys carry (Collectors and Modules since 12.4.5, Inputs:Patch)', async () => {
    const scopes = ['Collectors:Get', 'Modules:Get', 'WorkflowMetrics:Get', 'Inputs:Patch'];
    const created = await call('POST', '/v2/users/me/keys', { body: { keys: [newKey('app-003', { scopes })] } });
    expect([created.status, created.json.status.code]).toEqual([200, 10000]);
    expect(created.json.keys[0].scopes).toEqual(scopes);
  });

  it('refuses unknown fields, bad JSON, wrong types and invalid keys with 11100 and commits nothing', async () => {
    const bodies: unknown[] = [
      { keys: [newKey('app-003')], dry_run: true },
      { keys: [newKey('app-003', { scopez: ['Predict'] })] },
      { keys: [newKey('app-003', { scopes: 'Predict' })] },
      { keys: [newKey('app-003', { scopes: ['Concepts:Delete'] })] },
      { keys: [newKey('app-003', { scopes: ['Inputs:Fly'] })] },
      { keys: [newKey('app-003', { apps: [] })] },
      { keys: [newKey('app-003', { apps: [{ id: 'app-003' }, { id: 'app-004' }] })] },
      { keys: [newKey('pp-vision-lab', { apps: [{ id: 'pp-vision-lab', user_id: PARTNER_USER_ID }] })] },
      { keys: [newKey('app-003', { id: 'a'.repeat(32) })] },
      { keys: [newKey('app-003', { expires_at: '2001-01-01T00:00:00Z' })] },
      { keys: [] },
    ];
    for (const body of bodies) {
      const r = await call('POST', '/v2/users/me/keys', { body });
      expect([r.status, r.json.status.code], JSON.stringify(body)).toEqual([400, 11100]);
      expect(r.json.keys).toEqual([]);
    }
    const broken = await call('POST', '/v2/users/me/keys', { rawBody: '{"keys": [' });
    expect(broken.json.status.code).toBe(11100);
    const missing = await call('POST', '/v2/users/me/keys', { body: { keys: [newKey('app-999')] } });
    expect([missing.status, missing.json.status.code]).toEqual([404, 11101]);
    expect(api.sb.keyEvents).toHaveLength(0);
  });

  it('handles several keys in one PostKeys per the postKeysMulti switch', async () => {
    const body = { keys: [newKey('app-003'), newKey('app-404')] };
    const atomic = await call('POST', '/v2/users/me/keys', { body });
    expect(atomic.json.status.code).toBe(11101);
    expect(api.sb.keyEvents).toHaveLength(0);
    api.sb.switches.postKeysMulti = 'partial';
    const partial = await call('POST', '/v2/users/me/keys', { body });
    expect([partial.status, partial.json.status.code, partial.json.keys.length]).toEqual([207, 10010, 1]);
    api.sb.switches.postKeysMulti = 'single';
    const single = await call('POST', '/v2/users/me/keys', { body: { keys: [newKey('app-003'), newKey('app-004')] } });
    expect(single.json.status.code).toBe(11100);
    expect(api.sb.keysCreatedPerApp().get(`${DEMO_USER_ID}/app-003`)).toBe(1);
  });

  it('refuses a PostKeys over postKeysMaxBatch as a whole, with a refusal naming the limit', async () => {
    api.sb.switches.postKeysMaxBatch = 2;
    const three = await call('POST', '/v2/users/me/keys', { body: { keys: [newKey('app-003'), newKey('app-004'), newKey('app-005')] } });
    expect([three.status, three.json.status.code]).toEqual([400, 11100]);
    expect(three.json.status.details).toMatch(/at most 2 keys per request, got 3/);
    expect(api.sb.keyEvents).toHaveLength(0);
    const two = await call('POST', '/v2/users/me/keys', { body: { keys: [newKey('app-003'), newKey('app-004')] } });
    expect([two.status, two.json.keys.length]).toEqual([200, 2]);
    expect(() => api.sb.setSwitches({ postKeysMaxBatch: -1 })).toThrow(/postKeysMaxBatch/);
  });

  it('lets an org member create org keys unless the switch says no', async () => {
    const body = { keys: [{ description: 'org', scopes: ['Predict'], apps: [{ id: 'acme-0002', user_id: ORG_ID }] }] };
    expect((await call('POST', `/v2/users/${ORG_ID}/keys`, { body })).status).toBe(200);
    api.sb.switches.orgKeysAllowed = false;
    const refused = await call('POST', `/v2/users/${ORG_ID}/keys`, { body });
    expect([refused.status, refused.json.status.code]).toEqual([403, 11007]);
  });
});

describe('rate limit and faults', () => {
  it('throttles the 16th request within a second with 11005 / 429 and no Retry-After', async () => {
    api.sb.reset();
    const replies = await Promise.all(Array.from({ length: 16 }, () => call('GET', '/v2/users/me/myscopes')));
    const throttled = replies.filter((r) => r.status === 429);
    expect(throttled.length).toBeGreaterThanOrEqual(1);
    expect(throttled[0]?.json.status).toMatchObject({ code: 11005, details: 'exceeded limit of 15 requests per second' });
    expect(throttled[0]?.headers['retry-after']).toBeUndefined();
    expect(api.sb.throttledCount()).toBe(throttled.length);
  });

  it('rotates transient errors without committing', async () => {
    api.sb.setFaults({ errorRate: 1 });
    const got: [number, number][] = [];
    for (let i = 0; i < 4; i++) {
      const r = await call('POST', '/v2/users/me/keys', { body: { keys: [newKey('app-003')] } });
      got.push([r.status, r.json?.status.code ?? 0]);
    }
    expect(got).toEqual([
      [503, 10030],
      [503, 40031],
      [504, 40032],
      [502, 0],
    ]);
    expect(api.sb.keyEvents).toHaveLength(0);
  });

  it('drop-after-commit commits the key, closes the socket unanswered, and marks every answer Connection: close', async () => {
    api.sb.setFaults({ dropAfterCommitRate: 1 });
    const get = await call('GET', '/v2/users/me');
    expect(get.headers.connection).toBe('close');
    await expect(call('POST', '/v2/users/me/keys', { body: { keys: [newKey('app-003')] } })).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(api.sb.keysCreatedPerApp().get(`${DEMO_USER_ID}/app-003`)).toBe(1);
    expect(api.sb.log.at(-1)).toMatchObject({ rpc: 'PostKeys', status: 0, fault: 'drop' });
  });
});

describe('CORS and control', () => {
  it('answers preflights and requests for the portal origins only', async () => {
    const pre = await call('OPTIONS', '/v2/users/me/keys', {
      token: null,
      headers: {
        origin: 'https://clarifai.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'x-clarifai-session-token, content-type',
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe('https://clarifai.com');
    expect(pre.headers['access-control-allow-headers']).toContain('X-Clarifai-Session-Token');
    const get = await call('GET', '/v2/users/me/apps?per_page=1', {
      token: null,
      headers: { origin: 'https://portal.clarifai.com', 'x-clarifai-session-token': SANDBOX_SESSION_TOKEN },
    });
    expect(get.headers['access-control-allow-origin']).toBe('https://portal.clarifai.com');
    expect(get.headers['access-control-expose-headers']).toContain('x-clarifai-request-id');
    const evil = await call('GET', '/v2/users/me', { headers: { origin: 'https://evil.example' } });
    expect(evil.status).toBe(200);
    expect(evil.headers['access-control-allow-origin']).toBeUndefined();
    const evilPre = await call('OPTIONS', '/v2/users/me', { token: null, headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' } });
    expect(evilPre.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('is driven through /__sandbox/', async () => {
    const set = await call('POST', '/__sandbox/faults', { token: null, body: { faults: { latencyMs: 1 }, orgKeysAllowed: false } });
    expect(set.status).toBe(200);
    expect(api.sb.faults.latencyMs).toBe(1);
    expect(api.sb.switches.orgKeysAllowed).toBe(false);
    const bad = await call('POST', '/__sandbox/faults', { token: null, body: { errorRate: 2 } });
    expect(bad.status).toBe(400);
    const keys = await call('GET', '/__sandbox/keys', { token: null });
    expect(keys.json.keys.length).toBe(api.sb.keys.size);
    await call('POST', '/__sandbox/reset', { token: null });
    expect(api.sb.faults.latencyMs).toBe(0);
  });
});
