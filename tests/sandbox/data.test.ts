/**
 * The sandbox's data calls and its scope checks per call, over real HTTPS: a key made with the
 * smallest scope set for a call can make it, and a key one scope short is refused with 11007 naming
 * that scope, for every call an app key can make (served or not), from the same protos.
 */
import { describe, expect, it } from 'vitest';
import { API_CALLS, appKeyCan } from '../../src/pure/privilege/calls.ts';
import { explainError } from '../../src/pure/privilege/explain.ts';
import { leastScopes } from '../../src/pure/privilege/least.ts';
import { GENERAL_MODEL_ID, GENERAL_MODEL_VERSION } from '../../sandbox/app-data.ts';
import { DEMO_USER_ID, PARTNER_USER_ID } from '../../sandbox/state.ts';
import { useApiSandbox } from './support/call.ts';

const api = useApiSandbox();
const call = api.call;
const APP = 'app-001';
const OTHER_APP = 'app-002';

let made = 0;
/** An app key of the demo user's app `appId` holding exactly `scopes`. */
function appKey(scopes: readonly string[], appId = APP): string {
  const id = (++made).toString(16).padStart(32, 'a');
  api.sb.keys.set(id, {
    id,
    type: 'app_specific_key',
    ownerId: DEMO_USER_ID,
    description: 'test',
    scopes: [...scopes],
    endpoints: [],
    apps: [{ id: appId, userId: DEMO_USER_ID }],
    createdAt: api.sb.now(),
  });
  return id;
}

/** A path for the call, in the form that names the user and the app where it has one. */
function pathOf(bindings: readonly string[]): { method: string; path: string } {
  const binding = bindings.find((b) => b.includes('{user_app_id.app_id}')) ?? bindings[0] ?? '';
  const [method = '', template = ''] = binding.split(' ');
  const path = template
    .replace('{user_app_id.user_id}', DEMO_USER_ID)
    .replace('{user_app_id.app_id}', APP)
    .replace(/\{[^}]+\}/g, 'x1');
  return { method, path };
}

describe('scopes per call, from the protos', () => {
  const calls = API_CALLS.filter(appKeyCan);

  it('lets every call an app key can make through with its smallest scope set, and refuses it one scope short', async () => {
    expect(calls.length).toBeGreaterThan(150);
    for (const c of calls) {
      const { method, path } = pathOf(c.http);
      const least = leastScopes([c.rpc]).scopes;
      const ok = await call(method, path, { token: appKey(least) });
      expect(ok.json?.status?.code, `${c.rpc} with ${least.join(', ')}`).not.toBe(11007);
      for (const missing of c.scopes) {
        const r = await call(method, path, { token: appKey(least.filter((s) => s !== missing)) });
        expect([r.status, r.json.status.code], `${c.rpc} without ${missing}`).toEqual([403, 11007]);
        expect(r.json.status.details).toContain(missing);
      }
    }
  });

  it('answers 11007 with the HTTP status the switch sets', async () => {
    api.sb.switches.insufficientScopesHttpStatus = 401;
    const r = await call('GET', `/v2/users/${DEMO_USER_ID}/apps/${APP}/concepts`, { token: appKey(['Apps:Get']) });
    expect([r.status, r.json.status.code]).toEqual([401, 11007]);
    expect(r.json.status.details).toBe('Missing scopes: Concepts:Get');
    expect(r.json.concepts).toEqual([]);
  });
});

