// @vitest-environment happy-dom
/**
 * The results page asks the worker again every second only while the job's results can still
 * change: not once the job has ended, unless Recover, the sweep or a rotation's deletions still run.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import browser, { resetBrowser } from '../../../fakes/browser.ts';
import { domRoot } from '../../support/dom-root.ts';
import { stillChanging, useJobResults } from '../../../../src/pages/results/useJobResults.ts';
import { useAnnouncement } from '../../../../src/pages/results/useAnnouncement.ts';
import type { JobProgress, JobResults } from '../../../../src/pure/protocol/jobs.ts';

const progress = (over: Partial<JobProgress> = {}): JobProgress => ({
  id: 'job-1',
  status: 'done',
  total: 2,
  created: 2,
  failed: 0,
  cancelled: 0,
  left: 0,
  secondsLeft: 0,
  elapsedSeconds: 1,
  leftOut: 0,
  ...over,
});
const results = (p: Partial<JobProgress> = {}, rotation?: JobResults['rotation']): JobResults => ({
  plan: { id: 'job-1', createdAt: '2026-12-01T00:00:00Z', scopes: ['Predict'], template: 'k' },
  rows: [],
  leftOut: [],
  progress: progress(p),
  ...(rotation ? { rotation } : {}),
});

const root = domRoot();
let answer: JobResults;
let asked = 0;

function Probe() {
  const { r } = useJobResults('job-1');
  return <p>{r?.progress.status ?? 'loading'}</p>;
}
const shows = (status: string) => vi.waitFor(() => expect(root.textContent).toBe(status));

beforeEach(() => {
  resetBrowser();
  asked = 0;
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
  browser.runtime.onMessage.addListener(((m: { op: string }) => {
    if (m.op === 'getJobResults') asked++;
    return Promise.resolve({ ok: true, value: answer });
  }) as never);
});
afterEach(() => {
  act(() => render(null, root));
  vi.useRealTimers();
});

async function seconds(n: number) {
  for (let i = 0; i < n; i++) await act(async () => void vi.advanceTimersByTime(1000));
}

describe('asking for a job’s results', () => {
  it('goes on every second while the job runs, and stops once it has ended', async () => {
    answer = results({ status: 'running', created: 1, left: 1 });
    act(() => render(<Probe />, root));
    await shows('running');
    const first = asked;
    await seconds(3);
    expect(asked).toBe(first + 3);
    answer = results();
    await seconds(1);
    await shows('done');
    const atEnd = asked;
    await seconds(5);
    expect(asked).toBe(atEnd);
  });

  it('asks once for a job that has ended, and not again', async () => {
    answer = results({ status: 'cancelled' });
    act(() => render(<Probe />, root));
    await shows('cancelled');
    const first = asked;
    await seconds(5);
    expect(asked).toBe(first);
  });

  it('counts Recover, the sweep and a rotation’s deletions as still changing, a paused job too', () => {
    expect(stillChanging(null)).toBe(true);
    expect(stillChanging(results({ status: 'paused' }))).toBe(true);
    expect(stillChanging(results({ status: 'interrupted' }))).toBe(true);
    expect(stillChanging(results({ recover: { status: 'running', done: 1, total: 2, found: 0, unchecked: 0 } }))).toBe(true);
    expect(stillChanging(results({ sweep: { status: 'done', done: 2, total: 2, found: 0, unchecked: 0 } }))).toBe(false);
    // While the deletion task runs; once it ended, was stopped or dismissed, old keys left or not, no more.
    expect(stillChanging(results({}, { retiring: 't1', retiringRunning: true, deletable: 3, deleted: 5, failed: 0 }))).toBe(true);
    expect(stillChanging(results({}, { retiring: 't1', retiringRunning: false, deletable: 3, deleted: 5, failed: 0 }))).toBe(false);
    expect(stillChanging(results({}, { retiring: 't1', retiringRunning: false, deletable: 0, deleted: 8, failed: 0 }))).toBe(false);
    expect(stillChanging(results({}, { deletable: 3, deleted: 0, failed: 0 }))).toBe(false);
  });
});

describe('the polite live region of the results page', () => {
  function Heard() {
    const { r } = useJobResults('job-1');
    const heard = useAnnouncement(r?.progress);
    // What the worker last answered, then what the live region holds.
    return <p>{`${r?.progress.created ?? '-'} | ${heard}`}</p>;
  }
  const hears = (text: string) => vi.waitFor(() => expect(root.textContent).toBe(text));

  it('changes at a tenth of the keys and at the end, not at every answer', async () => {
    answer = results({ status: 'running', total: 100, created: 5, left: 95 });
    act(() => render(<Heard />, root));
    await hears('5 | 5 of 100 keys made.');
    answer = results({ status: 'running', total: 100, created: 9, left: 91 });
    await seconds(1);
    await hears('9 | 5 of 100 keys made.'); // the same tenth: nothing new to hear
    answer = results({ status: 'running', total: 100, created: 12, left: 88 });
    await seconds(1);
    await hears('12 | 12 of 100 keys made.');
    answer = results({ status: 'done', total: 100, created: 99, failed: 1, left: 0 });
    await seconds(1);
    await hears('99 | Finished: 99 of 100 keys made, 1 failed.');
  });
});
