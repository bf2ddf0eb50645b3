/**
 * One row of a change of keys, against a client that answers as told: a refusal's words are kept
 * within bounds (the task's record must stay readable), and a delete answered "does not exist" is
 * counted as deleted only when it follows this task's own answer that may have landed.
 */
import { describe, expect, it } from 'vitest';
import { changeRow, notFoundToDelete, type RowWork } from '../../../src/privileged/key-change-rows.ts';
import type { ClarifaiClient } from '../../../src/pure/clarifai/client.ts';
import { ClarifaiError } from '../../../src/pure/clarifai/errors.ts';
import type { KeyChangeRow } from '../../../src/pure/protocol/key-changes.ts';

const row = (status: KeyChangeRow['status'] = 'pending'): KeyChangeRow => ({ keyId: 'k'.repeat(32), owner: 'ada', appId: 'a1', description: 'd', status });
const work = (client: Partial<ClarifaiClient>): RowWork => ({ client: client as ClarifaiClient, kind: 'delete', markSending: async () => {} });
const notFound = () => new ClarifaiError('not-found', 'Resource does not exist');

describe('changeRow', () => {
  it('keeps a long refusal within bounds', async () => {
    const r = row();
    await changeRow(
      work({
        deleteKey: async () => {
          throw new ClarifaiError('failed', 'x'.repeat(5000));
        },
      }),
      r,
    );
    expect(r.status).toBe('failed');
    expect(r.error!.length).toBeLessThanOrEqual(900);
  });

  it('a delete answered "does not exist" at once is not counted as deleted', async () => {
    const r = row();
    await changeRow(work({ deleteKey: async () => Promise.reject(notFound()) }), r);
    expect(r).toMatchObject({ status: 'failed', error: notFoundToDelete() });
  });

  it('a row left sending, then not found, was this task’s own delete', async () => {
    const r = row('sending');
    await changeRow(work({ getKey: async () => Promise.reject(notFound()) }), r);
    expect(r).toMatchObject({ status: 'done' });
  });
});
