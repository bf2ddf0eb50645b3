/**
 * `npm start`: builds Keysmith, starts the sandbox (a fake Clarifai API and portal over HTTPS), and
 * opens Chromium with the extension on the sandbox portal, the sandbox user's PAT already saved.
 * With a display, the browser stays open until you close it (or press Ctrl+C). Without one, it runs
 * headless, saves screenshots of the main screens and prints where.
 *
 * `npm start -- --real` opens the real https://clarifai.com with the extension and no sandbox.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { launchWithExtension, OPTIONS_PAGE, savePat, type Launched } from '../sandbox/browsers/chromium.ts';
import { startFullSandbox } from '../sandbox/full.ts';
import { DEMO_USER_ID, SANDBOX_PAT } from '../sandbox/state.ts';
import { ensureChromium } from './ensure-browser.ts';

const real = process.argv.includes('--real');
const headed = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY) && !process.argv.includes('--headless');
const shotsDir = resolve('artifacts/screenshots');
/** Chrome Web Store and addons.mozilla.org both take 1280 × 800. */
const STORE_SHOT = { width: 1280, height: 800 };

function build() {
  console.log('Building the extension (vite build)…');
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
}

async function openOptionsWithPat(b: Launched) {
  await savePat(b, SANDBOX_PAT);
  const page = await b.context.newPage();
  await page.goto(b.url(OPTIONS_PAGE));
  return page;
}

async function screenshots(b: Launched, options: import('playwright-core').Page) {
  mkdirSync(shotsDir, { recursive: true });
  const saved: string[] = [];
  const shot = async (page: import('playwright-core').Page, name: string) => {
    const file = `${shotsDir}/${name}.png`;
    // The stores' screenshot size (docs/store-listing.md); the README's pictures are taken from here too.
    await page.setViewportSize(STORE_SHOT);
    await page.screenshot({ path: file });
    saved.push(file);
  };
  await shot(options, 'options');
  for (const [name, url] of [
    ['dialog-today', `https://clarifai.com/${DEMO_USER_ID}/app-001/settings`],
    ['dialog-2019', 'https://portal.clarifai.com/apps/app-001/details'],
  ] as const) {
    const page = await b.context.newPage();
    await page.goto(url);
    await page
      .getByRole('button', { name: /^create api key$/i })
      .first()
      .click();
    await page
      .getByRole('region', { name: 'Keysmith' })
      .getByText(/\d+ apps/)
      .waitFor({ timeout: 15_000 });
    await page.getByRole('combobox', { name: 'Scope preset' }).selectOption({ label: 'Predict only' });
    await page.getByTestId('ks-match').getByText('Predict only').waitFor();
    await shot(page, name);
    if (name === 'dialog-today') {
      await page.getByRole('button', { name: 'Create for several apps' }).click();
      await page.getByRole('checkbox', { name: 'app-001', exact: true }).click();
      await page.getByRole('checkbox', { name: 'app-004', exact: true }).click({ modifiers: ['Shift'] });
      await page.getByRole('region', { name: 'Keysmith' }).scrollIntoViewIfNeeded();
      await shot(page, 'bulk-form');
    }
  }
  const jobs = await b.context.newPage();
  await jobs.goto(b.url('src/pages/results/index.html'));
  await jobs.getByRole('combobox', { name: 'Scope preset' }).selectOption({ label: 'Predict only' });
  await jobs.getByRole('textbox', { name: 'Description' }).waitFor();
  await shot(jobs, 'jobs-page');
  const inventory = await b.context.newPage();
  await inventory.goto(b.url('src/pages/inventory/index.html'));
  await inventory.getByRole('button', { name: 'Refresh keys' }).click();
  await inventory
    .getByTestId('inventory-status')
    .getByText(/\(as of /)
    .waitFor({ timeout: 30_000 });
  await shot(inventory, 'inventory');
  const least = await b.context.newPage();
  await least.goto(b.url('src/pages/options/index.html#section=least&ticks=Apps%3AGet%2CConcepts%3AGet%2CInputs%3AAdd%2CInputs%3AGet'));
  await least.getByRole('region', { name: 'The dialog’s ticked scopes' }).waitFor();
  await shot(least, 'least-privilege');
  return saved;
}

async function main() {
  ensureChromium();
  build();
  if (real) {
    if (!headed) {
      console.error('`npm start -- --real` needs a display (it opens a real browser window on https://clarifai.com).');
      process.exit(1);
    }
    const b = await launchWithExtension({ headless: false });
    const page = await b.context.newPage();
    await page.goto('https://clarifai.com/');
    await b.context.newPage().then((p) => p.goto(b.url(OPTIONS_PAGE)));
    console.log('Chromium is open on https://clarifai.com with Keysmith. Add your PAT on the options page. Close the window to stop.');
    await new Promise<void>((r) => b.context.on('close', () => r()));
    return;
  }

  const sb = await startFullSandbox();
  const b = await launchWithExtension({ sandbox: { port: sb.port, spkiHash: sb.spkiHash }, headless: !headed });
  const stop = async () => {
    await b.close();
    await sb.close();
  };
  process.on('SIGINT', () => void stop().then(() => process.exit(0)));

  const options = await openOptionsWithPat(b);
  if (!headed) {
    const files = await screenshots(b, options);
    console.log(`No display: ran headless. Screenshots of the main screens:\n${files.map((f) => `  ${f}`).join('\n')}`);
    await stop();
    return;
  }
  const portal = await b.context.newPage();
  await portal.goto(`https://clarifai.com/${DEMO_USER_ID}/app-001/settings`);
  await portal.bringToFront();
  console.log(
    `Keysmith is running against the sandbox (fake api.clarifai.com on 127.0.0.1:${sb.port}).\n` +
      `The sandbox user's PAT is saved. Click "Create API Key" on the portal page to see Keysmith.\n` +
      'Close the browser or press Ctrl+C to stop.',
  );
  await new Promise<void>((r) => b.context.on('close', () => r()));
  await sb.close();
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
