/**
 * Strict decoding of request bodies and query strings against a small description of the proto messages.
 * Follows protojson where it is strict (unknown fields, wrong types, bad JSON are errors; `null` means
 * "not set") and is stricter where the real service is lenient, so client mistakes surface here:
 * - only snake_case field names (protojson would also take lowerCamelCase);
 * - unknown query parameters are refused (grpc-gateway ignores them) unless the switch says otherwise.
 * Every failure is 11100 CONN_BAD_REQUEST_FORMAT naming the offending field.
 */
import { ApiError, Code } from './status.ts';
import { parseTimestamp } from './wire.ts';

export type Field =
  | { kind: 'string' }
  | { kind: 'bool' }
  | { kind: 'uint' }
  | { kind: 'float' }
  | { kind: 'timestamp' }
  | { kind: 'enum'; values: Readonly<Record<string, number>> }
  | { kind: 'repeated'; of: Field }
  | { kind: 'message'; fields: MessageSpec };

export type MessageSpec = Readonly<Record<string, Field>>;

export const f = {
  string: { kind: 'string' } as Field,
  bool: { kind: 'bool' } as Field,
  uint: { kind: 'uint' } as Field,
  float: { kind: 'float' } as Field,
  timestamp: { kind: 'timestamp' } as Field,
  enum: (values: Record<string, number>): Field => ({ kind: 'enum', values }),
  repeated: (of: Field): Field => ({ kind: 'repeated', of }),
  message: (fields: MessageSpec): Field => ({ kind: 'message', fields }),
};

/** Decoded values: string, boolean, number (uint, enum, timestamp in µs), arrays and objects. */
export type Decoded = Record<string, unknown>;

function bad(details: string): ApiError {
  return new ApiError(Code.CONN_BAD_REQUEST_FORMAT, details);
}

const UINT32_MAX = 4294967295;

function decodeJsonValue(v: unknown, field: Field, path: string): unknown {
  switch (field.kind) {
    case 'string':
      if (typeof v !== 'string') throw bad(`${path}: expected a string`);
      return v;
    case 'bool':
      if (typeof v !== 'boolean') throw bad(`${path}: expected true or false`);
      return v;
    case 'uint': {
      const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > UINT32_MAX) throw bad(`${path}: expected an unsigned integer`);
      return n;
    }
    case 'float': {
      // protojson: a JSON number, or a string holding one.
      const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
      if (typeof n !== 'number' || !Number.isFinite(n)) throw bad(`${path}: expected a number`);
      return n;
    }
    case 'timestamp': {
      const t = typeof v === 'string' ? parseTimestamp(v) : undefined;
      if (t === undefined) throw bad(`${path}: expected an RFC 3339 timestamp such as "2025-01-31T12:00:00Z"`);
      return t;
    }
    case 'enum': {
      if (typeof v === 'string' && v in field.values) return field.values[v];
      if (typeof v === 'number' && Object.values(field.values).includes(v)) return v;
      throw bad(`${path}: invalid enum value ${JSON.stringify(v)}`);
    }
    case 'repeated':
      if (!Array.isArray(v)) throw bad(`${path}: expected an array`);
      return v.map((item, i) => {
        if (item === null) throw bad(`${path}[${i}]: null is not allowed in a list`);
        return decodeJsonValue(item, field.of, `${path}[${i}]`);
      });
    case 'message':
      return decodeMessage(v, field.fields, path);
  }
}

function decodeMessage(v: unknown, spec: MessageSpec, path: string): Decoded {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw bad(`${path || 'body'}: expected an object`);
  const out: Decoded = {};
  for (const [name, value] of Object.entries(v)) {
    const field = spec[name];
    const where = path ? `${path}.${name}` : name;
    if (!field) throw bad(`unknown field "${where}"`);
    if (value === null) continue;
    out[name] = decodeJsonValue(value, field, where);
  }
  return out;
}

/** Decodes a JSON request body; an empty body is an empty message (as grpc-gateway treats it). */
export function decodeBody(raw: string, spec: MessageSpec): Decoded {
  if (raw.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (e) {
    throw bad(`malformed JSON: ${(e as Error).message}`);
  }
  return decodeMessage(parsed, spec, '');
}

/** Query parameters: flat, dotted names (`visibility.gettable`), repeated ones as repeated keys. */
export type QuerySpec = Readonly<Record<string, Field>>;

const TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

function decodeQueryValue(v: string, field: Field, name: string): unknown {
  switch (field.kind) {
    case 'string':
      return v;
    case 'bool':
      // strconv.ParseBool, which grpc-gateway uses.
      if (TRUE.has(v)) return true;
      if (FALSE.has(v)) return false;
      throw bad(`query parameter "${name}": invalid boolean ${JSON.stringify(v)}`);
    case 'uint': {
      const n = /^\d+$/.test(v) ? Number(v) : NaN;
      if (!Number.isInteger(n) || n > UINT32_MAX) throw bad(`query parameter "${name}": invalid unsigned integer ${JSON.stringify(v)}`);
      return n;
    }
    case 'timestamp': {
      const t = parseTimestamp(v);
      if (t === undefined) throw bad(`query parameter "${name}": invalid timestamp ${JSON.stringify(v)}`);
      return t;
    }
    case 'enum': {
      if (v in field.values) return field.values[v];
      const n = /^\d+$/.test(v) ? Number(v) : NaN;
      if (Object.values(field.values).includes(n)) return n;
      throw bad(`query parameter "${name}": invalid enum value ${JSON.stringify(v)}`);
    }
    default:
      throw new Error(`query field ${name} cannot be ${field.kind}`);
  }
}

export function decodeQuery(params: URLSearchParams, spec: QuerySpec, rejectUnknown: boolean): Decoded {
  const out: Decoded = {};
  for (const name of new Set(params.keys())) {
    const values = params.getAll(name);
    const field = spec[name];
    if (!field) {
      if (rejectUnknown) throw bad(`unknown query parameter "${name}"`);
      continue;
    }
    if (field.kind === 'repeated') {
      out[name] = values.map((v) => decodeQueryValue(v, field.of, name));
    } else {
      if (values.length > 1) throw bad(`query parameter "${name}" given ${values.length} times`);
      out[name] = decodeQueryValue(values[0] ?? '', field, name);
    }
  }
  return out;
}

// ---- typed reads of decoded values (the decoder guarantees the types) ----

export function str(d: Decoded, name: string): string | undefined {
  return d[name] as string | undefined;
}
export function num(d: Decoded, name: string): number | undefined {
  return d[name] as number | undefined;
}
export function bool(d: Decoded, name: string): boolean {
  return d[name] === true;
}
export function strs(d: Decoded, name: string): string[] {
  return (d[name] as string[] | undefined) ?? [];
}
export function msgs(d: Decoded, name: string): Decoded[] {
  return (d[name] as Decoded[] | undefined) ?? [];
}
export function msg(d: Decoded, name: string): Decoded | undefined {
  return d[name] as Decoded | undefined;
}
