/**
 * A rotation's second phase on the results page: "Delete the old keys", only once the person says
 * the new keys are in place. The worker answers which old keys may go (only those whose
 * replacement exists) and deletes them; what phase 2 did is shown per row in the table (ResultsTable.tsx).
 */
import { useState } from 'preact/hooks';
import { call, errorText } from '../../messaging/call.ts';
import type { JobResults, RotationRetiring } from '../../pure/protocol/jobs.ts';
import { list, t, tn } from '../../i18n/i18n.ts';

const NAMED = 10;
/** The old keys being deleted, the first ten named. */
const named = (a: RotationRetiring) => {
  const names = list(a.retirable.slice(0, NAMED).map((k) => `${k.owner}/${k.appId} ${k.replaces}`));
  return a.retirable.length > NAMED ? tn('resNamedAndMore', a.retirable.length - NAMED, names) : names;
};

/** How many old keys are gone, how many could not be, and when the person confirmed. */
function retired(rot: NonNullable<JobResults['rotation']>): string {
  const failed = tn('resOldKeyCount', rot.failed);
  const on = rot.confirmedAt && new Date(rot.confirmedAt).toLocaleString();
  if (on) return rot.failed ? tn('resRetiredFailedConfirmed', rot.deleted, failed, on) : tn('resRetiredConfirmed', rot.deleted, on);
  return rot.failed ? tn('resRetiredFailed', rot.deleted, failed) : tn('resRetired', rot.deleted);
}

export function RotationSection({ jobId, r, reload }: { jobId: string; r: JobResults; reload: () => void }) {
  const [answer, setAnswer] = useState<RotationRetiring | null>(null);
  const [error, setError] = useState('');
  const rot = r.rotation;
  if (!rot) return null;
  const ended = r.progress.status === 'done' || r.progress.status === 'cancelled';
  const n = rot.deletable;
  const confirm = async () => {
    setError('');
    try {
      setAnswer(await call({ op: 'confirmRotation', jobId }));
      reload();
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <section aria-labelledby="retire-h" data-testid="rotation">
      <h3 id="retire-h">{t('resRetireHeading')}</h3>
      <p>{t('resRetireWarning')}</p>
      {!ended && <p class="hint">{t('resRetireWhenEnded')}</p>}
      <p class="muted">{retired(rot)}</p>
      <div class="row">
        <button type="button" class="danger" disabled={!ended || n === 0} onClick={() => void confirm()}>
          {tn('resDeleteOldKeys', n)}
        </button>
      </div>
      {error && (
        <p class="bad" role="alert">
          {error}
        </p>
      )}
      {answer && (
        <div role="status" data-testid="rotation-answer">
          <p>
            {t('resConfirmed')} {answer.deleting ? tn('resDeleting', answer.deleting, named(answer)) : t('resNoneDeleting')}
            {answer.unknown > 0 && ` ${tn('resUnknownOld', answer.unknown)}`}
          </p>
          {answer.kept.length > 0 && <p class="muted">{tn('resKept', answer.kept.length)}</p>}
        </div>
      )}
    </section>
  );
}
