/**
 * What the inventory does to the ticked keys: rotate them (./Rotate.tsx), change their scopes (a
 * preset, or scopes ticked by hand, after a preview of what each key gains and loses; keys that
 * already match are left alone) or delete them (after a confirmation that names how many and
 * which apps; more than ten, and the person types the number). The worker does the work (./useKeyChange.ts) and ./ChangeReport.tsx shows it
 * row by row.
 */
import { useState } from 'preact/hooks';
import { scopeDiff } from '../../pure/inventory/diff.ts';
import type { InventoryLink } from '../../pure/links.ts';
import { closeUnderDependencies } from '../../pure/scopes/catalogue.ts';
import type { NamedScopes } from '../../pure/inventory/summary.ts';
import type { InventoryKey } from '../../pure/protocol/inventory.ts';
import type { Request } from '../../pure/protocol/index.ts';
import { FullAccessCheck, holdsAll } from '../../ui/FullAccess.tsx';
import { CompareSets } from '../../ui/scopes/CompareSets.tsx';
import { ScopeEditor } from '../../ui/scopes/ScopeEditor.tsx';
import { RotateForm } from './Rotate.tsx';
import { list, t, tn, type MessageId } from '../../i18n/i18n.ts';

/** More keys than this, and the person types their number to confirm a delete. */
export const TYPE_TO_CONFIRM_OVER = 10;
const APPS_NAMED = 10;

type Start = (req: Omit<Request<'startKeyChange'>, 'op'>) => Promise<void>;
type Mode = 'none' | 'rotate' | 'scopes' | 'delete' | 'compare';
type Action = Exclude<Mode, 'none'>;

/** Each action on the ticked keys, and whether it waits while a change of keys runs (a rotation is a bulk job, not one). */
const ACTIONS: [Action, boolean][] = [
  ['rotate', false],
  ['scopes', true],
  ['delete', true],
  ['compare', false],
];
/** Each action's button. */
const LABELS = {
  rotate: 'invRotateSelected',
  scopes: 'invChangeScopes',
  delete: 'invDeleteSelected',
  compare: 'invCompare',
} as const satisfies Record<Action, MessageId>;

const keyLabel = (k: InventoryKey) => `${k.appId} ${k.description || t('invNoDescription')}`;

/**
 * `link`: what the page was opened for (src/pure/links.ts): a preset to give the keys the person
 * ticks (from the Least privilege section), or scopes an explained error says a key lacks. Only
 * preselected: the person ticks the keys, sees the preview and starts the change.
 */
export function ChangeActions(props: { selected: InventoryKey[]; presets: readonly NamedScopes[]; busy: boolean; onStart: Start; link?: InventoryLink }) {
  const { selected, presets, busy, onStart, link } = props;
  const [mode, setMode] = useState<Mode>('none');
  const linkedPreset = link?.preset && presets.some((p) => p.name === link.preset) ? link.preset : undefined;
  const none = !selected.length;
  const start: Start = async (req) => {
    await onStart(req);
    setMode('none');
  };
  return (
    <>
      {linkedPreset && (
        <p class="hint" data-testid="inventory-link">
          {t('invLinkPreset', linkedPreset)}
        </p>
      )}
      {!!link?.add.length && (
        <p class="hint" data-testid="inventory-link">
          {t('invLinkAdd', list(link.add))}
        </p>
      )}
      <div class="row" role="group" aria-label={t('invWithSelected')}>
        {ACTIONS.map(([m, waits]) => (
          <button
            type="button"
            class="secondary"
            disabled={none || (waits && busy)}
            aria-expanded={mode === m}
            onClick={() => setMode(mode === m ? 'none' : m)}
          >
            {t(LABELS[m])}
          </button>
        ))}
      </div>
      {!none && mode === 'rotate' && <RotateForm keys={selected} onClose={() => setMode('none')} />}
      {!none && mode === 'scopes' && (
        <ScopePreview
          // Added scopes start from the one ticked key's own: another key ticked, and it starts again.
          key={link?.add.length ? (selected.length === 1 ? selected[0]!.keyId : 'several') : 'preview'}
          keys={selected}
          presets={presets}
          busy={busy}
          onStart={start}
          onClose={() => setMode('none')}
          initialPreset={linkedPreset}
          add={link?.add}
        />
      )}
      {!none && mode === 'compare' && (
        <CompareSets
          sets={[
            // By position, never by key id: an option's value is in the page's DOM, and the id is the key.
            ...selected.map((k, i) => ({ id: `key:${i}`, label: keyLabel(k), scopes: k.scopes })),
            ...presets.map((p) => ({ id: `preset:${p.name}`, label: t('invComparePreset', p.name), scopes: p.scopes })),
          ]}
          initial={['key:0', ...(linkedPreset ? [`preset:${linkedPreset}`] : [])]}
          idPrefix="inventory-compare"
        />
      )}
      {!none && mode === 'delete' && <DeleteConfirm keys={selected} busy={busy} onStart={start} onClose={() => setMode('none')} />}
    </>
  );
}

/** The select's value for a scope set ticked by hand rather than a preset's. */
const CUSTOM_SET = '\u0000custom';

