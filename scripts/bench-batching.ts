/**
 * Bulk creation with several keys in one PostKeys (src/pure/bulk/batching.ts), for `npm run bench`:
 * jobs started on Keysmith's own page, 120 ms added latency, the 15 requests/s limit, against the
 * one-key floor (N / 15 s):
 * - 300 keys when batches of 50 work (the sandbox takes them all or nothing): goal ≤ 0.1 × floor;
 * - 300 keys when batches are refused outright: goal ≤ 1.10 × floor (the probe costs one request);
 * - 5,000 keys when batches work.
 * Each run starts with nothing learned (the options page's Forget), so it includes the probe.
 */
import type { Page } from 'playwright-core';
import type { Launched } from '../sandbox/browsers/chromium.ts';
import { addOrganization, allAppsLoaded, pickRange } from '../sandbox/drive/forms.ts';
import type { Finder } from '../sandbox/drive/types.ts';
import type { FullSandbox } from '../sandbox/full.ts';
import { ORG_ID } from '../sandbox/state.ts';

type Record = (key: string, measure: string, value: number, unit: string, goal: string, met: boolean | null) => void;

const OPTIONS = 'src/pages/options/index.html';
const RESULTS = 'src/pages/results/index.html';
const BIG = 'batchcorp';

async function forgetLearned(b: Launched): Promise<void> {
  const page = await b.context.newPage();
  await page.goto(b.url(OPTIONS));
  const section = page.getByRole('region', { name: 'Several keys in one request' });
  const forget = section.getByRole('button', { name: 'Forget what was found' });
  await section.getByRole('heading', { name: 'What Keysmith found' }).waitFor();
  if (await forget.count()) {
    await forget.click();
    await section.getByText('Forgotten: the next bulk job tries a batch of two first.').waitFor();
  }
  await page.close();
}

/** An organization of `n` apps (batchcorp/b-0001…), once. */
function bigOrg(sb: FullSandbox, n: number): void {
  if (sb.sandbox.users.has(BIG)) return;
  const org = sb.sandbox.users.get(ORG_ID)!;
  sb.sandbox.users.set(BIG, { ...org, id: BIG, companyName: 'Batch Corp' });
  const template = sb.sandbox.appsOf(ORG_ID)[0]!;
  for (let i = 1; i <= n; i++) {
    const id = `b-${String(i).padStart(4, '0')}`;
    sb.sandbox.apps.set(`${BIG}/${id}`, { ...template, id, userId: BIG, name: `Tenant ${i}`, starredBy: new Set() });
  }
}

/** Starts a job of `n` keys on Keysmith's page and waits for its end; seconds from Create to Finished. */
async function job(b: Launched, sb: FullSandbox, n: number, marker: string): Promise<{ seconds: number; created: number; duplicates: number; posts: number }> {
  const page: Page = await b.context.newPage();
  await page.goto(b.url(RESULTS));
  await page.getByRole('combobox', { name: 'Scope preset' }).selectOption({ label: 'Predict only' });
  const picker = page as unknown as Finder;
  await addOrganization(picker, BIG);
  if (n === 5000) {
    await page.getByRole('searchbox', { name: 'Filter apps' }).fill(BIG);
    await page.getByRole('checkbox', { name: 'b-0001', exact: true }).waitFor({ timeout: 60_000 });
    await allAppsLoaded(picker);
    await page.getByRole('checkbox', { name: 'Select all' }).click(); // a controlled box: its state follows the re-render
    const said = page.getByTestId('ks-selected');
    await said
      .filter({ hasText: /^5000 of / })
      .waitFor({ timeout: 60_000 })
      .catch(async (e: unknown) => {
        throw new Error(`5,000 apps were not selected: the picker says “${await said.textContent({ timeout: 1000 })}”`, { cause: e });
      });
  } else {
    await pickRange(picker, { filter: 'b-0', from: 'b-0001', to: `b-${String(n).padStart(4, '0')}`, selected: n, timeout: 60_000 });
  }
  await page.getByRole('textbox', { name: 'Description' }).fill(`{app_id} ${marker}`);
  const from = sb.sandbox.log.length;
  const t0 = Date.now();
  await page.getByRole('button', { name: `Create ${n} keys` }).click();
  await page
    .getByTestId('ks-job-status')
    .filter({ hasText: /^Finished/ })
    .waitFor({ timeout: 900_000 });
  const seconds = (Date.now() - t0) / 1000;
  await page.close();
  const perApp = new Map<string, number>();
  for (const k of sb.sandbox.keys.values()) if (k.description.includes(marker)) perApp.set(k.apps[0]!.id, (perApp.get(k.apps[0]!.id) ?? 0) + 1);
  const posts = sb.sandbox.log.slice(from).filter((e) => e.rpc === 'PostKeys' && e.auth !== 'session').length;
  return { seconds, created: perApp.size, duplicates: [...perApp.values()].reduce((a, c) => a + c - 1, 0), posts };
}

export async function benchBatching(b: Launched, sb: FullSandbox, record: Record): Promise<void> {
  bigOrg(sb, 5000);
  const runs = [
    { key: 'batch_300', n: 300, multi: 'atomic', label: '300 keys, batches work', goal: 0.1 },
    { key: 'batch_300_refused', n: 300, multi: 'single', label: '300 keys, batches refused', goal: 1.1 },
    { key: 'batch_5000', n: 5000, multi: 'atomic', label: '5,000 keys, batches work', goal: null },
  ] as const;
  for (const r of runs) {
    await forgetLearned(b);
    sb.sandbox.setSwitches({ postKeysMulti: r.multi });
    sb.sandbox.setFaults({ latencyMs: 120 });
    try {
      const got = await job(b, sb, r.n, `${r.key}-${Date.now()}`);
      const floor = r.n / 15;
      const ratio = got.seconds / floor;
      record(`${r.key}_s`, `Batches: ${r.label} (Create to Finished)`, got.seconds, 's', '', null);
      record(
        `${r.key}_ratio`,
        `Batches: ${r.label}, job / one-key floor (${floor.toFixed(1)} s)`,
        ratio,
        '',
        r.goal ? `≤ ${r.goal}` : '',
        r.goal ? ratio <= r.goal : null,
      );
      record(`${r.key}_requests`, `Batches: ${r.label}, PostKeys requests`, got.posts, '', '', null);
      record(`${r.key}_duplicates`, `Batches: ${r.label}, duplicate keys`, got.duplicates, '', '0', got.duplicates === 0);
      record(`${r.key}_created`, `Batches: ${r.label}, apps with a key`, got.created, `of ${r.n}`, `${r.n}`, got.created === r.n);
    } finally {
      sb.sandbox.calm();
    }
  }
  await forgetLearned(b);
}
