/**
 * Keysmith's key inventory: every app-specific key the token can see (read by the worker, kept in
 * session storage only), with audit flags, a filter, sorting, and an export for an audit that holds
 * no key ids. Keys are ticked (Shift for a range) for rotation and bulk changes.
 */
import { useMemo, useRef, useState } from 'preact/hooks';
import { download } from '../download.ts';
import { auditKeys, type FlagId } from '../../pure/inventory/audit.ts';
import { inventoryCsv, inventoryJson } from '../../pure/inventory/export.ts';
import { filterKeys, sortKeys, type KeyQuery, type SortColumn, type SortDirection } from '../../pure/inventory/view.ts';
import { parseInventoryFragment } from '../../pure/links.ts';
import type { InventoryView } from '../../pure/protocol/inventory.ts';
import { toggled, toggledAll } from '../../pure/selection.ts';
import { CUSTOM, Filters, type FilterState } from './Filters.tsx';
import { KeysTable } from './KeysTable.tsx';
import { Summary } from './Summary.tsx';
import { useInventory } from './useInventory.ts';
import { ChangeActions } from './Changes.tsx';
import { ChangeReport } from './ChangeReport.tsx';
import { useKeyChange } from './useKeyChange.ts';
import { useKeysmithRecords } from './useKeysmithRecords.ts';
import { usePresets } from './usePresets.ts';
import { t, tn } from '../../i18n/i18n.ts';

/** Where the read stands: how many apps and keys, as of when, and whether it was stopped. */
function readStatus(view: InventoryView | null): string {
  if (!view || view.status === 'empty') return t('invNotRead');
  const counts = tn('invReadCounts', view.appsTotal, view.appsRead, tn('invKeyCount', view.keys.length));
  if (view.status === 'reading') return t('invReadGoing', counts);
  const asOf = view.readAt ? new Date(view.readAt).toLocaleString() : '';
  if (view.status === 'cancelled') return asOf ? t('invReadStoppedAsOf', counts, asOf) : t('invReadStopped', counts);
  return asOf ? t('invReadAsOf', counts, asOf) : counts;
}

/** How many keys the filters show, of how many, and how many are ticked. */
function shownLine(shown: number, total: number, selected: number): string {
  if (shown === total) return selected ? tn('invShownAllSelected', total, selected) : tn('invShownAll', total);
  return selected ? tn('invShownSomeSelected', total, shown, selected) : tn('invShownSome', total, shown);
}

