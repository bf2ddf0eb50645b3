/** A job's results: the only place created key ids are shown (masked until revealed). */
import { JobView } from '../../ui/bulk/BulkForm.tsx';
import { AppReasons } from './AppReasons.tsx';
import { Duplicates, RecoverStatus } from './Checks.tsx';
import { JobActions } from './JobActions.tsx';
import { ResultsTable } from './ResultsTable.tsx';
import { useAnnouncement } from './useAnnouncement.ts';
import { useClipboard } from './useClipboard.ts';
import { RotationSection } from './RotationSection.tsx';
import { useJobResults } from './useJobResults.ts';
import type { JobResults } from '../../pure/protocol/jobs.ts';
import { t, tn } from '../../i18n/i18n.ts';
import { STATUS } from './History.tsx';

/** The job's plan in a sentence: a rotation, or the preset, the scopes and the expiry. */
function plan({ kind, expiresAt, presetName, scopes }: JobResults['plan']): string {
  const expires = expiresAt?.slice(0, 10);
  if (kind === 'rotation') return expires ? t('resPlanRotationExpiring', expires) : t('resPlanRotation');
  const n = scopes.length;
  if (presetName) return expires ? tn('resPlanPresetExpiring', n, presetName, expires) : tn('resPlanPreset', n, presetName);
  return expires ? tn('resPlanCustomExpiring', n, expires) : tn('resPlanCustom', n);
}

export function Results({ jobId }: { jobId: string }) {
  const { r, error, note, setNote, act, reload } = useJobResults(jobId);
  const copy = useClipboard(setNote);
  const heard = useAnnouncement(r?.progress);

  if (error)
    return (
      <p class="bad" role="alert">
        {error}
      </p>
    );
  if (!r) return <p class="muted">{t('resLoading')}</p>;
  const rec = r.progress.recover;
  const sw = r.progress.sweep;
  const p = r.progress;
  return (
    <section aria-labelledby="res-h">
      <h2 id="res-h">{t('resHeading')}</h2>
      <p class="muted">
        {plan(r.plan)} {t('resKeysStay')}
      </p>
      {(r.progress.status === 'running' || r.progress.status === 'paused' || r.progress.resumable) && <JobView jobId={jobId} quiet />}
      {/* Seen, not read out at every change: the live region below says the milestones. */}
      <p data-testid="results-summary">{tn('resSummary', p.total, p.created, p.failed, p.left, t(STATUS[p.status]))}</p>
      <p class="sr-only" aria-live="polite" data-testid="progress-announcement">
        {heard}
      </p>
      {r.leftOut.length > 0 && (
        <div role="region" aria-label={t('resAppsLeftOut')} data-testid="left-out">
          <p class="bad">{tn('resLeftOut', r.leftOut.length)}</p>
          <AppReasons apps={r.leftOut} />
        </div>
      )}
      <JobActions jobId={jobId} r={r} act={act} setNote={setNote} copy={copy} />
      {rec && <RecoverStatus rec={rec} />}
      {sw && <Duplicates jobId={jobId} sw={sw} found={r.sweep} act={act} />}
      <RotationSection jobId={jobId} r={r} reload={reload} />
      {note && <p role="status">{note}</p>}
      <ResultsTable rows={r.rows} copy={copy} />
    </section>
  );
}
