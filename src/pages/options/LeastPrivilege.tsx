/**
 * "Least privilege": build a preset from the calls a key must make. The person picks calls (by
 * what they do, their RPC name or their REST path) or pastes code and lets Keysmith find the calls
 * it names; Keysmith shows the smallest scope set that allows them all (closed under
 * dependencies), what else that set allows (the dangerous calls first), and the calls an app key
 * can never make; the set can be saved as a preset. Pure computing (src/pure/privilege/); the
 * worker only saves the preset.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { call, errorText } from '../../messaging/call.ts';
import { INVENTORY_PAGE, inventoryFragment, newJobFragment, RESULTS_PAGE } from '../../pure/links.ts';
import { callByRpc, searchCalls, type ApiCall } from '../../pure/privilege/calls.ts';
import { leastScopes } from '../../pure/privilege/least.ts';
import { scanCode, type ScanResult } from '../../pure/privilege/scan.ts';
import { plural } from '../../pure/plural.ts';
import type { PresetView } from '../../pure/protocol/presets.ts';
import { CompareSets, type NamedSet } from '../../ui/scopes/CompareSets.tsx';
import { WhatItAllows } from '../../ui/scopes/WhatItAllows.tsx';
import { ExplainError } from './ExplainError.tsx';

const label = (c: ApiCall) => `${c.phrase} (${c.rpc})`;

const TICKS = 'dialog-ticks';
const NEEDED = 'scopes-needed';

/** `ticks`: the scopes ticked in the portal dialog the person came from (shown, never acted on). */
export function LeastPrivilege({ onSaved, ticks = [], presetsSeen = 0 }: { onSaved: () => void; ticks?: readonly string[]; presetsSeen?: number }) {
  const [query, setQuery] = useState('');
  const [picked, setPicked] = useState<string[]>([]);
  const [code, setCode] = useState('');
  const [scan, setScan] = useState<ScanResult | null>(null);
  const [name, setName] = useState('');
  const [note, setNote] = useState('');
  const matches = useMemo(() => searchCalls(query, 12), [query]);
  const least = useMemo(() => leastScopes(picked), [picked]);
  const add = (rpcs: string[]) => setPicked((p) => [...new Set([...p, ...rpcs])]);
  const dangerous = least.alsoAllows.filter((a) => a.dangerous);
  const [presets, setPresets] = useState<PresetView[]>([]);
  const [saved, setSaved] = useState<PresetView | null>(null);
  useEffect(() => {
    call({ op: 'listPresets' }).then(
      (l) => setPresets(l.presets),
      () => {},
    );
  }, [presetsSeen]);
  const sets: NamedSet[] = [
    ...(ticks.length ? [{ id: TICKS, label: 'The dialog’s ticked scopes', scopes: ticks }] : []),
    ...(least.scopes.length ? [{ id: NEEDED, label: 'Scopes needed (above)', scopes: least.scopes }] : []),
    ...presets.map((p) => ({ id: p.id, label: `${p.name} (${p.builtIn ? 'built-in' : 'yours'})`, scopes: p.scopes })),
  ];

  const save = async () => {
    setNote('');
    try {
      const p = await call({ op: 'savePreset', name: name.trim(), description: `For: ${picked.join(', ')}`.slice(0, 500), scopes: least.scopes });
      setNote(`Saved as the preset “${p.name}”.`);
      setSaved(p);
      onSaved();
    } catch (e) {
      setNote(errorText(e));
    }
  };

  return (
    <section aria-labelledby="least-h">
      <h2 id="least-h">Least privilege</h2>
      <p class="muted">
        Pick the calls a key must make, or paste code that makes them: Keysmith works out the smallest set of scopes that allows them, from Clarifai’s own
        protos.
      </p>
      <label>
        Calls this key must make{' '}
        <input type="search" value={query} onInput={(e) => setQuery(e.currentTarget.value)} placeholder="predict, ListConcepts, POST /v2/…/inputs" />
      </label>
      {matches.length > 0 && (
        <ul class="call-matches" aria-label="Matching calls">
          {matches.map((c) => (
            <li>
              <button type="button" class="secondary" disabled={picked.includes(c.rpc)} onClick={() => add([c.rpc])} aria-label={`Add ${label(c)}`}>
                Add
              </button>{' '}
              {label(c)}
              {c.auth !== 'KeyAuth' && <span class="muted"> — needs a Personal Access Token; an app key can never make it</span>}
            </li>
          ))}
        </ul>
      )}
      <div class="paste-code">
        <label>
          Code that calls Clarifai (Python SDK, gRPC, REST or curl)
          <textarea rows={6} value={code} onInput={(e) => setCode(e.currentTarget.value)} />
        </label>
        <button
          type="button"
          class="secondary"
          onClick={() => {
            const r = scanCode(code);
            setScan(r);
            add(r.found.map((f) => f.call.rpc));
          }}
        >
          Find calls in code
        </button>
        {scan && (
          <div role="status" data-testid="scan-result">
            <p>
              {scan.found.length
                ? `Found ${plural(scan.found.length, 'call')}: ${scan.found.map((f) => `${f.call.rpc} (line ${f.line})`).join(', ')}.`
                : 'Found no call Keysmith knows.'}
            </p>
            {scan.unrecognised.length > 0 && (
              <p class="muted">
                Not recognised: {scan.unrecognised.map((u) => `line ${u.line} (${u.text.slice(0, 60)})`).join('; ')}. Add those calls by hand.
              </p>
            )}
          </div>
        )}
      </div>
      {picked.length > 0 && (
        <ul aria-label="Calls picked">
          {picked.map((rpc) => {
            const c = callByRpc(rpc);
            return (
              <li>
                {c ? label(c) : rpc}{' '}
                <button type="button" class="link" aria-label={`Remove ${rpc}`} onClick={() => setPicked(picked.filter((x) => x !== rpc))}>
                  Remove
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <section role="region" aria-label="Scopes needed" data-testid="scopes-needed">
        <h3>Scopes needed</h3>
        {!picked.length ? (
          <p class="muted">Pick at least one call.</p>
        ) : (
          <>
            <p>{least.scopes.length ? least.scopes.join(', ') : 'None: no call picked can be made with an app key.'}</p>
            {least.notForAppKeys.length > 0 && (
              <p class="bad">
                An app key can never make {least.notForAppKeys.map((c) => c.rpc).join(', ')}: {least.notForAppKeys.length === 1 ? 'it needs' : 'they need'} a
                Personal Access Token.
              </p>
            )}
            {least.scopes.length > 0 && (
              <details>
                <summary>
                  These scopes also allow {plural(least.alsoAllows.length, 'other call')}
                  {dangerous.length ? `, ${dangerous.length} of them dangerous` : ''}
                </summary>
                <ul>
                  {least.alsoAllows.map((a) => (
                    <li data-dangerous={a.dangerous ? '' : undefined}>
                      {a.rpc}
                      {a.dangerous && <strong> (dangerous: it deletes, or makes keys or collaborators)</strong>}
                    </li>
                  ))}
                </ul>
              </details>
            )}
            {least.scopes.length > 0 && (
              <div class="row">
                <label>
                  Name of the new preset <input value={name} maxLength={80} onInput={(e) => setName(e.currentTarget.value)} />
                </label>
                <button type="button" disabled={!name.trim()} onClick={() => void save()}>
                  Save as preset
                </button>
              </div>
            )}
          </>
        )}
        {note && <p role="status">{note}</p>}
        {saved && (
          <p class="row">
            Choose it in the portal’s create-key dialog, or use it here:{' '}
            <a href={`/${RESULTS_PAGE}${newJobFragment(saved.id)}`}>Create keys for several apps with it</a>
            <a href={`/${INVENTORY_PAGE}${inventoryFragment({ preset: saved.name })}`}>Give it to keys in the inventory</a>
          </p>
        )}
      </section>
      {ticks.length > 0 && (
        <section role="region" aria-label="The dialog’s ticked scopes" data-testid="dialog-ticks">
          <h3>The dialog’s ticked scopes</h3>
          <p>
            {plural(ticks.length, 'scope')} ticked in the portal’s dialog: {ticks.join(', ')}.
          </p>
          <WhatItAllows scopes={ticks} name="the dialog’s ticked scopes" initiallyOpen />
        </section>
      )}
      <CompareSets sets={sets} initial={ticks.length ? [TICKS] : []} idPrefix="least-compare" />
      <ExplainError onSaved={onSaved} />
    </section>
  );
}
