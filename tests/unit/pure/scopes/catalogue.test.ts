/**
 * The scope catalogue and the endpoint table: generated from the newest of Clarifai's protos, up to
 * date with them, parsed the way the protos mean (repeated options), and never replaced by an older
 * version. See docs/clarifai-scopes.md.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  availableSources,
  checkNotOlder,
  chooseSource,
  compareVersions,
  GenError,
  generate,
  newestSource,
  parseArgs,
  parseEndpoints,
  parseScopes,
  recordedVersion,
  renderCatalogue,
  renderEndpoints,
  stripComments,
  type ProtoSource,
} from '../../../../scripts/gen-catalogue.ts';
import { CATALOGUE_SOURCE } from '../../../../src/pure/scopes/catalogue.gen.ts';
import {
  ALL_SCOPES,
  closeUnderDependencies,
  EXPOSED_SCOPES,
  isExposed,
  missingDependencies,
  PAT_SCOPES_NEEDED,
  scope,
} from '../../../../src/pure/scopes/catalogue.ts';
import { ENDPOINT_ROWS, ENDPOINTS_SOURCE } from '../../../../src/pure/scopes/endpoints.gen.ts';

const VENDORED = 'protos/clarifai-12.4.5/clarifai';
const NPM = 'node_modules/clarifai-nodejs-grpc/proto/clarifai';
const read = (dir: string, p: string) => readFileSync(join(dir, p), 'utf8');
const scopesOf = (dir: string) => parseScopes(read(dir, 'auth/scope/scope.proto'));
const rpcsOf = (dir: string) => parseEndpoints(read(dir, 'api/service.proto'));

describe('the generated files', () => {
  it('say where they came from: Clarifai’s protos 12.4.5, vendored in the repository', () => {
    expect(CATALOGUE_SOURCE).toEqual({ from: 'clarifai-protos', version: '12.4.5', path: VENDORED });
    expect(ENDPOINTS_SOURCE).toEqual(CATALOGUE_SOURCE);
  });

  it('come from the newest source available (the vendored protos or the npm package)', () => {
    const newest = newestSource(availableSources());
    expect(compareVersions(CATALOGUE_SOURCE.version, newest.version)).toBe(0);
  });

  it('are exactly what the generator writes from that source today', () => {
    const source = availableSources().find((s) => s.from === CATALOGUE_SOURCE.from && s.version === CATALOGUE_SOURCE.version)!;
    expect(source).toBeDefined();
    expect(readFileSync('src/pure/scopes/catalogue.gen.ts', 'utf8')).toBe(renderCatalogue(scopesOf(source.dir), source));
    expect(readFileSync('src/pure/scopes/endpoints.gen.ts', 'utf8')).toBe(renderEndpoints(rpcsOf(source.dir), source));
  });

  it('vendor the licence and a README with the protos', () => {
    expect(read('protos/clarifai-12.4.5', 'LICENCE')).toContain('Apache License, Version 2.0');
    expect(read('protos/clarifai-12.4.5', 'README.md')).toContain('12.4.5');
    for (const p of ['auth/scope/scope.proto', 'api/service.proto', 'auth/types/types.proto', 'auth/util/extension.proto'])
      expect(existsSync(join(VENDORED, p))).toBe(true);
  });
});

describe('the catalogue at 12.4.5', () => {
  const deprecated = EXPOSED_SCOPES.filter((s) => s.deprecated).map((s) => s.name);

  it('offers 115 exposed scopes, the new one being PipelineVersionRunStatusLogs:Get', () => {
    expect(EXPOSED_SCOPES).toHaveLength(115);
    expect(scope('PipelineVersionRunStatusLogs:Get')).toMatchObject({ number: 173, exposed: true, deprecated: false, depends: [] });
  });

  it('marks 16 exposed scopes deprecated: the five Patch ones and eleven more', () => {
    expect(deprecated).toHaveLength(16);
    expect([...deprecated].sort()).toEqual(
      [
        'Annotations:Patch',
        'Concepts:Patch',
        'Inputs:Patch',
        'Models:Patch',
        'Workflows:Patch',
        'WorkflowMetrics:Get',
        'Collectors:Add',
        'Collectors:Get',
        'Collectors:Delete',
        'FindDuplicateAnnotationsJobs:Add',
        'Modules:Add',
        'Modules:Get',
        'Modules:Delete',
        'InstalledModuleVersions:Add',
        'InstalledModuleVersions:Get',
        'InstalledModuleVersions:Delete',
      ].sort(),
    );
  });

  it('never offers non-exposed scopes such as Concepts:Delete and Models:Sync', () => {
    expect(isExposed('Concepts:Delete')).toBe(false);
    expect(isExposed('Models:Sync')).toBe(false);
    expect(isExposed('HistoricalUsage:Get')).toBe(false);
    expect(isExposed('Inputs:Add')).toBe(true);
  });

  it('keeps every repeated dependency option, not only the last', () => {
    expect(scope('Models:Patch')?.depends).toEqual(['Models:Add', 'Models:Get', 'Models:Train']);
    expect(scope('InstalledModuleVersions:Add')?.depends).toEqual(['InstalledModuleVersions:Get', 'Modules:Get']);
    expect(scope('InstalledModuleVersions:Delete')?.depends).toEqual(['InstalledModuleVersions:Add', 'InstalledModuleVersions:Get', 'Modules:Get']);
    // Options spread over lines, the last one followed by `deprecated = true`.
    expect(scope('Collectors:Delete')).toMatchObject({ deprecated: true, depends: ['Collectors:Add', 'Collectors:Get'] });
  });

  it('keeps the proto’s exceptions to the naming convention', () => {
    for (const n of ['ModelVersionPublications:Add', 'ModelVersionPublications:Delete', 'AnnotationTracks:Add', 'AnnotationTracks:Delete'])
      expect(scope(n)?.depends).toEqual([]);
    // A scope that is not deprecated may need one that is (12.4.5 deprecates WorkflowMetrics:Get only).
    expect(scope('WorkflowMetrics:Add')).toMatchObject({ deprecated: false, depends: ['WorkflowMetrics:Get'] });
    expect(scope('FindDuplicateAnnotationsJobs:Delete')).toMatchObject({
      deprecated: false,
      depends: ['FindDuplicateAnnotationsJobs:Add', 'FindDuplicateAnnotationsJobs:Get'],
    });
  });

  it('holds all 121 values of enum S but undef, exposed or not', () => {
    expect(ALL_SCOPES).toHaveLength(121);
  });

  it('uses the wire names: All, Predict and Inputs:Add', () => {
    expect(scope('All')?.number).toBe(1);
    expect(scope('Predict')?.number).toBe(2);
    expect(scope('Inputs:Add')?.number).toBe(4);
  });

  it('lists 273 rpcs, each once, and every scope they need is in the catalogue', () => {
    expect(ENDPOINT_ROWS).toHaveLength(273);
    expect(new Set(ENDPOINT_ROWS.map(([n]) => n)).size).toBe(273);
    for (const [, , needs] of ENDPOINT_ROWS) for (const s of needs) expect(scope(s), s).toBeDefined();
  });

  it('keeps every repeated cl_depending_scopes option and every HTTP binding of an rpc', () => {
    const row = (n: string) => ENDPOINT_ROWS.find(([r]) => r === n);
    expect(row('DeleteModelMigration')).toEqual([
      'DeleteModelMigration',
      'KeyAuth',
      ['Apps:Get', 'Models:Add', 'Models:Delete', 'Models:Get'],
      ['DELETE /v2/users/{user_app_id.user_id}/apps/{user_app_id.app_id}/models/{model_id}/migration'],
    ]);
    expect(row('StreamLivestreamAnnotations')).toEqual([
      'StreamLivestreamAnnotations',
      'KeyAuth',
      ['Apps:Get', 'Inputs:Get', 'Annotations:Get'],
      [
        'POST /v2/users/{user_app_id.user_id}/apps/{user_app_id.app_id}/inputs/{input_id}/annotations/stream/live',
        'POST /v2/inputs/{input_id}/annotations/stream/live',
      ],
    ]);
    expect(row('PostModelMigration')?.[3]).toHaveLength(2);
    expect(row('ListPipelineVersionRunStatusLogs')?.[2]).toEqual(['Apps:Get', 'Pipelines:Get', 'Nodepools:Get', 'PipelineVersionRunStatusLogs:Get']);
    // The commented-out ListModelVersionRunners is not an rpc.
    expect(row('ListModelVersionRunners')).toBeUndefined();
  });

  it('agrees with the scopes Keysmith’s own PAT is said to need', () => {
    const needs = (n: string) => [...ENDPOINT_ROWS.find(([r]) => r === n)![2]].sort();
    const rpcFor = {
      listApps: 'ListApps',
      listCollaborations: 'ListCollaborations',
      createKeys: 'PostKeys',
      listKeys: 'ListAppKeys',
      patchKeys: 'PatchKeys',
      deleteKeys: 'DeleteKey',
    };
    for (const [what, rpc] of Object.entries(rpcFor)) expect([...PAT_SCOPES_NEEDED[what as keyof typeof rpcFor]].sort(), what).toEqual(needs(rpc));
    expect(Object.keys(PAT_SCOPES_NEEDED).sort()).toEqual(Object.keys(rpcFor).sort());
  });
});

describe('12.4.5 against the npm package 11.11.0', () => {
  const npmVersion = JSON.parse(readFileSync('node_modules/clarifai-nodejs-grpc/package.json', 'utf8')).version;
  const [oldScopes, newScopes] = [scopesOf(NPM), scopesOf(VENDORED)];
  const [oldRpcs, newRpcs] = [rpcsOf(NPM), rpcsOf(VENDORED)];
  const names = (xs: readonly { rpc: string }[]) => new Set(xs.map((x) => x.rpc));

  it('compares with the package this repository pins', () => {
    expect(npmVersion).toBe('11.11.0');
    expect(compareVersions('12.4.5', npmVersion)).toBe(1);
  });

  it('went from 114 exposed scopes (5 deprecated) to 115 (16 deprecated)', () => {
    const count = (ss: typeof oldScopes) => [ss.filter((s) => s.exposed).length, ss.filter((s) => s.exposed && s.deprecated).length];
    expect(count(oldScopes)).toEqual([114, 5]);
    expect(count(newScopes)).toEqual([115, 16]);
    const had = new Set(oldScopes.filter((s) => s.exposed).map((s) => s.name));
    expect(newScopes.filter((s) => s.exposed && !had.has(s.name)).map((s) => s.name)).toEqual(['PipelineVersionRunStatusLogs:Get']);
  });

  it('removed 24 rpcs (all of Collectors, Modules, ModuleVersions, InstalledModuleVersions among them) and added 8', () => {
    const [before, after] = [names(oldRpcs), names(newRpcs)];
    const removed = [...before].filter((n) => !after.has(n));
    const added = [...after].filter((n) => !before.has(n));
    expect(removed).toHaveLength(24);
    expect(added).toHaveLength(8);
    expect(added.sort()).toEqual(
      [
        'DeleteModelMigration',
        'ListPipelineTemplates',
        'ListPipelineVersionRunStatusLogs',
        'PostNodepoolStatus',
        'PostPipelineVersionRunFromTemplate',
        'PostRunnerReplicaTaskMetrics',
        'StreamAnnotations',
        'StreamLivestreamAnnotations',
      ].sort(),
    );
    expect([...after].filter((n) => /Collector|Module/.test(n))).toEqual([]);
    expect(removed).toEqual(expect.arrayContaining(['PostCollectors', 'ListModules', 'ListModuleVersions', 'PostInstalledModuleVersions']));
  });

  it('left the key rpcs unchanged', () => {
    for (const n of ['PostKeys', 'ListKeys', 'ListAppKeys', 'GetKey', 'PatchKeys', 'DeleteKey'])
      expect(
        newRpcs.find((e) => e.rpc === n),
        n,
      ).toEqual(oldRpcs.find((e) => e.rpc === n));
  });
});

describe('parsing the protos', () => {
  it('reads options spread over lines and comments between them', () => {
    const proto = `enum S {\n  reserved 3;\n  undef = 0;\n  A_Get = 5 [(clarfai_exposed) = true]; // c\n  A_Add = 6 [(clarfai_exposed) = true,\n   // why\n   (clarifai_depending_scopes) = A_Get,\n   deprecated = true];\n  B_Get = 7;\n}`;
    expect(parseScopes(proto)).toEqual([
      { name: 'A:Get', number: 5, exposed: true, deprecated: false, depends: [] },
      { name: 'A:Add', number: 6, exposed: true, deprecated: true, depends: ['A:Get'] },
      { name: 'B:Get', number: 7, exposed: false, deprecated: false, depends: [] },
    ]);
  });

  it('takes every repeated dependency, and accepts the corrected spelling clarifai_exposed', () => {
    const proto = `enum S {\n  A_Get = 1 [(clarifai_exposed) = true];\n  A_Add = 2 [(clarifai_depending_scopes) = A_Get];\n  A_Delete=3 [(clarfai_exposed) = true, (clarifai_depending_scopes) = A_Add, (clarifai_depending_scopes) = A_Get,\n (clarifai_depending_scopes) = A_Get];\n}`;
    expect(parseScopes(proto).map((s) => [s.name, s.exposed, s.depends])).toEqual([
      ['A:Get', true, []],
      ['A:Add', false, ['A:Get']],
      ['A:Delete', true, ['A:Add', 'A:Get']],
    ]);
  });

  it('strips comments without eating strings, and a /* inside a line comment opens nothing', () => {
    expect(stripComments('a // see models/* here\nb */ c')).toBe('a \nb */ c');
    expect(stripComments('get: "/v2//x" // y')).toBe('get: "/v2//x" ');
    expect(stripComments('x /* one\ntwo */ y')).toBe('x       \n       y');
    expect(() => stripComments('x /* never closed')).toThrow(GenError);
  });

  it('reads rpcs: repeated scopes, additional bindings, streams, no options, commented-out ones', () => {
    const proto = `service V2 {
      rpc A (AReq) returns (stream AResp) {
        option (google.api.http) = {
          post: "/v2/users/{user_app_id.user_id}/a" // trailing
          body: "*"
          additional_bindings {// call it directly
            post: "/v2/a"
            body: "*"
          }
        };
        option (clarifai.auth.util.cl_auth_type) = KeyAuth;
        option (clarifai.auth.util.cl_depending_scopes) = Apps_Get;
        option (clarifai.auth.util.cl_depending_scopes) = Inputs_Add; // why
        option (clarifai.auth.util.cl_depending_scopes) = Inputs_Get;
        option (clarifai.auth.util.cl_depending_scopes) = Apps_Get;
        option deprecated = true;
      }
      // rpc Gone (G) returns (H) {
      //   option (clarifai.auth.util.cl_auth_type) = KeyAuth;
      // }
      rpc B(stream BReq) returns (clarifai.api.status.BaseResponse);
    }
    message AReq { string x = 1; }`;
    expect(parseEndpoints(proto)).toEqual([
      {
        name: '/clarifai.api.V2/A',
        rpc: 'A',
        auth: 'KeyAuth',
        scopes: ['Apps:Get', 'Inputs:Add', 'Inputs:Get'],
        http: [
          { method: 'POST', path: '/v2/users/{user_app_id.user_id}/a' },
          { method: 'POST', path: '/v2/a' },
        ],
      },
      { name: '/clarifai.api.V2/B', rpc: 'B', auth: 'undef', scopes: [], http: [] },
    ]);
  });
});

