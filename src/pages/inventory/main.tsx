/**
 * Keysmith's key inventory: every app-specific key the token can see (read by the worker, kept in
 * session storage only), with audit flags, a filter, sorting, and an export for an audit that holds
 * no key ids. Rotation and bulk scope changes are to come.
 */
import { render } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import '../pages.css';
import { download } from '../download.ts';
import { BUILTIN_PRESETS } from '../../pure/presets/builtins.ts';
import { auditKeys, type FlagId } from '../../pure/inventory/audit.ts';
import { inventoryCsv, inventoryJson } from '../../pure/inventory/export.ts';
import { filterKeys, sortKeys, type SortColumn, type SortDirection } from '../../pure/inventory/view.ts';
import { plural } from '../../pure/plural.ts';
import { KeysTable } from './KeysTable.tsx';
import { Summary } from './Summary.tsx';
import { useInventory } from './useInventory.ts';
import { useKeysmithRecords } from './useKeysmithRecords.ts';

const OLDER_THAN_DAYS = 365;

function Page() {
  const { view, error, read, cancel } = useInventory();
  const keysmith = useKeysmithRecords();
  const [text, setText] = useState('');
  const [flag, setFlag] = useState<FlagId | undefined>();
  const [sort, setSort] = useState<{ column: SortColumn; direction: SortDirection }>({ column: 'owner', direction: 'asc' });
  const keys = view?.keys ?? [];
  const audit = useMemo(() => auditKeys(keys, { now: new Date(), olderThanDays: OLDER_THAN_DAYS, keysmith }), [keys, keysmith]);
  const shown = sortKeys(filterKeys(keys, audit, { text, flag }), sort.column, sort.direction);
  const reading = view?.status === 'reading';
  const stamp = new Date().toISOString().slice(0, 10);
  return (
    <main style={{ maxWidth: '1200px' }}>
      <h1>
        <img src="/icons/icon-48.png" alt="" /> Keys
      </h1>
      <section aria-labelledby="read-h">
        <h2 id="read-h">Keys your token can see</h2>
        <div class="row">
          <button type="button" disabled={reading} onClick={() => void read(view?.status !== 'stopped' && view?.status !== 'cancelled')}>
            {view?.status === 'stopped' || view?.status === 'cancelled' ? 'Go on reading' : 'Refresh keys'}
          </button>
          {reading && (
            <button type="button" class="secondary" onClick={() => void cancel()}>
              Stop reading
            </button>
          )}
        </div>
        <p role="status" data-testid="inventory-status">
          {!view || view.status === 'empty'
            ? 'Not read yet. Keysmith reads your own keys, then each app of the organizations you added and of the apps shared with you.'
            : `${view.appsRead} of ${plural(view.appsTotal, 'app')} read, ${plural(keys.length, 'key')}` +
              (view.status === 'reading' ? '…' : view.readAt ? ` (as of ${new Date(view.readAt).toLocaleString()})` : '') +
              (view.status === 'cancelled' ? '. Stopped; what was read is kept.' : '')}
        </p>
        {(error || view?.message) && (
          <p class="bad" role="alert">
            {error || view?.message}
          </p>
        )}
        {view && view.unreadable.length > 0 && (
          <details data-testid="inventory-unreadable">
            <summary>{plural(view.unreadable.length, 'app')} could not be read</summary>
            <ul>
              {view.unreadable.map((u) => (
                <li>{u.appId ? `${u.owner}/${u.appId}: ${u.reason}` : u.reason}</li>
              ))}
            </ul>
          </details>
        )}
      </section>
      {keys.length > 0 && (
        <section aria-labelledby="keys-h">
          <h2 id="keys-h">Audit</h2>
          <Summary audit={audit} flag={flag} onFlag={setFlag} />
          <div class="row">
            <label>
              Filter keys <input type="search" value={text} onInput={(e) => setText(e.currentTarget.value)} placeholder="owner, app, description or scope" />
            </label>
            <button
              type="button"
              class="secondary"
              onClick={() => download(`keysmith-inventory-${stamp}.csv`, 'text/csv', inventoryCsv(shown, audit, BUILTIN_PRESETS))}
            >
              Export inventory
            </button>
            <button
              type="button"
              class="secondary"
              onClick={() => download(`keysmith-inventory-${stamp}.json`, 'application/json', inventoryJson(shown, audit, BUILTIN_PRESETS))}
            >
              Export inventory (JSON)
            </button>
            <span class="muted">The exports hold no key ids.</span>
          </div>
          <p class="muted">{shown.length === keys.length ? `All ${plural(keys.length, 'key')}` : `${shown.length} of ${plural(keys.length, 'key')}`} shown.</p>
          <KeysTable
            keys={shown}
            audit={audit}
            presets={BUILTIN_PRESETS}
            sort={sort}
            onSort={(column) => setSort((s) => ({ column, direction: s.column === column && s.direction === 'asc' ? 'desc' : 'asc' }))}
          />
        </section>
      )}
    </main>
  );
}

render(<Page />, document.getElementById('app')!);
