/**
 * Keysmith's panel inside the portal's key dialog, rendered in a shadow root so the portal's styles
 * do not reach into it. The root is open, so assistive technology and the end-to-end tests can reach
 * it like any other part of the page; a page script can read it too, so it never shows a secret (no
 * PAT, no created key id).
 *
 * It shows whose PAT the worker holds, and the preset picker: choosing a preset ticks exactly its
 * scopes in the portal's own form; ticking by hand shows which preset the selection equals.
 */
import { render } from 'preact';
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { call, WorkerError } from '../messaging/call.ts';
import { matchPreset } from '../pure/presets/model.ts';
import type { PresetView, SessionView } from '../pure/protocol.ts';
import { isExposed, missingDependencies } from '../pure/scopes/catalogue.ts';
import { applyScopes, singleScopeBoxes, tickedScopes } from './apply.ts';
import type { KeyDialog } from './portal-dom.ts';
import { BulkForm } from '../ui/bulk/BulkForm.tsx';
import css from './panel.css?inline';

type Session =
  | { phase: 'loading' }
  | { phase: 'no-token' }
  | { phase: 'ready'; session: SessionView; apps?: number; appsError?: string }
  | { phase: 'error'; message: string };

function messageOf(e: unknown): string {
  return e instanceof WorkerError ? e.message : 'Keysmith could not reach its background worker.';
}

function useSession(): Session {
  const [state, setState] = useState<Session>({ phase: 'loading' });
  useEffect(() => {
    let live = true;
    (async () => {
      try {
        const session = await call({ op: 'getSession' });
        if (!live) return;
        if (!session.hasToken) return setState({ phase: 'no-token' });
        setState({ phase: 'ready', session });
        try {
          const apps = await call({ op: 'listApps' });
          if (live) setState({ phase: 'ready', session, apps: apps.length });
        } catch (e) {
          if (live) setState({ phase: 'ready', session, appsError: messageOf(e) });
        }
      } catch (e) {
        if (live) setState({ phase: 'error', message: messageOf(e) });
      }
    })();
    return () => {
      live = false;
    };
  }, []);
  return state;
}

/** The dialog's ticked scopes, kept current as the user (or the portal) changes them. */
function useTicked(root: HTMLElement): [string[], () => void] {
  const [ticked, setTicked] = useState<string[]>(() => tickedScopes(root, isExposed));
  const refresh = useCallback(() => setTicked(tickedScopes(root, isExposed)), [root]);
  useEffect(() => {
    // A click (mouse or Space) on a box, or the list re-mounting, is when the selection can change.
    const later = () => setTimeout(refresh, 0);
    root.addEventListener('click', later, true);
    root.addEventListener('change', later, true);
    const mo = new MutationObserver(later);
    mo.observe(root, { childList: true, subtree: true });
    return () => {
      root.removeEventListener('click', later, true);
      root.removeEventListener('change', later, true);
      mo.disconnect();
    };
  }, [root, refresh]);
  return [ticked, refresh];
}

function SessionLine({ state }: { state: Session }) {
  const openOptions = () => void call({ op: 'openOptions' }).catch(() => {});
  if (state.phase === 'loading') return <p class="ks-muted">Checking your Personal Access Token…</p>;
  if (state.phase === 'error') return <p class="ks-error" role="alert">{state.message}</p>;
  if (state.phase === 'no-token')
    return (
      <div class="ks-row">
        <span>No Personal Access Token is set.</span>
        <button type="button" class="secondary" onClick={openOptions}>
          Open Keysmith options
        </button>
      </div>
    );
  const { session } = state;
  return (
    <div class="ks-row ks-muted" role="status">
      <span data-testid="ks-user">
        Signed in as <strong>{session.user?.name ?? 'unknown'}</strong>
        {session.user && <span> ({session.user.id})</span>}
      </span>
      {state.apps !== undefined && <span data-testid="ks-apps">{state.apps === 1 ? '1 app' : `${state.apps} apps`}</span>}
      {state.appsError && <span class="ks-error">{state.appsError}</span>}
      {!!session.missingScopes?.length && <span class="ks-error">Token lacks: {session.missingScopes.join(', ')}</span>}
    </div>
  );
}

