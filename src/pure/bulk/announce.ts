/**
 * What a screen reader hears of a job's progress on the results page: a polite sentence such as
 * "120 of 300 keys made", said when the job's status changes and at each tenth of its keys, not
 * at every poll (the visible line changes every second; read out each time, it would drown
 * everything else). Pure: the sentence itself is the results page's (useAnnouncement.ts).
 */
import type { JobProgress } from '../protocol/jobs.ts';

type Counts = Pick<JobProgress, 'status' | 'total' | 'created' | 'failed' | 'left'>;

/** Two progresses with the same milestone are announced once: the status, and the tenth of the keys settled. */
export function milestone(p: Counts): string {
  const settled = p.total - p.left;
  const tenth = p.total ? Math.floor((settled * 10) / p.total) : 10;
  return `${p.status}:${tenth}`;
}
