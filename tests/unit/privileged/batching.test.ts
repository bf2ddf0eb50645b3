/**
 * What bulk jobs learn of batched PostKeys is kept per API address with its date, bounded, and
 * read back as the next job's starting point; the first job of a browser session probes again;
 * the person's switch and cap come through the options page's operations, checked.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import browser, { resetBrowser } from '../../fakes/browser.ts';
import * as batching from '../../../src/privileged/batching.ts';
import { handlers } from '../../../src/privileged/operations.ts';
import { createRouter } from '../../../src/privileged/router.ts';
import { MAX_BATCH_ADDRESSES } from '../../../src/privileged/storage/items.ts';

const A = 'https://api.clarifai.com';
const B = 'https://clarifai.example.com';

beforeEach(() => resetBrowser());

async function learnOn(address: string, run: (p: NonNullable<Awaited<ReturnType<typeof batching.policyFor>>>) => void) {
  const p = (await batching.policyFor(address))!;
  run(p);
  await batching.remember(address, p);
}

describe('batching, per API address', () => {
  it('keeps what a job learned, with its date, for that address only; a new session probes again, then jumps to it', async () => {
    await learnOn(A, (p) => {
      p.answered(2, false);
      p.answered(8, false);
    });
    const view = await batching.view();
    expect(view.learned).toEqual([{ address: A, learned: { verdict: 'works', size: 8, at: expect.any(Number) } }]);
    expect(Math.abs(view.learned[0]!.learned.at - Date.now())).toBeLessThan(60_000);

    const same = (await batching.policyFor(A))!;
    expect([same.nextSize(), same.isProbing()]).toEqual([8, false]); // this session probed A
    const other = (await batching.policyFor(B))!;
    expect([other.nextSize(), other.isProbing()]).toEqual([2, true]);

    await browser.storage.session.clear(); // a new browser session
    const fresh = (await batching.policyFor(A))!;
    expect([fresh.nextSize(), fresh.isProbing()]).toEqual([2, true]);
    fresh.answered(2, false);
    expect(fresh.nextSize()).toBe(8);
  });

  it('a refusal is kept for good: no probe in later sessions, until the person forgets it', async () => {
    await learnOn(A, (p) => p.refused(2));
    await browser.storage.session.clear();
    expect((await batching.policyFor(A))!.nextSize()).toBe(1);
    await batching.forget();
    expect((await batching.policyFor(A))!.nextSize()).toBe(2);
  });

  it('forgets what it learned after 30 days: the next job probes again', async () => {
    await learnOn(A, (p) => p.refused(2));
    await browser.storage.session.clear();
    const month = 31 * 24 * 3600 * 1000;
    const spy = vi.spyOn(Date, 'now').mockReturnValue(Date.now() + month);
    expect((await batching.policyFor(A))!.isProbing()).toBe(true);
    spy.mockRestore();
  });

  it('a job that never sent a batch (one app) neither learns nor counts as the probe', async () => {
    await learnOn(A, () => {});
    expect((await batching.view()).learned).toEqual([]);
    expect((await batching.policyFor(A))!.isProbing()).toBe(true);
  });

  it('remembers at most MAX_BATCH_ADDRESSES addresses, dropping the oldest learned', async () => {
    for (let i = 0; i < MAX_BATCH_ADDRESSES + 3; i++) await learnOn(`https://api${i}.example.com`, (p) => p.answered(2, false));
    const kept = (await batching.view()).learned.map((e) => e.address);
    expect(kept).toHaveLength(MAX_BATCH_ADDRESSES);
    expect(kept).toContain(`https://api${MAX_BATCH_ADDRESSES + 2}.example.com`);
  });

  it('turned off, a job gets no batching at all; the cap bounds every batch', async () => {
    await handlers.setBatching({ op: 'setBatching', enabled: false, cap: 10 }, { caller: 'page' });
    expect(await batching.policyFor(A)).toBeUndefined();
    await handlers.setBatching({ op: 'setBatching', enabled: true, cap: 3 }, { caller: 'page' });
    const p = (await batching.policyFor(A))!;
    p.answered(2, false);
    expect(p.nextSize()).toBe(3);
  });

  it('the options page may set it; a content script may not, and a cap out of bounds is refused', async () => {
    const self = { id: browser.runtime.id, origin: 'chrome-extension://keysmith-test-id' };
    const route = createRouter(handlers, self);
    const page = { id: self.id, url: `${self.origin}/src/pages/options/index.html`, origin: self.origin, tab: { id: 3 }, frameId: 0 };
    const tab = { id: self.id, url: 'https://clarifai.com/u/a/settings', origin: 'https://clarifai.com', tab: { id: 7 }, frameId: 0 };
    expect(await route({ op: 'setBatching', enabled: true, cap: 20 }, page as never)).toMatchObject({ ok: true, value: { enabled: true, cap: 20 } });
    expect(await route({ op: 'setBatching', enabled: false, cap: 20 }, tab as never)).toMatchObject({ ok: false });
    expect(await route({ op: 'setBatching', enabled: true, cap: 1000 }, page as never)).toMatchObject({ ok: false, error: { kind: 'invalid' } });
    expect((await batching.view()).cap).toBe(20);
  });
});