describe('versions', () => {
  it('compares numerically, part by part', () => {
    expect(compareVersions('12.4.5', '11.11.0')).toBe(1);
    expect(compareVersions('11.11.0', '11.9.0')).toBe(1); // a string comparison gets this one wrong
    expect(compareVersions('11.9.0', '11.11.0')).toBe(-1);
    expect(compareVersions('12.4', '12.4.0')).toBe(0);
    expect(() => compareVersions('12.4.5-rc1', '12.4.5')).toThrow(GenError);
  });

  it('reads the version a generated file records, old formats included', () => {
    expect(recordedVersion(readFileSync('src/pure/scopes/catalogue.gen.ts', 'utf8'))).toBe('12.4.5');
    expect(recordedVersion(readFileSync('src/pure/scopes/endpoints.gen.ts', 'utf8'))).toBe('12.4.5');
    // Before the *_SOURCE constants: the catalogue had PROTO_PACKAGE_VERSION, the endpoints only a header.
    expect(recordedVersion('// x\nexport const PROTO_PACKAGE_VERSION = "11.11.0";\n')).toBe('11.11.0');
    expect(recordedVersion('// GENERATED by scripts/gen-catalogue.ts from clarifai-nodejs-grpc 11.11.0. Do not edit.\n')).toBe('11.11.0');
    expect(recordedVersion('export const X = 1;')).toBeUndefined();
  });

  it('refuses to go back in version, allows the same or a newer one', () => {
    const newer = renderCatalogue([], { from: 'clarifai-protos', version: '12.4.5', dir: '/x' });
    expect(() => checkNotOlder('f', newer, '11.11.0')).toThrow(/generated from Clarifai's protos 12\.4\.5, newer than 11\.11\.0/);
    expect(() => checkNotOlder('f', newer, '12.4.5')).not.toThrow();
    expect(() => checkNotOlder('f', newer, '12.10.0')).not.toThrow();
    expect(() => checkNotOlder('f', undefined, '1.0.0')).not.toThrow();
    expect(() => checkNotOlder('f', 'export const X = 1;', '99.0.0')).toThrow(/does not say which protos version/);
  });
});

describe('choosing the source', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), 'keysmith-gen-'));
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  /** A fake repository root with vendored folders at these versions and, optionally, the package. */
  function fakeRoot(vendored: string[], pkg?: string): string {
    const scopeProto = 'enum S {\n  A_Get = 1 [(clarfai_exposed) = true];\n}\n';
    const put = (dir: string) => {
      mkdirSync(join(dir, 'auth', 'scope'), { recursive: true });
      writeFileSync(join(dir, 'auth', 'scope', 'scope.proto'), scopeProto);
    };
    for (const v of vendored) put(join(tmp, 'protos', `clarifai-${v}`, 'clarifai'));
    mkdirSync(join(tmp, 'protos', 'notes'), { recursive: true }); // not a version: ignored
    if (pkg) {
      put(join(tmp, 'node_modules', 'clarifai-nodejs-grpc', 'proto', 'clarifai'));
      writeFileSync(join(tmp, 'node_modules', 'clarifai-nodejs-grpc', 'package.json'), JSON.stringify({ version: pkg }));
    }
    return tmp;
  }
  const pick = (root: string) => {
    const s = newestSource(availableSources(root));
    return `${s.from} ${s.version}`;
  };

  it('takes the newest by number, vendored or package', () => {
    expect(pick(fakeRoot(['12.4.5', '12.10.0', '9.0.0'], '11.11.0'))).toBe('clarifai-protos 12.10.0');
  });

  it('prefers the package once it has caught up, and takes it when it is newer', () => {
    expect(pick(fakeRoot(['12.4.5'], '12.4.5'))).toBe('clarifai-nodejs-grpc 12.4.5');
    rmSync(tmp, { recursive: true });
    expect(pick(fakeRoot(['12.4.5'], '13.0.0'))).toBe('clarifai-nodejs-grpc 13.0.0');
  });

  it('says so when there is no source at all', () => {
    expect(() => newestSource(availableSources(fakeRoot([])))).toThrow(/no Clarifai protos found/);
  });

  it('in this repository, is the vendored 12.4.5', () => {
    const s = newestSource(availableSources());
    expect([s.from, s.version]).toEqual(['clarifai-protos', '12.4.5']);
  });

  it('takes --protos DIR --version X as given, DIR holding clarifai/ or being it', () => {
    const root = fakeRoot(['1.0.0']);
    const a = chooseSource({ protos: join(root, 'protos', 'clarifai-1.0.0'), version: '3.2.1' }, root);
    const b = chooseSource({ protos: join(root, 'protos', 'clarifai-1.0.0', 'clarifai'), version: '3.2.1' }, root);
    expect(a).toEqual(b);
    expect(a).toMatchObject({ from: 'clarifai-protos', version: '3.2.1' });
    expect(() => chooseSource({ protos: root, version: '1.0.0' }, root)).toThrow(/no auth\/scope\/scope\.proto/);
    expect(() => chooseSource({ protos: join(root, 'protos', 'clarifai-1.0.0'), version: 'latest' }, root)).toThrow(/not a version/);
  });

  it('reads its arguments strictly', () => {
    expect(parseArgs(['--protos', 'd', '--version', '1.2.3', '--out', 'o'])).toEqual({ protos: 'd', version: '1.2.3', out: 'o' });
    expect(parseArgs(['--protos=d', '--version=1.2.3'])).toEqual({ protos: 'd', version: '1.2.3' });
    expect(() => parseArgs(['--protos', 'd'])).toThrow(/go together/);
    expect(() => parseArgs(['--version'])).toThrow(/needs a value/);
    expect(() => parseArgs(['--force'])).toThrow(/unknown argument/);
  });
});

