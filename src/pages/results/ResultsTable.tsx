import { useState } from 'preact/hooks';
import type { JobResultRow } from '../../pure/protocol/jobs.ts';
import type { Copy } from './useClipboard.ts';

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
          <th>Owner</th>
          <th>App</th>
          <th>Description</th>
          {rotation && <th>Replaces</th>}
          <th>Key</th>
          <th>Outcome</th>
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
              {row.status === 'created' ? (row.adopted ? 'created (found after a lost answer)' : 'created') : row.status}
              {row.error ? `: ${row.error}` : ''}
              {row.status === 'failed' && row.uncertain ? ' The key may have been made: Retry failed and Recover look it up before sending again.' : ''}
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
  if (row.retired === 'deleted') return <span class="ok"> Old key deleted.</span>;
  if (row.retired === 'failed') return <span class="bad"> The old key could not be deleted: {row.retiredError}</span>;
  return <span class="muted">{row.status === 'created' ? ' Replacement made; the old key still works.' : ' The old key still works.'}</span>;
}

function KeyCell({ row, keyId, shown, toggle, copy }: { row: JobResultRow; keyId: string; shown: boolean; toggle: () => void; copy: Copy }) {
  return (
    <span class="row">
      <code>{shown ? keyId : `••••••••${keyId.slice(-4)}`}</code>
      <button type="button" class="secondary" aria-label={`${shown ? 'Hide' : 'Reveal'} key for ${row.appId}`} onClick={toggle}>
        {shown ? 'Hide' : 'Reveal'}
      </button>
      <button
        type="button"
        class="secondary"
        aria-label={`Copy key for ${row.appId}`}
        onClick={() => void copy(keyId, `Copied the key for ${row.appId}.`).catch(() => {})}
      >
        Copy
      </button>
    </span>
  );
}
