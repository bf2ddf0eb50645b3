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
import type { PresetView } from '../../pure/protocol/presets.ts';
import { CompareSets, type NamedSet } from '../../ui/scopes/CompareSets.tsx';
import { WhatItAllows } from '../../ui/scopes/WhatItAllows.tsx';
import { ExplainError } from './ExplainError.tsx';
import { list, t, tn } from '../../i18n/i18n.ts';

const label = (c: ApiCall) => t('optCallLabel', c.phrase, c.rpc);

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
    ...(ticks.length ? [{ id: TICKS, label: t('optDialogTicks'), scopes: ticks }] : []),
    ...(least.scopes.length ? [{ id: NEEDED, label: t('optScopesNeededAbove'), scopes: least.scopes }] : []),
    ...presets.map((p) => ({ id: p.id, label: t(p.builtIn ? 'optSetBuiltIn' : 'optSetYours', p.name), scopes: p.scopes })),
  ];

  const save = async () => {
    setNote('');
    try {
      const p = await call({ op: 'savePreset', name: name.trim(), description: t('optLeastDescription', list(picked)).slice(0, 500), scopes: least.scopes });
      setNote(t('optLeastSaved', p.name));
      setSaved(p);
      onSaved();
    } catch (e) {
      setNote(errorText(e));
    }
  };

  return (
    <section aria-labelledby="least-h">
      <h2 id="least-h">{t('optLeastHeading')}</h2>
      <p class="muted">{t('optLeastIntro')}</p>
      <label>
        {t('optLeastCalls')} <input type="search" value={query} onInput={(e) => setQuery(e.currentTarget.value)} placeholder={t('optLeastCallsPlaceholder')} />
      </label>
      {matches.length > 0 && (
        <ul class="call-matches" aria-label={t('optMatchingCalls')}>
          {matches.map((c) => (
            <li>
              <button type="button" class="secondary" disabled={picked.includes(c.rpc)} onClick={() => add([c.rpc])} aria-label={t('optAddCall', label(c))}>
                {t('optAdd')}
              </button>{' '}
              {label(c)}
              {c.auth !== 'KeyAuth' && <span class="muted"> {t('optNeedsPat')}</span>}
            </li>
          ))}
        </ul>
      )}
      <div class="paste-code">
        <label>
          {t('optLeastCode')}
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
          {t('optFindCalls')}
        </button>
        {scan && (
          <div role="status" data-testid="scan-result">
            <p>
              {scan.found.length
                ? tn('optFoundCalls', scan.found.length, list(scan.found.map((f) => t('optCallAtLine', f.call.rpc, f.line))))
                : t('optFoundNone')}
            </p>
            {scan.unrecognised.length > 0 && (
              <p class="muted">{t('optNotRecognised', scan.unrecognised.map((u) => t('optLineText', u.line, u.text.slice(0, 60))).join('; '))}</p>
            )}
          </div>
        )}
      </div>
      {picked.length > 0 && (
        <ul aria-label={t('optCallsPicked')}>
          {picked.map((rpc) => {
            const c = callByRpc(rpc);
            return (
              <li>
                {c ? label(c) : rpc}{' '}
                <button type="button" class="link" aria-label={t('optRemoveCall', rpc)} onClick={() => setPicked(picked.filter((x) => x !== rpc))}>
                  {t('optRemove')}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <section role="region" aria-label={t('optScopesNeeded')} data-testid="scopes-needed">
        <h3>{t('optScopesNeeded')}</h3>
        {!picked.length ? (
          <p class="muted">{t('optPickCall')}</p>
        ) : (
          <>
            <p>{least.scopes.length ? list(least.scopes) : t('optScopesNone')}</p>
            {least.notForAppKeys.length > 0 && (
              <p class="bad">{tn('optNeverAppKey', least.notForAppKeys.length, list(least.notForAppKeys.map((c) => c.rpc)))}</p>
            )}
            {least.scopes.length > 0 && (
              <details>
                <summary>{tn(dangerous.length ? 'optAlsoAllowsDangerous' : 'optAlsoAllows', least.alsoAllows.length, dangerous.length)}</summary>
                <ul>
                  {least.alsoAllows.map((a) => (
                    <li data-dangerous={a.dangerous ? '' : undefined}>
                      {a.rpc}
                      {a.dangerous && <strong> {t('optDangerousWhy')}</strong>}
                    </li>
                  ))}
                </ul>
              </details>
            )}
            {least.scopes.length > 0 && (
              <div class="row">
                <label>
                  {t('optNewPresetName')} <input value={name} maxLength={80} onInput={(e) => setName(e.currentTarget.value)} />
                </label>
                <button type="button" disabled={!name.trim()} onClick={() => void save()}>
                  {t('presetSaveAs')}
                </button>
              </div>
            )}
          </>
        )}
        {note && <p role="status">{note}</p>}
        {saved && (
          <p class="row">
            {t('optSavedUseIt')} <a href={`/${RESULTS_PAGE}${newJobFragment(saved.id)}`}>{t('optSavedBulk')}</a>
            <a href={`/${INVENTORY_PAGE}${inventoryFragment({ preset: saved.name })}`}>{t('optSavedInventory')}</a>
          </p>
        )}
      </section>
      {ticks.length > 0 && (
        <section role="region" aria-label={t('optDialogTicks')} data-testid="dialog-ticks">
          <h3>{t('optDialogTicks')}</h3>
          <p>{tn('optTicksInDialog', ticks.length, list(ticks))}</p>
          <WhatItAllows scopes={ticks} name={t('optDialogTicksName')} initiallyOpen />
        </section>
      )}
      <CompareSets sets={sets} initial={ticks.length ? [TICKS] : []} idPrefix="least-compare" />
      <ExplainError onSaved={onSaved} />
    </section>
  );
}
