/**
 * The data calls a least-privilege key is made for: inputs, concepts, models and predictions. They
 * exist so that a key's scopes can be tried for real: the pipeline (../api.ts) has already refused a
 * key that lacks a scope the proto lists for the call (11007), and these answer as Clarifai does for
 * a key that has them. The data itself is small and in memory (../app-data.ts).
 *
 * Both path forms work: `/v2/users/{user_id}/apps/{app_id}/…`, and the short `/v2/…` that takes the
 * app from the app key. An app key may name only its own app (11008).
 */
import { randomBytes } from 'node:crypto';
import { insufficientScopes, resolveAppRef } from '../auth.ts';
import { f, msg, msgs, num, str, strs, type Decoded, type MessageSpec } from '../decode.ts';
import { conceptJson, dataOf, inputJson, modelJson, predictedConcepts, type AppData, type InputRec } from '../app-data.ts';
import { formatTimestamp } from '../wire.ts';
import { ApiError, Code } from '../status.ts';
import type { Ctx, Endpoint } from './context.ts';
import { paginate, PAGING } from './paging.ts';

/** Clarifai's documented batch limit for inputs in one request. */
export const MAX_BATCH = 128;

const USER_APP_ID = f.message({ user_id: f.string, app_id: f.string });
const CONCEPT = f.message({ id: f.string, name: f.string, value: f.float });
const DATA = f.message({
  image: f.message({ url: f.string, base64: f.string, allow_duplicate_url: f.bool }),
  text: f.message({ raw: f.string, url: f.string, allow_duplicate_url: f.bool }),
  concepts: f.repeated(CONCEPT),
});
const INPUT = f.message({ id: f.string, data: DATA });
const POST_INPUTS: MessageSpec = { user_app_id: USER_APP_ID, inputs: f.repeated(INPUT) };
const DELETE_INPUTS: MessageSpec = { user_app_id: USER_APP_ID, ids: f.repeated(f.string) };
const POST_CONCEPTS: MessageSpec = { user_app_id: USER_APP_ID, concepts: f.repeated(CONCEPT) };
const OUTPUT_CONFIG = f.message({ max_concepts: f.uint, min_value: f.float });
const POST_MODEL_OUTPUTS: MessageSpec = {
  user_app_id: USER_APP_ID,
  model_id: f.string,
  version_id: f.string,
  inputs: f.repeated(INPUT),
  model: f.message({ output_info: f.message({ output_config: OUTPUT_CONFIG }) }),
};

const ID = /^[A-Za-z0-9_-]{1,48}$/;

/** Ids the service makes: random, and not from the data PRNG, so that the seeded key ids stay as they are. */
const newId = (): string => randomBytes(16).toString('hex');

function bad(details: string): ApiError {
  return new ApiError(Code.CONN_BAD_REQUEST_FORMAT, details);
}

/** The app the call is about, which must exist and be one the caller may use. */
function appOf(ctx: Ctx): { userId: string; appId: string; data: AppData } {
  const { sb, p, params } = ctx;
  if (params.user_id !== undefined && params.app_id === undefined) {
    throw new ApiError(Code.NOT_IMPLEMENTED, `${ctx.rpc.name} across all of a user's apps is a real Clarifai call the sandbox does not implement`);
  }
  const { userId, appId } = resolveAppRef(sb, p, params);
  const app = sb.app(userId, appId);
  if (!app) throw new ApiError(Code.CONN_DOES_NOT_EXIST, `app "${userId}/${appId}" does not exist`);
  if (p.kind !== 'app_key' && app.userId !== p.userId && !sb.isMember(p.userId, app.userId) && !sb.collaboration(p.userId, app.userId, app.id)) {
    throw insufficientScopes(sb, `no access to app "${userId}/${appId}"`);
  }
  return { userId, appId, data: dataOf(sb, userId, appId) };
}

