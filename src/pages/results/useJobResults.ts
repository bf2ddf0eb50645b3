import { useEffect, useState } from 'preact/hooks';
import { call, errorText } from '../../messaging/call.ts';
import type { JobResults } from '../../pure/protocol/jobs.ts';

/**
 * A job's results as the worker holds them, asked again every second (Recover and the sweep run in
 * the worker, app by app), and `act`: runs an action on the job, then says how it went in `note`
 * and asks for the results again.
 */
export function useJobResults(jobId: string) {
  const [r, setR] = useState<JobResults | null>(null);
  const [error, setError] = useState('');
  const [note, setNote] = useState('');

  const load = () => call({ op: 'getJobResults', jobId }).then(setR, (e) => setError(errorText(e)));
  useEffect(() => {
    void load();
    const t = setInterval(() => void load(), 1000);
    return () => clearInterval(t);
  }, [jobId]);

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
