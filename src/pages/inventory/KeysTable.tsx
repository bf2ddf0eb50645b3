/** The inventory's keys, one row each: sortable by any column, the id masked until revealed. */
import { useState } from 'preact/hooks';
import { flagsOf, type InventoryAudit } from '../../pure/inventory/audit.ts';
import { scopeSummary, type NamedScopes } from '../../pure/inventory/summary.ts';
import type { SortColumn, SortDirection } from '../../pure/inventory/view.ts';
import type { InventoryKey } from '../../pure/protocol/inventory.ts';

const COLUMNS: [SortColumn, string][] = [
  ['owner', 'Owner'],
  ['app', 'App'],
  ['description', 'Description'],
  ['scopes', 'Scopes'],
  ['created', 'Created'],
  ['expires', 'Expires'],
];

const day = (iso?: string) => (iso ? iso.slice(0, 10) : '—');

export function KeysTable(props: {
  keys: InventoryKey[];
  audit: InventoryAudit<InventoryKey>;
  presets: readonly NamedScopes[];
  sort: { column: SortColumn; direction: SortDirection };
  onSort: (column: SortColumn) => void;
}) {
  const { keys, audit, presets, sort, onSort } = props;
  // One key shown at a time, as on the results page.
  const [revealed, setRevealed] = useState<InventoryKey | null>(null);
  return (
    <table class="results" data-testid="inventory-table">
      <thead>
        <tr>
          {COLUMNS.map(([column, label]) => (
            <th aria-sort={sort.column === column ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}>
              <button type="button" class="link" onClick={() => onSort(column)}>
                {label}
              </button>
            </th>
          ))}
          <th>Key</th>
          <th>Flags</th>
        </tr>
      </thead>
      <tbody>
        {keys.map((k) => (
          <tr data-testid="inventory-row">
            <td>{k.kind === 'pat' ? 'Personal Access Token' : k.owner}</td>
            <td title={k.appName}>{k.appId || '—'}</td>
            <td>{k.description}</td>
            <td title={k.scopes.join(', ')}>
              {scopeSummary(k.scopes, presets)}
              {k.endpoints.length > 0 && <span class="muted"> + {k.endpoints.length} endpoint-level</span>}
            </td>
            <td>{day(k.createdAt)}</td>
            <td>{day(k.expiresAt)}</td>
            <td>
              <code>{revealed === k ? k.keyId : `••••••••${k.keyId.slice(-4)}`}</code>{' '}
              {k.kind === 'app' && (
                <button
                  type="button"
                  class="secondary"
                  aria-label={`${revealed === k ? 'Hide' : 'Reveal'} key for ${k.appId || k.description}`}
                  onClick={() => setRevealed(revealed === k ? null : k)}
                >
                  {revealed === k ? 'Hide' : 'Reveal'}
                </button>
              )}
            </td>
            <td>
              <ul class="flags" data-testid="inventory-flags">
                {flagsOf(audit, k).map((f) => (
                  <li title={f.text} data-flag={f.id}>
                    {f.id}
                    <span class="sr-only">: {f.text}</span>
                  </li>
                ))}
              </ul>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
