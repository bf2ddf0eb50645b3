import { useState } from 'preact/hooks';
import type { JobResultRow } from '../../pure/protocol/jobs.ts';
import type { Copy } from './useClipboard.ts';
import { t, type MessageId } from '../../i18n/i18n.ts';

/** A row's outcome, as the table says it. */
const OUTCOME = {
  pending: 'resRowPending',
  sending: 'resRowSending',
  created: 'resRowCreated',
  failed: 'resRowFailed',
  cancelled: 'resRowCancelled',
} as const satisfies Record<JobResultRow['status'], MessageId>;

/** What became of a row's key, with the error when there is one. */
function outcome(row: JobResultRow): string {
  const status = row.status === 'created' && row.adopted ? t('resRowAdopted') : t(OUTCOME[row.status]);
  return row.error ? t('resRowError', status, row.error) : status;
}

/**
 * A job's rows, one app each; a created key is masked until revealed, and can be copied with `copy`
 * (./useClipboard.ts's: it says what it did, and clears the clipboard later).
 */
export function ResultsTable({ rows, copy }: { rows: JobResultRow[]; copy: Copy }) {
  const [revealed, setRevealed] = useState<Set<number>>(new Set());
  const toggle = (i: number) =>
    setRevealed((s) => {
      const n = new Set(s);
      n.has(i) ? n.delete(i) : n.add(i);
      return n;
    });
  const rotation = rows.some((row) => row.replaces);
  return (
    <table class="results">
      <thead>
        <tr>
          <th>{t('resColOwner')}</th>
          <th>{t('resColApp')}</th>
          <th>{t('description')}</th>
          {rotation && <th>{t('resColReplaces')}</th>}
          <th>{t('resColKey')}</th>
          <th>{t('resColOutcome')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => (
          <tr>
            <td>{row.owner}</td>
            <td title={row.appName}>{row.appId}</td>
            <td>{row.description}</td>
            {rotation && (
              <td>
                <code>{row.replaces ?? '—'}</code>
              </td>
            )}
            <td>{row.keyId ? <KeyCell row={row} keyId={row.keyId} shown={revealed.has(i)} toggle={() => toggle(i)} copy={copy} /> : '—'}</td>
            <td class={row.status === 'failed' ? 'bad' : ''}>
              {outcome(row)}
              {row.status === 'failed' && row.uncertain && ` ${t('resMayHaveBeenMade')}`}
              {row.replaces && <Retired row={row} />}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A rotation row's old key: deleted, not deleted and why, or still there. */
function Retired({ row }: { row: JobResultRow }) {
  if (row.retired === 'deleted') return <span class="ok"> {t('resOldKeyDeleted')}</span>;
  if (row.retired === 'failed') return <span class="bad"> {t('resOldKeyNotDeleted', row.retiredError ?? '')}</span>;
  return <span class="muted"> {row.status === 'created' ? t('resReplacementMade') : t('resOldKeyWorks')}</span>;
}

function KeyCell({ row, keyId, shown, toggle, copy }: { row: JobResultRow; keyId: string; shown: boolean; toggle: () => void; copy: Copy }) {
  return (
    <span class="row">
      <code>{shown ? keyId : `••••••••${keyId.slice(-4)}`}</code>
      <button type="button" class="secondary" aria-label={t(shown ? 'resHideKeyFor' : 'resRevealKeyFor', row.appId)} onClick={toggle}>
        {shown ? t('resHide') : t('resReveal')}
      </button>
      <button
        type="button"
        class="secondary"
        aria-label={t('resCopyKeyFor', row.appId)}
        onClick={() => void copy(keyId, t('resCopiedKeyFor', row.appId)).catch(() => {})}
      >
        {t('resCopy')}
      </button>
    </span>
  );
}
