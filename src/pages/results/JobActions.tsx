import { call } from '../../messaging/call.ts';
import { toCsv, toEnv, toJson } from '../../pure/bulk/export.ts';
import type { JobResults } from '../../pure/protocol/jobs.ts';
import { download } from '../download.ts';
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
          void copy(created.map((row) => `${row.owner}/${row.appId}\t${row.keyId}`).join('\n'), `Copied ${created.length} keys.`).catch(() =>
            setNote('The browser did not allow copying; try again.'),
          )
        }
      >
        Copy all
      </button>
      <button type="button" class="secondary" onClick={() => download(`keysmith-${stamp}.csv`, 'text/csv', toCsv(r))}>
        Export CSV
      </button>
      <button type="button" class="secondary" onClick={() => download(`keysmith-${stamp}.json`, 'application/json', toJson(r))}>
        Export JSON
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
        Export .env
      </button>
      <button
        type="button"
        class="secondary"
        disabled={!r.progress.failed || r.progress.status === 'running'}
        onClick={() => void act(() => call({ op: 'retryFailed', jobId }), 'Retrying the failed apps.')}
      >
        Retry failed
      </button>
      {r.progress.status === 'interrupted' && (
        <button
          type="button"
          class="secondary"
          disabled={rec?.status === 'running'}
          onClick={() =>
            void act(
              () => call({ op: 'recoverJob', jobId }),
              'Recover is looking up every app of the job on Clarifai, one by one; you may leave this page meanwhile.',
            )
          }
        >
          Recover
        </button>
      )}
      <button
        type="button"
        class="secondary"
        disabled={r.progress.status === 'running' || !r.progress.created || sw?.status === 'running' || rec?.status === 'running'}
        onClick={() => void act(() => call({ op: 'findDuplicates', jobId }), 'Keysmith is checking every app of the job for keys made twice, one by one.')}
      >
        Check for duplicates
      </button>
      <button
        type="button"
        class="secondary"
        disabled={r.progress.status === 'running'}
        onClick={() => void act(() => call({ op: 'clearJob', jobId }), 'Cleared.')}
      >
        Clear keys
      </button>
    </div>
  );
}
