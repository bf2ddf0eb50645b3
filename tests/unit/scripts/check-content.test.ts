/** The build check on the content script (scripts/check-content.ts) catches what it names. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { checkContent, CONTENT_BUDGET_BYTES } from '../../../scripts/check-content.ts';

const dir = mkdtempSync(join(tmpdir(), 'ks-content-'));
const file = (name: string, code: string) => {
  const p = join(dir, name);
  writeFileSync(p, code);
  return p;
};

it('passes a small self-contained script, and names a schema library, the polyfill, a run-time chunk and a size over budget', () => {
  expect(checkContent(file('ok.js', '(function(){console.log(1)})();'))).toEqual([]);
  expect(checkContent(file('valibot.js', 'var s={kind:`schema`,type:`object`,"~standard":{}};'))).toEqual([expect.stringMatching(/schema library/)]);
  expect(checkContent(file('polyfill.js', 'throw new Error("This script should only be loaded in a browser extension.")'))).toEqual([
    expect.stringMatching(/webextension-polyfill/),
  ]);
  expect(checkContent(file('chunk.js', 'import("../assets/x.js")'))).toEqual([expect.stringMatching(/one file/)]);
  expect(checkContent(file('big.js', `var x="${randomBytes(CONTENT_BUDGET_BYTES).toString('base64')}"`))).toEqual([
    expect.stringMatching(/over its 20 KB budget/),
  ]);
  expect(checkContent(join(dir, 'absent.js'))).toEqual([expect.stringMatching(/missing/)]);
});
