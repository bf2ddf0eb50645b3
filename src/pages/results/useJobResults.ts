import { useEffect, useState } from 'preact/hooks';
import { call, errorText } from '../../messaging/call.ts';
import type { JobResults } from '../../pure/protocol/jobs.ts';

/**
 * Whether a job's results can still change without the person doing anything here: the job has not
 * ended (it runs, is paused or interrupted, and may be resumed from the portal's panel or by the
 * worker), or Recover, the duplicate sweep or a rotation's deletions still run in the worker.
 */
export function stillChanging(r: JobResults | null): boolean {
  if (!r) return true;
  const p = r.progress;
  if (p.status !== 'done' && p.status !== 'cancelled') return true;
  if (p.recover?.status === 'running' || p.sweep?.status === 'running') return true;
  // The deletion of the old keys is going: asked until it ends (stopped or dismissed too, with old keys left).
  return !!r.rotation?.retiringRunning;
}

/**
 * A job's results as the worker holds them, asked again every second while they can still change
 * (./stillChanging), and `act`: runs an action on the job, then says how it went in `note` and asks
 * for the results again (which starts the asking again when the action set something going).
 */
export function useJobResults(jobId: string) {
  const [r, setR] = useState<JobResults | null>(null);
  const [error, setError] = useState('');
  const [note, setNote] = useState('');

  const load = () => call({ op: 'getJobResults', jobId }).then(setR, (e) => setError(errorText(e)));
  useEffect(() => void load(), [jobId]);
  const changing = stillChanging(r);
  useEffect(() => {
    if (!changing) return;
    const t = setInterval(() => void load(), 1000);
    return () => clearInterval(t);
  }, [jobId, changing]);

  const act = async (f: () => Promise<unknown>, ok: string) => {
    setNote('');
    try {
      await f();
      setNote(ok);
      await load();
    } catch (e) {
      setNote(errorText(e));
    }
  };
  return { r, error, note, setNote, act, reload: () => void load() };
}

/** Runs an action on the job and says how it went (useJobResults). */
export type Act = ReturnType<typeof useJobResults>['act'];
