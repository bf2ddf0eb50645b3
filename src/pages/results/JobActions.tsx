import { call } from '../../messaging/call.ts';
import { toCsv, toEnv, toJson } from '../../pure/bulk/export.ts';
import type { JobResults } from '../../pure/protocol/jobs.ts';
import { download } from '../download.ts';
import { t, tn } from '../../i18n/i18n.ts';
import type { Act } from './useJobResults.ts';
import type { Copy } from './useClipboard.ts';

/** The results page's buttons: copy and export the keys, and what can be done with the job. */
export function JobActions({ jobId, r, act, setNote, copy }: { jobId: string; r: JobResults; act: Act; setNote: (note: string) => void; copy: Copy }) {
  const stamp = r.plan.createdAt.slice(0, 19).replace(/[:T]/g, '-');
  const created = r.rows.filter((row) => row.keyId);
  const rec = r.progress.recover;
  const sw = r.progress.sweep;
  return (
    <div class="row">
      <button
        type="button"
        onClick={() =>
          void copy(created.map((row) => `${row.owner}/${row.appId}\t${row.keyId}`).join('\n'), tn('copiedKeys', created.length)).catch(() =>
            setNote(t('outlineCopyRefused')),
          )
        }
      >
        {t('copyAll')}
      </button>
      <button type="button" class="secondary" onClick={() => download(`keysmith-${stamp}.csv`, 'text/csv', toCsv(r))}>
        {t('exportCsv')}
      </button>
      <button type="button" class="secondary" onClick={() => download(`keysmith-${stamp}.json`, 'application/json', toJson(r))}>
        {t('exportJson')}
      </button>
      <button
        type="button"
        class="secondary"
        onClick={() => {
          // Renamed variables and keys left out are said here, not only inside the file.
          const env = toEnv(r);
          download(`keysmith-${stamp}.env`, 'text/plain', env.text);
          setNote(env.notes.join(' '));
        }}
      >
        {t('exportEnv')}
      </button>
      <button
        type="button"
        class="secondary"
        disabled={!r.progress.failed || r.progress.status === 'running'}
        onClick={() => void act(() => call({ op: 'retryFailed', jobId }), t('retryingFailed'))}
      >
        {t('retryFailed')}
      </button>
      {r.progress.status === 'interrupted' && (
        <button
          type="button"
          class="secondary"
          disabled={rec?.status === 'running'}
          onClick={() => void act(() => call({ op: 'recoverJob', jobId }), t('recovering'))}
        >
          {t('recover')}
        </button>
      )}
      <button
        type="button"
        class="secondary"
        disabled={r.progress.status === 'running' || !r.progress.created || sw?.status === 'running' || rec?.status === 'running'}
        onClick={() => void act(() => call({ op: 'findDuplicates', jobId }), t('checkingDuplicates'))}
      >
        {t('checkDuplicates')}
      </button>
      <button
        type="button"
        class="secondary"
        disabled={r.progress.status === 'running'}
        onClick={() => void act(() => call({ op: 'clearJob', jobId }), t('cleared'))}
      >
        {t('clearKeys')}
      </button>
    </div>
  );
}
