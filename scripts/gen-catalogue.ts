/**
 * Generates src/pure/scopes/catalogue.gen.ts and endpoints.gen.ts from Clarifai's .proto files, so the
 * scope list and the endpoints' scope needs are never typed by hand (`npm run gen:catalogue`, then
 * commit). See docs/clarifai-scopes.md.
 *
 * Where the protos come from: the newest of
 * - the folders vendored under protos/clarifai-<version>/ (Clarifai's protos, copied unchanged), and
 * - the installed npm package clarifai-nodejs-grpc (node_modules/clarifai-nodejs-grpc/proto/),
 * compared by version number (at a tie the package wins, and the vendored copy can go). Or exactly the
 * folder given: `npm run gen:catalogue -- --protos DIR --version X`.
 *
 * The version rule: each generated file records the source and version it came from
 * (CATALOGUE_SOURCE, ENDPOINTS_SOURCE), and the generator refuses, exiting non-zero and writing
 * nothing, to overwrite a file made from a newer version with an older one.
 *
 * Read from the protos:
 * - auth/scope/scope.proto, enum S: name, number, `clarfai_exposed` (sic), `deprecated`, and every
 *   repeated `clarifai_depending_scopes` option (a proto loader that keeps only the last repeated
 *   option would lose most of them, which is why this parses the text itself).
 * - api/service.proto, service V2: each rpc's HTTP bindings, auth type and every repeated
 *   `cl_depending_scopes` option.
 * - auth/types/types.proto: the auth types an rpc may name.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** A failure the person running the generator must act on: printed without a stack, exit code 1. */
export class GenError extends Error {}

// ---------------------------------------------------------------------------------------------------
// Versions

/** `12.4.5` → [12, 4, 5]. Only dotted numbers: a tag such as `12.4.5-rc1` is refused, not guessed at. */
export function parseVersion(v: string): number[] {
  if (!/^\d+(\.\d+)*$/.test(v)) throw new GenError(`"${v}" is not a version (expected numbers and dots, such as 12.4.5)`);
  return v.split('.').map(Number);
}

