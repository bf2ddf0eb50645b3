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
import { list, t, tn, type MessageId } from '../../i18n/i18n.ts';
import { tx } from '../../ui/i18n-rich.tsx';

/** A plan that can no longer be started, and was not. */
type Ended = Exclude<ProposalView['state'], 'waiting' | 'starting' | 'started'>;

/** What became of it, as the page says. */
const ENDED = {
  discarded: 'resPlanDiscarded',
  expired: 'resPlanExpired',
  gone: 'resPlanGone',
} as const satisfies Record<Ended, MessageId>;

const time = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleTimeString();
};

function Outcome({ p }: { p: ProposalView }) {
  if (p.state === 'started')
    return (
      <p role="status" data-testid="confirm-outcome">
        {tx('resPlanStarted', <a href={`#${p.jobId ?? ''}`}>{t('resSeeResults')}</a>)}
      </p>
    );
  if (p.state === 'starting')
    return (
      <p role="status" data-testid="confirm-outcome">
        {t('jobStarting')}
      </p>
    );
  const text = p.state === 'waiting' ? '' : t(ENDED[p.state]);
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
    const timer = setTimeout(() => void load(), Math.max(0, Date.parse(p.decideBy) - Date.now()) + 250);
    return () => clearTimeout(timer);
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
      setNote(t('resDiscarded'));
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
  if (!p) return <p class="muted">{t('resLoading')}</p>;
  const n = p.apps.length;
  const waiting = p.state === 'waiting';
  const asked = time(p.askedAt);
  const discarded = note === t('resDiscarded');
  return (
    <section class="confirm" role="region" aria-labelledby="confirm-h">
      <h2 id="confirm-h">{t('resConfirmHeading')}</h2>
      {waiting ? (
        <>
          <p>{asked ? t('resAskedAt', asked, time(p.decideBy)) : t('resAsked', time(p.decideBy))}</p>
          <dl class="confirm-plan">
            <dt>{t('resTermKeys')}</dt>
            <dd data-testid="confirm-count">{tn('resConfirmCount', n)}</dd>
            <dt>{t('resTermOwners')}</dt>
            <dd data-testid="confirm-owners">{list(p.owners.map((o) => tn('resOwnerApps', o.apps, o.owner)))}</dd>
            <dt>{tn('resTermScopes', p.scopes.length)}</dt>
            <dd>
              <p data-testid="confirm-preset">
                {p.preset ? t(p.preset.builtIn ? 'resExactPresetBuiltIn' : 'resExactPresetYours', p.preset.name) : t('resNoExactPreset')}
              </p>
              <ul class="scope-chips" data-testid="confirm-scopes">
                {p.scopes.map((s) => (
                  <li>
                    <code>{s}</code>
                  </li>
                ))}
              </ul>
              <p class="hint">{t('resEachKeyEnables', p.enables)}</p>
            </dd>
            <dt>{t('description')}</dt>
            <dd>
              {tx('resTemplateExample', <code data-testid="confirm-template">{p.template}</code>)}
              <ul data-testid="confirm-examples">
                {p.examples.map((d) => (
                  <li>{d}</li>
                ))}
              </ul>
            </dd>
            <dt>{t('resTermExpiry')}</dt>
            <dd data-testid="confirm-expiry">{p.keysExpireAt ? t('resExpiresAt', p.keysExpireAt.slice(0, 10)) : t('resNeverExpire')}</dd>
          </dl>
          <h3 id="confirm-apps-h">{tn('resTermApps', n)}</h3>
          <ul class="confirm-apps" aria-labelledby="confirm-apps-h" data-testid="confirm-apps">
            {p.apps.map((a) => (
              <li>
                <span class="confirm-app-id">
                  {a.owner}/{a.appId}
                </span>{' '}
                <span class="muted">{a.named ? (a.appName !== a.appId ? a.appName : '') : t('resNameLater')}</span>
              </li>
            ))}
          </ul>
          {p.leftOut.length > 0 && (
            <div role="region" aria-label={t('resAppsLeftOut')} data-testid="confirm-left-out">
              <p class="bad">{tn('resWouldLeaveOut', p.leftOut.length)}</p>
              <ul class="confirm-apps">
                {p.leftOut.map((l) => (
                  <li>{t('resAppReason', `${l.owner}/${l.appId}`, l.reason)}</li>
                ))}
              </ul>
            </div>
          )}
          {p.error && !note && (
            <p class="bad" role="alert" data-testid="confirm-error">
              {t('resLastStartFailed', p.error)}
            </p>
          )}
          {holdsAll(p.scopes) && <FullAccessCheck checked={fullAccess} onChange={setFullAccess} />}
          <div class="row">
            <button type="button" disabled={busy || (holdsAll(p.scopes) && !fullAccess)} onClick={(e) => void decide(e, true)}>
              {t('resStart')}
            </button>
            <button type="button" class="secondary" disabled={busy} onClick={(e) => void decide(e, false)}>
              {t('resDiscard')}
            </button>
          </div>
        </>
      ) : (
        <Outcome p={p} />
      )}
      {note && (
        <p role={discarded ? 'status' : 'alert'} class={discarded ? 'good' : 'bad'} data-testid="confirm-message">
          {note}
        </p>
      )}
    </section>
  );
}
