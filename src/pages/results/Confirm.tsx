/**
 * A bulk job the portal page's panel proposed, for the person to start or discard. The worker
 * starts nothing on a page's word: a page script can drive that panel with synthetic events (pick
 * apps, change the portal's scope boxes under the person's click), but cannot reach this page. So
 * this shows the plan exactly as the worker holds it and would run it (how many apps, whose, each
 * app, the scopes and the preset they are, the description and examples of it, the expiry), and
 * only a person's click on Start here starts it. Keys that would hold `All` ask once more (./FullAccess.tsx).
 *
 * App names are the API's data: rendered as text, never as markup.
 */
import { useEffect, useState } from 'preact/hooks';
import { call } from '../../messaging/call.ts';
import type { ProposalView } from '../../pure/protocol/proposals.ts';
import { errorText } from '../../messaging/call.ts';
import { FullAccessCheck, holdsAll } from '../../ui/FullAccess.tsx';

const DISCARDED = 'Discarded; nothing was created.';

const time = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleTimeString();
};

function Outcome({ p }: { p: ProposalView }) {
  if (p.state === 'started')
    return (
      <p role="status" data-testid="confirm-outcome">
        This plan was started already. <a href={`#${p.jobId ?? ''}`}>See its results</a>.
      </p>
    );
  if (p.state === 'starting')
    return (
      <p role="status" data-testid="confirm-outcome">
        Starting…
      </p>
    );
  const text = {
    discarded: 'This plan was discarded (or replaced by a newer one from the portal), so it cannot be started. Nothing was created.',
    expired: 'This plan waited too long, so it can no longer be started. Nothing was created; start again from the portal if you still want it.',
    gone: 'Keysmith knows no such plan. Nothing was created; start again from the portal if you still want it.',
    waiting: '',
  }[p.state];
  return (
    <p role="status" class="muted" data-testid="confirm-outcome">
      {text}
    </p>
  );
}

export function Confirm({ id, onStarted }: { id: string; onStarted: (jobId: string) => void }) {
  const [p, setP] = useState<ProposalView | null>(null);
  const [error, setError] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [fullAccess, setFullAccess] = useState(false);

  const load = () =>
    call({ op: 'getProposal', id }).then(
      (v) => {
        setP(v);
        setError('');
      },
      (e) => setError(errorText(e)),
    );
  useEffect(() => {
    void load();
    // Looked at again when the page comes back into view, and when the plan's time is up.
    const look = () => document.visibilityState === 'visible' && void load();
    document.addEventListener('visibilitychange', look);
    return () => document.removeEventListener('visibilitychange', look);
  }, [id]);
  useEffect(() => {
    if (p?.state !== 'waiting') return;
    const t = setTimeout(() => void load(), Math.max(0, Date.parse(p.decideBy) - Date.now()) + 250);
    return () => clearTimeout(t);
  }, [p?.state, p?.decideBy]);

  async function decide(e: MouseEvent, start: boolean) {
    // A person's click only (a page script cannot reach this page; checked all the same).
    if (!e.isTrusted || !p || busy) return;
    setBusy(true);
    setNote('');
    try {
      if (start) {
        const { jobId } = await call({ op: 'confirmProposal', id: p.id });
        onStarted(jobId);
        return;
      }
      await call({ op: 'discardProposal', id: p.id });
      // The plan as the worker now holds it first, then the word: never "Discarded" beside a Start.
      await load();
      setNote(DISCARDED);
    } catch (err) {
      setNote(errorText(err));
      await load();
    } finally {
      setBusy(false);
    }
  }

  if (error)
    return (
      <p class="bad" role="alert">
        {error}
      </p>
    );
  if (!p) return <p class="muted">Loading…</p>;
  const n = p.apps.length;
  const waiting = p.state === 'waiting';
  return (
    <section class="confirm" role="region" aria-labelledby="confirm-h">
      <h2 id="confirm-h">Start this job from the portal?</h2>
      {waiting ? (
        <>
          <p>
            Keysmith’s panel in the Clarifai portal asked for this job{time(p.askedAt) ? ` at ${time(p.askedAt)}` : ''}. Nothing has been sent to Clarifai.
            Start it only if you asked for it yourself and it is what you meant: the portal page’s own scripts can drive that panel, but not this page. It can
            be started until {time(p.decideBy)}.
          </p>
          <dl class="confirm-plan">
            <dt>Keys</dt>
            <dd data-testid="confirm-count">
              {n} key{n === 1 ? '' : 's'}, one for each app listed below
            </dd>
            <dt>Owners</dt>
            <dd data-testid="confirm-owners">{p.owners.map((o) => `${o.owner} (${o.apps} app${o.apps === 1 ? '' : 's'})`).join(', ')}</dd>
            <dt>Scopes ({p.scopes.length})</dt>
            <dd>
              <p data-testid="confirm-preset">
                {p.preset ? `Exactly the preset “${p.preset.name}” (${p.preset.builtIn ? 'built-in' : 'yours'}).` : 'No preset has exactly these scopes.'}
              </p>
              <ul class="scope-chips" data-testid="confirm-scopes">
                {p.scopes.map((s) => (
                  <li>
                    <code>{s}</code>
                  </li>
                ))}
              </ul>
              <p class="hint">Each key {p.enables}.</p>
            </dd>
            <dt>Description</dt>
            <dd>
              <code data-testid="confirm-template">{p.template}</code>, for example:
              <ul data-testid="confirm-examples">
                {p.examples.map((d) => (
                  <li>{d}</li>
                ))}
              </ul>
            </dd>
            <dt>Expiry</dt>
            <dd data-testid="confirm-expiry">
              {p.keysExpireAt ? `The keys expire at the end of ${p.keysExpireAt.slice(0, 10)} (UTC).` : 'The keys never expire.'}
            </dd>
          </dl>
          <h3 id="confirm-apps-h">Apps ({n})</h3>
          <ul class="confirm-apps" aria-labelledby="confirm-apps-h" data-testid="confirm-apps">
            {p.apps.map((a) => (
              <li>
                <span class="confirm-app-id">
                  {a.owner}/{a.appId}
                </span>{' '}
                <span class="muted">{a.named ? (a.appName !== a.appId ? a.appName : '') : '(its name is looked up when the job starts)'}</span>
              </li>
            ))}
          </ul>
          {p.leftOut.length > 0 && (
            <div role="region" aria-label="Apps left out" data-testid="confirm-left-out">
              <p class="bad">
                {p.leftOut.length} picked app{p.leftOut.length === 1 ? '' : 's'} would get no key:
              </p>
              <ul class="confirm-apps">
                {p.leftOut.map((l) => (
                  <li>
                    {l.owner}/{l.appId}: {l.reason}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {p.error && !note && (
            <p class="bad" role="alert" data-testid="confirm-error">
              The last Start did not start the job: {p.error}
            </p>
          )}
          {holdsAll(p.scopes) && <FullAccessCheck checked={fullAccess} onChange={setFullAccess} />}
          <div class="row">
            <button type="button" disabled={busy || (holdsAll(p.scopes) && !fullAccess)} onClick={(e) => void decide(e, true)}>
              Start
            </button>
            <button type="button" class="secondary" disabled={busy} onClick={(e) => void decide(e, false)}>
              Discard
            </button>
          </div>
        </>
      ) : (
        <Outcome p={p} />
      )}
      {note && (
        <p role={note === DISCARDED ? 'status' : 'alert'} class={note === DISCARDED ? 'good' : 'bad'} data-testid="confirm-message">
          {note}
        </p>
      )}
    </section>
  );
}
