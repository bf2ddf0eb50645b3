/**
 * The preset picker in the dialog: choosing a preset ticks exactly its scopes in the portal's own
 * form; ticking by hand shows which preset the selection equals. Also the ways on from there: save
 * the selection as a preset, add missing dependencies, create keys for several apps.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { call } from '../../messaging/call.ts';
import { matchPreset } from '../../pure/presets/model.ts';
import { missingDependencies } from '../../pure/scopes/graph.ts';
import { BulkForm } from '../../ui/bulk/BulkForm.tsx';
import { applyScopes, surveyScopes } from '../apply.ts';
import type { KeyDialog } from '../portal-dom/index.ts';
import { CopyOutline } from './copy-outline.tsx';
import { describeApply } from './describe.ts';
import { PresetSelect } from './preset-select.tsx';
import { usePresets } from './presets.ts';
import { SaveForm } from './save-form.tsx';
import { useTicked } from './ticked.ts';
import { list, t, tn, type MessageId } from '../../i18n/i18n.ts';

/** What the line under the picker says of the preset the ticked scopes match, by dialog and preset kind. */
const MATCH = {
  createBuiltIn: 'matchBuiltIn',
  createYours: 'matchYours',
  editBuiltIn: 'matchKeyBuiltIn',
  editYours: 'matchKeyYours',
} as const satisfies Record<`${KeyDialog['kind']}${'BuiltIn' | 'Yours'}`, MessageId>;

/** A choice waiting to be applied: scopes, how the note names them, the preset's id. */
type Choice = { scopes: readonly string[]; what: string; id?: string | undefined };

export function Picker({ dialog, signal }: { dialog: KeyDialog; signal: AbortSignal }) {
  const [ticked, refresh, memory] = useTicked(dialog.root, signal);
  const [note, setNote] = useState<{ text: string; bad: boolean; outline?: boolean } | null>(null);
  const [saving, setSaving] = useState(false);
  const [busy, setBusy] = useState(false);
  const [bulk, setBulk] = useState(false);
  const [presets, load] = usePresets((text) => setNote({ text, bad: true }));

  useEffect(() => {
    // An edit dialog must show which preset the key matches, which the 2019 BASIC view cannot
    // tell (its rows stand for groups of scopes) nor a collapsed section: read every scope once.
    if (dialog.kind === 'edit')
      void surveyScopes(dialog.root, undefined, signal).then((states) => {
        memory.learn(states);
        refresh();
      });
  }, []);

  const match = useMemo(() => matchPreset(ticked, presets), [ticked, presets]);
  const missing = useMemo(() => missingDependencies(ticked), [ticked]);

  // While one choice is being applied the picker stays enabled: disabling the focused control would
  // drop a keyboard user's focus (a focus trap then sends it elsewhere) and lose the arrow presses
  // that follow. The latest choice made meanwhile waits, and is applied next; earlier ones are dropped.
  const running = useRef(false);
  const queued = useRef<Choice | null>(null);
  const [chosen, setChosen] = useState<string | undefined>(undefined);

  async function apply(scopes: readonly string[], what: string, id?: string) {
    queued.current = { scopes, what, id };
    setChosen(id);
    if (running.current) return;
    running.current = true;
    setBusy(true);
    try {
      let next: Choice | null;
      while (!signal.aborted && (next = queued.current)) {
        queued.current = null;
        setNote(null);
        const r = await applyScopes(dialog.root, next.scopes, undefined, signal);
        memory.learn(r.states);
        refresh();
        if (!queued.current) setNote({ ...describeApply(next.what, r), outline: !r.ok });
      }
    } finally {
      running.current = false;
      setBusy(false);
      setChosen(undefined);
    }
  }

  const describe = match ?? undefined;

  return (
    <div class="ks-picker">
      <div class="ks-row">
        <label class="ks-label" for="ks-preset">
          {t('preset')}
        </label>
        <PresetSelect
          presets={presets}
          match={match}
          ticked={ticked.length}
          busy={busy}
          chosen={busy ? chosen : undefined}
          onPick={(p) => void apply(p.scopes, t('quoted', p.name), p.id)}
        />
        <button type="button" class="secondary" disabled={!ticked.length || saving} onClick={() => setSaving(true)}>
          {t('presetSaveAs')}
        </button>
        <button type="button" class="secondary" onClick={(e) => e.isTrusted && void call({ op: 'openOptions', page: 'least', scopes: ticked }).catch(() => {})}>
          {t('whatCanThisKeyDo')}
        </button>
        {dialog.kind === 'create' && (
          <button type="button" class="secondary" aria-expanded={bulk} onClick={() => setBulk(!bulk)}>
            {t('bulkOpen')}
          </button>
        )}
      </div>
      <p class="ks-muted" data-testid="ks-match" aria-live="polite">
        {describe
          ? t(MATCH[`${dialog.kind}${describe.builtIn ? 'BuiltIn' : 'Yours'}`], describe.name, describe.description, describe.enables)
          : ticked.length
            ? tn('matchNone', ticked.length)
            : t('matchChoose')}
      </p>
      {missing.length > 0 && (
        <div class="ks-row ks-warn" role="alert">
          <span>{t('missingDependencies', list(missing))}</span>
          <button type="button" class="secondary" aria-disabled={busy} onClick={() => !busy && void apply([...ticked, ...missing], t('theSelection'))}>
            {t('missingDependenciesAdd')}
          </button>
        </div>
      )}
      {note && (
        <p class={note.bad ? 'ks-error' : 'ks-ok'} role={note.bad ? 'alert' : 'status'} data-testid="ks-applied">
          {note.text}
        </p>
      )}
      {note?.outline && <CopyOutline root={dialog.root} />}
      {bulk && (
        <BulkForm
          propose
          scopes={ticked}
          presetName={match?.name}
          scopesNote={
            ticked.length ? (match ? tn('bulkScopesNotePreset', ticked.length, match.name) : tn('bulkScopesNote', ticked.length)) : t('bulkScopesFirst')
          }
        />
      )}
      {saving && (
        <SaveForm
          scopes={ticked}
          onDone={(message) => {
            setSaving(false);
            if (message) {
              setNote({ text: message, bad: false });
              load();
            }
          }}
        />
      )}
    </div>
  );
}
