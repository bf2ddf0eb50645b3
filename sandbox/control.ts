/**
 * The control API under https://api.clarifai.com/__sandbox/, for scripts outside the process (a
 * benchmark, `npm start`): change faults and switches, reset, read keys and the request log. Not part of
 * Clarifai's API; unauthenticated, which is fine for a server bound to 127.0.0.1.
 *
 *   GET  /__sandbox/faults          → {faults, switches}
 *   POST /__sandbox/faults          body {faults?:{…}, switches?:{…}} or flat {errorRate: 0.2, orgKeysAllowed: false}
 *   POST /__sandbox/reset           body {} or {seed}: seeded data, default faults and switches, empty log
 *   GET  /__sandbox/keys            → {keys:[…]} every key (app keys and PATs), with owner_id
 *   GET  /__sandbox/log             → {log:[…], key_events:[…]}
 */
import type http from 'node:http';
import type { Sandbox } from './state.ts';
import { keyJson } from './wire.ts';

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)) });
  res.end(text);
}

async function readJson(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (!text) return {};
  const v: unknown = JSON.parse(text);
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('expected a JSON object');
  return v as Record<string, unknown>;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Applies faults and switches all-or-nothing. */
function configure(sb: Sandbox, body: Record<string, unknown>): void {
  const faults: Record<string, unknown> = {};
  const switches: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(body)) {
    if (name === 'faults' && isObject(value)) Object.assign(faults, value);
    else if (name === 'switches' && isObject(value)) Object.assign(switches, value);
    else if (name in sb.faults) faults[name] = value;
    else if (name in sb.switches) switches[name] = value;
    else throw new Error(`unknown fault or switch "${name}"`);
  }
  const before = { faults: sb.faults, switches: sb.switches, rng: sb.faultRng, index: sb.transientIndex };
  try {
    sb.setFaults(faults);
    sb.setSwitches(switches);
  } catch (e) {
    sb.faults = before.faults;
    sb.switches = before.switches;
    sb.faultRng = before.rng;
    sb.transientIndex = before.index;
    throw e;
  }
}

export async function handleControl(sb: Sandbox, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'https://api.clarifai.com').pathname;
  const route = `${req.method ?? ''} ${path}`;
  try {
    switch (route) {
      case 'GET /__sandbox/faults':
        return send(res, 200, { faults: sb.faults, switches: sb.switches });
      case 'POST /__sandbox/faults':
        configure(sb, await readJson(req));
        return send(res, 200, { faults: sb.faults, switches: sb.switches });
      case 'POST /__sandbox/reset': {
        const body = await readJson(req);
        if (body.seed !== undefined && !Number.isInteger(body.seed)) throw new Error('seed must be an integer');
        sb.reset(typeof body.seed === 'number' ? body.seed : undefined);
        return send(res, 200, { seed: sb.seed });
      }
      case 'GET /__sandbox/keys':
        return send(res, 200, {
          keys: [...sb.keys.values()].sort((a, b) => a.createdAt - b.createdAt).map((k) => ({ ...keyJson(k), owner_id: k.ownerId })),
        });
      case 'GET /__sandbox/log':
        return send(res, 200, { log: sb.log, key_events: sb.keyEvents });
      default:
        return send(res, 404, { error: `no control route ${route}` });
    }
  } catch (e) {
    return send(res, 400, { error: (e as Error).message });
  }
}
