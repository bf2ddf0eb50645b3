/**
 * "What can this key do?": a disclosure listing the calls a scope set allows, grouped by resource,
 * the dangerous ones first and marked. Its list is built only once opened, so that a page with a
 * hundred of them stays quick.
 */
import { useState } from 'preact/hooks';
import { whatItAllows } from '../../pure/privilege/allows.ts';
import { t, tn } from '../../i18n/i18n.ts';

export function WhatItAllows(props: { scopes: readonly string[]; endpoints?: readonly string[]; name: string; initiallyOpen?: boolean }) {
  const { scopes, endpoints = [], name } = props;
  const [open, setOpen] = useState(props.initiallyOpen ?? false);
  const groups = open ? whatItAllows(scopes, endpoints) : [];
  const count = groups.reduce((n, g) => n + g.calls.length, 0);
  return (
    <details class="what-it-allows" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary aria-label={t('scopeWhatCanNameDo', name)}>{t('whatCanThisKeyDo')}</summary>
      {open && (
        <div data-testid="what-it-allows">
          <p class="muted">{count ? tn('scopeAllowsCalls', count) : t('scopeAllowsNoCall')}</p>
          {groups.map((g) => (
            <section aria-label={g.resource}>
              <h4>{g.resource}</h4>
              <ul>
                {g.calls.map((c) => (
                  <li data-dangerous={c.dangerous ? '' : undefined}>
                    {c.phrase} <code>{c.rpc}</code>
                    {c.dangerous && <strong> {t('scopeDangerous')}</strong>}
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </div>
      )}
    </details>
  );
}