/** Numeric, part by part: 11.11.0 is newer than 11.9.0 (a string comparison says otherwise). */
export function compareVersions(a: string, b: string): number {
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return Math.sign(d);
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------------
// Sources

export interface ProtoSource {
  /** `clarifai-protos`: a folder of Clarifai's .proto files; `clarifai-nodejs-grpc`: the npm package. */
  from: 'clarifai-protos' | 'clarifai-nodejs-grpc';
  version: string;
  /** The folder that holds `auth/` and `api/` (Clarifai's `clarifai/` folder). */
  dir: string;
}

/** DIR may be the folder that holds `clarifai/`, or that `clarifai/` folder itself. */
export function protoRoot(dir: string): string | undefined {
  for (const d of [join(dir, 'clarifai'), dir]) if (existsSync(join(d, 'auth', 'scope', 'scope.proto'))) return d;
  return undefined;
}

/** Every source in the repository: vendored protos/clarifai-<version>/ folders and the npm package. */
export function availableSources(root: string = ROOT): ProtoSource[] {
  const out: ProtoSource[] = [];
  const vendored = join(root, 'protos');
  if (existsSync(vendored))
    for (const name of readdirSync(vendored).sort()) {
      const version = /^clarifai-(\d+(?:\.\d+)*)$/.exec(name)?.[1];
      const dir = version && protoRoot(join(vendored, name));
      if (version && dir) out.push({ from: 'clarifai-protos', version, dir });
    }
  // The package's "exports" hide package.json and the protos from require.resolve: read them by path.
  const pkgDir = join(root, 'node_modules', 'clarifai-nodejs-grpc');
  const pkgProtos = protoRoot(join(pkgDir, 'proto'));
  if (pkgProtos && existsSync(join(pkgDir, 'package.json'))) {
    const version: string = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version;
    out.push({ from: 'clarifai-nodejs-grpc', version, dir: pkgProtos });
  }
  return out;
}

/** The newest source; at a tie the npm package, so that a vendored copy it has caught up with can go. */
export function newestSource(sources: readonly ProtoSource[]): ProtoSource {
  let best: ProtoSource | undefined;
  for (const s of sources) {
    const d = best ? compareVersions(s.version, best.version) : 1;
    if (d > 0 || (d === 0 && s.from === 'clarifai-nodejs-grpc')) best = s;
  }
  if (!best) throw new GenError('no Clarifai protos found: neither protos/clarifai-<version>/ nor node_modules/clarifai-nodejs-grpc (run npm install)');
  return best;
}

// ---------------------------------------------------------------------------------------------------
// Parsing

/** Proto enum name to wire string: `Inputs_Add` is `Inputs:Add`; `All`, `Predict` stay as they are. */
export function wireName(enumName: string): string {
  return enumName.replace(/_/g, ':');
}

/** End of the string literal that starts at `i` (the index after its closing quote). */
function stringEnd(src: string, i: number): number {
  const q = src[i];
  let j = i + 1;
  while (j < src.length && src[j] !== q && src[j] !== '\n') j += src[j] === '\\' ? 2 : 1;
  return j + 1;
}

/**
 * Removes `//` and `/* *\/` comments, whichever starts first, and never inside a string literal (a
 * `/*` in a line comment or a `//` in a URL would otherwise swallow real options). Newlines are kept.
 */
export function stripComments(src: string): string {
  const out: string[] = [];
  let from = 0;
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '"' || c === "'") i = stringEnd(src, i);
    else if (c === '/' && src[i + 1] === '/') {
      out.push(src.slice(from, i));
      const nl = src.indexOf('\n', i);
      i = from = nl < 0 ? src.length : nl;
    } else if (c === '/' && src[i + 1] === '*') {
      out.push(src.slice(from, i));
      const end = src.indexOf('*/', i + 2);
      if (end < 0) throw new GenError('unterminated /* comment');
      out.push(src.slice(i, end + 2).replace(/[^\n]/g, ' '));
      i = from = end + 2;
    } else i++;
  }
  out.push(src.slice(from));
  return out.join('');
}