describe('data calls', () => {
  const base = `/v2/users/${DEMO_USER_ID}/apps/${APP}`;

  it('adds inputs, lists them, gets one and deletes them', async () => {
    const token = appKey(leastScopes(['PostInputs', 'ListInputs', 'GetInput', 'DeleteInputs']).scopes);
    const post = await call('POST', `${base}/inputs`, {
      token,
      body: {
        inputs: [
          { id: 'shoe-1', data: { image: { url: 'https://samples.example/shoe.jpg' }, concepts: [{ id: 'shoe', value: 1 }] } },
          { data: { text: { raw: 'hello' } } },
        ],
      },
    });
    expect(post.json.status.code).toBe(10000);
    expect(post.json.inputs.map((i: { id: string }) => i.id)[0]).toBe('shoe-1');
    expect(post.json.inputs[1].id).toMatch(/^[0-9a-f]{32}$/);
    const list = await call('GET', `${base}/inputs?per_page=10`, { token });
    expect(list.json.inputs).toHaveLength(2);
    const one = await call('GET', `${base}/inputs/shoe-1`, { token });
    expect(one.json.input.data).toMatchObject({ image: { url: 'https://samples.example/shoe.jpg' }, concepts: [{ id: 'shoe', value: 1 }] });
    const again = await call('POST', `${base}/inputs`, { token, body: { inputs: [{ id: 'shoe-1', data: { text: { raw: 'x' } } }] } });
    expect(again.json.status.code).toBe(40010);
    // The label made the concept.
    const concepts = await call('GET', `${base}/concepts`, { token: appKey(leastScopes(['ListConcepts']).scopes) });
    expect(concepts.json.concepts.map((c: { id: string }) => c.id)).toEqual(['shoe']);
    const del = await call('DELETE', `${base}/inputs`, { token, body: { ids: ['shoe-1'] } });
    expect(del.json.status.code).toBe(10000);
    expect((await call('GET', `${base}/inputs/shoe-1`, { token })).json.status.code).toBe(30102);
  });

  it('refuses inputs with no content, two kinds of content, or more than 128 at once', async () => {
    const token = appKey(leastScopes(['PostInputs']).scopes);
    const none = await call('POST', `${base}/inputs`, { token, body: { inputs: [{ data: {} }] } });
    expect(none.json.status.code).toBe(11100);
    const two = await call('POST', `${base}/inputs`, {
      token,
      body: { inputs: [{ data: { image: { url: 'https://a.example/x.jpg' }, text: { raw: 'y' } } }] },
    });
    expect(two.json.status.code).toBe(11100);
    const many = Array.from({ length: 129 }, (_, i) => ({ data: { text: { raw: `t${i}` } } }));
    const over = await call('POST', `${base}/inputs`, { token, body: { inputs: many } });
    expect(over.json.status.code).toBe(11100);
    expect(over.json.status.details).toContain('128');
  });

  it('predicts with the general model: the same input gets the same concepts, by either path, and max_concepts holds', async () => {
    const token = appKey(leastScopes(['PostModelOutputs']).scopes);
    const body = {
      inputs: [{ data: { image: { url: 'https://samples.example/dog.jpg' } } }],
      model: { output_info: { output_config: { max_concepts: 3, min_value: 0.5 } } },
    };
    const a = await call('POST', `${base}/models/${GENERAL_MODEL_ID}/outputs`, { token, body });
    expect(a.json.status.code).toBe(10000);
    const concepts = a.json.outputs[0].data.concepts;
    expect(concepts.length).toBeLessThanOrEqual(3);
    for (const c of concepts) expect(c.value).toBeGreaterThanOrEqual(0.5);
    // Without min_value, the top three; with one above every score, none.
    const top = await call('POST', `${base}/models/${GENERAL_MODEL_ID}/outputs`, {
      token,
      body: { ...body, model: { output_info: { output_config: { max_concepts: 3 } } } },
    });
    expect(top.json.outputs[0].data.concepts).toHaveLength(3);
    expect(top.json.outputs[0].data.concepts.slice(0, concepts.length)).toEqual(concepts);
    const none = await call('POST', `${base}/models/${GENERAL_MODEL_ID}/outputs`, {
      token,
      body: { ...body, model: { output_info: { output_config: { min_value: 1.5 } } } },
    });
    expect(none.json.outputs[0].data.concepts).toEqual([]);
    const b = await call('POST', `/v2/models/${GENERAL_MODEL_ID}/versions/${GENERAL_MODEL_VERSION}/outputs`, { token, body });
    expect(b.json.outputs[0].data.concepts).toEqual(concepts);
    const unknown = await call('POST', `${base}/models/no-such-model/outputs`, { token, body });
    expect([unknown.status, unknown.json.status.code]).toEqual([404, 21200]);
    const stale = await call('POST', `${base}/models/${GENERAL_MODEL_ID}/versions/0123/outputs`, { token, body });
    expect(stale.json.status.code).toBe(21200);
  });

  it('lists and gets models and concepts, and adds concepts', async () => {
    const token = appKey(leastScopes(['ListModels', 'GetModel', 'ListConcepts', 'GetConcept', 'PostConcepts']).scopes);
    expect((await call('GET', `${base}/models`, { token })).json.models.map((m: { id: string }) => m.id)).toEqual([GENERAL_MODEL_ID]);
    expect((await call('GET', `/v2/models/${GENERAL_MODEL_ID}`, { token })).json.model.model_version.id).toBe(GENERAL_MODEL_VERSION);
    expect((await call('GET', `${base}/concepts`, { token })).json.concepts).toEqual([]);
    const post = await call('POST', `${base}/concepts`, { token, body: { concepts: [{ id: 'shoe', name: 'Shoe' }] } });
    expect(post.json.concepts[0]).toMatchObject({ id: 'shoe', name: 'Shoe', app_id: APP });
    expect((await call('GET', '/v2/concepts/shoe', { token })).json.concept.name).toBe('Shoe');
    expect((await call('GET', '/v2/concepts/boot', { token })).json.status.code).toBe(11101);
  });

  it('lets an app key name only its own app, and keeps apps apart', async () => {
    const token = appKey(leastScopes(['PostInputs', 'ListInputs']).scopes);
    const other = await call('GET', `/v2/users/${DEMO_USER_ID}/apps/${OTHER_APP}/inputs`, { token });
    expect([other.status, other.json.status.code]).toEqual([401, 11008]);
    await call('POST', '/v2/inputs', { token, body: { inputs: [{ data: { text: { raw: 'mine' } } }] } });
    const otherKey = appKey(leastScopes(['ListInputs']).scopes, OTHER_APP);
    expect((await call('GET', '/v2/inputs', { token: otherKey })).json.inputs).toEqual([]);
    expect((await call('GET', '/v2/inputs', { token })).json.inputs).toHaveLength(1);
  });

  it('serves a PAT on its owner’s own apps only, and forgets the data on reset', async () => {
    const pat = 'b'.repeat(32);
    api.sb.keys.set(pat, {
      id: pat,
      type: 'personal_access_token',
      ownerId: DEMO_USER_ID,
      description: 'PAT',
      scopes: ['All'],
      endpoints: [],
      apps: [],
      createdAt: api.sb.now(),
    });
    const mine = await call('POST', `${base}/concepts`, { token: pat, body: { concepts: [{ id: 'shoe' }] } });
    expect(mine.json.status.code).toBe(10000);
    const partnerApp = [...api.sb.apps.values()].find(
      (a) => a.userId === PARTNER_USER_ID && a.visibility === 10 && !api.sb.collaboration(DEMO_USER_ID, a.userId, a.id),
    );
    const theirs = await call('GET', `/v2/users/${PARTNER_USER_ID}/apps/${partnerApp?.id}/concepts`, { token: pat });
    expect(theirs.json.status.code).toBe(11007);
    expect(api.sb.appData.size).toBe(1);
    api.sb.reset();
    expect(api.sb.appData.size).toBe(0);
  });
});

