/**
 * Ticks scopes for a preset: grouped by resource, searchable, a checkbox per group, deprecated
 * scopes hidden unless asked for, and the dependencies ticked as soon as a scope needs them (shown
 * as "needed by …" and locked while the scope that needs them is ticked). Reports the selection,
 * always closed under dependencies, through `onChange`.
 */
import { useMemo, useState } from 'preact/hooks';
import { closeUnderDependencies, type Scope } from '../../pure/scopes/catalogue.ts';
import { describeEndpoints } from '../../pure/scopes/endpoints.ts';
import { neededBy, SCOPE_GROUPS, toggleGroup, toggleScope } from './scope-selection.ts';
import { list, t, tn } from '../../i18n/i18n.ts';
import { tx } from '../i18n-rich.tsx';

export interface ScopeEditorProps {
  /** The scopes ticked when the editor opens (remount it, with a `key`, to start again). */
  initial: readonly string[];
  onChange: (scopes: string[]) => void;
  /** Prefix for element ids, so two editors on one page do not clash. */
  idPrefix?: string;
}

/** What the ticked scopes enable, as a clause of the summary (src/pure/scopes/endpoints.ts counts). */
function enables({ count, examples }: ReturnType<typeof describeEndpoints>): string {
  if (!count) return t('scopeEnablesNothing');
  return tn(examples.length > 1 ? 'scopeEnablesTwo' : 'scopeEnables', count, examples[0] ?? '', examples[1] ?? '');
}

export function ScopeEditor({ initial, onChange, idPrefix = 'scope' }: ScopeEditorProps) {
  const [chosen, setChosen] = useState<string[]>(() => closeUnderDependencies(initial));
  const [query, setQuery] = useState('');
  const [showDeprecated, setShowDeprecated] = useState(false);

  const selected = useMemo(() => closeUnderDependencies(chosen), [chosen]);
  const isOn = useMemo(() => new Set(selected), [selected]);
  const needs = useMemo(() => neededBy(selected), [selected]);
  const summary = useMemo(() => describeEndpoints(selected), [selected]);

  const update = (next: string[]) => {
    setChosen(next);
    onChange(closeUnderDependencies(next));
  };

  const q = query.trim().toLowerCase();
  // A deprecated scope that is ticked stays in view, so it can be seen and unticked.
  const shown = (s: Scope) => (!s.deprecated || showDeprecated || isOn.has(s.name)) && (!q || s.name.toLowerCase().includes(q));
  const groups = SCOPE_GROUPS.map((g) => ({ ...g, visible: g.scopes.filter(shown) })).filter((g) => g.visible.length > 0);
  const safeId = (name: string) => `${idPrefix}-${name.replace(/[^A-Za-z0-9]/g, '-')}`;

  return (
    <div class="scope-editor">
      <div class="scope-tools">
        <div class="scope-search">
          <label for={`${idPrefix}-search`}>{t('scopeSearch')}</label>
          <input
            id={`${idPrefix}-search`}
            type="search"
            value={query}
            placeholder={t('scopeSearchPlaceholder')}
            autocomplete="off"
            spellcheck={false}
            onInput={(e) => setQuery(e.currentTarget.value)}
          />
        </div>
        <label class="inline">
          <input type="checkbox" checked={showDeprecated} onChange={(e) => setShowDeprecated(e.currentTarget.checked)} /> {t('scopeShowDeprecated')}
        </label>
      </div>
      <p class="scope-summary" aria-live="polite" data-testid="scope-summary">
        {tx('scopeSummary', <strong>{tn('scopeTicked', selected.length)}</strong>, enables(summary))}
        {isOn.has('All') && ` ${t('scopeAllGrantsAll')}`}
      </p>
      {groups.length === 0 && (
        <p class="muted" role="status">
          {t('scopeNoMatch', query.trim())}
        </p>
      )}
      <div class="scope-groups">
        {groups.map((g) => {
          const names = g.visible.map((s) => s.name);
          const on = names.filter((n) => isOn.has(n)).length;
          return (
            <fieldset class={`scope-group${g.resource ? '' : ' broad'}`} key={g.resource || 'broad'}>
              <legend>
                {g.resource ? (
                  <label class="group-toggle">
                    <input
                      type="checkbox"
                      aria-label={t('scopeGroupAll', g.label)}
                      checked={on === names.length}
                      indeterminate={on > 0 && on < names.length}
                      onChange={() => update(toggleGroup(chosen, names))}
                    />{' '}
                    {g.label}
                  </label>
                ) : (
                  <span class="group-toggle">{g.label}</span>
                )}
              </legend>
              <ul>
                {g.visible.map((s) => {
                  const need = needs.get(s.name);
                  const id = safeId(s.name);
                  const notes = [need && t('scopeNeededBy', list(need)), s.deprecated && t('scopeDeprecated')].filter(Boolean).join('; ');
                  return (
                    <li key={s.name}>
                      <input
                        id={id}
                        type="checkbox"
                        checked={isOn.has(s.name)}
                        disabled={!!need}
                        aria-describedby={notes ? `${id}-note` : undefined}
                        onChange={() => update(toggleScope(chosen, s.name))}
                      />
                      <label for={id}>
                        <code>{s.name}</code>
                      </label>
                      {notes && (
                        <span id={`${id}-note`} class={`scope-note${s.deprecated ? ' deprecated' : ''}`}>
                          {notes}
                        </span>
                      )}
                    </li>
                  );
                })}
              </ul>
            </fieldset>
          );
        })}
      </div>
    </div>
  );
}
