import { useRef } from 'preact/hooks';
import { milestone } from '../../pure/bulk/announce.ts';
import type { JobProgress } from '../../pure/protocol/jobs.ts';
import { t, tn, type MessageId } from '../../i18n/i18n.ts';

/** A status other than running, which the sentence names first ("Finished: …"). */
type Said = Exclude<JobProgress['status'], 'running'>;

const STATUS = {
  paused: 'jobStatusPaused',
  cancelling: 'jobStatusCancelling',
  cancelled: 'jobStatusCancelled',
  done: 'jobStatusDone',
  interrupted: 'jobStatusInterrupted',
} as const satisfies Record<Said, MessageId>;

/** The sentence for `p`: "120 of 300 keys made.", "Finished: 298 of 300 keys made, 2 failed." */
export function announcement(p: Pick<JobProgress, 'status' | 'total' | 'created' | 'failed'>): string {
  const counts = p.failed ? tn('resAnnounceFailed', p.total, p.created, p.failed) : tn('resAnnounce', p.total, p.created);
  return p.status === 'running' ? counts : t(STATUS[p.status], counts);
}

/**
 * The sentence the results page's polite live region holds: it changes only at a new milestone
 * (../../pure/bulk/announce.ts), so a screen reader hears the status and each tenth of the keys.
 */
export function useAnnouncement(p: JobProgress | undefined): string {
  const last = useRef<{ at: string; text: string } | undefined>(undefined);
  if (!p) return last.current?.text ?? '';
  const at = milestone(p);
  if (last.current?.at !== at) last.current = { at, text: announcement(p) };
  return last.current.text;
}
