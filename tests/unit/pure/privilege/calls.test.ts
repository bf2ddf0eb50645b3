import { describe, expect, it } from 'vitest';
import { callByRest, callByRpc, searchCalls } from '../../../../src/pure/privilege/calls.ts';

describe('the calls', () => {
  it('are found by REST method and path, from a full URL, with a query string or a trailing slash', () => {
    const cases: [string, string, string][] = [
      ['POST', 'https://api.clarifai.com/v2/users/me/apps/my-app/models/general-image-recognition/outputs', 'PostModelOutputs'],
      ['POST', '/v2/users/ada/apps/shop/models/m1/versions/aa11/outputs', 'PostModelOutputs'],
      ['GET', '/v2/users/ada/apps/shop/concepts?page=2&per_page=100', 'ListConcepts'],
      ['GET', '/v2/users/ada/apps/shop/concepts/dog', 'GetConcept'],
      ['post', '/v2/users/ada/apps/shop/inputs/', 'PostInputs'],
      ['DELETE', '/v2/users/ada/keys/abc', 'DeleteKey'],
    ];
    for (const [method, path, rpc] of cases) expect(callByRest(method, path)?.rpc, `${method} ${path}`).toBe(rpc);
  });

  it('find nothing for a path that is no call, or the wrong method', () => {
    expect(callByRest('GET', '/v2/users/ada/apps/shop/nothing-here/at/all')).toBeUndefined();
    expect(callByRest('PATCH', '/v2/users/ada/apps/shop/models/m1/outputs')).toBeUndefined();
    expect(callByRest('GET', 'https://example.com/no/api')).toBeUndefined();
  });

  it('are found by RPC name (any case) and by what they do, app-key calls first', () => {
    expect(callByRpc('postmodeloutputs')?.phrase).toBe('Predict on a model');
    expect(callByRpc('ListConcepts')?.phrase).toBe('List concepts');
    expect(searchCalls('predict')[0]?.rpc).toBe('PostModelOutputs');
    const concepts = searchCalls('list concepts');
    expect(concepts.map((c) => c.rpc)).toContain('ListConcepts');
    const firstPat = concepts.findIndex((c) => c.auth !== 'KeyAuth');
    if (firstPat >= 0) expect(concepts.slice(firstPat).every((c) => c.auth !== 'KeyAuth')).toBe(true);
    expect(searchCalls('')).toEqual([]);
  });
});
