import { t } from '../i18n/i18n.ts';
import { tx } from './i18n-rich.tsx';

/**
 * A job whose keys would hold `All` asks once more: such a key can do everything in its app, delete
 * its data and make more keys included, and it never expires unless told to.
 */
export const holdsAll = (scopes: readonly string[]) => scopes.includes('All');

export function FullAccessCheck({ checked, onChange }: { checked: boolean; onChange: (on: boolean) => void }) {
  return (
    <div class="warn" role="group" aria-label={t('scopeFullAccess')}>
      <p class="bad">{tx('scopeFullAccessWarning', <code>All</code>)}</p>
      <label>
        <input type="checkbox" checked={checked} onChange={(e) => onChange(e.currentTarget.checked)} /> {t('scopeFullAccessAnyway')}
      </label>
    </div>
  );
}