/** The text between the `{` at `open` and its matching `}` (braces inside string literals do not count). */
function braceBody(src: string, open: number): string {
  let depth = 0;
  for (let i = open; i < src.length;) {
    const c = src[i];
    if (c === '"' || c === "'") {
      i = stringEnd(src, i);
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return src.slice(open + 1, i);
    i++;
  }
  throw new GenError(`unbalanced braces after: ${src.slice(open, open + 60)}`);
}

function namedBlock(src: string, re: RegExp, what: string): string {
  const m = re.exec(src);
  if (!m) throw new GenError(`${what} not found`);
  return braceBody(src, m.index + m[0].length - 1);
}

export interface GenScope {
  name: string;
  number: number;
  exposed: boolean;
  deprecated: boolean;
  depends: string[];
}

export function parseScopes(scopeProto: string): GenScope[] {
  const body = namedBlock(stripComments(scopeProto), /\benum\s+S\s*\{/, 'enum S in scope.proto');
  const scopes: GenScope[] = [];
  // One statement per value: NAME = NUMBER [options]; (reserved and option statements have no `= digits`).
  for (const stmt of body.split(';')) {
    const m = /^\s*(\w+)\s*=\s*(\d+)\s*(?:\[([\s\S]*)\])?\s*$/.exec(stmt);
    if (!m) {
      if (stmt.trim() && !/^\s*(reserved|option)\b/.test(stmt)) throw new GenError(`cannot read enum S statement: ${stmt.trim()}`);
      continue;
    }
    const [, name, num, opts = ''] = m;
    if (name === 'undef') continue;
    // The option is spelt `clarfai_exposed` in Clarifai's protos; accept the corrected spelling too.
    const depends = [...opts.matchAll(/\(\s*clarifai_depending_scopes\s*\)\s*=\s*(\w+)/g)].map((d) => wireName(d[1]!));
    scopes.push({
      name: wireName(name!),
      number: Number(num),
      exposed: /\(\s*clari?fai_exposed\s*\)\s*=\s*true\b/.test(opts),
      deprecated: /(^|[\s,])deprecated\s*=\s*true\b/.test(opts),
      depends: [...new Set(depends)],
    });
  }
  return scopes;
}

export interface GenEndpoint {
  /** `/clarifai.api.V2/<Rpc>`, the form keys carry in `endpoints`. */
  name: string;
  rpc: string;
  auth: string;
  scopes: string[];
  http: { method: string; path: string }[];
}

export function parseEndpoints(serviceProto: string): GenEndpoint[] {
  const service = namedBlock(stripComments(serviceProto), /\bservice\s+V2\s*\{/, 'service V2 in service.proto');
  const out: GenEndpoint[] = [];
  const rpcRe = /\brpc\s+(\w+)\s*\(\s*(?:stream\s+)?[\w.]+\s*\)\s*returns\s*\(\s*(?:stream\s+)?[\w.]+\s*\)\s*([{;])/g;
  for (const m of service.matchAll(rpcRe)) {
    const rpc = m[1]!;
    // `rpc X (A) returns (B);` has no options at all.
    const block = m[2] === '{' ? braceBody(service, m.index! + m[0].length - 1) : '';
    const httpOpt = /option\s*\(\s*google\.api\.http\s*\)\s*=\s*\{/.exec(block);
    const httpBody = httpOpt ? braceBody(block, httpOpt.index + httpOpt[0].length - 1) : '';
    const http = [
      ...[...httpBody.matchAll(/\b(get|post|put|patch|delete)\s*:\s*"([^"]+)"/g)].map((h) => ({ method: h[1]!.toUpperCase(), path: h[2]! })),
      ...[...httpBody.matchAll(/\bcustom\s*\{\s*kind\s*:\s*"([^"]+)"\s*path\s*:\s*"([^"]+)"\s*\}/g)].map((h) => ({ method: h[1]!, path: h[2]! })),
    ];
    const opt = (name: string) => new RegExp(`option\\s*\\(\\s*(?:clarifai\\.auth\\.util\\.)?${name}\\s*\\)\\s*=\\s*(\\w+)`, 'g');
    const auths = [...block.matchAll(opt('cl_auth_type'))].map((a) => a[1]!);
    if (auths.length > 1) throw new GenError(`${rpc} names ${auths.length} auth types`);
    out.push({
      name: `/clarifai.api.V2/${rpc}`,
      rpc,
      auth: auths[0] ?? 'undef',
      // Repeated option: keep every one (in proto order, once each).
      scopes: [...new Set([...block.matchAll(opt('cl_depending_scopes'))].map((s) => wireName(s[1]!)))],
      http,
    });
  }
  return out;
}

/** The values of enum AuthType in types.proto. */
export function parseAuthTypes(typesProto: string): string[] {
  const body = namedBlock(stripComments(typesProto), /\benum\s+AuthType\s*\{/, 'enum AuthType in types.proto');
  return [...body.matchAll(/(\w+)\s*=\s*\d+/g)].map((m) => m[1]!);
}

// ---------------------------------------------------------------------------------------------------
// Rendering and the version rule

export const CATALOGUE_FILE = 'catalogue.gen.ts';
export const ENDPOINTS_FILE = 'endpoints.gen.ts';

function header(source: ProtoSource, root: string): string[] {
  return [
    `// GENERATED by scripts/gen-catalogue.ts from ${source.from} ${source.version} (${sourcePath(source, root)}). Do not edit.`,
    '// Regenerate with `npm run gen:catalogue` and commit the result; see docs/clarifai-scopes.md.',
    '',
  ];
}

/** The source's folder relative to the repository, with forward slashes, for the generated files. */
export function sourcePath(source: ProtoSource, root: string = ROOT): string {
  return relative(root, source.dir).split(sep).join('/');
}

function sourceConst(name: string, source: ProtoSource, root: string): string[] {
  return [
    `/** Where this file came from: which protos, which version (the generator never replaces a newer one). */`,
    `export const ${name} = { from: ${JSON.stringify(source.from)}, version: ${JSON.stringify(source.version)}, path: ${JSON.stringify(sourcePath(source, root))} } as const;`,
    '',
  ];
}

export function renderCatalogue(scopes: readonly GenScope[], source: ProtoSource, root: string = ROOT): string {
  const lines = [...header(source, root), ...sourceConst('CATALOGUE_SOURCE', source, root)];
  lines.push('/** [wire name, enum number, exposed, deprecated, dependencies] for every value of enum S. */');
  lines.push('export const SCOPE_ROWS: readonly (readonly [string, number, boolean, boolean, readonly string[]])[] = [');
  for (const s of scopes) lines.push(`  [${JSON.stringify(s.name)}, ${s.number}, ${s.exposed}, ${s.deprecated}, ${JSON.stringify(s.depends)}],`);
  lines.push('];', '');
  // The content script loads on every portal page and needs only names and dependencies (./graph.ts).
  for (const s of scopes) if (/[|>,~]/.test(s.name)) throw new Error(`scope name ${s.name} holds a character SCOPE_GRAPH uses as a separator`);
  const graph = scopes.map((s) => `${s.exposed ? '' : '~'}${s.name}${s.depends.length ? `>${s.depends.join(',')}` : ''}`).join('|');
  lines.push('/** The same scopes, small, for the content script: `name>dep,dep` joined by `|`, `~` before a scope not exposed. */');
  lines.push(`export const SCOPE_GRAPH = ${JSON.stringify(graph)};`, '');
  return lines.join('\n');
}

export function renderEndpoints(endpoints: readonly GenEndpoint[], source: ProtoSource, root: string = ROOT): string {
  const lines = [...header(source, root), ...sourceConst('ENDPOINTS_SOURCE', source, root)];
  lines.push('/** [rpc name, auth type, scopes the rpc needs, "METHOD path" bindings] for every rpc of service V2. */');
  lines.push('export const ENDPOINT_ROWS: readonly (readonly [string, string, readonly string[], readonly string[]])[] = [');
  for (const e of endpoints)
    lines.push(
      `  [${JSON.stringify(e.rpc)}, ${JSON.stringify(e.auth)}, ${JSON.stringify(e.scopes)}, ${JSON.stringify(e.http.map((h) => `${h.method} ${h.path}`))}],`,
    );
  lines.push('];', '');
  return lines.join('\n');
}

/**
 * The version a generated file was made from: its `*_SOURCE` constant, or (files from before that
 * constant) `PROTO_PACKAGE_VERSION` or the header line. Undefined when the file says nothing readable.
 */
export function recordedVersion(text: string): string | undefined {
  return (
    /export const \w+_SOURCE = \{[^}]*\bversion: "([^"]+)"/.exec(text)?.[1] ??
    /export const PROTO_PACKAGE_VERSION = "([^"]+)"/.exec(text)?.[1] ??
    /^\/\/ GENERATED by scripts\/gen-catalogue\.ts from [\w-]+ (\d+(?:\.\d+)*)\b/m.exec(text)?.[1]
  );
}

/** Throws if writing `version` to `file` (whose current text is `existing`) would go back in version. */
export function checkNotOlder(file: string, existing: string | undefined, version: string): void {
  if (existing === undefined) return;
  const had = recordedVersion(existing);
  if (had === undefined)
    throw new GenError(`${file} exists but does not say which protos version made it; refusing to overwrite it (delete it first if you mean to)`);
  if (compareVersions(had, version) > 0)
    throw new GenError(
      `${file} was generated from Clarifai's protos ${had}, newer than ${version}: refusing to replace it with an older catalogue. ` +
        `Use a source at ${had} or later (npm run gen:catalogue -- --protos DIR --version X).`,
    );
}

export interface GenResult {
  source: ProtoSource;
  scopes: GenScope[];
  endpoints: GenEndpoint[];
  files: string[];
}

/** Parses, checks and writes both files, or throws GenError having written nothing. */
export function generate(opts: { source: ProtoSource; outDir: string; root?: string }): GenResult {
  const { source, outDir } = opts;
  const root = opts.root ?? ROOT;
  parseVersion(source.version);
  const read = (p: string) => {
    const f = join(source.dir, p);
    if (!existsSync(f)) throw new GenError(`${f} not found: the protos folder must hold auth/scope/scope.proto, api/service.proto, auth/types/types.proto`);
    return readFileSync(f, 'utf8');
  };
  const scopes = parseScopes(read('auth/scope/scope.proto'));
  const endpoints = parseEndpoints(read('api/service.proto'));
  const authTypes = new Set(parseAuthTypes(read('auth/types/types.proto')));

  const known = new Set(scopes.map((s) => s.name));
  if (known.size !== scopes.length) throw new GenError('enum S names a scope twice');
  for (const s of scopes) for (const d of s.depends) if (!known.has(d)) throw new GenError(`${s.name} depends on unknown ${d}`);
  if (new Set(endpoints.map((e) => e.rpc)).size !== endpoints.length) throw new GenError('service V2 names an rpc twice');
  for (const e of endpoints) {
    for (const d of e.scopes) if (!known.has(d)) throw new GenError(`${e.rpc} needs unknown scope ${d}`);
    if (!authTypes.has(e.auth)) throw new GenError(`${e.rpc} has auth type ${e.auth}, which types.proto does not define`);
  }

  const outputs: [string, string][] = [
    [join(outDir, CATALOGUE_FILE), renderCatalogue(scopes, source, root)],
    [join(outDir, ENDPOINTS_FILE), renderEndpoints(endpoints, source, root)],
  ];
  // Check both before writing either, so a refusal leaves the pair consistent.
  for (const [file] of outputs) checkNotOlder(relative(root, file) || file, existsSync(file) ? readFileSync(file, 'utf8') : undefined, source.version);
  mkdirSync(outDir, { recursive: true });
  for (const [file, text] of outputs) writeFileSync(file, text);
  return { source, scopes, endpoints, files: outputs.map(([f]) => f) };
}

// ---------------------------------------------------------------------------------------------------
// Command line

export interface CliOptions {
  protos?: string;
  version?: string;
  out?: string;
}

export function parseArgs(argv: readonly string[]): CliOptions {
  const o: CliOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v.startsWith('--')) throw new GenError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--protos') o.protos = value();
    else if (flag === '--version') o.version = value();
    else if (flag === '--out') o.out = value();
    else throw new GenError(`unknown argument ${a} (usage: gen-catalogue [--protos DIR --version X] [--out DIR])`);
  }
  if ((o.protos === undefined) !== (o.version === undefined))
    throw new GenError('--protos and --version go together: name the folder and the version it holds');
  return o;
}

