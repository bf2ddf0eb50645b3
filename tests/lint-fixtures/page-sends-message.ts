// Linted as src/pages/options/fixture.ts and src/untrusted/fixture.ts: must fail.
declare const browser: { runtime: { sendMessage(m: unknown): Promise<unknown> } };

export const ask = () => browser.runtime.sendMessage({ op: 'getSession' });
