import { describe, expect, it } from 'vitest';
import { callByRpc } from '../../../../src/pure/privilege/calls.ts';
import { scanCode, SDK_METHODS } from '../../../../src/pure/privilege/scan.ts';

const rpcs = (text: string) => scanCode(text).found.map((f) => f.call.rpc);

describe('scanCode', () => {
  it('every SDK method it knows names a real call', () => {
    for (const [method, rpc] of Object.entries(SDK_METHODS)) expect(callByRpc(rpc), `${method} → ${rpc}`).toBeDefined();
  });

  it('reads the Python SDK', () => {
    const code = [
      'from clarifai.client.model import Model',
      'from clarifai.client.input import Inputs',
      'model = Model(url="https://clarifai.com/clarifai/main/models/general-image-recognition", pat=PAT)',
      'prediction = model.predict_by_url(url, input_type="image")',
      'Inputs(user_id=USER, app_id=APP).upload_from_url(input_id="a", image_url=url)',
      'for c in app.list_concepts():',
    ].join('\n');
    expect(rpcs(code)).toEqual(['PostModelOutputs', 'PostInputs', 'ListConcepts']);
    expect(scanCode(code).found[0]).toMatchObject({ line: 4, how: 'sdk' });
  });

  it('reads gRPC stub calls and REST requests', () => {
    const code = [
      'response = stub.PostModelOutputs(service_pb2.PostModelOutputsRequest(user_app_id=userDataObject), metadata=metadata)',
      'r = requests.get("https://api.clarifai.com/v2/users/me/apps/shop/concepts", headers=h)  # GET',
      'fetch(`https://api.clarifai.com/v2/users/${u}/apps/${a}/inputs`, { method: "POST" })',
      'PATCH /v2/users/me/apps/shop/inputs',
    ].join('\n');
    expect(rpcs(code)).toEqual(['PostModelOutputs', 'ListConcepts', 'PatchInputs']);
    // The fetch names its method in an option Keysmith does not read: said, not guessed.
    expect(scanCode(code).unrecognised.map((u) => u.line)).toEqual([3]);
  });

  it('reads curl, over several lines, with -X or implied by -d', () => {
    const code = [
      'curl -X POST "https://api.clarifai.com/v2/users/me/apps/shop/models/general/outputs" \\',
      '  -H "Authorization: Key $PAT" \\',
      '  -d \'{"inputs": []}\'',
      'curl https://api.clarifai.com/v2/users/me/apps/shop/inputs -H "Authorization: Key $PAT"',
      'curl -d "{}" https://api.clarifai.com/v2/users/me/apps/shop/searches',
    ].join('\n');
    expect(rpcs(code)).toEqual(['PostModelOutputs', 'ListInputs', 'PostSearches']);
  });

  it('does not misread what only looks like a call', () => {
    const code = [
      'model = Model(url=URL)  # a constructor, no request',
      'predictions = model.predictions_cache',
      'print("Post this later")',
      'list_models_cache = {}',
      'os.path.join(base, "v2")',
    ].join('\n');
    expect(rpcs(code)).toEqual([]);
    expect(scanCode(code).unrecognised).toEqual([]);
  });
});
