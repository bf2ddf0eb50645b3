/** How far the after-job checks (Recover, the duplicate sweep) have gone, and what they found. */
import { call } from '../../messaging/call.ts';
import { plural } from '../../pure/plural.ts';
import type { CheckProgress, JobResults } from '../../pure/protocol/jobs.ts';
import { AppReasons } from './AppReasons.tsx';
import type { Act } from './useJobResults.ts';

export function RecoverStatus({ rec }: { rec: CheckProgress }) {
  return (
    <p role="status" data-testid="recover-progress" class={rec.status === 'stopped' ? 'bad' : ''}>
      {rec.status === 'running'
        ? `Recover: ${rec.done} of ${rec.total} apps looked up, ${plural(rec.found, 'key')} found so far…`
        : rec.status === 'done'
          ? `Recover looked up all ${rec.total} apps and found ${plural(rec.found, 'key')}.${rec.unchecked ? ` ${plural(rec.unchecked, 'app')} could not be looked up; their rows say why.` : ''}`
          : rec.stopped}
    </p>
  );
}

export function Duplicates({ jobId, sw, found, act }: { jobId: string; sw: CheckProgress; found: JobResults['sweep']; act: Act }) {
  const dups = found?.duplicates ?? [];
  return (
    <div role="region" aria-label="Duplicates" data-testid="duplicates">
      {sw.status === 'running' && (
        <p role="status">
          Checking for duplicates: {sw.done} of {sw.total} apps looked up…
        </p>
      )}
      {sw.status === 'stopped' && <p class="bad">{sw.stopped}</p>}
      {sw.status === 'done' &&
        (dups.length === 0 ? (
          <p>No app got a second key from this job.</p>
        ) : (
          <>
            <p class="bad">
              {dups.length} app{dups.length === 1 ? '' : 's'} got a second key that no one was shown (the browser re-sent a request whose answer was lost):{' '}
              {dups.map((d) => `${d.owner}/${d.appId}`).join(', ')}. It works, but you may not want it.
            </p>
            <button type="button" onClick={() => void act(() => call({ op: 'deleteDuplicates', jobId }), 'Deleted the duplicate keys.')}>
              Delete duplicates
            </button>
          </>
        ))}
      {found && found.unchecked.length > 0 && (
        <>
          <p class="bad">{plural(found.unchecked.length, 'app')} could not be checked for a second key:</p>
          <AppReasons apps={found.unchecked} />
        </>
      )}
    </div>
  );
}
