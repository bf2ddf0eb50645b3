import { describe, expect, it } from 'vitest';
import { BUILTIN_PRESETS, PRESET_SCOPES } from '../../../../src/pure/presets/builtins.ts';
import { checkScopes, matchPreset } from '../../../../src/pure/presets/model.ts';
import { closeUnderDependencies, EXPOSED_SCOPES, isExposed, scope } from '../../../../src/pure/scopes/catalogue.ts';
import { describeEndpoints, enabledEndpoints } from '../../../../src/pure/scopes/endpoints.ts';

const byName = (n: string) => BUILTIN_PRESETS.find((p) => p.name === n)!;

describe('built-in presets', () => {
  it('include the six the portal users asked for', () => {
    expect(BUILTIN_PRESETS.map((p) => p.name)).toEqual(
      expect.arrayContaining(['Full access', 'Predict only', 'Read only', 'Upload and predict', 'Labeling', 'Everything except delete']),
    );
  });

  it.each(BUILTIN_PRESETS.map((p) => [p.name, p] as const))('%s is closed under dependencies and uses exposed scopes only', (_n, p) => {
    expect(closeUnderDependencies(p.scopes)).toEqual([...p.scopes]);
    expect(p.scopes.every(isExposed)).toBe(true);
    expect(p.description.length).toBeGreaterThan(20);
  });

  it('Full access is the All scope', () => {
    expect(byName('Full access').scopes).toEqual(['All']);
  });

  it('Predict only lets a key call PostModelOutputs and PostWorkflowResults and add nothing', () => {
    const rpcs = enabledEndpoints(byName('Predict only').scopes).map((e) => e.rpc);
    expect(rpcs).toEqual(expect.arrayContaining(['PostModelOutputs', 'PostWorkflowResults']));
    expect(byName('Predict only').scopes.some((s) => /:(Add|Delete)$/.test(s))).toBe(false);
  });

  it.each(BUILTIN_PRESETS.map((p) => [p.name, p] as const))('%s holds no deprecated scope', (_n, p) => {
    expect(p.scopes.filter((s) => scope(s)?.deprecated !== false)).toEqual([]);
  });

  it('Read only is every exposed, non-deprecated Get scope, closed under dependencies', () => {
    const gets = EXPOSED_SCOPES.filter((s) => s.action === 'Get' && !s.deprecated).map((s) => s.name);
    expect(byName('Read only').scopes).toEqual(closeUnderDependencies(gets));
    expect([...byName('Read only').scopes].sort()).toEqual(gets.sort());
    expect(byName('Read only').scopes).toContain('PipelineVersionRunStatusLogs:Get');
    expect(byName('Read only').scopes).not.toContain('Collectors:Get');
  });

  it('build only from scopes that neither are nor need a deprecated scope', () => {
    for (const s of PRESET_SCOPES)
      expect(
        closeUnderDependencies([s.name]).filter((n) => scope(n)?.deprecated),
        s.name,
      ).toEqual([]);
    // What is left out besides the deprecated scopes themselves: those that need one (12.4.5).
    const kept = new Set(PRESET_SCOPES.map((s) => s.name));
    expect(EXPOSED_SCOPES.filter((s) => !s.deprecated && !kept.has(s.name)).map((s) => s.name)).toEqual([
      'WorkflowMetrics:Add',
      'WorkflowMetrics:Delete',
      'FindDuplicateAnnotationsJobs:Delete',
    ]);
  });

  it('Everything except delete has no Delete scope and no All', () => {
    const p = byName('Everything except delete');
    expect(p.scopes.filter((s) => s.endsWith(':Delete') || s === 'All')).toEqual([]);
    expect(p.scopes).toContain('Inputs:Add');
    // WorkflowMetrics:Add would bring the deprecated WorkflowMetrics:Get with it.
    expect(p.scopes).not.toContain('WorkflowMetrics:Add');
    expect(p.scopes).toEqual(closeUnderDependencies(PRESET_SCOPES.filter((s) => s.name !== 'All' && s.action !== 'Delete').map((s) => s.name)));
  });

  it('Upload and predict can add inputs and predict', () => {
    const rpcs = enabledEndpoints(byName('Upload and predict').scopes).map((e) => e.rpc);
    expect(rpcs).toEqual(expect.arrayContaining(['PostInputs', 'PostModelOutputs']));
  });

  it('Labeling can annotate but not delete inputs', () => {
    const p = byName('Labeling');
    const rpcs = enabledEndpoints(p.scopes).map((e) => e.rpc);
    expect(rpcs).toEqual(expect.arrayContaining(['PostAnnotations', 'ListInputs']));
    expect(rpcs).not.toContain('DeleteInputs');
  });
});

describe('what a preset allows', () => {
  it('counts the endpoints an app key with these scopes may call, naming famous ones', () => {
    const d = describeEndpoints(['Predict', 'Apps:Get', 'Models:Get', 'Concepts:Get']);
    expect(d.examples[0]).toBe('PostModelOutputs');
    expect(d.text).toMatch(/^enables \d+ endpoints, including PostModelOutputs/);
  });

  it('All enables every key endpoint; nothing enables nothing', () => {
    expect(describeEndpoints(['All']).count).toBe(enabledEndpoints(['All']).length);
    expect(describeEndpoints([]).text).toBe('enables no API endpoint on its own');
  });

  it('never counts PAT-only endpoints such as PostKeys', () => {
    expect(enabledEndpoints(['All']).map((e) => e.rpc)).not.toContain('PostKeys');
  });
});

describe('matching a selection to a preset', () => {
  it('names the preset a selection equals, in any order', () => {
    const p = byName('Predict only');
    expect(matchPreset([...p.scopes].reverse(), BUILTIN_PRESETS)?.name).toBe('Predict only');
  });

  it('is custom (undefined) for one scope more or less', () => {
    const p = byName('Predict only');
    expect(matchPreset([...p.scopes, 'Inputs:Get'], BUILTIN_PRESETS)).toBeUndefined();
    expect(matchPreset(p.scopes.slice(1), BUILTIN_PRESETS)).toBeUndefined();
  });
});

describe('checkScopes', () => {
  it('adds missing dependencies and reports unknown names', () => {
    expect(checkScopes(['Inputs:Delete', 'Concepts:Delete', 'Bogus:Get'])).toEqual({
      scopes: ['Inputs:Add', 'Inputs:Get', 'Inputs:Delete'],
      added: ['Inputs:Add', 'Inputs:Get'],
      unknown: ['Concepts:Delete', 'Bogus:Get'], // catalogue order, then unknown names
    });
  });
});
