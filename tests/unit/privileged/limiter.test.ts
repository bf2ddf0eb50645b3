/**
 * One limiter for every request the worker sends to Clarifai: two jobs, the app listing, Recover,
 * the duplicate sweep and a pause with its resume together never start more than 15 requests in any
 * rolling second (Clarifai's limit per user). Real time: the start of every request is recorded.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { resetBrowser } from '../../fakes/browser.ts';
import * as jobs from '../../../src/privileged/jobs.ts';
import { handlers } from '../../../src/privileged/operations.ts';
import * as vault from '../../../src/privileged/vault.ts';
import { limited } from '../../../src/privileged/limiter.ts';
import { RateWindow } from '../../../src/pure/bulk/limiter.ts';
import { ClarifaiClient } from '../../../src/pure/clarifai/client.ts';
import { apps, fakeApi, PAT } from '../support/jobs-fake-api.ts';
import { densest } from '../support/densest.ts';

const page = { caller: 'page' as const };

beforeEach(async () => {
  resetBrowser();
  vi.unstubAllGlobals();
  jobs.tuning.ratePerSecond = 15;
  await vault.store(PAT, { userId: 'demo', name: 'Demo', scopes: ['All'], verifiedAt: '' });
  await vault.touch();
});

async function status(id: string, want: string) {
  await vi.waitFor(async () => expect((await jobs.progress(id)).status).toBe(want), { timeout: 20_000, interval: 20 });
}

describe('one limiter for the whole worker', () => {
  it('keeps every request it sends, from every caller, under 15 starts in any rolling second, pauses included', async () => {
    const api = fakeApi({
      // Nine pages of apps: a picker listing them while the jobs run.
      respond: (url) => {
        if (!/\/users\/[^/]+\/apps$/.test(url.pathname)) return undefined;
        const p = Number(url.searchParams.get('page'));
        const per = Number(url.searchParams.get('per_page'));
        const n = p < 9 ? per : 3;
        return new Response(JSON.stringify({ status: { code: 10000 }, apps: Array.from({ length: n }, (_, i) => ({ id: `l${p}-${i}`, name: 'x' })) }), {
          status: 200,
        });
      },
    });
    const first = (await jobs.startJob({ op: 'startBulkJob', apps: apps(30), scopes: ['Predict'], template: '{app_id}' })).jobId;
    const listing = handlers.listApps({ op: 'listApps' }, page);
    await new Promise((r) => setTimeout(r, 600));
    await jobs.control(first, 'pause');
    await new Promise((r) => setTimeout(r, 1200)); // the window empties: Resume must not burst past it
    await jobs.control(first, 'resume');
    const second = (await jobs.startJob({ op: 'startBulkJob', apps: apps(12, 'demo'), scopes: ['Predict'], template: 'second {app_id}' })).jobId;
    await Promise.all([status(first, 'done'), status(second, 'done'), listing]);
    // Recover and the sweep run in the background; Delete duplicates acts on what a sweep found.
    await Promise.all([jobs.findDuplicates(first), jobs.findDuplicates(second)]);
    await Promise.all([jobs.checked(first), jobs.checked(second)]);
    await jobs.deleteDuplicates(second);

    const starts = api.requests.map((r) => r.at);
    expect(starts.length).toBeGreaterThan(90);
    expect(densest(starts)).toBeLessThanOrEqual(15);
  }, 30_000);
});

describe('a request’s start', () => {
  it('is counted when the request really leaves: one whose own checks after its turn took a while holds the window that much longer', async () => {
    // The worker's client checks the vault after the turn (src/privileged/api.ts), with storage reads: counted at
    // the turn, a late request and those admitted a window later reached Clarifai less than a second
    // apart, sixteen in a second.
    class Checked extends ClarifaiClient {
      first = true;
      protected override async beforeSend() {
        if (this.first) {
          this.first = false;
          await new Promise((r) => setTimeout(r, 60));
        }
      }
    }
    const sent: number[] = [];
    const client = limited(
      new Checked({ token: 't', fetch: async () => (sent.push(Date.now()), new Response(JSON.stringify({ status: { code: 10000 }, apps: [] }))) }),
    );
    await new Promise((r) => setTimeout(r, 1100)); // the window is empty
    const late = client.listApps('me'); // its turn now, its checks take 60 ms
    await new Promise((r) => setTimeout(r, 80));
    // 14 go at once; the 15th has its turn when the late one's turn is a window old, 940 ms after it left.
    await Promise.all([late, ...Array.from({ length: 15 }, () => client.listApps('me'))]);
    expect(sent).toHaveLength(16);
    expect(densest(sent)).toBeLessThanOrEqual(15);
  });
});

describe('the rolling window', () => {
  function clocked() {
    let t = 0;
    return { now: () => t, sleep: async (ms: number) => void (t += ms) };
  }

  it('admits at most max starts in any window, first come first served, and holds everyone after a throttle', async () => {
    const c = clocked();
    const w = new RateWindow(() => 15, 1000, c);
    const starts: number[] = [];
    const order: number[] = [];
    await Promise.all(Array.from({ length: 40 }, (_, i) => w.take().then(() => (starts.push(c.now()), order.push(i)))));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(densest(starts)).toBe(15);
    const before = c.now();
    w.penalize(300);
    await w.take();
    expect(c.now()).toBeGreaterThanOrEqual(before + 300);
  });
});

describe('a turn taken and not yet used', () => {
  function clocked() {
    let t = 0;
    return { now: () => t, sleep: async (ms: number) => void (t += ms), advance: (ms: number) => void (t += ms) };
  }

  it('holds its place until its request leaves, however late: no sixteenth start in any window of real starts', async () => {
    // A request whose vault check outlasted a window was dropped from the count, then counted
    // again when it left: with fifteen others admitted meanwhile, sixteen left within a second.
    const c = clocked();
    const w = new RateWindow(() => 15, 1000, c);
    const sent: number[] = [];
    const late = await w.takeTicket();
    c.advance(1500); // the late request's checks take 1.5 s
    const others = Promise.all(Array.from({ length: 15 }, () => w.takeTicket().then((leave) => (leave(), sent.push(c.now())))));
    await new Promise((r) => setImmediate(r)); // the others have had their turns, as far as the window lets them
    late();
    sent.push(c.now());
    await others;
    expect(sent).toHaveLength(16);
    expect(densest(sent)).toBeLessThanOrEqual(15);
  });

  it('is given back when its request will not leave, so the next caller need not wait for it', async () => {
    const c = clocked();
    const w = new RateWindow(() => 15, 1000, c);
    const unused = await Promise.all(Array.from({ length: 15 }, () => w.takeTicket()));
    for (const leave of unused) leave(false);
    const before = c.now();
    await w.take();
    expect(c.now() - before).toBeLessThan(1000);
  });
});

describe('the worker’s limiter and the wall clock', () => {
  it('is not held up by a wall clock set back: the next request waits at most one window, not until the clock catches up', async () => {
    // Counted by the wall clock, fifteen starts made while it read an hour ahead stayed "in the
    // window" for an hour once it was set back, and held every request (and the idle-lock tests
    // here, which move Date).
    const { limiter } = await import('../../../src/privileged/limiter.ts');
    await new Promise((r) => setTimeout(r, 1100)); // the window is empty
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 3_600_000);
      for (let i = 0; i < 15; i++) await limiter.take();
      vi.setSystemTime(Date.now() - 3_600_000);
      let through = false;
      const next = limiter.take().then(() => (through = true));
      await vi.waitFor(() => expect(through).toBe(true), { timeout: 3000, interval: 20 });
      await next;
    } finally {
      vi.useRealTimers();
    }
  });
});
