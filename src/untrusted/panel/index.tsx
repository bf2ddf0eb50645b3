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
import { call, errorText } from '../messaging/call.ts';
import { matchPreset } from '../pure/presets/model.ts';
import type { PresetView, SessionView } from '../pure/protocol.ts';
import { missingDependencies } from '../pure/scopes/catalogue.ts';
import { applyScopes, FormMemory, PORTAL_VOCABULARY, surveyScopes, type ApplyResult } from './apply.ts';
import { dialogOutline, type KeyDialog } from './portal-dom/index.ts';
import { BulkForm } from '../ui/bulk/BulkForm.tsx';
import css from '../ui/panel.css?inline';
import { plural } from '../pure/plural.ts';
import { MAX_DESCRIPTION, MAX_NAME } from '../pure/presets/limits.ts';

type Session =
  | { phase: 'loading' }
  | { phase: 'no-token' }
  | { phase: 'ready'; session: SessionView; apps?: number; appsError?: string }
  | { phase: 'error'; message: string };

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
          if (live) setState({ phase: 'ready', session, appsError: errorText(e) });
        }
      } catch (e) {
        if (live) setState({ phase: 'error', message: errorText(e) });
      }
    })();
    return () => {
      live = false;
    };
  }, []);
  return state;
}

/**
 * The dialog's ticked scopes, kept current as the user (or the portal) changes them. Scopes whose
 * boxes are hidden now (a collapsed section, another tab) keep the state they were last seen in.
 */
function useTicked(root: HTMLElement): [string[], () => void, FormMemory] {
  const memory = useMemo(() => new FormMemory(root), [root]);
  const [ticked, setTicked] = useState<string[]>(() => memory.refresh());
  const refresh = useCallback(() => setTicked(memory.refresh()), [memory]);
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
  return [ticked, refresh, memory];
}

/** What applying did, in the person's words, from the form as read back (never the wish). */
export function describeApply(what: string, r: ApplyResult): { text: string; bad: boolean } {
  const ignored = r.unknown.length
    ? ` ${plural(r.unknown.length, 'box')} name no scope Keysmith knows and were left as they were (${r.unknown
        .slice(0, 3)
        .map((l) => `“${l}”`)
        .join(', ')}${r.unknown.length > 3 ? ', …' : ''}).`
    : '';
  if (r.ok) return { text: `${what}: ${plural(r.ticked.length, 'scope')} ticked.${ignored}`, bad: false };
  const parts = [`${what} was not fully applied: the form holds ${plural(r.ticked.length, 'scope')}, so a key made now would differ from the preset.`];
  if (r.unavailable.length) parts.push(`This portal does not offer ${r.unavailable.join(', ')}.`);
  if (r.stuck.length) parts.push(`These boxes would not take the wanted state: ${r.stuck.join(', ')}.`);
  if (!r.ticked.length && !r.stuck.length && !r.unavailable.length) parts.push('Keysmith found no scope boxes it could set.');
  return { text: parts.join(' ') + ignored, bad: true };
}

/** Copies a sanitized outline of the dialog (no values, no key-like text) for a bug report. */
function CopyOutline({ root }: { root: HTMLElement }) {
  const [copied, setCopied] = useState('');
  async function copy() {
    const outline = dialogOutline(root, PORTAL_VOCABULARY, location.hostname);
    try {
      await navigator.clipboard.writeText(outline);
      setCopied('Copied. Paste it into a bug report; it holds no values or key-like text.');
    } catch {
      setCopied('The browser did not allow copying; try again.');
    }
  }
  return (
    <span class="ks-row">
      <button type="button" class="secondary" onClick={() => void copy()}>
        Copy dialog outline
      </button>
      {copied && (
        <span class="ks-muted" role="status">
          {copied}
        </span>
      )}
    </span>
  );
}

function SessionLine({ state }: { state: Session }) {
  const openOptions = () => void call({ op: 'openOptions' }).catch(() => {});
  if (state.phase === 'loading') return <p class="ks-muted">Checking your Personal Access Token…</p>;
  if (state.phase === 'error')
    return (
      <p class="ks-error" role="alert">
        {state.message}
      </p>
    );
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
      // The worker keeps it waiting and opens Keysmith's options page: a page script can drive this form.
      const p = await call({ op: 'proposePreset', name, description, scopes });
      onDone(`Confirm the preset “${p.name}” on Keysmith’s options page, which has opened; nothing is saved until you do.`);
    } catch (err) {
      setError(errorText(err));
    }
  }
  return (
    <form class="ks-save" onSubmit={save}>
      <label>
        Preset name
        <input value={name} required maxLength={MAX_NAME} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <label>
        Preset description (optional)
        <input value={description} maxLength={MAX_DESCRIPTION} onInput={(e) => setDescription(e.currentTarget.value)} />
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
  const [ticked, refresh, memory] = useTicked(dialog.root);
  const [note, setNote] = useState<{ text: string; bad: boolean; outline?: boolean } | null>(null);
  const [saving, setSaving] = useState(false);
  const [busy, setBusy] = useState(false);
  const [bulk, setBulk] = useState(false);

  const load = useCallback(() => {
    call({ op: 'listPresets' }).then(
      (l) => setPresets((presetCache = l.presets)),
      (e) => setNote({ text: errorText(e), bad: true }),
    );
  }, []);
  useEffect(load, [load]);
  useEffect(() => {
    // An edit dialog must show which preset the key matches, which the 2019 BASIC view cannot
    // tell (its rows stand for groups of scopes) nor a collapsed section: read every scope once.
    if (dialog.kind === 'edit')
      void surveyScopes(dialog.root).then((states) => {
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
      const r = await applyScopes(dialog.root, scopes);
      memory.learn(r.states);
      refresh();
      setNote({ ...describeApply(what, r), outline: !r.ok });
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
          ? `${dialog.kind === 'edit' ? 'This key matches' : 'Matches'} “${describe.name}” (${describe.builtIn ? 'built-in' : 'yours'}): ${describe.description} It ${describe.enables}.`
          : ticked.length
            ? `Custom selection of ${ticked.length} scope${ticked.length === 1 ? '' : 's'}, no preset matches.`
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
