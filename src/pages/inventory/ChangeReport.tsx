/** A change of keys as the worker reports it: where it stands, and each key's row (done, left alone, failed and why). */
import { plural } from '../../pure/plural.ts';
import type { KeyChangeRow, KeyChangeView } from '../../pure/protocol/key-changes.ts';

const STATUS: Record<KeyChangeRow['status'], string> = {
  pending: 'Waiting',
  sending: 'Sending…',
  done: 'Done',
  unchanged: 'Already had these scopes: left alone',
  failed: 'Failed',
  cancelled: 'Not done (stopped)',
};

function headline(t: KeyChangeView): string {
  const what =
    t.kind === 'delete' ? (t.origin ? 'Deleting the rotated keys’ old keys' : 'Deleting keys') : `Changing scopes${t.presetName ? ` to ${t.presetName}` : ''}`;
  const counts = [`${t.done} of ${t.total} done`, t.unchanged ? `${t.unchanged} left alone` : '', t.failed ? `${t.failed} failed` : '']
    .filter(Boolean)
    .join(', ');
  const state = { running: '…', done: '. Finished.', cancelled: '. Stopped; what was done is kept.', stopped: '. Stopped before the end.' }[t.status];
  return `${what}: ${counts}${state}`;
}

export function ChangeReport(props: { task: KeyChangeView; onStop: () => void; onResume: () => void; onDismiss: () => void }) {
  const { task } = props;
  return (
    <section aria-labelledby="change-h" data-testid="key-change">
      <h2 id="change-h">{task.kind === 'delete' ? 'Delete keys' : 'Change scopes'}</h2>
      <p role="status" data-testid="key-change-status">
        {headline(task)}
      </p>
      {task.message && (
        <p class="bad" role="alert">
          {task.message}
        </p>
      )}
      <div class="row">
        {task.status === 'running' && (
          <button type="button" class="secondary" onClick={props.onStop}>
            Stop
          </button>
        )}
        {task.status === 'stopped' && (
          <button type="button" onClick={props.onResume}>
            Go on
          </button>
        )}
        {task.status !== 'running' && (
          <button type="button" class="secondary" onClick={props.onDismiss}>
            Dismiss
          </button>
        )}
      </div>
      <details open={task.rows.length <= 50 || task.failed > 0}>
        <summary>{plural(task.rows.length, 'key')}</summary>
        <table class="results" data-testid="key-change-rows">
          <thead>
            <tr>
              <th>App</th>
              <th>Description</th>
              <th>Result</th>
            </tr>
          </thead>
          <tbody>
            {task.rows.map((r) => (
              <tr key={r.keyId} data-status={r.status}>
                <td>{r.appId ? `${r.owner}/${r.appId}` : '—'}</td>
                <td>{r.description}</td>
                <td>
                  {STATUS[r.status]}
                  {r.error ? `: ${r.error}` : ''}
                  {r.note ? ` (${r.note})` : ''}
                  {r.status === 'done' && task.kind === 'scopes' && (r.gains?.length || r.loses?.length) ? (
                    <span class="muted">
                      {' '}
                      {[r.gains?.length ? `gained ${r.gains.join(', ')}` : '', r.loses?.length ? `lost ${r.loses.join(', ')}` : ''].filter(Boolean).join('; ')}
                    </span>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
