import { useRef } from 'preact/hooks';
import { announcement, milestone } from '../../pure/bulk/announce.ts';
import type { JobProgress } from '../../pure/protocol/jobs.ts';

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
