/**
 * The preset picker in the dialog: choosing a preset ticks exactly its scopes in the portal's own
 * form; ticking by hand shows which preset the selection equals. Also the ways on from there: save
 * the selection as a preset, add missing dependencies, create keys for several apps.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { call } from '../../messaging/call.ts';
import { plural } from '../../pure/plural.ts';
import { matchPreset } from '../../pure/presets/model.ts';
import { missingDependencies } from '../../pure/scopes/catalogue.ts';
import { BulkForm } from '../../ui/bulk/BulkForm.tsx';
import { applyScopes, surveyScopes } from '../apply.ts';
import type { KeyDialog } from '../portal-dom/index.ts';
import { CopyOutline } from './copy-outline.tsx';
import { describeApply } from './describe.ts';
import { PresetSelect } from './preset-select.tsx';
import { usePresets } from './presets.ts';
import { SaveForm } from './save-form.tsx';
import { useTicked } from './ticked.ts';

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

  async function apply(scopes: readonly string[], what: string) {
    setBusy(true);
    setNote(null);
    try {
      const r = await applyScopes(dialog.root, scopes, undefined, signal);
      memory.learn(r.states);
      refresh();
      setNote({ ...describeApply(what, r), outline: !r.ok });
    } finally {
      setBusy(false);
    }
  }

  const describe = match ?? undefined;

  return (
    <div class="ks-picker">
      <div class="ks-row">
        <label class="ks-label" for="ks-preset">
          Preset
        </label>
        <PresetSelect presets={presets} match={match} ticked={ticked.length} busy={busy} onPick={(p) => void apply(p.scopes, `“${p.name}”`)} />
        <button type="button" class="secondary" disabled={!ticked.length || saving} onClick={() => setSaving(true)}>
          Save as preset
        </button>
        <button type="button" class="secondary" onClick={(e) => e.isTrusted && void call({ op: 'openOptions', page: 'least', scopes: ticked }).catch(() => {})}>
          What can this key do?
        </button>
        {dialog.kind === 'create' && (
          <button type="button" class="secondary" aria-expanded={bulk} onClick={() => setBulk(!bulk)}>
            Create for several apps
          </button>
        )}
      </div>
      <p class="ks-muted" data-testid="ks-match" aria-live="polite">
        {describe
          ? `${dialog.kind === 'edit' ? 'This key matches' : 'Matches'} “${describe.name}” (${describe.builtIn ? 'built-in' : 'yours'}): ${describe.description} It ${describe.enables}.`
          : ticked.length
            ? `Custom selection of ${plural(ticked.length, 'scope')}, no preset matches.`
            : 'Choose a preset to tick its scopes in the form below.'}
      </p>
      {missing.length > 0 && (
        <div class="ks-row ks-warn" role="alert">
          <span>Missing dependencies: {missing.join(', ')}. Without them some ticked scopes cannot be used.</span>
          <button type="button" class="secondary" disabled={busy} onClick={() => void apply([...ticked, ...missing], 'The selection')}>
            Add missing dependencies
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
            ticked.length
              ? `Each key gets the ${plural(ticked.length, 'scope')} ticked in this dialog${match ? ` (“${match.name}”)` : ''}.`
              : 'Tick the scopes in this dialog, or choose a preset, first.'
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