function SaveForm({ scopes, onDone }: { scopes: string[]; onDone: (message: string) => void }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState('');
  async function save(e: Event) {
    e.preventDefault();
    setError('');
    try {
      const p = await call({ op: 'savePreset', name, description, scopes });
      onDone(`Saved the preset “${p.name}”.`);
    } catch (err) {
      setError(messageOf(err));
    }
  }
  return (
    <form class="ks-save" onSubmit={save}>
      <label>
        Preset name
        <input value={name} required maxLength={80} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <label>
        Preset description (optional)
        <input value={description} maxLength={500} onInput={(e) => setDescription(e.currentTarget.value)} />
      </label>
      <div class="ks-row">
        <button type="submit">Save preset</button>
        <button type="button" class="secondary" onClick={() => onDone('')}>
          Cancel
        </button>
      </div>
      {error && (
        <p class="ks-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

/** The last preset list, kept for the page's life: the next dialog's picker is usable at once. */
let presetCache: PresetView[] = [];

function Picker({ dialog }: { dialog: KeyDialog }) {
  const [presets, setPresets] = useState<PresetView[]>(presetCache);
  const [ticked, refresh] = useTicked(dialog.root);
  const [note, setNote] = useState<{ text: string; bad: boolean } | null>(null);
  const [saving, setSaving] = useState(false);
  const [busy, setBusy] = useState(false);
  const [bulk, setBulk] = useState(false);

  const load = useCallback(() => {
    call({ op: 'listPresets' }).then(
      (l) => setPresets((presetCache = l.presets)),
      (e) => setNote({ text: messageOf(e), bad: true }),
    );
  }, []);
  useEffect(load, [load]);
  useEffect(() => {
    // An edit dialog must show which preset the key matches, which the 2019 BASIC view cannot
    // tell (its rows stand for groups of scopes): open the view that lists single scopes.
    if (dialog.kind === 'edit') void singleScopeBoxes(dialog.root, isExposed).then(refresh);
  }, []);

  const match = useMemo(() => matchPreset(ticked, presets), [ticked, presets]);
  const missing = useMemo(() => missingDependencies(ticked), [ticked]);

  async function apply(scopes: readonly string[], what: string) {
    setBusy(true);
    setNote(null);
    try {
      const r = await applyScopes(dialog.root, scopes, isExposed);
      refresh();
      if (r.unavailable.length) setNote({ text: `This portal does not offer ${r.unavailable.join(', ')}; the other scopes of ${what} are ticked.`, bad: true });
      else if (!r.ok) setNote({ text: `The portal did not take ${r.stuck.join(', ')}; check the boxes before you submit.`, bad: true });
    } finally {
      setBusy(false);
    }
  }

  const builtIn = presets.filter((p) => p.builtIn);
  const mine = presets.filter((p) => !p.builtIn);
  const describe = match ?? undefined;

  return (
    <div class="ks-picker">
      <div class="ks-row">
        <label class="ks-label" for="ks-preset">
          Preset
        </label>
        <select
          id="ks-preset"
          aria-label="Scope preset"
          value={match?.id ?? 'custom'}
          disabled={busy || !presets.length}
          onChange={(e) => {
            const p = presets.find((x) => x.id === e.currentTarget.value);
            if (p) void apply(p.scopes, `“${p.name}”`);
          }}
        >
          <option value="custom" disabled>
            {ticked.length ? `Custom (${ticked.length} scope${ticked.length === 1 ? '' : 's'})` : 'Choose a preset…'}
          </option>
          <optgroup label="Built-in">
            {builtIn.map((p) => (
              <option value={p.id}>{p.name}</option>
            ))}
          </optgroup>
          {mine.length > 0 && (
            <optgroup label="Yours">
              {mine.map((p) => (
                <option value={p.id}>{p.name}</option>
              ))}
            </optgroup>
          )}
        </select>
        <button type="button" class="secondary" disabled={!ticked.length || saving} onClick={() => setSaving(true)}>
          Save as preset
        </button>
        {dialog.kind === 'create' && (
          <button type="button" class="secondary" aria-expanded={bulk} onClick={() => setBulk(!bulk)}>
            Create for several apps
          </button>
        )}
      </div>
      <p class="ks-muted" data-testid="ks-match" aria-live="polite">
        {describe
          ? `${dialog.kind === 'edit' ? 'This key matches' : 'Matches'} “${describe.name}”: ${describe.description} It ${describe.enables}.`
          : ticked.length
            ? `Custom selection of ${ticked.length} scope${ticked.length === 1 ? '' : 's'}, no preset matches.`
            : 'Choose a preset to tick its scopes in the form below.'}
      </p>
      {missing.length > 0 && (
        <div class="ks-row ks-warn" role="alert">
          <span>
            Missing dependencies: {missing.join(', ')}. Without them some ticked scopes cannot be used.
          </span>
          <button type="button" class="secondary" disabled={busy} onClick={() => void apply([...ticked, ...missing], 'the selection')}>
            Add missing dependencies
          </button>
        </div>
      )}
      {note && <p class={note.bad ? 'ks-error' : 'ks-ok'} role={note.bad ? 'alert' : 'status'}>{note.text}</p>}
      {bulk && (
        <BulkForm
          scopes={ticked}
          presetName={match?.name}
          scopesNote={
            ticked.length
              ? `Each key gets the ${ticked.length} scope${ticked.length === 1 ? '' : 's'} ticked in this dialog${match ? ` (“${match.name}”)` : ''}.`
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

function Panel({ dialog }: { dialog: KeyDialog }) {
  const state = useSession();
  return (
    <section class="ks" role="region" aria-label="Keysmith" data-dialog-kind={dialog.kind}>
      <p class="ks-title">Keysmith</p>
      <Picker dialog={dialog} />
      <SessionLine state={state} />
    </section>
  );
}

/** Renders the panel into `host` (in a shadow root); returns the function that removes it. */
export function mountPanel(host: HTMLElement, dialog: KeyDialog): () => void {
  const shadow = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = css;
  shadow.append(style);
  const mountEl = document.createElement('div');
  // Keys typed in Keysmith's fields are Keysmith's: the portal's own shortcuts must not act on them.
  for (const type of ['keydown', 'keyup', 'keypress']) mountEl.addEventListener(type, (e) => (e as KeyboardEvent).key !== 'Escape' && e.stopPropagation());
  shadow.append(mountEl);
  render(<Panel dialog={dialog} />, mountEl);
  return () => render(null, mountEl);
}
