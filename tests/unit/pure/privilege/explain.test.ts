import { describe, expect, it } from 'vitest';
import { API_CALLS } from '../../../../src/pure/privilege/calls.ts';
import { explainError } from '../../../../src/pure/privilege/explain.ts';
import { leastScopes } from '../../../../src/pure/privilege/least.ts';

describe('explainError', () => {
  it('reads an insufficient-scopes status as the sandbox and Clarifai answer it, with the missing scopes named', () => {
    const json = JSON.stringify({
      status: { code: 11007, description: 'Insufficient scopes', details: 'Missing scopes: Inputs:Add, Inputs:Get', req_id: 'a'.repeat(32) },
    });
    const e = explainError(json);
    expect(e).toMatchObject({ topic: 'scopes', code: 11007, add: ['Inputs:Add', 'Inputs:Get'] });
    expect(e.sentence).toBe('The key lacks scopes this call needs: add Inputs:Add, Inputs:Get.');
  });

  it('takes a single-word scope (Predict, All) from the list of missing scopes, never from the prose around it', () => {
    const listed = explainError('{"status":{"code":11007,"details":"Missing scopes: Predict, Models:Get"}}');
    expect(listed.add).toEqual(expect.arrayContaining(['Predict', 'Models:Get']));
    const prose = explainError(
      'Model Predict failed: CONN_INSUFFICIENT_SCOPES. Missing scope(s): Models:Get for endpoint /clarifai.api.V2/GetModel. All done.',
    );
    expect(prose.add).toEqual(['Models:Get']);
  });

  it('never offers full access as a fix, even when the error names All: the call’s own scopes instead', () => {
    const withCall = explainError('{"status":{"code":11007,"details":"Missing scopes: All for endpoint /clarifai.api.V2/PostInputs"}}');
    expect(withCall.add).not.toContain('All');
    expect(withCall.add).toEqual(leastScopes(['PostInputs']).scopes);
    expect(withCall.sentence).toContain('Keysmith never offers full access as a fix');
    const mixed = explainError('{"status":{"code":11007,"details":"Missing scopes: All, Inputs:Get"}}');
    expect(mixed.add).toEqual(['Inputs:Get']);
    const bare = explainError('{"status":{"code":11007,"details":"Missing scopes: All"}}');
    expect(bare.add).toEqual([]);
    expect(bare.sentence).toContain('never offers as a fix');
  });

  it('reads a paste of any length, looking for the missing scopes in its first 20,000 characters', () => {
    const early = `{"status":{"code":11007,"details":"Missing scopes: Inputs:Add ${' '.repeat(200_000)}"}}`;
    expect(explainError(early).add).toEqual(['Inputs:Add', 'Inputs:Get']);
    const late = `{"status":{"code":11007,"details":"${' '.repeat(30_000)}Missing scopes: Inputs:Add"}}`;
    expect(explainError(late).add).toEqual([]);
  });

  it('reads the text an SDK prints, finds the endpoint, and closes what to add under dependencies', () => {
    const sdk = [
      'Exception: Model Predict failed with response code: CONN_INSUFFICIENT_SCOPES',
      'description: "Insufficient scopes"',
      'details: "Missing scope(s): Models:Get for endpoint /clarifai.api.V2/PostModelOutputs"',
    ].join('\n');
    const e = explainError(sdk);
    expect(e.topic).toBe('scopes');
    expect(e.call?.rpc).toBe('PostModelOutputs');
    expect(e.add).toEqual(['Models:Get']);
  });

  it('without named scopes, offers what the named call depends on, and says so', () => {
    const e = explainError('status code: 11007 Insufficient scopes when calling POST https://api.clarifai.com/v2/users/me/apps/shop/inputs');
    expect(e.call?.rpc).toBe('PostInputs');
    expect(e.add).toEqual(leastScopes(['PostInputs']).scopes);
    expect(e.sentence).toContain('the error did not name the missing ones');
  });

  it('gives errors that are not about scopes their own explanation, never a scope fix', () => {
    const cases: [string, string][] = [
      ['{"status":{"code":11008,"description":"Invalid API key or Invalid API key/application pair"}}', 'bad-key'],
      ['{"status":{"code":11005,"description":"Making too many requests","details":"exceeded limit of 15 requests per second"}}', 'throttled'],
      ['status code: 11101 Resource does not exist', 'not-found'],
      ['{"status":{"code":10030,"description":"Please try again"}}', 'unavailable'],
      ['something went wrong', 'unreadable'],
    ];
    for (const [text, topic] of cases) {
      const e = explainError(text);
      expect(e.topic, text).toBe(topic);
      expect(e.add, text).toEqual([]);
    }
  });

  it('names a call an app key can never make, whatever the code says', () => {
    const pat = API_CALLS.find((c) => c.auth === 'PATAuth')!;
    const e = explainError(`{"status":{"code":11007,"details":"for endpoint /clarifai.api.V2/${pat.rpc}"}}`);
    expect(e).toMatchObject({ topic: 'pat-only', add: [] });
    expect(e.sentence).toContain('Personal Access Token');
  });
});