describe('generating', () => {
  let out: string;
  beforeEach(() => {
    out = mkdtempSync(join(tmpdir(), 'keysmith-gen-out-'));
  });
  afterEach(() => rmSync(out, { recursive: true, force: true }));

  const vendored: ProtoSource = { from: 'clarifai-protos', version: '12.4.5', dir: VENDORED };
  const npm: ProtoSource = { from: 'clarifai-nodejs-grpc', version: '11.11.0', dir: NPM };

  it('writes both files, matching the checked-in ones', () => {
    const r = generate({ source: { ...vendored, dir: join(process.cwd(), VENDORED) }, outDir: out, root: process.cwd() });
    expect([r.scopes.filter((s) => s.exposed).length, r.endpoints.length]).toEqual([115, 273]);
    expect(readFileSync(join(out, 'catalogue.gen.ts'), 'utf8')).toBe(readFileSync('src/pure/scopes/catalogue.gen.ts', 'utf8'));
    expect(readFileSync(join(out, 'endpoints.gen.ts'), 'utf8')).toBe(readFileSync('src/pure/scopes/endpoints.gen.ts', 'utf8'));
  });

  it('refuses to overwrite a 12.4.5 catalogue with 11.11.0 and leaves both files as they were', () => {
    generate({ source: vendored, outDir: out });
    const before = [readFileSync(join(out, 'catalogue.gen.ts'), 'utf8'), readFileSync(join(out, 'endpoints.gen.ts'), 'utf8')];
    expect(() => generate({ source: npm, outDir: out })).toThrow(GenError);
    expect([readFileSync(join(out, 'catalogue.gen.ts'), 'utf8'), readFileSync(join(out, 'endpoints.gen.ts'), 'utf8')]).toEqual(before);
    // Either file alone is enough to refuse.
    rmSync(join(out, 'catalogue.gen.ts'));
    expect(() => generate({ source: npm, outDir: out })).toThrow(/endpoints\.gen\.ts was generated from Clarifai's protos 12\.4\.5/);
    expect(existsSync(join(out, 'catalogue.gen.ts'))).toBe(false);
  });

  it('goes forward from 11.11.0 to 12.4.5, and regenerates the same version', () => {
    generate({ source: npm, outDir: out });
    expect(recordedVersion(readFileSync(join(out, 'catalogue.gen.ts'), 'utf8'))).toBe('11.11.0');
    generate({ source: vendored, outDir: out });
    generate({ source: vendored, outDir: out });
    expect(recordedVersion(readFileSync(join(out, 'endpoints.gen.ts'), 'utf8'))).toBe('12.4.5');
  });

  it('from the command line: says why and exits non-zero when the source is older', () => {
    generate({ source: vendored, outDir: out });
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'scripts/gen-catalogue.ts', '--protos', 'node_modules/clarifai-nodejs-grpc/proto', '--version', '11.11.0', '--out', out],
      {
        encoding: 'utf8',
      },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('newer than 11.11.0: refusing to replace it with an older catalogue');
    expect(recordedVersion(readFileSync(join(out, 'catalogue.gen.ts'), 'utf8'))).toBe('12.4.5');
  });
});

describe('dependency closure', () => {
  it('a preset with Inputs:Add also ticks Inputs:Get', () => {
    expect(closeUnderDependencies(['Inputs:Add'])).toEqual(['Inputs:Add', 'Inputs:Get']);
  });

  it('follows the proto exceptions: Models:Patch brings Models:Train', () => {
    expect(closeUnderDependencies(['Models:Patch'])).toContain('Models:Train');
  });

  it('names what a selection is missing', () => {
    expect(missingDependencies(['Inputs:Delete'])).toEqual(['Inputs:Add', 'Inputs:Get']);
    expect(missingDependencies(['Inputs:Get'])).toEqual([]);
  });
});
