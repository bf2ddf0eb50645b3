// @vitest-environment happy-dom
/**
 * The results page's "Delete the old keys" for a rotation: its warning, a button that counts only
 * the old keys whose replacement exists and waits for the job's end, the worker's answer shown;
 * and each row naming the old key it replaces (masked) and what became of it.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ResultsTable } from '../../../../src/pages/results/ResultsTable.tsx';
import { RotationSection } from '../../../../src/pages/results/RotationSection.tsx';
import type { JobResults, RotationRetiring } from '../../../../src/pure/protocol/jobs.ts';

const answer: RotationRetiring = {
  jobId: 'j1',
  confirmedAt: '2026-11-26T10:00:00.000Z',
  retirable: [{ i: 0, owner: 'acme', appId: 'a-1', appName: 'One', replaces: '••••••••abcd' }],
  kept: [{ i: 1, reason: 'Its replacement was not made, so its old key stays: it is the only key of the two.' }],
  deleting: 1,
  unknown: 0,
  taskId: '5d6c9a52-5f5b-4a7e-9f0e-3f0c2d7a9b10',
};
const calls: unknown[] = [];
vi.mock('../../../../src/messaging/call.ts', () => ({
  call: async (req: unknown) => (calls.push(req), answer),
  errorText: (e: unknown) => String(e),
}));

const results = (status: JobResults['progress']['status']): JobResults => ({
  plan: { id: 'j1', kind: 'rotation', createdAt: '2026-11-26T10:00:00.000Z', scopes: [], template: '{description}' },
  rows: [
    {
      owner: 'acme',
      appId: 'a-1',
      appName: 'One',
      description: 'prod',
      status: 'created',
      keyId: '0123456789abcdef0123456789abcdef',
      replaces: '••••••••abcd',
    },
    { owner: 'acme', appId: 'a-2', appName: 'Two', description: 'ci', status: 'failed', error: 'Clarifai refused', replaces: '••••••••wxyz' },
    {
      owner: 'acme',
      appId: 'a-3',
      appName: 'Three',
      description: 'old',
      status: 'created',
      keyId: 'f'.repeat(32),
      replaces: '••••••••1234',
      retired: 'deleted',
    },
  ],
  leftOut: [],
  progress: { id: 'j1', status, total: 3, created: 2, failed: 1, cancelled: 0, left: 0, secondsLeft: 0, elapsedSeconds: 1, leftOut: 0 },
  rotation: { deletable: 1, deleted: 1, failed: 0 },
});

let root: HTMLElement;
beforeEach(() => {
  calls.length = 0;
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

const button = () => [...root.querySelectorAll('button')].find((b) => /^Delete \d+ old key/.test(b.textContent ?? ''))!;

describe('Delete the old keys', () => {
  it('warns, counts only old keys whose replacement exists, and waits for the job to end', async () => {
    await act(() => render(<RotationSection jobId="j1" r={results('running')} reload={() => {}} />, root));
    expect(root.querySelector('h3')!.textContent).toBe('Delete the old keys');
    expect(root.textContent).toContain('Only when the new keys are in place: the old keys stop working at once.');
    expect(button().textContent).toBe('Delete 1 old key');
    expect(button().disabled).toBe(true);
  });

  it('asks the worker with confirmRotation and shows which old keys it deletes', async () => {
    const reload = vi.fn();
    await act(() => render(<RotationSection jobId="j1" r={results('done')} reload={reload} />, root));
    expect(button().disabled).toBe(false);
    await act(async () => button().click());
    await act(async () => {});
    expect(calls).toEqual([{ op: 'confirmRotation', jobId: 'j1' }]);
    expect(root.querySelector('[data-testid="rotation-answer"]')!.textContent).toContain(
      'Deleting 1 old key whose replacement was made (acme/a-1 ••••••••abcd)',
    );
    expect(reload).toHaveBeenCalled();
  });
});

describe('a rotation’s rows', () => {
  it('name the old key each replaces, masked, and what became of it', async () => {
    await act(() => render(<ResultsTable rows={results('done').rows} copy={() => Promise.resolve()} />, root));
    const rows = [...root.querySelectorAll('tbody tr')].map((tr) => tr.textContent ?? '');
    expect(rows[0]).toContain('••••••••abcd');
    expect(rows[0]).toContain('Replacement made; the old key still works.');
    expect(rows[1]).toContain('Clarifai refused');
    expect(rows[1]).toContain('The old key still works.');
    expect(rows[2]).toContain('Old key deleted.');
    expect(root.textContent).not.toContain('0123456789abcdef0123456789abcdef'); // masked until revealed
  });
});
