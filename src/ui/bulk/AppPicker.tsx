/**
 * Picks many apps: the user's own, organizations' (ids remembered), and apps shared with the user.
 * App names and descriptions are untrusted text: rendered as text nodes only, never as markup.
 * Stays fast with thousands of apps: filtering is a plain scan, and only the first rows render.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';
import { call, errorText } from '../../messaging/call.ts';
import type { AppSummary } from '../../pure/protocol/apps.ts';
import { toggled, toggledAll } from '../../pure/selection.ts';
import { describedBy } from '../field-error.ts';
import { list, t, tn } from '../../i18n/i18n.ts';

/** The key of the error about the organization id typed. */
const ORG_ID_ERROR = 'org-id';

export const appKey = (a: Pick<AppSummary, 'owner' | 'id'>) => `${a.owner}/${a.id}`;
const SHOWN = 300;

type Sort = 'id' | 'name' | 'modified';

export function AppPicker({ selected, onChange }: { selected: Set<string>; onChange: (next: Set<string>, apps: Map<string, AppSummary>) => void }) {
  const [apps, setApps] = useState<Map<string, AppSummary>>(new Map());
  /** What is still loading, with how many apps have arrived so far. */
  const [loading, setLoading] = useState<Record<string, number>>({});
  /** What failed to load, each with a way to try it again where there is one. */
  /** Errors shown, one per listing (`key`, its label) or form field. */
  const [errors, setErrors] = useState<{ key: string; text: string; retry?: () => void }[]>([]);
  /** Owners whose apps are being listed now: adding one twice (or its remembered id arriving meanwhile) lists it once. */
  const listing = useRef(new Set<string>());
  const [orgs, setOrgs] = useState<string[]>([]);
  const [orgInput, setOrgInput] = useState('');
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<Sort>('id');
  /** The app last clicked, by key: rows move as pages arrive, so an index would go stale. */
  const anchor = useRef<string | null>(null);
  const orgField = useRef<HTMLInputElement>(null);
  const uid = useId();

  const add = (list: AppSummary[]) =>
    setApps((prev) => {
      const next = new Map(prev);
      for (const a of list) next.set(appKey(a), a);
      return next;
    });
  const fail = (label: string, e: unknown, retry?: () => void) =>
    setErrors((x) => [...x.filter((f) => f.key !== label), { key: label, text: t('labelled', label, errorText(e)), ...(retry ? { retry } : {}) }]);
  const clearError = (label: string) => setErrors((x) => x.filter((f) => f.key !== label));

  /**
   * One listing shown as `label`, once at a time: `fetch` adds what arrives and may say how many so
   * far (`progress`); a failure is named with a Try again that runs it anew.
   */
  async function load(label: string, fetch: (progress: (n: number) => void) => Promise<void>) {
    if (listing.current.has(label)) return;
    listing.current.add(label);
    clearError(label);
    setLoading((l) => ({ ...l, [label]: 0 }));
    try {
      await fetch((n) => setLoading((l) => ({ ...l, [label]: n })));
    } catch (e) {
      fail(label, e, () => void load(label, fetch));
    } finally {
      listing.current.delete(label);
      setLoading(({ [label]: _done, ...rest }) => rest);
    }
  }

  /** An owner's apps page by page (Clarifai gives no total), showing how many have arrived. */
  const loadOwner = (label: string, owner?: string) =>
    load(label, async (progress) => {
      let total = 0;
      for (let page = 1; ; page++) {
        const r = await call({ op: 'listAppsPage', page, ...(owner ? { owner } : {}) });
        add(r.apps);
        total += r.apps.length;
        progress(total);
        if (r.last) break;
      }
    });

  const loadShared = () => load(t('appsShared'), async () => add(await call({ op: 'listSharedApps' })));

  useEffect(() => {
    void loadOwner(t('appsYours'));
    void loadShared();
    call({ op: 'listOrgs' }).then(
      (ids) => {
        setOrgs(ids);
        for (const id of ids) void loadOwner(t('appsOrganization', id), id);
      },
      () => {},
    );
  }, []);

  function addOrg(e: Event) {
    e.preventDefault();
    const id = orgInput.trim();
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(id)) {
      setErrors((x) => [...x.filter((f) => f.key !== ORG_ID_ERROR), { key: ORG_ID_ERROR, text: t('orgIdInvalid', id.slice(0, 64)) }]);
      orgField.current?.focus(); // the field the error is about, described by it
      return;
    }
    clearError(ORG_ID_ERROR);
    setOrgInput('');
    if (!orgs.includes(id)) {
      const next = [...orgs, id];
      setOrgs(next);
      void call({ op: 'setOrgs', ids: next }).catch(() => {});
    }
    void loadOwner(t('appsOrganization', id), id); // again if it is there already: that lists it anew
  }

  const all = useMemo(() => {
    const list = [...apps.values()];
    const by: Record<Sort, (a: AppSummary, b: AppSummary) => number> = {
      id: (a, b) => a.owner.localeCompare(b.owner) || a.id.localeCompare(b.id),
      name: (a, b) => a.name.localeCompare(b.name),
      modified: (a, b) => (b.modifiedAt ?? '').localeCompare(a.modifiedAt ?? ''),
    };
    return list.sort(by[sort]);
  }, [apps, sort]);

  const shown = useMemo(() => {
    const q = filter.trim().toLowerCase();
    if (!q) return all;
    return all.filter(
      (a) => a.id.toLowerCase().includes(q) || a.name.toLowerCase().includes(q) || a.description.toLowerCase().includes(q) || a.owner.toLowerCase().includes(q),
    );
  }, [all, filter]);

  const allShownSelected = shown.length > 0 && shown.every((a) => selected.has(appKey(a)));
  const set = (next: Set<string>) => onChange(next, apps);

  // Shift+Space picks a range as Shift+click does. Firefox's click from the space bar does not carry
  // shiftKey, so the key press is remembered; a click from a key has detail 0, a pointer's does not.
  const spaceShift = useRef<EventTarget | null>(null);
  function toggleRow(index: number, e: MouseEvent) {
    const order = shown.map(appKey);
    const shift = e.shiftKey || (e.detail === 0 && spaceShift.current === e.currentTarget);
    spaceShift.current = null;
    set(toggled(selected, order, index, anchor.current, shift));
    anchor.current = order[index] ?? null;
  }

  return (
    <div class="ks-apps">
      <div class="ks-row">
        <input
          type="search"
          aria-label={t('appsFilter')}
          placeholder={t('appsFilterPlaceholder')}
          value={filter}
          onInput={(e) => setFilter(e.currentTarget.value)}
        />
        <select aria-label={t('appsSort')} value={sort} onChange={(e) => setSort(e.currentTarget.value as Sort)}>
          <option value="id">{t('appsSortId')}</option>
          <option value="name">{t('appsSortName')}</option>
          <option value="modified">{t('appsSortModified')}</option>
        </select>
      </div>
      <div class="ks-row">
        <label class="ks-inline">
          <input type="checkbox" checked={allShownSelected} onChange={() => set(toggledAll(selected, shown.map(appKey)))} />
          {t('selectAll')}
        </label>
        <button type="button" class="secondary" onClick={() => set(new Set())}>
          {t('selectNone')}
        </button>
        <button
          type="button"
          class="secondary"
          onClick={() => {
            const next = new Set(selected);
            for (const a of shown) next.has(appKey(a)) ? next.delete(appKey(a)) : next.add(appKey(a));
            set(next);
          }}
        >
          {t('selectInvert')}
        </button>
        <span role="status" data-testid="ks-selected">
          {tn('appsSelected', apps.size, selected.size)}
        </span>
      </div>
      {Object.keys(loading).length > 0 && (
        <p class="ks-muted" role="status" data-testid="ks-loading">
          {t('appsLoading', list(Object.entries(loading).map(([what, n]) => (n ? tn('appsSoFar', n, what) : what))))}
        </p>
      )}
      {errors.map((e) => (
        <p class="ks-error" role="alert" key={e.key} id={e.key === ORG_ID_ERROR ? `${uid}-org-error` : undefined}>
          {e.text}{' '}
          {e.retry && (
            <button type="button" class="secondary" onClick={e.retry}>
              {t('tryAgain')}
            </button>
          )}
        </p>
      ))}
      <ul class="ks-applist" aria-label={t('apps')}>
        {shown.slice(0, SHOWN).map((a, i) => (
          <li key={appKey(a)}>
            <label class="ks-inline" title={a.description}>
              <input
                type="checkbox"
                aria-label={a.id}
                checked={selected.has(appKey(a))}
                onKeyDown={(e) => {
                  if (e.key === ' ') spaceShift.current = e.shiftKey ? e.currentTarget : null;
                }}
                onBlur={() => (spaceShift.current = null)}
                onClick={(e) => toggleRow(i, e)}
              />
              <span class="ks-appid">
                {a.owner}/{a.id}
              </span>
              {a.name && a.name !== a.id && <span class="ks-muted"> {a.name.slice(0, 120)}</span>}
            </label>
          </li>
        ))}
      </ul>
      {shown.length > SHOWN && <p class="ks-muted">{tn('appsShowing', shown.length, SHOWN)}</p>}
      <form class="ks-row" onSubmit={addOrg}>
        <input
          ref={orgField}
          aria-label={t('orgId')}
          placeholder={t('orgIdPlaceholder')}
          {...describedBy(
            errors.some((e) => e.key === ORG_ID_ERROR),
            `${uid}-org-error`,
          )}
          value={orgInput}
          onInput={(e) => setOrgInput(e.currentTarget.value)}
        />
        <button type="submit" class="secondary">
          {t('orgAdd')}
        </button>
      </form>
    </div>
  );
}
