/**
 * Finds the API calls a piece of code names: gRPC stub calls and RPC names (`stub.PostModelOutputs(`),
 * REST requests (`POST /v2/…`, a URL with a method near it, `curl -X … https://…/v2/…`), and the
 * common methods of Clarifai's Python SDK (`model.predict_by_url(…)`). Says, line by line, what it
 * recognised and which lines looked like calls it could not place. Pure; it reads text only.
 */
import { API_CALLS, callByRest, type ApiCall } from './calls.ts';

export interface ScanResult {
  /** The calls found, each once, in the order first seen, with the line that named it. */
  found: { call: ApiCall; line: number; how: 'rpc' | 'rest' | 'sdk' }[];
  /** Lines that look like an API call but name none Keysmith knows. */
  unrecognised: { line: number; text: string }[];
}

/** Methods of the Python SDK (clarifai 10+) and the RPC each one makes. */
export const SDK_METHODS: Record<string, string> = {
  predict: 'PostModelOutputs',
  predict_by_url: 'PostModelOutputs',
  predict_by_bytes: 'PostModelOutputs',
  predict_by_filepath: 'PostModelOutputs',
  generate: 'PostModelOutputs',
  generate_by_url: 'PostModelOutputs',
  upload_from_url: 'PostInputs',
  upload_from_bytes: 'PostInputs',
  upload_from_file: 'PostInputs',
  upload_inputs: 'PostInputs',
  upload_dataset: 'PostInputs',
  list_inputs: 'ListInputs',
  delete_inputs: 'DeleteInputs',
  list_models: 'ListModels',
  create_model: 'PostModels',
  delete_model: 'DeleteModels',
  list_workflows: 'ListWorkflows',
  create_workflow: 'PostWorkflows',
  delete_workflow: 'DeleteWorkflows',
  list_datasets: 'ListDatasets',
  create_dataset: 'PostDatasets',
  delete_dataset: 'DeleteDatasets',
  list_concepts: 'ListConcepts',
  list_trainable_model_types: 'ListModelTypes',
  query: 'PostInputsSearches',
  patch_inputs: 'PatchInputs',
  upload_annotations: 'PostAnnotations',
  get_input_count: 'GetInputCount',
};

const rpcNames = new Map(API_CALLS.map((c) => [c.rpc, c]));
const RPC_RE = /\b([A-Z][A-Za-z]+)\s*\(/g;
const SDK_RE = /\.([a-z_]+)\s*\(/g;
const REST_RE = /\b(GET|POST|PATCH|PUT|DELETE)\b[^\n]*?((?:https?:\/\/[^\s"'/]+)?\/v2\/[^\s"'?#)]*)/gi;
const CURL_RE = /\bcurl\b/;
const URL_RE = /((?:https?:\/\/[^\s"'/]+)?\/v2\/[^\s"'?#)]*)/;

export function scanCode(text: string): ScanResult {
  const found: ScanResult['found'] = [];
  const seen = new Set<string>();
  const unrecognised: ScanResult['unrecognised'] = [];
  const add = (call: ApiCall | undefined, line: number, how: 'rpc' | 'rest' | 'sdk') => {
    if (!call) return false;
    if (!seen.has(call.rpc)) {
      seen.add(call.rpc);
      found.push({ call, line, how });
    }
    return true;
  };
  // A curl command may continue over several lines (`\` at the end): joined, counted from its first line.
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    const start = i;
    if (CURL_RE.test(line)) while (/\\\s*$/.test(line) && i + 1 < lines.length) line = line.replace(/\\\s*$/, ' ') + lines[++i]!;
    const n = start + 1;
    let hit = false;
    for (const m of line.matchAll(RPC_RE)) hit = add(rpcNames.get(m[1]!), n, 'rpc') || hit;
    for (const m of line.matchAll(REST_RE)) hit = add(callByRest(m[1]!, m[2]!), n, 'rest') || hit;
    if (CURL_RE.test(line)) {
      const url = URL_RE.exec(line)?.[1];
      const method = /(?:-X|--request)\s*['"]?([A-Z]+)/.exec(line)?.[1] ?? (/\s(-d|--data\S*|-F|--form)\b/.test(line) ? 'POST' : 'GET');
      if (url) hit = add(callByRest(method, url), n, 'rest') || hit;
    }
    for (const m of line.matchAll(SDK_RE)) {
      const rpc = SDK_METHODS[m[1]!];
      if (rpc) hit = add(rpcNames.get(rpc), n, 'sdk') || hit;
    }
    if (!hit && /\/v2\/|\bcurl\b|clarifai\.|stub\./i.test(line)) unrecognised.push({ line: n, text: line.trim().slice(0, 200) });
  }
  return { found, unrecognised };
}