function batch(body: Decoded): Decoded[] {
  const inputs = msgs(body, 'inputs');
  if (!inputs.length) throw bad('inputs: at least one input is required');
  if (inputs.length > MAX_BATCH) throw bad(`inputs: at most ${MAX_BATCH} inputs per request, got ${inputs.length}`);
  return inputs;
}

/** An input's content: exactly one of an image (URL or bytes) or a text (raw or URL). */
function content(input: Decoded, where: string): InputRec['data'] {
  const data = msg(input, 'data') ?? {};
  const image = msg(data, 'image');
  const text = msg(data, 'text');
  const given = [str(image ?? {}, 'url'), str(image ?? {}, 'base64'), str(text ?? {}, 'raw'), str(text ?? {}, 'url')].filter((v) => v);
  if (given.length !== 1) throw bad(`${where}.data: give exactly one of image.url, image.base64, text.raw or text.url`);
  const out: InputRec['data'] = {};
  if (image) out.image = { ...(str(image, 'url') ? { url: str(image, 'url') } : {}), ...(str(image, 'base64') ? { base64: str(image, 'base64') } : {}) };
  if (text) out.text = { ...(str(text, 'raw') ? { raw: str(text, 'raw') } : {}), ...(str(text, 'url') ? { url: str(text, 'url') } : {}) };
  return out;
}

export const ListInputs: Endpoint = {
  list: 'inputs',
  query: { ...PAGING },
  handle(ctx) {
    const { data } = appOf(ctx);
    const all = [...data.inputs.values()].sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1));
    return { body: { inputs: paginate(ctx.sb, ctx.query, all).map(inputJson) } };
  },
};

export const GetInput: Endpoint = {
  handle(ctx) {
    const { data } = appOf(ctx);
    const input = data.inputs.get(ctx.params.input_id ?? '');
    if (!input) throw new ApiError(Code.INPUT_DOES_NOT_EXIST, `input "${ctx.params.input_id}" does not exist`);
    return { body: { input: inputJson(input) } };
  },
};

export const PostInputs: Endpoint = {
  list: 'inputs',
  body: POST_INPUTS,
  handle(ctx) {
    const { appId, data } = appOf(ctx);
    const made: InputRec[] = batch(ctx.body).map((input, i) => {
      const id = str(input, 'id') || newId();
      if (!ID.test(id)) throw bad(`inputs[${i}].id: "${id}" is not a valid id`);
      if (data.inputs.has(id)) throw new ApiError(Code.DATABASE_DUPLICATE_KEY, `input "${id}" already exists in app "${appId}"`);
      const concepts = msgs(msg(input, 'data') ?? {}, 'concepts').map((c) => ({ id: str(c, 'id') ?? '', value: num(c, 'value') ?? 1 }));
      return { id, createdAt: ctx.sb.now(), data: content(input, `inputs[${i}]`), concepts };
    });
    if (new Set(made.map((m) => m.id)).size !== made.length) throw bad('inputs: the same id is given twice');
    for (const m of made) data.inputs.set(m.id, m);
    // As on Clarifai, a concept an input is labelled with exists in the app from then on.
    for (const c of made.flatMap((m) => m.concepts))
      if (ID.test(c.id) && !data.concepts.has(c.id)) data.concepts.set(c.id, { id: c.id, name: c.id, createdAt: ctx.sb.now() });
    return { body: { inputs: made.map(inputJson) }, committed: true };
  },
};

export const DeleteInputs: Endpoint = {
  body: DELETE_INPUTS,
  handle(ctx) {
    const { data } = appOf(ctx);
    const ids = strs(ctx.body, 'ids');
    if (!ids.length) throw bad('ids: at least one input id is required');
    for (const id of ids) data.inputs.delete(id);
    return { body: {}, committed: true };
  },
};

