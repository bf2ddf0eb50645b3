/**
 * A rotation's second phase on the results page: "Delete the old keys", only once the person says
 * the new keys are in place. The worker answers which old keys may go (only those whose
 * replacement exists) and deletes them; what phase 2 did is shown per row in the table (ResultsTable.tsx).
 */
import { useState } from 'preact/hooks';
import { call, errorText } from '../../messaging/call.ts';
import { plural } from '../../pure/plural.ts';
import type { JobResults, RotationRetiring } from '../../pure/protocol/jobs.ts';

const NAMED = 10;
const named = (a: RotationRetiring) =>
  a.retirable
    .slice(0, NAMED)
    .map((k) => `${k.owner}/${k.appId} ${k.replaces}`)
    .join(', ') + (a.retirable.length > NAMED ? ` and ${a.retirable.length - NAMED} more` : '');

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
      <h3 id="retire-h">Delete the old keys</h3>
      <p>Only when the new keys are in place: the old keys stop working at once.</p>
      {!ended && <p class="hint">Once the job has ended (every replacement made, or the job cancelled), you can delete the old keys here.</p>}
      <p class="muted">
        {plural(rot.deleted, 'old key')} deleted{rot.failed ? `, ${plural(rot.failed, 'old key')} could not be (each row says why)` : ''}
        {rot.confirmedAt ? `; you confirmed the new keys were in place on ${new Date(rot.confirmedAt).toLocaleString()}` : ''}.
      </p>
      <div class="row">
        <button type="button" class="danger" disabled={!ended || n === 0} onClick={() => void confirm()}>
          Delete {plural(n, 'old key')}
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
            Confirmed.{' '}
            {answer.deleting
              ? `Deleting ${plural(answer.deleting, 'old key')} whose replacement was made (${named(answer)}); each row says when its old key is gone.`
              : 'No old key is being deleted here.'}
            {answer.unknown
              ? ` ${plural(answer.unknown, 'old key')} must be deleted from the key inventory: after a browser restart Keysmith no longer holds their ids.`
              : ''}
          </p>
          {answer.kept.length > 0 && (
            <p class="muted">{plural(answer.kept.length, 'old key')} stay: their replacement was not made, or they were deleted already.</p>
          )}
        </div>
      )}
    </section>
  );
}
