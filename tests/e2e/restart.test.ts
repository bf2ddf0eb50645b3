/**
 * The browser closed in the middle of a bulk job: nothing is lost. After the restart the job is
 * shown as interrupted with what is known, and Recover finds, through the API, every key it made.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { savePat, type Launched } from '../sandbox/chromium.ts';
import { ORG_ID, SANDBOX_PAT } from '../sandbox/state.ts';
import { restartableWorld } from './fixtures.ts';

const world = restartableWorld('restart');
let browser: Launched;
const launch = () => world.launch();

beforeAll(() => world.start());
afterAll(() => world.close());

describe('the browser closed mid-job', () => {
  it('shows the job as interrupted after the restart, and Recover finds every key it created', async () => {
    browser = await launch();
    await savePat(browser, SANDBOX_PAT);
    world.sb.sandbox.setFaults({ latencyMs: 80 });
    const marker = `restart-${Date.now()}`;
    const page = await browser.context.newPage();
    await page.goto(browser.url('src/pages/results/index.html'));
    await page.getByRole('combobox', { name: 'Scope preset' }).selectOption({ label: 'Predict only' });
    await page.getByRole('textbox', { name: 'Organization id' }).fill(ORG_ID);
    await page.getByRole('button', { name: 'Add organization' }).click();
    await page.getByRole('searchbox', { name: 'Filter apps' }).fill('acme-0');
    await page.getByRole('checkbox', { name: 'acme-0101', exact: true }).click();
    await page.getByRole('checkbox', { name: 'acme-0160', exact: true }).click({ modifiers: ['Shift'] });
    await page.getByRole('textbox', { name: 'Description' }).fill(`{app_id} ${marker}`);
    await page.getByRole('button', { name: 'Create 60 keys' }).click();
    const made = () => [...world.sb.sandbox.keys.values()].filter((k) => k.description.includes(marker));
    await expect.poll(() => made().length, { timeout: 20_000, interval: 50 }).toBeGreaterThan(10);
    await browser.close(); // mid-job
    const atClose = made().length;
    expect(atClose).toBeLessThan(60);
    world.sb.sandbox.setFaults({ latencyMs: 0 });

    browser = await launch();
    await savePat(browser, SANDBOX_PAT); // the PAT was in memory only: enter it again
    const jobs = await browser.context.newPage();
    await jobs.goto(browser.url('src/pages/results/index.html'));
    const past = jobs.getByRole('region', { name: 'Past jobs' }).getByRole('listitem').first();
    await past.getByRole('link').click();
    await jobs.getByTestId('results-summary').filter({ hasText: 'interrupted' }).waitFor();
    await jobs.getByRole('button', { name: 'Recover' }).click();
    await jobs.getByTestId('results-summary').filter({ hasText: '(done)' }).waitFor({ timeout: 30_000 });
    const onServer = made();
    const summary = (await jobs.getByTestId('results-summary').textContent()) ?? '';
    expect(summary).toContain(`${onServer.length} created`);
    // Every key that exists on the server is in the results, and nothing else.
    const [download] = await Promise.all([jobs.waitForEvent('download'), jobs.getByRole('button', { name: 'Export JSON' }).click()]);
    const body = JSON.parse(Buffer.concat(await (await download.createReadStream()).toArray()).toString('utf8')) as { keys: { key_id: string | null }[] };
    expect(body.keys.map((k) => k.key_id).filter(Boolean).sort()).toEqual(onServer.map((k) => k.id).sort());
  });
});