/** The source the options name, or the newest available. */
export function chooseSource(o: CliOptions, root: string = ROOT, cwd: string = process.cwd()): ProtoSource {
  if (o.protos === undefined) return newestSource(availableSources(root));
  const given = isAbsolute(o.protos) ? o.protos : resolve(cwd, o.protos);
  const dir = protoRoot(given);
  if (!dir) throw new GenError(`${o.protos}: no auth/scope/scope.proto there (nor under clarifai/)`);
  parseVersion(o.version!);
  return { from: 'clarifai-protos', version: o.version!, dir };
}

export function main(argv: readonly string[] = process.argv.slice(2)): number {
  try {
    const o = parseArgs(argv);
    const source = chooseSource(o);
    const outDir = o.out ? resolve(process.cwd(), o.out) : join(ROOT, 'src', 'pure', 'scopes');
    const r = generate({ source, outDir });
    const exposed = r.scopes.filter((s) => s.exposed);
    console.log(
      `from ${source.from} ${source.version} (${sourcePath(source)}): ${r.scopes.length} scopes, ${exposed.length} exposed, ` +
        `${exposed.filter((s) => s.deprecated).length} of them deprecated; ${r.endpoints.length} rpcs\nwrote ${r.files.map((f) => relative(ROOT, f)).join(', ')}`,
    );
    return 0;
  } catch (e) {
    if (!(e instanceof GenError)) throw e;
    console.error(`gen-catalogue: ${e.message}`);
    return 1;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) process.exitCode = main();
