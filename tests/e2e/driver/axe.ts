/**
 * axe-core for the end-to-end scenarios: its version pinned in package.json, the rules those of
 * WCAG 2.0, 2.1 and 2.2 at levels A and AA. No violation of serious or critical impact may be
 * found; moderate and minor ones are printed, so that they are seen, but do not fail the run.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect } from 'vitest';
import type { Driver, DriverPage } from './index.ts';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

interface Found {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** axe's violations on `page`, within `include` (a selector; the whole page when absent). */
export async function audit(d: Driver, page: DriverPage, include?: string): Promise<Found[]> {
  await d.runScript(page, AXE);
  return page.evaluate(
    async ({ tags, include }) => {
      const axe = (window as unknown as { axe: { run: (ctx: unknown, o: unknown) => Promise<{ violations: unknown[] }> } }).axe;
      // The panel lives in an open shadow root: axe reaches into it with a shadow-piercing selector.
      const context = include ? { include: [[include]] } : document;
      const r = await axe.run(context, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return (r.violations as { id: string; impact: string | null; help: string; nodes: { target: unknown[]; failureSummary?: string }[] }[]).map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        // Where, and axe's own words on why (for contrast: the two colours and the ratio).
        nodes: v.nodes.slice(0, 5).map((n) => `${JSON.stringify(n.target)} (${(n.failureSummary ?? '').replace(/\s+/g, ' ').trim()})`),
      }));
    },
    { tags: TAGS, include },
  );
}

export function judge(where: string, found: Found[]): void {
  const minor = found.filter((v) => v.impact !== 'serious' && v.impact !== 'critical');
  if (minor.length) console.log(`axe, ${where}: ${minor.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.join(' ')}`).join('; ')}`);
  const serious = found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    serious.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.join(' ')}`),
    `serious or critical violations on ${where}`,
  ).toEqual([]);
}
