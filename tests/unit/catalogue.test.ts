import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScopes } from '../../scripts/gen-catalogue.ts';
import { ALL_SCOPES, closeUnderDependencies, EXPOSED_SCOPES, isExposed, missingDependencies, scope } from '../../src/pure/scopes/catalogue.ts';
import { PROTO_PACKAGE_VERSION } from '../../src/pure/scopes/catalogue.gen.ts';

describe('the generated scope catalogue', () => {
  it('is up to date with the installed clarifai-nodejs-grpc', () => {
    const proto = readFileSync('node_modules/clarifai-nodejs-grpc/proto/clarifai/auth/scope/scope.proto', 'utf8');
    const version = JSON.parse(readFileSync('node_modules/clarifai-nodejs-grpc/package.json', 'utf8')).version;
    expect(PROTO_PACKAGE_VERSION).toBe(version);
    const parsed = parseScopes(proto);
    expect(ALL_SCOPES.map((s) => [s.name, s.number, s.exposed, s.deprecated, [...s.depends]])).toEqual(
      parsed.map((s) => [s.name, s.number, s.exposed, s.deprecated, s.depends]),
    );
  });

  it('offers the 114 exposed scopes of 11.11.0, five of them deprecated', () => {
    expect(EXPOSED_SCOPES).toHaveLength(114);
    expect(EXPOSED_SCOPES.filter((s) => s.deprecated).map((s) => s.name).sort()).toEqual(
      ['Annotations:Patch', 'Concepts:Patch', 'Inputs:Patch', 'Models:Patch', 'Workflows:Patch'],
    );
  });

  it('never offers non-exposed scopes such as Concepts:Delete and Models:Sync', () => {
    expect(isExposed('Concepts:Delete')).toBe(false);
    expect(isExposed('Models:Sync')).toBe(false);
    expect(isExposed('Inputs:Add')).toBe(true);
  });

  it('keeps every repeated dependency option, not only the last', () => {
    expect(scope('Models:Patch')?.depends).toEqual(['Models:Add', 'Models:Get', 'Models:Train']);
    expect(scope('InstalledModuleVersions:Add')?.depends).toEqual(['InstalledModuleVersions:Get', 'Modules:Get']);
  });

  it('uses the wire names: All, Predict and Inputs:Add', () => {
    expect(scope('All')?.number).toBe(1);
    expect(scope('Predict')?.number).toBe(2);
    expect(scope('Inputs:Add')?.number).toBe(4);
  });

  it('parses options spread over lines and comments between them', () => {
    const proto = `enum S {\n  reserved 3;\n  undef = 0;\n  A_Get = 5 [(clarfai_exposed) = true]; // c\n  A_Add = 6 [(clarfai_exposed) = true,\n   // why\n   (clarifai_depending_scopes) = A_Get,\n   deprecated = true];\n  B_Get = 7;\n}`;
    expect(parseScopes(proto)).toEqual([
      { name: 'A:Get', number: 5, exposed: true, deprecated: false, depends: [] },
      { name: 'A:Add', number: 6, exposed: true, deprecated: true, depends: ['A:Get'] },
      { name: 'B:Get', number: 7, exposed: false, deprecated: false, depends: [] },
    ]);
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
