/**
 * The inventory's filters beside the text box: owner, app, preset (or "custom"), and the age from
 * which a key is flagged as old. The choices come from the keys read, so none leads to nothing.
 */
import { useMemo } from 'preact/hooks';
import type { NamedScopes } from '../../pure/inventory/summary.ts';
import type { InventoryKey } from '../../pure/protocol/inventory.ts';
import { t } from '../../i18n/i18n.ts';
import { tx } from '../../ui/i18n-rich.tsx';

export interface FilterState {
  owner: string;
  /** `owner/app`, or ''. */
  app: string;
  /** A preset's name, CUSTOM, or ''. */
  preset: string;
  olderThanDays: number;
}

export const CUSTOM = '\u0000custom';
export const MAX_AGE_DAYS = 3650;

export function Filters(props: { keys: readonly InventoryKey[]; presets: readonly NamedScopes[]; value: FilterState; onChange: (next: FilterState) => void }) {
  const { keys, presets, value, onChange } = props;
  const owners = useMemo(() => [...new Set(keys.filter((k) => k.kind === 'app').map((k) => k.owner))].sort(), [keys]);
  const appRefs = useMemo(
    () => [...new Set(keys.filter((k) => k.kind === 'app' && (!value.owner || k.owner === value.owner)).map((k) => `${k.owner}/${k.appId}`))].sort(),
    [keys, value.owner],
  );
  const set = (over: Partial<FilterState>) => onChange({ ...value, ...over });
  return (
    <div class="row">
      <label>
        {t('invOwner')}{' '}
        <select value={value.owner} onChange={(e) => set({ owner: e.currentTarget.value, app: '' })}>
          <option value="">{t('invEveryOwner')}</option>
          {owners.map((o) => (
            <option value={o}>{o}</option>
          ))}
        </select>
      </label>
      <label>
        {t('invApp')}{' '}
        <select value={value.app} onChange={(e) => set({ app: e.currentTarget.value })}>
          <option value="">{t('invEveryApp')}</option>
          {appRefs.map((a) => (
            <option value={a}>{value.owner ? a.slice(value.owner.length + 1) : a}</option>
          ))}
        </select>
      </label>
      <label>
        {t('preset')}{' '}
        <select value={value.preset} onChange={(e) => set({ preset: e.currentTarget.value })}>
          <option value="">{t('invAnyScopes')}</option>
          {presets.map((p) => (
            <option value={p.name}>{p.name}</option>
          ))}
          <option value={CUSTOM}>{t('invCustomNoPreset')}</option>
        </select>
      </label>
      <label>
        {tx(
          'invOldAfter',
          <input
            type="number"
            min={1}
            max={MAX_AGE_DAYS}
            value={value.olderThanDays}
            style={{ width: '6em' }}
            onChange={(e) => {
              const n = Math.round(Number(e.currentTarget.value));
              if (Number.isFinite(n) && n >= 1 && n <= MAX_AGE_DAYS) set({ olderThanDays: n });
            }}
          />,
        )}
      </label>
    </div>
  );
}
