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
  if (!r) return <p class="muted">Loading…</p>;
  const rec = r.progress.recover;
  const sw = r.progress.sweep;
  return (
    <section aria-labelledby="res-h">
      <h2 id="res-h">Results</h2>
      {r.plan.kind === 'rotation' ? (
        <p class="muted">
          A rotation: each new key has exactly the scopes and endpoints of the old key it replaces
          {r.plan.expiresAt ? `, expiring ${r.plan.expiresAt.slice(0, 10)}` : ''}. Keys stay here until you clear them or the browser closes; copy or export
          them now.
        </p>
      ) : (
        <p class="muted">
          {r.plan.presetName ? `Preset “${r.plan.presetName}”, ` : ''}
          {r.plan.scopes.length} scopes, {r.plan.expiresAt ? `expiring ${r.plan.expiresAt.slice(0, 10)}` : 'never expiring'}. Keys stay here until you clear
          them or the browser closes; copy or export them now.
        </p>
      )}
      {(r.progress.status === 'running' || r.progress.status === 'paused' || r.progress.resumable) && <JobView jobId={jobId} quiet />}
      {/* Seen, not read out at every change: the live region below says the milestones. */}
      <p data-testid="results-summary">
        {r.progress.created} created, {r.progress.failed} failed, {r.progress.left} left of {r.progress.total} ({r.progress.status})
      </p>
      <p class="sr-only" aria-live="polite" data-testid="progress-announcement">
        {heard}
      </p>
      {r.leftOut.length > 0 && (
        <div role="region" aria-label="Apps left out" data-testid="left-out">
          <p class="bad">
            {r.leftOut.length} picked app{r.leftOut.length === 1 ? '' : 's'} got no key from this job:
          </p>
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
