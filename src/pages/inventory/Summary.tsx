/** One line per audit flag: how many keys carry it, what it means, and a filter to show just those. */
import { FLAG_IDS, type FlagId, type InventoryAudit } from '../../pure/inventory/audit.ts';
import type { InventoryKey } from '../../pure/protocol/inventory.ts';
import { t } from '../../i18n/i18n.ts';

export function Summary({ audit, flag, onFlag }: { audit: InventoryAudit<InventoryKey>; flag?: FlagId | undefined; onFlag: (f?: FlagId) => void }) {
  // The sentence each flag carries, from the first key that has it.
  const text = new Map<FlagId, string>();
  for (const flags of audit.flags.values()) for (const f of flags) if (!text.has(f.id)) text.set(f.id, f.text);
  const shown = FLAG_IDS.filter((id) => audit.summary[id] > 0);
  if (!shown.length) return <p data-testid="inventory-summary">{t('invNoFlags')}</p>;
  return (
    <ul class="inventory-summary" data-testid="inventory-summary" aria-label={t('invAuditFlags')}>
      {shown.map((id) => (
        <li data-flag={id}>
          <button type="button" class={flag === id ? '' : 'secondary'} aria-pressed={flag === id} onClick={() => onFlag(flag === id ? undefined : id)}>
            {t('invFlagCount', id, audit.summary[id])}
          </button>{' '}
          <span class="muted">{text.get(id)}</span>
        </li>
      ))}
    </ul>
  );
}
