/** Waiting, as the Firefox driver does everywhere: Playwright's locators and pages wait for what they act on. */
export const DEFAULT_TIMEOUT = 30_000;

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `f` until it answers something truthy; errors count as "not yet" (the page may be navigating). */
export async function until<T>(f: () => Promise<T | null | undefined | false>, what: string, ms = DEFAULT_TIMEOUT): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await f();
      if (v) return v;
    } catch (e) {
      last = e; // the page may be navigating
    }
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? ` (${String(last)})` : ''}`);
    await sleep(50);
  }
}
