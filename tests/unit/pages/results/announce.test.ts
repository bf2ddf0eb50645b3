/**
 * What a screen reader hears of a job on the results page: a sentence at each change of status and
 * each tenth of the keys, never at every poll.
 */
import { describe, expect, it } from 'vitest';
import { milestone } from '../../../../src/pure/bulk/announce.ts';
import { announcement } from '../../../../src/pages/results/useAnnouncement.ts';

const at = (created: number, over: { status?: 'running' | 'paused' | 'done' | 'cancelled'; failed?: number; total?: number } = {}) => {
  const total = over.total ?? 300;
  const failed = over.failed ?? 0;
  return { status: over.status ?? ('running' as const), total, created, failed, left: total - created - failed };
};

describe('progress announcements', () => {
  it('says how many keys of how many are made, and the status once it is not running', () => {
    expect(announcement(at(120))).toBe('120 of 300 keys made.');
    expect(announcement(at(298, { status: 'done', failed: 2 }))).toBe('Finished: 298 of 300 keys made, 2 failed.');
    expect(announcement(at(40, { status: 'paused' }))).toBe('Paused: 40 of 300 keys made.');
    expect(announcement(at(1, { status: 'done', total: 1 }))).toBe('Finished: 1 of 1 key made.');
  });

  it('announces each tenth and each change of status, not each key', () => {
    const said = new Set<string>();
    const sentences: string[] = [];
    for (let made = 0; made <= 300; made++) {
      const p = at(made, { status: made === 300 ? 'done' : 'running' });
      if (said.has(milestone(p))) continue;
      said.add(milestone(p));
      sentences.push(announcement(p));
    }
    expect(sentences).toEqual([
      '0 of 300 keys made.',
      ...[30, 60, 90, 120, 150, 180, 210, 240, 270].map((n) => `${n} of 300 keys made.`),
      'Finished: 300 of 300 keys made.',
    ]);
    expect(milestone(at(40, { status: 'paused' }))).not.toBe(milestone(at(40)));
  });
});
