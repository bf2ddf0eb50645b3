/**
 * Bulk creation: pick apps, a description template and an optional expiry, preview, then let the
 * worker create one key per app while this shows progress. Used in the portal's dialog (scopes from
 * its ticks) and on Keysmith's own page (scopes from a preset). It never sees a key id: results open
 * on an extension page.
 *
 * In the portal (`propose`) a page script can drive this form, so it only proposes the job: the
 * worker opens Keysmith's jobs page with the plan as it holds it, and only Start there starts it.
 * This then says so, and shows the job's progress once it has started.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';
import { call, errorText, WorkerError } from '../../messaging/call.ts';
import { renderDescription, today, unknownPlaceholders } from '../../pure/bulk/template.ts';
import type { AppSummary } from '../../pure/protocol/apps.ts';
import type { JobProgress } from '../../pure/protocol/jobs.ts';
import type { ProposalState } from '../../pure/protocol/proposals.ts';
import { AppPicker } from './AppPicker.tsx';
import { describedBy, useFocusOnError } from '../field-error.ts';
import { list, t, tn, type MessageId } from '../../i18n/i18n.ts';

export const DEFAULT_TEMPLATE = '{preset} key for {app_id} ({date})';

/**
 * Whether to ask again after a failed progress request: the browser stops an idle background
 * worker whenever it likes (Chromium's service worker, Firefox's event page), and a request it
 * was answering then fails; the next one wakes a new worker. Only the worker's own refusals, or
 * the same failure five times running, are shown.
 */
const again = (e: unknown, misses: number) => misses < 5 && !(e instanceof WorkerError && e.error.kind !== 'internal');

/**
 * Asks `ask` now, and again after `answer` says how long to wait (nothing: done), as long as the
 * component is mounted: unmounting (the dialog went) drops an answer on its way and clears the
 * pending timer. A failed ask is asked again as `again` says, else it goes to `fail`.
 */
function usePoll<T>(key: string, ask: () => Promise<T>, answer: (v: T) => number | void, fail: (e: unknown) => void): void {
  useEffect(() => {
    let live = true;
    let misses = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        const next = await ask();
        if (!live) return;
        misses = 0;
        const ms = answer(next);
        if (ms) timer = setTimeout(tick, ms);
      } catch (e) {
        if (live && again(e, ++misses)) timer = setTimeout(tick, 500);
        else if (live) fail(e);
      }
    };
    void tick();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [key]);
}

function duration(s: number): string {
  return s < 60 ? t('durationSeconds', s) : t('durationMinutes', Math.floor(s / 60), s % 60);
}

const STATUS = {
  done: 'jobStatusDone',
  paused: 'jobStatusPaused',
  cancelling: 'jobStatusCancelling',
  cancelled: 'jobStatusCancelled',
  interrupted: 'jobStatusInterrupted',
  running: 'jobStatusRunning',
} as const satisfies Record<JobProgress['status'], MessageId>;

/** `quiet`: the status line is not a live region (the results page announces milestones itself). */
export function JobView({ jobId, quiet }: { jobId: string; quiet?: boolean }) {
  const [p, setP] = useState<JobProgress | null>(null);
  const [error, setError] = useState('');
  usePoll(
    jobId,
    () => call({ op: 'getJob', jobId }),
    (next) => {
      setP(next);
      if (next.status === 'running' || next.status === 'paused' || next.status === 'cancelling' || next.resumable) return 250;
    },
    (e) => setError(errorText(e)),
  );
  // A person's click only: a page script can reach this panel in the portal and must not pause,
  // resume or cancel a job, nor open tabs, on its own.
  const act = (e: MouseEvent, action: 'pause' | 'resume' | 'cancel') =>
    e.isTrusted && void call({ op: 'controlJob', jobId, action }).then(setP, (err) => setError(errorText(err)));
  if (error)
    return (
      <p class="ks-error" role="alert">
        {error}
      </p>
    );
  if (!p) return <p class="ks-muted">{t('jobStarting')}</p>;
  const finished = p.total - p.left;
  const active = p.status === 'running' || p.status === 'paused';
  return (
    <div class="ks-job" data-testid="ks-job">
      <progress max={p.total} value={finished} aria-label={t('jobProgress')} />
      <p role={quiet ? undefined : 'status'} data-testid="ks-job-status">
        {t(STATUS[p.status], tn('jobCounts', p.total, p.created, p.failed, p.left))}
        {p.status === 'running' && p.current ? t('jobNow', p.current) : ''}
        {p.status === 'running' ? t('jobTimeLeft', duration(p.secondsLeft)) : ''}
      </p>
      {p.stopped && (
        <p class="ks-error" role="alert" data-testid="ks-job-stopped">
          {p.stopped}
        </p>
      )}
      {p.leftOut > 0 && (
        <p class="ks-muted" data-testid="ks-job-left-out">
          {tn('jobLeftOut', p.leftOut)}
        </p>
      )}
      <div class="ks-row">
        {p.status === 'running' && (
          <button type="button" class="secondary" onClick={(e) => act(e, 'pause')}>
            {t('pause')}
          </button>
        )}
        {(p.status === 'paused' || p.resumable) && (
          <button type="button" class="secondary" onClick={(e) => act(e, 'resume')}>
            {t('resume')}
          </button>
        )}
        {active && (
          <button type="button" class="secondary" onClick={(e) => act(e, 'cancel')}>
            {t('jobCancel')}
          </button>
        )}
        <button type="button" onClick={(e) => e.isTrusted && void call({ op: 'openResults', jobId }).catch((err) => setError(errorText(err)))}>
          {t('openResults')}
        </button>
      </div>
    </div>
  );
}