export const ListConcepts: Endpoint = {
  list: 'concepts',
  query: { ...PAGING },
  handle(ctx) {
    const { appId, data } = appOf(ctx);
    const all = [...data.concepts.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
    return { body: { concepts: paginate(ctx.sb, ctx.query, all).map((c) => conceptJson(c, appId)) } };
  },
};

export const GetConcept: Endpoint = {
  handle(ctx) {
    const { appId, data } = appOf(ctx);
    const c = data.concepts.get(ctx.params.concept_id ?? '');
    // The protos have no not-found code of their own for concepts: 11101, as for other resources.
    if (!c) throw new ApiError(Code.CONN_DOES_NOT_EXIST, `concept "${ctx.params.concept_id}" does not exist`);
    return { body: { concept: conceptJson(c, appId) } };
  },
};

export const PostConcepts: Endpoint = {
  list: 'concepts',
  body: POST_CONCEPTS,
  handle(ctx) {
    const { appId, data } = appOf(ctx);
    const given = msgs(ctx.body, 'concepts');
    if (!given.length) throw bad('concepts: at least one concept is required');
    const made = given.map((c, i) => {
      const id = str(c, 'id') ?? '';
      if (!ID.test(id)) throw bad(`concepts[${i}].id: "${id}" is not a valid id`);
      if (data.concepts.has(id)) throw new ApiError(Code.DATABASE_DUPLICATE_KEY, `concept "${id}" already exists in app "${appId}"`);
      return { id, name: str(c, 'name') || id, createdAt: ctx.sb.now() };
    });
    for (const c of made) data.concepts.set(c.id, c);
    return { body: { concepts: made.map((c) => conceptJson(c, appId)) }, committed: true };
  },
};

export const ListModels: Endpoint = {
  list: 'models',
  query: { ...PAGING },
  handle(ctx) {
    const { userId, appId, data } = appOf(ctx);
    return { body: { models: paginate(ctx.sb, ctx.query, [...data.models.values()]).map((m) => modelJson(m, userId, appId)) } };
  },
};

function modelOf(ctx: Ctx, data: AppData, versionId?: string) {
  const model = data.models.get(ctx.params.model_id ?? '');
  if (!model || (versionId && versionId !== model.versionId)) {
    throw new ApiError(Code.MODEL_DOES_NOT_EXIST, `model "${ctx.params.model_id}"${versionId ? ` version "${versionId}"` : ''} does not exist`);
  }
  return model;
}

export const GetModel: Endpoint = {
  handle(ctx) {
    const { userId, appId, data } = appOf(ctx);
    return { body: { model: modelJson(modelOf(ctx, data), userId, appId) } };
  },
};

export const PostModelOutputs: Endpoint = {
  list: 'outputs',
  body: POST_MODEL_OUTPUTS,
  handle(ctx) {
    if (ctx.params.model_id === undefined) {
      throw new ApiError(Code.NOT_IMPLEMENTED, 'predicting through a deployment is a real Clarifai call the sandbox does not implement');
    }
    const { userId, appId, data } = appOf(ctx);
    const model = modelOf(ctx, data, ctx.params.version_id);
    const config = msg(msg(msg(ctx.body, 'model') ?? {}, 'output_info') ?? {}, 'output_config') ?? {};
    const max = num(config, 'max_concepts') || 20;
    const minValue = num(config, 'min_value') ?? 0;
    const outputs = batch(ctx.body).map((input, i) => {
      const c = content(input, `inputs[${i}]`);
      const seed = c.image?.url ?? c.image?.base64 ?? c.text?.raw ?? c.text?.url ?? '';
      return {
        id: newId(),
        status: { code: Code.SUCCESS, description: 'Ok' },
        created_at: formatTimestamp(ctx.sb.now()),
        model: modelJson(model, userId, appId),
        input: { id: str(input, 'id') || newId(), data: c },
        data: { concepts: predictedConcepts(model, seed, appId, max, minValue) },
      };
    });
    return { body: { outputs } };
  },
};
