import type { JobSummary } from '../../pure/protocol/jobs.ts';
import { list, t, tn, type MessageId } from '../../i18n/i18n.ts';
import { useJobHistory } from './useJobHistory.ts';

/** A job's status, as the history line (and the results page's summary) says it. */
export const STATUS = {
  running: 'historyRunning',
  paused: 'historyPaused',
  cancelling: 'historyCancelling',
  cancelled: 'historyCancelled',
  done: 'historyDone',
  interrupted: 'historyInterrupted',
  recovered: 'historyRecovered',
} as const satisfies Record<JobSummary['status'], MessageId>;

/** One past job in a line: what it was, a few of its apps, how it ended. */
function line(j: JobSummary): string {
  const what =
    j.kind === 'rotation'
      ? tn('historyRotation', j.total)
      : j.presetName
        ? tn('historyJobPreset', j.total, j.presetName, tn('scopeCount', j.scopes.length))
        : tn('historyJobCustom', j.total, tn('scopeCount', j.scopes.length));
  const apps = list(j.apps.length > 3 ? [...j.apps.slice(0, 3), '…'] : j.apps);
  return t('historyLine', what, apps, t(STATUS[j.status]), j.created, j.failed);
}

/** Past jobs, a line each (no secrets), and Clear old jobs. */
export function History() {
  const { jobs, note, clearOld } = useJobHistory();
  if (!jobs.length && !note) return null;
  return (
    <section aria-labelledby="hist-h">
      <h2 id="hist-h">{t('historyHeading')}</h2>
      <p class="hint">{t('historyHint')}</p>
      <div class="row">
        <button type="button" class="secondary" onClick={() => void clearOld()}>
          {t('historyClearOld')}
        </button>
      </div>
      {note && <p role="status">{note}</p>}
      <ul>
        {jobs.map((j) => (
          <li>
            <a href={`#${j.id}`}>{new Date(j.createdAt).toLocaleString()}</a>: {line(j)}
          </li>
        ))}
      </ul>
    </section>
  );
}