/** A job proposed from the portal, waiting for the person's Start on Keysmith's jobs page. */
function Proposed({ id, onStarted, onBack }: { id: string; onStarted: (jobId: string) => void; onBack: () => void }) {
  const [s, setS] = useState<ProposalState>({ state: 'waiting' });
  usePoll(
    id,
    () => call({ op: 'getProposalState', id }),
    (next) => {
      if (next.jobId) return onStarted(next.jobId);
      setS(next);
      if (next.state === 'waiting' || next.state === 'starting') return 500;
    },
    (e) => setS({ state: 'gone', error: errorText(e) }),
  );
  const waiting = s.state === 'waiting' || s.state === 'starting';
  return (
    <div class="ks-job" data-testid="ks-proposed">
      <p role="status">{waiting ? t('proposalWaiting') : t('proposalNotStarted')}</p>
      {s.error && (
        <p class="ks-error" role="alert">
          {s.error}
        </p>
      )}
      {!waiting && (
        <button type="button" class="secondary" onClick={onBack}>
          {t('proposalBack')}
        </button>
      )}
    </div>
  );
}

export function BulkForm({
  scopes,
  presetName,
  scopesNote,
  propose,
}: {
  scopes: readonly string[];
  presetName?: string | undefined;
  scopesNote: string;
  propose?: boolean;
}) {
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [apps, setApps] = useState<Map<string, AppSummary>>(new Map());
  const [template, setTemplate] = useState(DEFAULT_TEMPLATE);
  const [expires, setExpires] = useState('');
  /** The last refusal; `field`: the field it is about, which gets focus. */
  const [error, setErrorState] = useState<{ text: string; field?: 'description' } | null>(null);
  const setError = (text: string, field?: 'description') => setErrorState(text ? { text, ...(field ? { field } : {}) } : null);
  const id = useId();
  const form = useRef<HTMLFormElement>(null);
  useFocusOnError(error, (field) => form.current?.querySelector<HTMLElement>(`[data-field="${field}"]`));
  const [jobId, setJobId] = useState<string | null>(null);
  const [proposal, setProposal] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);

  const picked = useMemo(() => [...selected].map((k) => apps.get(k)).filter((a): a is AppSummary => !!a), [selected, apps]);
  const unknown = unknownPlaceholders(template);
  const preview = picked
    .slice(0, 3)
    .map((a) => renderDescription(template, { app_id: a.id, app_name: a.name, owner: a.owner, date: today(), preset: presetName ?? 'custom' }));

  async function start(e: MouseEvent) {
    e.preventDefault();
    // Only a person's click may start a job: a page script can reach this form in the portal, and
    // a submit event is trusted even when a script's click() caused it, so the click itself is checked.
    if (!e.isTrusted) return;
    setError('');
    if (!scopes.length) return setError(t('bulkNoScopes'));
    if (!picked.length) return setError(t('bulkNoApps'));
    if (unknown.length) return setError(tn('bulkUnknownPlaceholder', unknown.length, list(unknown.map((u) => `{${u}}`))), 'description');
    if (starting) return;
    setStarting(true);
    try {
      const expiresAt = expires ? new Date(`${expires}T23:59:59Z`).toISOString() : undefined;
      const job = {
        // References only: the worker names the apps itself, so no name can make this unreadable.
        // (Text whatever the API sent; an id this long is no Clarifai id, and the worker says so.)
        apps: picked.map((a) => ({ owner: String(a.owner).slice(0, 4096), id: String(a.id).slice(0, 4096) })),
        scopes: [...scopes],
        template,
        ...(presetName ? { presetName } : {}),
        ...(expiresAt ? { expiresAt } : {}),
      };
      if (propose) setProposal((await call({ op: 'proposeBulkJob', ...job })).proposalId);
      else setJobId((await call({ op: 'startBulkJob', ...job })).jobId);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setStarting(false);
    }
  }

  if (jobId) return <JobView jobId={jobId} />;
  if (proposal) return <Proposed id={proposal} onStarted={setJobId} onBack={() => setProposal(null)} />;

  return (
    <form class="ks-bulk" ref={form} onSubmit={(e) => e.preventDefault()}>
      <p class="ks-muted">{scopesNote}</p>
      <AppPicker
        selected={selected}
        onChange={(next, all) => {
          setSelected(next);
          setApps(all);
        }}
      />
      <label class="ks-field">
        {t('description')}
        <input
          data-field="description"
          value={template}
          maxLength={200}
          {...describedBy(error?.field === 'description', `${id}-error`, `${id}-placeholders`)}
          onInput={(e) => setTemplate(e.currentTarget.value)}
        />
      </label>
      <p class="ks-hint" id={`${id}-placeholders`}>
        {t('bulkPlaceholders', '{app_id} {app_name} {owner} {date} {preset}')}
      </p>
      <label class="ks-field">
        {t('expiresOptional')}
        <input type="date" value={expires} min={today()} onInput={(e) => setExpires(e.currentTarget.value)} />
      </label>
      {picked.length > 0 && (
        <div class="ks-preview" aria-label={t('preview')}>
          <p>{tn(expires ? 'bulkPreviewExpiring' : 'bulkPreview', picked.length, tn('scopeCount', scopes.length), expires)}</p>
          <ul>
            {preview.map((d) => (
              <li>{d}</li>
            ))}
            {picked.length > 3 && <li class="ks-muted">{tn('andMore', picked.length - 3)}</li>}
          </ul>
        </div>
      )}
      {error && (
        <p class="ks-error" role="alert" id={`${id}-error`}>
          {error.text}
        </p>
      )}
      <button type="submit" aria-disabled={starting} disabled={!picked.length} onClick={(e) => void start(e)}>
        {tn('bulkCreate', picked.length)}
      </button>
    </form>
  );
}
