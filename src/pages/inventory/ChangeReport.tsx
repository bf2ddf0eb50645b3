/** A change of keys as the worker reports it: where it stands, and each key's row (done, left alone, failed and why). */
import { list, t, tn, type MessageId } from '../../i18n/i18n.ts';
import type { KeyChangeRow, KeyChangeView } from '../../pure/protocol/key-changes.ts';

const STATUS = {
  pending: 'invStatusPending',
  sending: 'invStatusSending',
  done: 'invStatusDone',
  unchanged: 'invStatusUnchanged',
  failed: 'invStatusFailed',
  cancelled: 'invStatusCancelled',
} as const satisfies Record<KeyChangeRow['status'], MessageId>;

/** The headline by where the change stands: what it does, then its counts. */
const HEADLINE = {
  running: 'invChangeRunning',
  done: 'invChangeDone',
  cancelled: 'invChangeCancelled',
  stopped: 'invChangeStopped',
} as const satisfies Record<KeyChangeView['status'], MessageId>;

function headline(task: KeyChangeView): string {
  const what =
    task.kind === 'delete' ? (task.origin ? t('invDeletingOld') : t('invDeleting')) : task.presetName ? t('invChangingTo', task.presetName) : t('invChanging');
  const counts = [
    tn('invCountDone', task.total, task.done),
    task.unchanged ? tn('invCountUnchanged', task.unchanged) : '',
    task.failed ? tn('invCountFailed', task.failed) : '',
  ].filter(Boolean);
  return t(HEADLINE[task.status], what, list(counts));
}

/** A row's result: its state, why it failed, a note, and for a change of scopes what the key gained and lost. */
function result(r: KeyChangeRow): string {
  const status = t(STATUS[r.status]);
  const failed = r.error ? t('invRowError', status, r.error) : status;
  return r.note ? t('invRowNote', failed, r.note) : failed;
}

function gainsAndLosses(r: KeyChangeRow): string {
  const gains = r.gains?.length ? list(r.gains) : '';
  const loses = r.loses?.length ? list(r.loses) : '';
  return gains && loses ? t('invGainedLost', gains, loses) : gains ? t('invGained', gains) : t('invLost', loses);
}

export function ChangeReport(props: { task: KeyChangeView; onStop: () => void; onResume: () => void; onDismiss: () => void }) {
  const { task } = props;
  return (
    <section aria-labelledby="change-h" data-testid="key-change">
      <h2 id="change-h">{task.kind === 'delete' ? t('invDeleteKeys') : t('invChangeScopes')}</h2>
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
            {t('invStop')}
          </button>
        )}
        {task.status === 'stopped' && (
          <button type="button" onClick={props.onResume}>
            {t('invGoOn')}
          </button>
        )}
        {task.status !== 'running' && (
          <button type="button" class="secondary" onClick={props.onDismiss}>
            {t('invDismiss')}
          </button>
        )}
      </div>
      <details open={task.rows.length <= 50 || task.failed > 0}>
        <summary>{tn('invKeyCount', task.rows.length)}</summary>
        <table class="results" data-testid="key-change-rows">
          <thead>
            <tr>
              <th>{t('invApp')}</th>
              <th>{t('description')}</th>
              <th>{t('invResult')}</th>
            </tr>
          </thead>
          <tbody>
            {task.rows.map((r) => (
              <tr key={r.keyId} data-status={r.status}>
                <td>{r.appId ? `${r.owner}/${r.appId}` : '—'}</td>
                <td>{r.description}</td>
                <td>
                  {result(r)}
                  {r.status === 'done' && task.kind === 'scopes' && (r.gains?.length || r.loses?.length) ? (
                    <span class="muted"> {gainsAndLosses(r)}</span>
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