export function Page() {
  const { view, error, read, cancel, reload } = useInventory();
  const change = useKeyChange(() => void reload());
  const keysmith = useKeysmithRecords();
  const [text, setText] = useState('');
  const [flag, setFlag] = useState<FlagId | undefined>();
  const [filters, setFilters] = useState<FilterState>({ owner: '', app: '', preset: '', olderThanDays: 365 });
  const [sort, setSort] = useState<{ column: SortColumn; direction: SortDirection }>({ column: 'owner', direction: 'asc' });
  const presets = usePresets();
  // Opened from the Least privilege section or an explained error: what to preselect (never acted on alone).
  const [link] = useState(() => parseInventoryFragment(location.hash));
  // Ticked keys by id; a key the inventory no longer holds (deleted, read again) is not ticked.
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set());
  const anchor = useRef<string | null>(null);
  const keys = view?.keys ?? [];
  const { olderThanDays } = filters;
  const audit = useMemo(() => auditKeys(keys, { now: new Date(), olderThanDays, keysmith }), [keys, keysmith, olderThanDays]);
  const query = useMemo((): KeyQuery => {
    const [owner, appId] = filters.app
      ? [filters.app.slice(0, filters.app.indexOf('/')), filters.app.slice(filters.app.indexOf('/') + 1)]
      : [filters.owner || undefined, undefined];
    return { text, flag, owner, appId, preset: filters.preset === CUSTOM ? { custom: presets } : presets.find((p) => p.name === filters.preset) };
  }, [text, flag, filters, presets]);
  // Sorted once per order (filtering keeps it), so a keystroke only filters.
  const sorted = useMemo(() => sortKeys(keys, sort.column, sort.direction), [keys, sort]);
  const shown = useMemo(() => filterKeys(sorted, audit, query), [sorted, audit, query]);
  const selected = useMemo(() => new Set(keys.filter((k) => k.kind === 'app' && ticked.has(k.keyId)).map((k) => k.keyId)), [keys, ticked]);
  const shownIds = shown.filter((k) => k.kind === 'app').map((k) => k.keyId);
  const selectedKeys = useMemo(() => keys.filter((k) => selected.has(k.keyId)), [keys, selected]);
  const changing = change.task?.status === 'running';
  const reading = view?.status === 'reading';
  const stamp = new Date().toISOString().slice(0, 10);
  return (
    <main style={{ maxWidth: '1200px' }}>
      <h1>
        <img src="/icons/icon-48.png" alt="" /> {t('invKeys')}
      </h1>
      <section aria-labelledby="read-h">
        <h2 id="read-h">{t('invReadHeading')}</h2>
        <div class="row">
          <button type="button" disabled={reading} onClick={() => void read(view?.status !== 'stopped' && view?.status !== 'cancelled')}>
            {view?.status === 'stopped' || view?.status === 'cancelled' ? t('invGoOnReading') : t('invRefreshKeys')}
          </button>
          {reading && (
            <button type="button" class="secondary" onClick={() => void cancel()}>
              {t('invStopReading')}
            </button>
          )}
        </div>
        <p role="status" data-testid="inventory-status">
          {readStatus(view)}
        </p>
        {(error || view?.message) && (
          <p class="bad" role="alert">
            {error || view?.message}
          </p>
        )}
        {view && view.unreadable.length > 0 && (
          <details data-testid="inventory-unreadable">
            <summary>{tn('invAppsUnreadable', view.unreadable.length)}</summary>
            <ul>
              {view.unreadable.map((u) => (
                <li>{u.appId ? t('invUnreadableApp', `${u.owner}/${u.appId}`, u.reason) : u.reason}</li>
              ))}
            </ul>
          </details>
        )}
      </section>
      {change.error && (
        <p class="bad" role="alert">
          {change.error}
        </p>
      )}
      {change.task && (
        <ChangeReport task={change.task} onStop={() => void change.stop()} onResume={() => void change.resume()} onDismiss={() => void change.dismiss()} />
      )}
      {keys.length > 0 && (
        <section aria-labelledby="keys-h">
          <h2 id="keys-h">{t('invAudit')}</h2>
          <Summary audit={audit} flag={flag} onFlag={setFlag} />
          <Filters keys={keys} presets={presets} value={filters} onChange={setFilters} />
          <div class="row">
            <label>
              {t('invFilterKeys')} <input type="search" value={text} onInput={(e) => setText(e.currentTarget.value)} placeholder={t('invFilterPlaceholder')} />
            </label>
            <button
              type="button"
              class="secondary"
              onClick={() => download(`keysmith-inventory-${stamp}.csv`, 'text/csv', inventoryCsv(shown, audit, presets))}
            >
              {t('invExport')}
            </button>
            <button
              type="button"
              class="secondary"
              onClick={() => download(`keysmith-inventory-${stamp}.json`, 'application/json', inventoryJson(shown, audit, presets))}
            >
              {t('invExportJson')}
            </button>
            <span class="muted">{t('invExportsNoIds')}</span>
          </div>
          <p class="muted" data-testid="inventory-shown">
            {shownLine(shown.length, keys.length, selected.size)}{' '}
            {selected.size > 0 && (
              <button type="button" class="link" onClick={() => setTicked(new Set())}>
                {t('selectNone')}
              </button>
            )}
          </p>
          <ChangeActions selected={selectedKeys} presets={presets} busy={changing} onStart={change.start} link={link} />
          <KeysTable
            keys={shown}
            audit={audit}
            presets={presets}
            sort={sort}
            selected={selected}
            onToggle={(keyId, range) => {
              const order = shown.map((k) => k.keyId);
              setTicked(toggled(selected, order, order.indexOf(keyId), anchor.current, range));
              anchor.current = keyId;
            }}
            onToggleAll={() => setTicked(toggledAll(selected, shownIds))}
            onSort={(column) => setSort((s) => ({ column, direction: s.column === column && s.direction === 'asc' ? 'desc' : 'asc' }))}
          />
        </section>
      )}
    </main>
  );
}