function ScopePreview(props: {
  keys: InventoryKey[];
  presets: readonly NamedScopes[];
  busy: boolean;
  onStart: Start;
  onClose: () => void;
  initialPreset?: string | undefined;
  /**
   * Scopes to add to the ticked key's own (an explained error's missing scopes): the set ticked by
   * hand starts there. Only with exactly one key ticked: one key's scopes plus the missing ones,
   * given to several keys, would overwrite the others' scopes with the first one's.
   */
  add?: readonly string[] | undefined;
}) {
  const { keys, presets } = props;
  const add = keys.length === 1 ? (props.add ?? []) : [];
  const addIgnored = !!props.add?.length && keys.length > 1;
  const [name, setName] = useState(props.initialPreset ?? (add.length ? CUSTOM_SET : ''));
  // A set ticked by hand starts from the first key's scopes (with what an explained error says it lacks).
  const [custom, setCustom] = useState<string[]>(() =>
    add.length ? closeUnderDependencies([...(keys[0]?.scopes ?? []), ...add]) : [...(keys[0]?.scopes ?? [])],
  );
  const [fullAccess, setFullAccess] = useState(false);
  const chosen = name === CUSTOM_SET ? { name: undefined, scopes: custom } : presets.find((p) => p.name === name);
  const preset = chosen && chosen.scopes.length ? chosen : undefined;
  const diffs = preset ? keys.map((k) => ({ k, d: scopeDiff(k, { scopes: preset.scopes }) })) : [];
  const changing = diffs.filter((x) => !x.d.same);
  // Giving keys `All` asks once more, as a bulk job does (keys that hold it already are not asked about).
  const grantsAll = !!preset && holdsAll(preset.scopes) && changing.some((x) => !holdsAll(x.k.scopes));
  return (
    <section aria-labelledby="scopes-h" class="card">
      <h3 id="scopes-h">{tn('invChangeScopesOf', keys.length)}</h3>
      {addIgnored && (
        <p class="hint" data-testid="add-one-key">
          {t('invAddOneKey')}
        </p>
      )}
      <label>
        {t('invNewScopes')}{' '}
        <select
          value={name}
          onChange={(e) => {
            setName(e.currentTarget.value);
            setFullAccess(false);
          }}
        >
          <option value="">{t('presetChoose')}</option>
          {presets.map((p) => (
            <option value={p.name}>{p.name}</option>
          ))}
          <option value={CUSTOM_SET}>{t('invScopesITick')}</option>
        </select>
      </label>
      {name === CUSTOM_SET && <ScopeEditor initial={custom} onChange={setCustom} idPrefix="change" />}
      {preset && (
        <>
          <p role="status">
            {!changing.length
              ? t('invNothingToChange')
              : changing.length < keys.length
                ? tn('invWillChangeSome', keys.length - changing.length, tn('invWillChangeClause', changing.length))
                : tn('invWillChange', changing.length)}{' '}
            {t('invEndpointsKept')}
          </p>
          {changing.length > 0 && (
            <table class="results" data-testid="scope-preview">
              <thead>
                <tr>
                  <th>{t('invApp')}</th>
                  <th>{t('description')}</th>
                  <th>{t('invGains')}</th>
                  <th>{t('invLoses')}</th>
                </tr>
              </thead>
              <tbody>
                {changing.map(({ k, d }) => (
                  <tr key={k.keyId}>
                    <td>{k.appId}</td>
                    <td>{k.description}</td>
                    <td>{list(d.gains) || '—'}</td>
                    <td>{list(d.loses) || '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {grantsAll && <FullAccessCheck checked={fullAccess} onChange={setFullAccess} />}
        </>
      )}
      <div class="row">
        <button
          type="button"
          disabled={!preset || !changing.length || props.busy || (grantsAll && !fullAccess)}
          onClick={() =>
            preset && void props.onStart({ kind: 'scopes', keyIds: changing.map((x) => x.k.keyId), scopes: [...preset.scopes], presetName: preset.name })
          }
        >
          {changing.length ? tn('invChangeScopesN', changing.length) : t('invChangeScopes')}
        </button>
        <button type="button" class="secondary" onClick={props.onClose}>
          {t('cancel')}
        </button>
      </div>
    </section>
  );
}

function DeleteConfirm(props: { keys: InventoryKey[]; busy: boolean; onStart: Start; onClose: () => void }) {
  const { keys } = props;
  const [typed, setTyped] = useState('');
  const apps = [...new Set(keys.map((k) => `${k.owner}/${k.appId}`))];
  const mustType = keys.length > TYPE_TO_CONFIRM_OVER;
  const confirmed = !mustType || typed.trim() === String(keys.length);
  const named = list(apps.slice(0, APPS_NAMED));
  return (
    <section aria-labelledby="delete-h" class="card">
      <h3 id="delete-h">{tn('invDeleteHeading', keys.length, tn('appCount', apps.length))}</h3>
      <p>{apps.length > APPS_NAMED ? tn('invDeleteAppsMore', apps.length - APPS_NAMED, named) : t('invDeleteApps', named)}</p>
      {mustType && (
        <label>
          {t('invTypeToConfirm', keys.length)} <input inputMode="numeric" value={typed} onInput={(e) => setTyped(e.currentTarget.value)} />
        </label>
      )}
      <div class="row">
        <button
          type="button"
          class="danger"
          disabled={!confirmed || props.busy}
          onClick={() => void props.onStart({ kind: 'delete', keyIds: keys.map((k) => k.keyId) })}
        >
          {tn('invDeleteN', keys.length)}
        </button>
        <button type="button" class="secondary" onClick={props.onClose}>
          {t('cancel')}
        </button>
      </div>
    </section>
  );
}
