/**
 * What an app holds besides its keys, as far as the sandbox's data calls need it: inputs, concepts
 * and models. Made the first time a data call touches the app, so the seed stays as it was. Every app
 * has Clarifai's general image model under the id its docs use, so a prediction works on any app.
 */
import type { Micros, Sandbox } from './state.ts';
import { formatTimestamp, prune } from './wire.ts';

export interface InputRec {
  id: string;
  createdAt: Micros;
  data: { image?: { url?: string; base64?: string }; text?: { raw?: string; url?: string } };
  /** Concepts the input was added with, with their values (1 = present, 0 = absent). */
  concepts: { id: string; value: number }[];
}

export interface ConceptRec {
  id: string;
  name: string;
  createdAt: Micros;
}

export interface ModelRec {
  id: string;
  name: string;
  modelTypeId: string;
  versionId: string;
  createdAt: Micros;
  /** The concepts it predicts. */
  concepts: readonly string[];
}

export interface AppData {
  inputs: Map<string, InputRec>;
  concepts: Map<string, ConceptRec>;
  models: Map<string, ModelRec>;
}

export const GENERAL_MODEL_ID = 'general-image-recognition';
export const GENERAL_MODEL_VERSION = 'aa7f35c01e0642fda5cf400f543e7c40';
const GENERAL_CONCEPTS = [
  'people',
  'outdoors',
  'nature',
  'no person',
  'city',
  'travel',
  'water',
  'sky',
  'animal',
  'food',
  'car',
  'building',
  'tree',
  'dog',
  'cat',
];

/** The app's data, made on first use. */
export function dataOf(sb: Sandbox, userId: string, appId: string): AppData {
  const key = `${userId}/${appId}`;
  let d = sb.appData.get(key);
  if (!d) {
    const createdAt = sb.app(userId, appId)?.createdAt ?? sb.now();
    d = {
      inputs: new Map(),
      concepts: new Map(),
      models: new Map([
        [
          GENERAL_MODEL_ID,
          { id: GENERAL_MODEL_ID, name: 'General', modelTypeId: 'visual-classifier', versionId: GENERAL_MODEL_VERSION, createdAt, concepts: GENERAL_CONCEPTS },
        ],
      ]),
    };
    sb.appData.set(key, d);
  }
  return d;
}

/** A deterministic stand-in for a model's scores: the same input always gets the same concepts. */
export function scores(model: ModelRec, seedText: string, max: number): { name: string; value: number }[] {
  let h = 2166136261;
  for (let i = 0; i < seedText.length; i++) h = Math.imul(h ^ seedText.charCodeAt(i), 16777619) >>> 0;
  const picked = model.concepts.map((name, i) => ({ name, value: (((h >>> (i % 24)) ^ (i * 2654435761)) >>> 0) / 4294967296 }));
  return picked.sort((a, b) => b.value - a.value || a.name.localeCompare(b.name)).slice(0, max);
}

const conceptId = (name: string): string => name.replace(/\s+/g, '-');

export function conceptJson(c: { id: string; name: string; createdAt?: Micros }, appId: string, value?: number): Record<string, unknown> {
  return prune({ id: c.id, name: c.name, value, created_at: c.createdAt === undefined ? undefined : formatTimestamp(c.createdAt), app_id: appId });
}

export function inputJson(i: InputRec): Record<string, unknown> {
  return prune({
    id: i.id,
    data: prune({ ...i.data, concepts: i.concepts.map((c) => ({ id: c.id, value: c.value })) }),
    created_at: formatTimestamp(i.createdAt),
    modified_at: formatTimestamp(i.createdAt),
    status: { code: 30000, description: 'Input successfully processed' },
  });
}

export function modelJson(m: ModelRec, userId: string, appId: string): Record<string, unknown> {
  return prune({
    id: m.id,
    name: m.name,
    created_at: formatTimestamp(m.createdAt),
    app_id: appId,
    user_id: userId,
    model_type_id: m.modelTypeId,
    model_version: { id: m.versionId, created_at: formatTimestamp(m.createdAt), status: { code: 21100, description: 'Model is trained and ready' } },
  });
}

/** The top `max` concepts scoring at least `minValue` (output_config's max_concepts and min_value). */
export function predictedConcepts(model: ModelRec, seedText: string, appId: string, max: number, minValue = 0): Record<string, unknown>[] {
  return scores(model, seedText, model.concepts.length)
    .filter((s) => s.value >= minValue)
    .slice(0, max)
    .map((s) => conceptJson({ id: conceptId(s.name), name: s.name }, appId, Number(s.value.toFixed(6))));
}
