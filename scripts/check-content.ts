/**
 * After the build: the content script, which loads on every portal page, stays small and carries
 * no schema library and no polyfill (README: Architecture). Run by `npm test` after `npm run build`;
 * exits non-zero, saying why, when a bundle breaks a rule.
 */
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

/** The content script's budget, gzip. */
export const CONTENT_BUDGET_BYTES = 20 * 1024;

/** What would mean a library crept in: valibot's schema objects, the polyfill's own guard text, a chunk loaded at run time. */
const FORBIDDEN: [RegExp, string][] = [
  [/~standard|kind:[`"']schema[`"']/, 'a schema library (valibot): import only types from src/pure/protocol/'],
  [/only be loaded in a browser extension/, 'webextension-polyfill: src/messaging/call.ts uses the native runtime'],
  [/\bimport\(|\/assets\//, 'a chunk loaded at run time: the content script must be one file'],
];

export function checkContent(file: string): string[] {
  if (!existsSync(file)) return [`${file} is missing: run npm run build first`];
  const code = readFileSync(file, 'utf8');
  const problems = FORBIDDEN.filter(([re]) => re.test(code)).map(([, what]) => `${file} contains ${what}`);
  const gz = gzipSync(code).length;
  if (gz > CONTENT_BUDGET_BYTES) problems.push(`${file} is ${(gz / 1024).toFixed(1)} KB gzip, over its ${CONTENT_BUDGET_BYTES / 1024} KB budget`);
  return problems;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const files = ['dist/chrome/src/untrusted/content.js', 'dist/firefox/src/untrusted/content.js'];
  const problems = files.flatMap(checkContent);
  for (const p of problems) console.error(`check-content: ${p}`);
  if (problems.length) process.exit(1);
  for (const f of files) console.log(`check-content: ${f} ${(gzipSync(readFileSync(f)).length / 1024).toFixed(1)} KB gzip, no schema library, no polyfill`);
}
