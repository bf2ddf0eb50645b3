/**
 * Keysmith's own page for bulk jobs: start one from a preset (when the portal's dialog cannot be
 * used), start or discard one the portal's panel proposed (`#confirm=<id>`, ./Confirm.tsx), see a
 * job's results (the only place created key ids are shown, masked until revealed), and the history
 * of past jobs (no secrets).
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import '../pages.css';
import '../../ui/panel.css'; // the bulk form's styles, shared with the in-page panel
import { call } from '../../messaging/call.ts';
import { toCsv, toEnv, toJson } from '../../pure/bulk/export.ts';
import type { JobResults, JobSummary } from '../../pure/protocol/jobs.ts';
import type { PresetView } from '../../pure/protocol/presets.ts';
import { BulkForm, JobView } from '../../ui/bulk/BulkForm.tsx';
import { Confirm } from './Confirm.tsx';
import { errorText } from '../../messaging/call.ts';
import { plural } from '../../pure/plural.ts';
import { download } from '../download.ts';

function Results({ jobId }: { jobId: string }) {
  const [r, setR] = useState<JobResults | null>(null);
  const [error, setError] = useState('');
  const [note, setNote] = useState('');
  const [revealed, setRevealed] = useState<Set<number>>(new Set());

  const load = () => call({ op: 'getJobResults', jobId }).then(setR, (e) => setError(errorText(e)));
  useEffect(() => {
    void load();
    const t = setInterval(() => void load(), 1000);
    return () => clearInterval(t);
  }, [jobId]);

  if (error)
    return (
      <p class="bad" role="alert">
        {error}
      </p>
    );
  if (!r) return <p class="muted">Loading…</p>;
  const stamp = r.plan.createdAt.slice(0, 19).replace(/[:T]/g, '-');
  const created = r.rows.filter((row) => row.keyId);
  // Recover and the sweep run in the worker, app by app; this page polls how far they are.
  const rec = r.progress.recover;
  const sw = r.progress.sweep;
  const dups = r.sweep?.duplicates ?? [];
  const act = async (f: () => Promise<unknown>, ok: string) => {
    setNote('');
    try {
      await f();
      setNote(ok);
      await load();
    } catch (e) {
      setNote(errorText(e));
    }
  };
  return (
    <section aria-labelledby="res-h">
      <h2 id="res-h">Results</h2>
      <p class="muted">
        {r.plan.presetName ? `Preset “${r.plan.presetName}”, ` : ''}
        {r.plan.scopes.length} scopes, {r.plan.expiresAt ? `expiring ${r.plan.expiresAt.slice(0, 10)}` : 'never expiring'}. Keys stay here until you clear them
        or the browser closes; copy or export them now.
      </p>
      {(r.progress.status === 'running' || r.progress.status === 'paused' || r.progress.resumable) && <JobView jobId={jobId} />}
      <p role="status" data-testid="results-summary">
        {r.progress.created} created, {r.progress.failed} failed, {r.progress.left} left of {r.progress.total} ({r.progress.status})
      </p>
      {r.leftOut.length > 0 && (
        <div role="region" aria-label="Apps left out" data-testid="left-out">
          <p class="bad">
            {r.leftOut.length} picked app{r.leftOut.length === 1 ? '' : 's'} got no key from this job:
          </p>
          <ul>
            {r.leftOut.map((l) => (
              <li>
                {l.owner}/{l.appId}: {l.reason}
              </li>
            ))}
          </ul>
        </div>
      )}
      <div class="row">
        <button
          type="button"
          onClick={() =>
            void act(
              () => navigator.clipboard.writeText(created.map((row) => `${row.owner}/${row.appId}\t${row.keyId}`).join('\n')),
              `Copied ${created.length} keys.`,
            )
          }
        >
          Copy all
        </button>
        <button type="button" class="secondary" onClick={() => download(`keysmith-${stamp}.csv`, 'text/csv', toCsv(r))}>
          Export CSV
        </button>
        <button type="button" class="secondary" onClick={() => download(`keysmith-${stamp}.json`, 'application/json', toJson(r))}>
          Export JSON
        </button>
        <button
          type="button"
          class="secondary"
          onClick={() => {
            // Renamed variables and keys left out are said here, not only inside the file.
            const env = toEnv(r);
            download(`keysmith-${stamp}.env`, 'text/plain', env.text);
            setNote(env.notes.join(' '));
          }}
        >
          Export .env
        </button>
        <button
          type="button"
          class="secondary"
          disabled={!r.progress.failed || r.progress.status === 'running'}
          onClick={() => void act(() => call({ op: 'retryFailed', jobId }), 'Retrying the failed apps.')}
        >
          Retry failed
        </button>
        {r.progress.status === 'interrupted' && (
          <button
            type="button"
            class="secondary"
            disabled={rec?.status === 'running'}
            onClick={() =>
              void act(
                () => call({ op: 'recoverJob', jobId }),
                'Recover is looking up every app of the job on Clarifai, one by one; you may leave this page meanwhile.',
              )
            }
          >
            Recover
          </button>
        )}
        <button
          type="button"
          class="secondary"
          disabled={r.progress.status === 'running' || !r.progress.created || sw?.status === 'running' || rec?.status === 'running'}
          onClick={() => void act(() => call({ op: 'findDuplicates', jobId }), 'Keysmith is checking every app of the job for keys made twice, one by one.')}
        >
          Check for duplicates
        </button>
        <button
          type="button"
          class="secondary"
          disabled={r.progress.status === 'running'}
          onClick={() => void act(() => call({ op: 'clearJob', jobId }), 'Cleared.')}
        >
          Clear keys
        </button>
      </div>
      {rec && (
        <p role="status" data-testid="recover-progress" class={rec.status === 'stopped' ? 'bad' : ''}>
          {rec.status === 'running'
            ? `Recover: ${rec.done} of ${rec.total} apps looked up, ${plural(rec.found, 'key')} found so far…`
            : rec.status === 'done'
              ? `Recover looked up all ${rec.total} apps and found ${plural(rec.found, 'key')}.${rec.unchecked ? ` ${plural(rec.unchecked, 'app')} could not be looked up; their rows say why.` : ''}`
              : rec.stopped}
        </p>
      )}
      {sw && (
        <div role="region" aria-label="Duplicates" data-testid="duplicates">
          {sw.status === 'running' && (
            <p role="status">
              Checking for duplicates: {sw.done} of {sw.total} apps looked up…
            </p>
          )}
          {sw.status === 'stopped' && <p class="bad">{sw.stopped}</p>}
          {sw.status === 'done' &&
            (dups.length === 0 ? (
              <p>No app got a second key from this job.</p>
            ) : (
              <>
                <p class="bad">
                  {dups.length} app{dups.length === 1 ? '' : 's'} got a second key that no one was shown (the browser re-sent a request whose answer was lost):{' '}
                  {dups.map((d) => `${d.owner}/${d.appId}`).join(', ')}. It works, but you may not want it.
                </p>
                <button type="button" onClick={() => void act(() => call({ op: 'deleteDuplicates', jobId }), 'Deleted the duplicate keys.')}>
                  Delete duplicates
                </button>
              </>
            ))}
          {r.sweep && r.sweep.unchecked.length > 0 && (
            <>
              <p class="bad">{plural(r.sweep.unchecked.length, 'app')} could not be checked for a second key:</p>
              <ul>
                {r.sweep.unchecked.map((u) => (
                  <li>
                    {u.owner}/{u.appId}: {u.reason}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      {note && <p role="status">{note}</p>}
      <table class="results">
        <thead>
          <tr>
            <th>Owner</th>
            <th>App</th>
            <th>Description</th>
            <th>Key</th>
            <th>Outcome</th>
          </tr>
        </thead>
        <tbody>
          {r.rows.map((row, i) => (
            <tr>
              <td>{row.owner}</td>
              <td title={row.appName}>{row.appId}</td>
              <td>{row.description}</td>
              <td>
                {row.keyId ? (
                  <span class="row">
                    <code>{revealed.has(i) ? row.keyId : `••••••••${row.keyId.slice(-4)}`}</code>
                    <button
                      type="button"
                      class="secondary"
                      aria-label={`${revealed.has(i) ? 'Hide' : 'Reveal'} key for ${row.appId}`}
                      onClick={() =>
                        setRevealed((s) => {
                          const n = new Set(s);
                          n.has(i) ? n.delete(i) : n.add(i);
                          return n;
                        })
                      }
                    >
                      {revealed.has(i) ? 'Hide' : 'Reveal'}
                    </button>
                    <button
                      type="button"
                      class="secondary"
                      aria-label={`Copy key for ${row.appId}`}
                      onClick={() => void navigator.clipboard.writeText(row.keyId!).then(() => setNote(`Copied the key for ${row.appId}.`))}
                    >
                      Copy
                    </button>
                  </span>
                ) : (
                  '—'
                )}
              </td>
              <td class={row.status === 'failed' ? 'bad' : ''}>
                {row.status === 'created' ? (row.adopted ? 'created (found after a lost answer)' : 'created') : row.status}
                {row.error ? `: ${row.error}` : ''}
                {row.status === 'failed' && row.uncertain ? ' The key may have been made: Retry failed and Recover look it up before sending again.' : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function NewJob() {
  const [presets, setPresets] = useState<PresetView[]>([]);
  const [presetId, setPresetId] = useState('');
  useEffect(() => {
    call({ op: 'listPresets' }).then(
      (l) => {
        setPresets(l.presets);
        setPresetId(l.presets[0]?.id ?? '');
      },
      () => {},
    );
  }, []);
  const p = presets.find((x) => x.id === presetId);
  return (
    <section aria-labelledby="new-h">
      <h2 id="new-h">Create keys for several apps</h2>
      <label for="job-preset">Preset</label>
      <select id="job-preset" aria-label="Scope preset" value={presetId} onChange={(e) => setPresetId(e.currentTarget.value)}>
        {presets.map((x) => (
          <option value={x.id}>{x.name}</option>
        ))}
      </select>
      {p && (
        <p class="hint">
          {p.description} It {p.enables}.
        </p>
      )}
      {p && <BulkForm key={p.id} scopes={p.scopes} presetName={p.name} scopesNote={`Each key gets the ${p.scopes.length} scopes of “${p.name}”.`} />}
    </section>
  );
}

function History() {
  const [jobs, setJobs] = useState<JobSummary[]>([]);
  const [note, setNote] = useState('');
  const load = () => call({ op: 'listJobs' }).then(setJobs, () => {});
  useEffect(() => {
    void load();
  }, []);
  // When storage is full, this is what frees it: it only removes, so it works on a full storage.
  const clearOld = async () => {
    try {
      const { cleared } = await call({ op: 'clearOldJobs' });
      setNote(cleared ? `Cleared ${cleared} old job${cleared === 1 ? '' : 's'}.` : 'No old job to clear: the jobs left are running or can be resumed.');
      await load();
    } catch (e) {
      setNote(errorText(e));
    }
  };
  if (!jobs.length && !note) return null;
  return (
    <section aria-labelledby="hist-h">
      <h2 id="hist-h">Past jobs</h2>
      <p class="hint">
        Keysmith keeps what Recover needs for the last 20 jobs and a line for each of the last 50. Clear old jobs forgets every job that is not running or
        resumable, with the keys this page shows for it: copy or export them first.
      </p>
      <div class="row">
        <button type="button" class="secondary" onClick={() => void clearOld()}>
          Clear old jobs
        </button>
      </div>
      {note && <p role="status">{note}</p>}
      <ul>
        {jobs.map((j) => (
          <li>
            <a href={`#${j.id}`}>{new Date(j.createdAt).toLocaleString()}</a>: {j.presetName ?? 'custom scopes'} ({j.scopes.length} scopes) for {j.total} app
            {j.total === 1 ? '' : 's'} ({j.apps.slice(0, 3).join(', ')}
            {j.apps.length > 3 ? ', …' : ''}): {j.status}, {j.created} created, {j.failed} failed
          </li>
        ))}
      </ul>
    </section>
  );
}

function Page() {
  const [hash, setHash] = useState(location.hash.slice(1));
  useEffect(() => {
    const on = () => setHash(location.hash.slice(1));
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  const confirmId = /^confirm=(.+)$/.exec(hash)?.[1];
  return (
    <main style={{ maxWidth: '1100px' }}>
      <h1>
        <img src="/icons/icon-48.png" alt="" /> Keysmith jobs
      </h1>
      {confirmId ? <Confirm id={confirmId} onStarted={(jobId) => location.replace(`#${jobId}`)} /> : hash ? <Results jobId={hash} /> : <NewJob />}
      <History />
    </main>
  );
}

render(<Page />, document.getElementById('app')!);