describe('the error explainer on the sandbox’s own answers', () => {
  const base = `/v2/users/${DEMO_USER_ID}/apps/${APP}`;

  it('reads a refusal for scopes, and the fix it offers makes the call work', async () => {
    const have = leastScopes(['ListInputs']).scopes;
    const refused = await call('POST', `${base}/inputs`, { token: appKey(have), body: { inputs: [{ data: { text: { raw: 'x' } } }] } });
    const e = explainError(refused.text);
    expect(e.topic).toBe('scopes');
    expect(e.add).toEqual(expect.arrayContaining(['Inputs:Add']));
    const fixed = await call('POST', `${base}/inputs`, { token: appKey([...have, ...e.add]), body: { inputs: [{ data: { text: { raw: 'x' } } }] } });
    expect(fixed.json.status.code).toBe(10000);
  });

  it('gives an app key on a PAT-only call, an unknown key and a throttle their own explanations, with no scope to add', async () => {
    const patOnly = await call('GET', '/v2/users/me/keys', { token: appKey(['All']) });
    const unknown = await call('GET', `${base}/inputs`, { token: 'c'.repeat(32) });
    api.sb.switches.rateLimitPerSecond = 1;
    const token = appKey(['All']);
    await call('GET', `${base}/concepts`, { token });
    const throttled = await call('GET', `${base}/concepts`, { token });
    expect(throttled.json.status.code).toBe(11005);
    for (const [r, topic] of [
      [patOnly, 'pat-only'],
      [unknown, 'bad-key'],
      [throttled, 'throttled'],
    ] as const) {
      const e = explainError(r.text);
      expect(e.topic, r.text).toBe(topic);
      expect(e.add).toEqual([]);
    }
  });
});
