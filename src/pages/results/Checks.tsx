/** How far the after-job checks (Recover, the duplicate sweep) have gone, and what they found. */
import { call } from '../../messaging/call.ts';
import type { CheckProgress, JobResults } from '../../pure/protocol/jobs.ts';
import { AppReasons } from './AppReasons.tsx';
import type { Act } from './useJobResults.ts';
import { list, t, tn } from '../../i18n/i18n.ts';

/** What Recover has done so far, or found; its reason when it stopped (the worker's words). */
function recoverText(rec: CheckProgress): string {
  const keys = tn('resKeyCount', rec.found);
  if (rec.status === 'running') return tn('resRecoverRunning', rec.total, rec.done, keys);
  if (rec.status === 'stopped') return rec.stopped ?? '';
  const done = tn('resRecoverDone', rec.total, keys);
  return rec.unchecked ? `${done} ${tn('resRecoverUnchecked', rec.unchecked)}` : done;
}

export function RecoverStatus({ rec }: { rec: CheckProgress }) {
  return (
    <p role="status" data-testid="recover-progress" class={rec.status === 'stopped' ? 'bad' : ''}>
      {recoverText(rec)}
    </p>
  );
}

export function Duplicates({ jobId, sw, found, act }: { jobId: string; sw: CheckProgress; found: JobResults['sweep']; act: Act }) {
  const dups = found?.duplicates ?? [];
  return (
    <div role="region" aria-label={t('resDuplicates')} data-testid="duplicates">
      {sw.status === 'running' && <p role="status">{tn('resSweepRunning', sw.total, sw.done)}</p>}
      {sw.status === 'stopped' && <p class="bad">{sw.stopped}</p>}
      {sw.status === 'done' &&
        (dups.length === 0 ? (
          <p>{t('resNoDuplicates')}</p>
        ) : (
          <>
            <p class="bad">{tn('resDuplicatesFound', dups.length, list(dups.map((d) => `${d.owner}/${d.appId}`)))}</p>
            <button type="button" onClick={() => void act(() => call({ op: 'deleteDuplicates', jobId }), t('resDuplicatesDeleted'))}>
              {t('resDeleteDuplicates')}
            </button>
          </>
        ))}
      {found && found.unchecked.length > 0 && (
        <>
          <p class="bad">{tn('resSweepUnchecked', found.unchecked.length)}</p>
          <AppReasons apps={found.unchecked} />
        </>
      )}
    </div>
  );
}
