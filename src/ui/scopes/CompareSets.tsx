/**
 * "Compare two scope sets": the person picks two sets (presets, keys, the set the builder worked
 * out, the dialog's ticks) and sees, for each, the scopes and the calls it allows that the other
 * does not, dangerous calls marked. Pure computing (src/pure/privilege/allows.ts).
 */
import { useMemo, useState } from 'preact/hooks';
import { compareSets } from '../../pure/privilege/allows.ts';
import { callByRpc } from '../../pure/privilege/calls.ts';
import { isDangerous } from '../../pure/privilege/least.ts';
import { list, t, tn } from '../../i18n/i18n.ts';

export interface NamedSet {
  /** Unique among the sets offered. */
  id: string;
  label: string;
  scopes: readonly string[];
}

function Side({ name, scopes, calls }: { name: string; scopes: readonly string[]; calls: readonly string[] }) {
  const risky = calls.filter((rpc) => {
    const c = callByRpc(rpc);
    return c ? isDangerous(c) : false;
  });
  const ordered = [...risky, ...calls.filter((c) => !risky.includes(c))];
  return (
    <section aria-label={t('scopeOnly', name)}>
      <h4>{t('scopeOnly', name)}</h4>
      <p>{scopes.length ? t('scopeOnlyScopes', list(scopes)) : t('scopeNoneOnly')}</p>
      <p class="muted">{calls.length ? tn(risky.length ? 'scopeOnlyCallsDangerous' : 'scopeOnlyCalls', calls.length, risky.length) : t('scopeNoCallOnly')}</p>
      {calls.length > 0 && (
        <ul>
          {ordered.map((rpc) => (
            <li data-dangerous={risky.includes(rpc) ? '' : undefined}>
              {callByRpc(rpc)?.phrase ?? rpc} <code>{rpc}</code>
              {risky.includes(rpc) && <strong> {t('scopeDangerous')}</strong>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function CompareSets({ sets, initial = [], idPrefix }: { sets: readonly NamedSet[]; initial?: readonly string[]; idPrefix: string }) {
  const [a, setA] = useState(initial[0] ?? '');
  const [b, setB] = useState(initial[1] ?? '');
  const left = sets.find((s) => s.id === a);
  const right = sets.find((s) => s.id === b);
  const diff = useMemo(() => (left && right ? compareSets(left.scopes, right.scopes) : null), [left, right]);
  const pick = (value: string, set: (v: string) => void, label: string, id: string) => (
    <label for={id}>
      {label}{' '}
      <select id={id} value={value} onChange={(e) => set(e.currentTarget.value)}>
        <option value="">{t('scopeChooseSet')}</option>
        {sets.map((s) => (
          <option value={s.id}>{s.label}</option>
        ))}
      </select>
    </label>
  );
  return (
    <div class="compare-sets" role="group" aria-label={t('scopeCompareHeading')}>
      <h3>{t('scopeCompareHeading')}</h3>
      <div class="row">
        {pick(a, setA, t('scopeFirstSet'), `${idPrefix}-a`)}
        {pick(b, setB, t('scopeSecondSet'), `${idPrefix}-b`)}
      </div>
      {left && right && diff && (
        <div data-testid="compare-result" role="status">
          {left.id === right.id || (!diff.onlyA.length && !diff.onlyB.length && sameScopes(left.scopes, right.scopes)) ? (
            <p>{t('scopeSetsSame')}</p>
          ) : (
            <>
              <Side name={left.label} scopes={left.scopes.filter((s) => !right.scopes.includes(s))} calls={diff.onlyA} />
              <Side name={right.label} scopes={right.scopes.filter((s) => !left.scopes.includes(s))} calls={diff.onlyB} />
            </>
          )}
        </div>
      )}
    </div>
  );
}

function sameScopes(x: readonly string[], y: readonly string[]): boolean {
  return x.length === y.length && x.every((s) => y.includes(s));
}
