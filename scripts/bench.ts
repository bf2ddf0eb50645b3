/**
 * `npm run bench`: measures what users feel, in the production build in Debian's Chromium against the
 * sandbox. Prints a table and writes the same figures, with the machine's facts, to
 * artifacts/benchmarks.json. Not part of `npm test`: speed is measured here, never asserted.
 *
 * 1. Bulk creation of 300 keys, 120 ms added latency, 15 requests/s limit: the extension's job, the
 *    floor the rate limit sets, and a serial baseline (one request after another on a fresh
 *    connection each, as a shell loop of curl does).
 * 2. Dialog to picker: from the dialog entering the DOM to the preset picker being usable (50 times).
 * 3. Cost to the portal: the content script's size, and its main-thread time while the page changes
 *    its DOM for 10 s without a dialog (CPU profile, samples in the content script's file).
 * 4. App picker with 5,000 apps: first render, and time per keystroke of filtering.
 * 5. Service worker cold start to the first API request leaving.
 * 6. Preset to page state, per dialog shape (`?shape=`, the default form and the 2019 modal): from
 *    choosing the largest built-in preset (after a small one) in the picker to the portal's own form
 *    state (`window.__sandboxKeyForm`) holding exactly its scopes (10 times each).
 * 7. The key inventory: 5,000 own keys, an organization of 1,000 apps, filter and sort at 5,000 rows
 *    (./bench-inventory.ts).
 * 8. Several keys in one PostKeys: 300 and 5,000 keys when batches work, 300 when they are refused,
 *    against the one-key floor (./bench-batching.ts).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { cpus, totalmem } from 'node:os';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { addOrganization, pickRange } from '../sandbox/drive/forms.ts';
import type { Finder } from '../sandbox/drive/types.ts';
import { launchWithExtension, savePat, type Launched } from '../sandbox/browsers/chromium.ts';
import { startFullSandbox, type FullSandbox } from '../sandbox/full.ts';
import { DEMO_USER_ID, ORG_ID, SANDBOX_PAT } from '../sandbox/state.ts';
import { DIALOG_SHAPES } from '../sandbox/portal/shapes/index.ts';
import { BUILTIN_PRESETS } from '../src/pure/presets/builtins.ts';
import { benchBatching } from './bench-batching.ts';
import { benchInventory } from './bench-inventory.ts';
import { keystrokeTimes } from './bench-measure.ts';
import { ensureChromium } from './ensure-browser.ts';

type Sb = FullSandbox;
const rows: { measure: string; figure: string; goal: string; met: string }[] = [];
const figures: Record<string, number> = {};

function record(key: string, measure: string, value: number, unit: string, goal: string, met: boolean | null) {
  figures[key] = value;
  rows.push({ measure, figure: `${Number.isInteger(value) ? value : value.toFixed(2)} ${unit}`.trim(), goal, met: met === null ? '' : met ? 'yes' : 'NO' });
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

async function openDialog(b: Launched): Promise<Page> {
  const page = await b.context.newPage();
  await page.goto(`https://clarifai.com/${DEMO_USER_ID}/app-001/settings`);
  await page.getByRole('button', { name: /^create api key$/i }).click();
  await page.getByRole('combobox', { name: 'Scope preset' }).waitFor();
  return page;
}

/** One PostKeys after another, a new TLS connection each, as `for a in …; do curl …; done`. */
function serialPost(port: number, appId: string, description: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ keys: [{ description, scopes: ['Predict'], apps: [{ id: appId, user_id: ORG_ID }] }] });
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: `/v2/users/${ORG_ID}/keys`,
        servername: 'api.clarifai.com',
        rejectUnauthorized: false,
        agent: false,
        headers: {
          Host: 'api.clarifai.com',
          Authorization: `Key ${SANDBOX_PAT}`,
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve());
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function benchBulk(b: Launched, sb: Sb) {
  const N = 300;
  sb.sandbox.setFaults({ latencyMs: 120 });
  const throttledBefore = sb.sandbox.throttledCount();
  const marker = `bench-${Date.now()}`;
  const page = await openDialog(b);
  await page.getByRole('combobox', { name: 'Scope preset' }).selectOption({ label: 'Predict only' });
  await page.getByRole('button', { name: 'Create for several apps' }).click();
  const region = page.getByRole('region', { name: 'Keysmith' });
  // Playwright's locators are the end-to-end driver's Finder (sandbox/drive/types.ts).
  const picker = region as unknown as Finder;
  await addOrganization(picker, ORG_ID);
  await pickRange(picker, { filter: 'acme-', from: 'acme-0001', to: `acme-0${N}`, selected: N, timeout: 60_000 });
  await region.getByRole('textbox', { name: 'Description' }).fill(`{app_id} ${marker}`);
  // From the portal the job is only proposed: it starts with Start on the Keysmith page that opens.
  const [confirm] = await Promise.all([
    b.context.waitForEvent('page', { predicate: (p) => /#confirm=/.test(p.url()) || p.url() === 'about:blank' }),
    region.getByRole('button', { name: `Create ${N} keys` }).click(),
  ]);
  await confirm.waitForURL(/#confirm=/);
  const start = confirm.getByRole('button', { name: 'Start' });
  await start.waitFor();
  const t0 = Date.now();
  await start.click();
  await region
    .getByTestId('ks-job-status')
    .filter({ hasText: /^Finished/ })
    .waitFor({ timeout: 300_000 });
  const job = (Date.now() - t0) / 1000;
  await confirm.close();
  await page.close();
  const keys = [...sb.sandbox.keys.values()].filter((k) => k.description.includes(marker));
  const perApp = new Map<string, number>();
  for (const k of keys) perApp.set(k.apps[0]!.id, (perApp.get(k.apps[0]!.id) ?? 0) + 1);
  const duplicates = [...perApp.values()].reduce((a, n) => a + n - 1, 0);
  const floor = N / 15;

  const s0 = Date.now();
  for (let i = 1; i <= N; i++) await serialPost(sb.port, `acme-${String(1000 + (i % 500)).padStart(4, '0')}`, `serial-${marker}-${i}`);
  const serial = (Date.now() - s0) / 1000;
  sb.sandbox.setFaults({ latencyMs: 0 });

  record('bulk_job_s', `Bulk: ${N} keys, extension job (Start to last result)`, job, 's', '', null);
  record('bulk_floor_s', 'Bulk: floor set by 15 requests/s', floor, 's', '', null);
  record('bulk_ratio_to_floor', 'Bulk: job / floor', job / floor, '', '≤ 1.10', job / floor <= 1.1);
  record('bulk_serial_s', 'Bulk: serial baseline (curl loop)', serial, 's', '', null);
  record('bulk_speedup', 'Bulk: speed-up over serial', serial / job, '×', '', null);
  record('bulk_throttled', 'Bulk: throttle answers received', sb.sandbox.throttledCount() - throttledBefore, '', '', null);
  record('bulk_duplicates', 'Bulk: duplicate keys', duplicates, '', '0', duplicates === 0);
  record('bulk_created', 'Bulk: apps with a key', perApp.size, `of ${N}`, `${N}`, perApp.size === N);
}

async function benchDialog(b: Launched) {
  const page = await b.context.newPage();
  await page.goto(`https://clarifai.com/${DEMO_USER_ID}/app-001/settings`);
  const times: number[] = [];
  for (let i = 0; i < 50; i++) {
    await page.evaluate(() => {
      const w = window as unknown as { __t: { added?: number; ready?: number } };
      w.__t = {};
      new MutationObserver((_r, obs) => {
        if (!w.__t.added && document.querySelector('[role="dialog"]')) w.__t.added = performance.now();
        const ready = document.querySelector('[data-keysmith]')?.shadowRoot?.querySelector('select:not([disabled])');
        if (w.__t.added && ready) {
          w.__t.ready = performance.now();
          obs.disconnect();
        }
      }).observe(document.body, { childList: true, subtree: true, attributes: true });
      // The picker's select is enabled by a render inside the shadow root, which the page observer
      // does not see: poll each frame as well.
      const poll = () => {
        if (!w.__t.ready) {
          const ready = document.querySelector('[data-keysmith]')?.shadowRoot?.querySelector('select:not([disabled])');
          if (w.__t.added && ready) w.__t.ready = performance.now();
          else requestAnimationFrame(poll);
        }
      };
      requestAnimationFrame(poll);
    });
    await page.getByRole('button', { name: /^create api key$/i }).click();
    await page.waitForFunction(() => (window as unknown as { __t: { ready?: number } }).__t.ready !== undefined, null, { timeout: 10_000 });
    const t = await page.evaluate(() => {
      const w = window as unknown as { __t: { added: number; ready: number } };
      return w.__t.ready - w.__t.added;
    });
    times.push(t);
    if (i === 0) record('dialog_picker_first_ms', 'Dialog to usable picker, first opening on a page (asks the worker)', t, 'ms', '', null);
    await page.keyboard.press('Escape');
    await page.locator('[role="dialog"]').waitFor({ state: 'detached' });
  }
  await page.close();
  record('dialog_picker_median_ms', 'Dialog to usable picker, median (50 openings)', pct(times, 50), 'ms', '≤ 16 ms', pct(times, 50) <= 16);
  record('dialog_picker_p95_ms', 'Dialog to usable picker, 95th percentile', pct(times, 95), 'ms', '', null);
}

async function benchPortalCost(b: Launched) {
  const file = 'dist/chrome/src/untrusted/content.js';
  const raw = readFileSync(file);
  record('content_raw_kb', 'Content script size, raw', raw.length / 1024, 'KB', '', null);
  record('content_gzip_kb', 'Content script size, gzip', gzipSync(raw).length / 1024, 'KB', '≤ 20 KB', gzipSync(raw).length / 1024 <= 20);

  const page = await b.context.newPage();
  await page.goto(`https://clarifai.com/${DEMO_USER_ID}/app-001/settings`);
  const cdp = await b.context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  const ms = 10_000;
  await page.evaluate((duration) => {
    // A busy single-page app: rows added, changed and removed every frame, no dialog.
    return new Promise<void>((resolve) => {
      const host = document.createElement('div');
      document.body.append(host);
      const end = performance.now() + duration;
      let n = 0;
      const step = () => {
        for (let i = 0; i < 20; i++) {
          const row = document.createElement('div');
          row.innerHTML = `<span>row ${n++}</span><button>Edit</button>`;
          host.append(row);
        }
        while (host.childElementCount > 200) host.firstElementChild!.remove();
        (host.lastElementChild as HTMLElement).setAttribute('data-n', String(n));
        if (performance.now() < end) requestAnimationFrame(step);
        else resolve();
      };
      requestAnimationFrame(step);
    });
  }, ms);
  const { profile } = await cdp.send('Profiler.stop');
  const interval = (profile.endTime - profile.startTime) / profile.samples!.length / 1000; // ms per sample
  const ours = new Set(profile.nodes.filter((nd) => nd.callFrame.url.includes('/src/untrusted/content.js')).map((nd) => nd.id));
  const samples = profile.samples!.filter((id) => ours.has(id)).length;
  const spent = samples * interval;
  await page.close();
  record('portal_main_thread_ms', 'Content script main-thread time over 10 s of DOM churn', spent, 'ms', '< 100 ms (1%)', spent < 100);
  record('portal_main_thread_pct', 'Content script share of that time', (spent / ms) * 100, '%', '< 1%', spent / ms < 0.01);
}

async function benchPicker(b: Launched, sb: Sb) {
  const BIG = 'bigcorp';
  const org = sb.sandbox.users.get(ORG_ID)!;
  sb.sandbox.users.set(BIG, { ...org, id: BIG, companyName: 'Big Corp' });
  const template = sb.sandbox.appsOf(ORG_ID)[0]!;
  for (let i = 1; i <= 5000; i++) {
    const id = `big-${String(i).padStart(4, '0')}`;
    sb.sandbox.apps.set(`${BIG}/${id}`, { ...template, id, userId: BIG, name: `Customer ${i} ${i % 7 === 0 ? 'retail' : 'media'}`, starredBy: new Set() });
  }
  const page = await openDialog(b);
  await page.getByRole('button', { name: 'Create for several apps' }).click();
  const region = page.getByRole('region', { name: 'Keysmith' });
  await region.getByRole('textbox', { name: 'Organization id' }).fill(BIG);
  const t0 = Date.now();
  await region.getByRole('button', { name: 'Add organization' }).click();
  await region
    .getByTestId('ks-selected')
    .filter({ hasText: /of 50\d\d apps/ })
    .waitFor({ timeout: 60_000 });
  await region.getByRole('checkbox', { name: 'big-0001', exact: true }).waitFor();
  const first = Date.now() - t0;
  const perKey = await keystrokeTimes(page, { host: '[data-keysmith]', input: 'input[type="search"]' }, 'customer 12 retail');
  await page.close();
  record('picker_first_render_ms', 'App picker, 5,000 apps: click to first render (incl. 5 API pages)', first, 'ms', '', null);
  record('picker_keystroke_median_ms', 'App picker, 5,000 apps: per keystroke, median', pct(perKey, 50), 'ms', '≤ 16 ms', pct(perKey, 50) <= 16);
  record('picker_keystroke_max_ms', 'App picker, 5,000 apps: per keystroke, worst', Math.max(...perKey), 'ms', '', null);
}

async function benchColdStart(b: Launched, sb: Sb) {
  const times: number[] = [];
  const page = await b.context.newPage();
  await page.goto(b.url('src/pages/popup/index.html'));
  const cdp = await b.context.newCDPSession(page);
  let versionId = '';
  let status = '';
  cdp.on('ServiceWorker.workerVersionUpdated', (e) => {
    for (const v of e.versions) if (v.scriptURL.includes(b.extensionId)) [versionId, status] = [v.versionId, v.runningStatus];
  });
  await cdp.send('ServiceWorker.enable');
  for (let i = 0; i < 10; i++) {
    while (!versionId) await new Promise((r) => setTimeout(r, 20));
    await cdp.send('ServiceWorker.stopWorker', { versionId });
    while (status !== 'stopped') await new Promise((r) => setTimeout(r, 5));
    const before = sb.sandbox.log.length;
    const sent = Date.now();
    await page.evaluate(() =>
      (globalThis as unknown as { chrome: { runtime: { sendMessage(m: object): Promise<unknown> } } }).chrome.runtime.sendMessage({ op: 'listApps' }),
    );
    const first = sb.sandbox.log.slice(before)[0];
    if (first) times.push(first.time - sent);
  }
  await page.close();
  record('sw_cold_start_median_ms', 'Service worker cold start to first API request, median of 10', pct(times, 50), 'ms', '≤ 50 ms', pct(times, 50) <= 50);
}

/** Chooses a preset in the panel's picker from inside the page and waits for the form's state to equal it. */
async function presetToState(page: Page, presetId: string, scopes: readonly string[]): Promise<number> {
  return page.evaluate(
    ({ id, want }) =>
      new Promise<number>((resolve, reject) => {
        const select = document.querySelector('[data-keysmith]')?.shadowRoot?.querySelector<HTMLSelectElement>('select');
        if (!select) return reject(new Error('no picker'));
        const target = JSON.stringify([...want].sort());
        const matches = () =>
          JSON.stringify([...((window as { __sandboxKeyForm?: { scopes: readonly string[] } }).__sandboxKeyForm?.scopes ?? [])].sort()) === target;
        const t0 = performance.now();
        select.value = id;
        select.dispatchEvent(new Event('change', { bubbles: true }));
        const end = t0 + 20_000;
        const poll = () => {
          if (matches()) resolve(performance.now() - t0);
          else if (performance.now() > end) reject(new Error('the form never matched'));
          else setTimeout(poll, 1);
        };
        poll();
      }),
    { id: presetId, want: [...scopes] },
  );
}

async function benchPresetApply(b: Launched) {
  const largest = [...BUILTIN_PRESETS].sort((x, y) => y.scopes.length - x.scopes.length)[0]!;
  const small = BUILTIN_PRESETS.find((p) => p.name === 'Predict only')!;
  const shapes: [string, string][] = [
    ['default', `https://clarifai.com/${DEMO_USER_ID}/app-001/settings`],
    ['2019', 'https://portal.clarifai.com/apps/app-001/details'],
    ...DIALOG_SHAPES.map((s): [string, string] => [s, `https://clarifai.com/${DEMO_USER_ID}/app-001/settings?shape=${s}`]),
  ];
  for (const [shape, url] of shapes) {
    const page = await b.context.newPage();
    await page.goto(url);
    await page
      .getByRole('button', { name: /^create api key$/i })
      .first()
      .click();
    const picker = page.getByRole('combobox', { name: 'Scope preset' });
    await picker.waitFor();
    await page.waitForFunction(() => !document.querySelector('[data-keysmith]')?.shadowRoot?.querySelector('select')?.disabled, null, { timeout: 10_000 });
    const times: number[] = [];
    for (let i = 0; i < 10; i++) {
      await presetToState(page, small.id, small.scopes);
      await page.waitForFunction(() => document.querySelector('[data-keysmith]')?.shadowRoot?.querySelector('select')?.getAttribute('aria-busy') !== 'true');
      times.push(await presetToState(page, largest.id, largest.scopes));
      await page.waitForFunction(() => document.querySelector('[data-keysmith]')?.shadowRoot?.querySelector('select')?.getAttribute('aria-busy') !== 'true');
    }
    // The portal's own share: the same number of clicks made by a page script, each re-finding a box
    // (the re-rendering shape replaces them all on every click), timed around the click alone.
    // Only where every box is one scope and all are shown (no group boxes, sections or BASIC rows).
    const flat = ['rerender', 'mui', 'human', 'aria'].includes(shape);
    const portalMs = !flat
      ? 0
      : await page.evaluate((n) => {
          const boxes = () => [...document.querySelectorAll<HTMLInputElement>('[role="dialog"] input[type="checkbox"], [role="dialog"] [role="checkbox"]')];
          const on = (b: HTMLElement) => (b instanceof HTMLInputElement ? b.checked : b.getAttribute('aria-checked') === 'true');
          let spent = 0;
          for (let i = 0; i < n; i++) {
            const b = boxes().find((x) => !on(x));
            if (!b) break;
            const t = performance.now();
            b.click();
            spent += performance.now() - t;
          }
          for (let i = 0; i < 500; i++) boxes().find(on)?.click();
          return spent;
        }, largest.scopes.length);
    await page.close();
    // The goal of ≤ 150 ms on the re-rendering shape is judged on Keysmith's own share: the fake
    // portal's own 69 re-renders take 190-580 ms on this kind of machine by themselves, and no client
    // can skip them (docs/benchmarks.md says why clicks are not batched into one task).
    const goal = shape === 'rerender' ? '≤ 150 ms' : '';
    record(
      `preset_state_${shape}_median_ms`,
      `Preset to page state, ${shape} dialog (${largest.name}, ${largest.scopes.length} scopes), median`,
      pct(times, 50),
      'ms',
      '',
      null,
    );
    if (flat) {
      record(
        `preset_portal_${shape}_ms`,
        `  of which the ${shape} portal's own ${largest.scopes.length} re-renders (clicks by a page script)`,
        portalMs,
        'ms',
        '',
        null,
      );
      const own = Math.max(0, pct(times, 50) - portalMs);
      record(`preset_keysmith_${shape}_ms`, `  and Keysmith's own share (the rest)`, own, 'ms', goal, goal ? own <= 150 : null);
    }
  }
}

async function main() {
  const chromium = ensureChromium();
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  const sb = await startFullSandbox();
  const b = await launchWithExtension({ sandbox: { port: sb.port, spkiHash: sb.spkiHash } });
  const browserVersion =
    execFileSync(chromium, ['--version'])
      .toString()
      .split('\n')
      .filter((l) => /Chromium/.test(l))[0]
      ?.trim() ?? 'unknown';
  // tsx keeps function names with a `__name` helper that page-side code does not have.
  await b.context.addInitScript({ content: 'globalThis.__name = globalThis.__name || ((f) => f);' });
  try {
    await savePat(b, SANDBOX_PAT);
    const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
    const run = (name: string) => !only.length || only.includes(name);
    if (run('dialog')) await benchDialog(b);
    if (run('presets')) await benchPresetApply(b);
    if (run('portal')) await benchPortalCost(b);
    if (run('picker')) await benchPicker(b, sb);
    if (run('coldstart')) await benchColdStart(b, sb);
    if (run('bulk')) await benchBulk(b, sb);
    if (run('batching')) await benchBatching(b, sb, record);
    if (run('inventory')) await benchInventory(b, sb, record);
  } finally {
    await b.close();
    await sb.close();
  }
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    browser: browserVersion,
    date: new Date().toISOString(),
  };
  const w = Math.max(...rows.map((r) => r.measure.length));
  console.log(`\n${'measure'.padEnd(w)} | figure        | goal         | met`);
  console.log(`${'-'.repeat(w)}-|---------------|--------------|----`);
  for (const r of rows) console.log(`${r.measure.padEnd(w)} | ${r.figure.padEnd(13)} | ${r.goal.padEnd(12)} | ${r.met}`);
  console.log(`\n${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.browser}, Node ${machine.node}`);
  mkdirSync('artifacts', { recursive: true });
  writeFileSync('artifacts/benchmarks.json', JSON.stringify({ machine, figures, rows }, null, 2) + '\n');
  console.log('Figures written to artifacts/benchmarks.json');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
