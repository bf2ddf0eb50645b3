/**
 * What a screen reader hears of a job's progress on the results page: a polite sentence such as
 * "120 of 300 keys made", said when the job's status changes and at each tenth of its keys, not
 * at every poll (the visible line changes every second; read out each time, it would drown
 * everything else). Pure.
 */
import type { JobProgress } from '../protocol/jobs.ts';
import { plural } from '../plural.ts';

type Counts = Pick<JobProgress, 'status' | 'total' | 'created' | 'failed' | 'left'>;

const STATUS_WORD: Record<JobProgress['status'], string> = {
  running: '',
  paused: 'Paused: ',
  cancelling: 'Cancelling: ',
  cancelled: 'Cancelled: ',
  done: 'Finished: ',
  interrupted: 'Interrupted: ',
};

/** The sentence for `p`: "Finished: 298 of 300 keys made, 2 failed." */
export function announcement(p: Counts): string {
  const failed = p.failed ? `, ${p.failed} failed` : '';
  return `${STATUS_WORD[p.status]}${p.created} of ${plural(p.total, 'key')} made${failed}.`;
}

/** Two progresses with the same milestone are announced once: the status, and the tenth of the keys settled. */
export function milestone(p: Counts): string {
  const settled = p.total - p.left;
  const tenth = p.total ? Math.floor((settled * 10) / p.total) : 10;
  return `${p.status}:${tenth}`;
}
