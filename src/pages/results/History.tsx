import { useJobHistory } from './useJobHistory.ts';

/** Past jobs, a line each (no secrets), and Clear old jobs. */
export function History() {
  const { jobs, note, clearOld } = useJobHistory();
  if (!jobs.length && !note) return null;
  return (
    <section aria-labelledby="hist-h">
      <h2 id="hist-h">Past jobs</h2>
      <p class="hint">
        Keysmith keeps what Recover needs for the last 20 jobs and a line for each of the last 50. Clear old jobs forgets every job that is not running or
        resumable, with the keys this page shows for it: copy or export them first.
      </p>
      <div class="row">
        <button type="button" class="secondary" onClick={() => void clearOld()}>
          Clear old jobs
        </button>
      </div>
      {note && <p role="status">{note}</p>}
      <ul>
        {jobs.map((j) => (
          <li>
            <a href={`#${j.id}`}>{new Date(j.createdAt).toLocaleString()}</a>:{' '}
            {j.kind === 'rotation'
              ? `rotation of ${j.total} key${j.total === 1 ? '' : 's'}`
              : `${j.presetName ?? 'custom scopes'} (${j.scopes.length} scopes) for ${j.total} app${j.total === 1 ? '' : 's'}`}{' '}
            ({j.apps.slice(0, 3).join(', ')}
            {j.apps.length > 3 ? ', …' : ''}): {j.status}, {j.created} created, {j.failed} failed
          </li>
        ))}
      </ul>
    </section>
  );
}
