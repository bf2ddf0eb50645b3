import { useEffect, useState } from 'preact/hooks';
import { call, errorText } from '../../messaging/call.ts';
import type { JobSummary } from '../../pure/protocol/jobs.ts';
import { t, tn } from '../../i18n/i18n.ts';

/** The worker's line for each past job, and `clearOld`: forget every job that is not running or resumable, saying how it went in `note`. */
export function useJobHistory() {
  const [jobs, setJobs] = useState<JobSummary[]>([]);
  const [note, setNote] = useState('');
  const load = () => call({ op: 'listJobs' }).then(setJobs, () => {});
  useEffect(() => {
    void load();
  }, []);
  // When storage is full, this is what frees it: it only removes, so it works on a full storage.
  const clearOld = async () => {
    try {
      const { cleared } = await call({ op: 'clearOldJobs' });
      setNote(cleared ? tn('resClearedOldJobs', cleared) : t('resNoOldJobs'));
      await load();
    } catch (e) {
      setNote(errorText(e));
    }
  };
  return { jobs, note, clearOld };
}
