/**
 * The inventory's keys, one row each: sortable by any column, the id masked until revealed, and a
 * checkbox per key (named by its app id and description) to pick keys for rotation and bulk
 * changes, with Shift for a range. Only the first rows render (more on request), so that a
 * keystroke in the filter stays quick with thousands of keys.
 */
import { Component } from 'preact';
import { useCallback, useRef, useState } from 'preact/hooks';
import { flagsOf, type InventoryAudit } from '../../pure/inventory/audit.ts';
import { scopeSetKey } from '../../pure/inventory/key.ts';
import type { NamedScopes } from '../../pure/inventory/summary.ts';
import type { SortColumn, SortDirection } from '../../pure/inventory/view.ts';
import type { InventoryKey } from '../../pure/protocol/inventory.ts';
import { WhatItAllows } from '../../ui/scopes/WhatItAllows.tsx';
import { t, tn, type MessageId } from '../../i18n/i18n.ts';

type Column = Extract<SortColumn, 'owner' | 'app' | 'description' | 'scopes' | 'created' | 'expires'>;
/** The sortable columns, in order, and their headers. */
const COLUMNS = {
  owner: 'invOwner',
  app: 'invApp',
  description: 'description',
  scopes: 'invScopes',
  created: 'invCreated',
  expires: 'invExpires',
} as const satisfies Record<Column, MessageId>;
/** Rows rendered at first, and added by "Show more". */
export const PAGE_ROWS = 100;

const day = (iso?: string) => (iso ? iso.slice(0, 10) : '—');

/**
 * A key's scopes in a few words, as scopeSummary (src/pure/inventory/summary.ts) says them for the
 * export, in the page's language: the matching preset's name, or how many scopes.
 */
function summary(scopes: readonly string[], presets: readonly NamedScopes[]): string {
  const set = scopeSetKey(scopes);
  const preset = presets.find((p) => scopeSetKey(p.scopes) === set);
  if (preset) return preset.name;
  const n = new Set(scopes).size;
  return n === 0 ? t('invNoScopes') : tn('invCustomScopes', n);
}

/** The accessible name of a key's checkbox: its app id and description. */
export const rowName = (k: Pick<InventoryKey, 'appId' | 'description'>) => `${k.appId} ${k.description}`.trim();

export function KeysTable(props: {
  keys: InventoryKey[];
  audit: InventoryAudit<InventoryKey>;
  presets: readonly NamedScopes[];
  sort: { column: SortColumn; direction: SortDirection };
  onSort: (column: SortColumn) => void;
  /** Ids of the ticked keys. */
  selected: ReadonlySet<string>;
  /** A key's box was clicked; `range`: with Shift held. */
  onToggle: (keyId: string, range: boolean) => void;
  onToggleAll: () => void;
}) {
  const { keys, audit, presets, sort, onSort, selected } = props;
  // One key shown at a time, as on the results page.
  const [revealed, setRevealed] = useState<InventoryKey | null>(null);
  const [limit, setLimit] = useState(PAGE_ROWS);
  // Stable callbacks, so that a row whose key, ticking and reveal did not change is not rendered again.
  const latest = useRef(props.onToggle);
  latest.current = props.onToggle;
  const onToggle = useCallback((keyId: string, range: boolean) => latest.current(keyId, range), []);
  const onReveal = useCallback((k: InventoryKey) => setRevealed((r) => (r === k ? null : k)), []);
  const selectable = keys.filter((k) => k.kind === 'app');
  const allTicked = selectable.length > 0 && selectable.every((k) => selected.has(k.keyId));
  return (
    <>
      <table class="results" data-testid="inventory-table">
        <thead>
          <tr>
            <th>
              <input type="checkbox" aria-label={t('invSelectAllShown')} checked={allTicked} disabled={!selectable.length} onChange={props.onToggleAll} />
            </th>
            {(Object.entries(COLUMNS) as [Column, MessageId][]).map(([column, label]) => (
              <th aria-sort={sort.column === column ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}>
                <button type="button" class="link" onClick={() => onSort(column)}>
                  {t(label)}
                </button>
              </th>
            ))}
            <th>{t('invKey')}</th>
            <th>{t('invFlags')}</th>
          </tr>
        </thead>
        <tbody>
          {keys.slice(0, limit).map((k) => (
            <KeyRow
              key={k.keyId}
              k={k}
              audit={audit}
              presets={presets}
              ticked={selected.has(k.keyId)}
              revealed={revealed === k}
              onToggle={onToggle}
              onReveal={onReveal}
            />
          ))}
        </tbody>
      </table>
      {keys.length > limit && (
        <p>
          <span class="muted">{tn('invNotShown', keys.length - limit)}</span>{' '}
          <button type="button" class="secondary" onClick={() => setLimit(limit + PAGE_ROWS)}>
            {tn('invShowMore', Math.min(PAGE_ROWS, keys.length - limit))}
          </button>
        </p>
      )}
    </>
  );
}

interface RowProps {
  k: InventoryKey;
  audit: InventoryAudit<InventoryKey>;
  presets: readonly NamedScopes[];
  ticked: boolean;
  revealed: boolean;
  onToggle: (keyId: string, range: boolean) => void;
  onReveal: (k: InventoryKey) => void;
}

/**
 * One key's row, rendered again only when one of its props changed (as `memo` would; preact/compat
 * is not used, since it changes how every input's onChange behaves on the page).
 */
class KeyRow extends Component<RowProps> {
  override shouldComponentUpdate(next: RowProps): boolean {
    return (Object.keys(next) as (keyof RowProps)[]).some((p) => next[p] !== this.props[p]);
  }

  override render() {
    return <Row {...this.props} />;
  }
}

function Row({ k, audit, presets, ticked, revealed, onToggle, onReveal }: RowProps) {
  return (
    <tr data-testid="inventory-row" class={ticked ? 'selected' : undefined}>
      <td>{k.kind === 'app' && <input type="checkbox" aria-label={rowName(k)} checked={ticked} onClick={(e) => onToggle(k.keyId, e.shiftKey)} />}</td>
      <td>{k.kind === 'pat' ? t('invPersonalAccessToken') : k.owner}</td>
      <td title={k.appName}>{k.appId || '—'}</td>
      <td>{k.description}</td>
      <td title={k.scopes.join(', ')}>
        {summary(k.scopes, presets)}
        {k.endpoints.length > 0 && <span class="muted"> {tn('invPlusEndpoints', k.endpoints.length)}</span>}
        {k.kind === 'app' && <WhatItAllows scopes={k.scopes} endpoints={k.endpoints} name={rowName(k) || t('invThisKey')} />}
      </td>
      <td>{day(k.createdAt)}</td>
      <td>{day(k.expiresAt)}</td>
      <td>
        <code>{revealed ? k.keyId : `••••••••${k.keyId.slice(-4)}`}</code>{' '}
        {k.kind === 'app' && (
          <button
            type="button"
            class="secondary"
            aria-label={t(revealed ? 'invHideKeyFor' : 'invRevealKeyFor', k.appId || k.description)}
            onClick={() => onReveal(k)}
          >
            {revealed ? t('invHide') : t('invReveal')}
          </button>
        )}
      </td>
      <td>
        <ul class="flags" data-testid="inventory-flags">
          {flagsOf(audit, k).map((f) => (
            <li title={f.text} data-flag={f.id}>
              {f.id}
              <span class="sr-only">{t('invFlagText', f.text)}</span>
            </li>
          ))}
        </ul>
      </td>
    </tr>
  );
}
