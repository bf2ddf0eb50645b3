/**
 * `npm run release`: what goes to the Chrome Web Store and addons.mozilla.org.
 *
 * 0. Type check and lint (eslint, prettier). The tests are not run here: release a commit whose
 *    `npm test` passed (CI runs it on every commit of main).
 * 1. Builds both browsers (`npm run build`: the version from package.json into both manifests, and
 *    the zips `dist/keysmith-{chrome,firefox}-<version>.zip`), and checks the content script's
 *    size and what it holds (`npm run check:content`).
 * 2. Builds both again in place and checks, by each file's SHA-256 before and after, that every file
 *    is byte for byte the same, as an addons.mozilla.org reviewer rebuilding from the source zip must
 *    find (docs/building.md).
 * 3. `web-ext lint` on the Firefox build: no error, and no warning that is Keysmith's own.
 * 4. Checks that neither zip holds source maps, tests, sandbox code or TypeScript sources.
 * 5. Writes the source zip `dist/keysmith-source-<version>.zip` from the committed tree (git
 *    archive), refusing when the tree has uncommitted changes (the zip would not be what was built).
 */
import AdmZip from 'adm-zip';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import pkg from '../package.json' with { type: 'json' };
import { differences, ourLintProblems, packageProblems, type LintMessage } from './release-check.ts';

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { stdio: 'inherit' });
const out = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8' });

function hashes(dir: string): Map<string, string> {
  const m = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else m.set(relative(dir, p), createHash('sha256').update(readFileSync(p)).digest('hex'));
    }
  };
  walk(dir);
  return m;
}

function fail(problems: string[]): never {
  for (const p of problems) console.error(`release: ${p}`);
  process.exit(1);
}

const v = pkg.version;
if (out('git', ['status', '--porcelain']).trim()) fail(['the tree has uncommitted changes: commit them first, so that the source zip is what is built']);

// 0. Types and lint.
run('npm', ['run', '-s', 'typecheck']);
run('npm', ['run', '-s', 'lint']);

// 1. The builds and their zips, and the content script's budget.
run('npm', ['run', '-s', 'build']);
run('npm', ['run', '-s', 'check:content']);
const first = { chrome: hashes('dist/chrome'), firefox: hashes('dist/firefox') };

// 2. Byte for byte again.
run('npx', ['vite', 'build', '--logLevel', 'warn']);
run('npx', ['vite', 'build', '--mode', 'firefox', '--logLevel', 'warn']);
const again = { chrome: hashes('dist/chrome'), firefox: hashes('dist/firefox') };
const drift = [...differences(first.chrome, again.chrome).map((f) => `chrome/${f}`), ...differences(first.firefox, again.firefox).map((f) => `firefox/${f}`)];
if (drift.length) fail([`a second build differs from the first in: ${drift.join(', ')}`]);

// 3. web-ext lint, as addons.mozilla.org runs it.
let report: { errors: LintMessage[]; warnings: LintMessage[] };
try {
  report = JSON.parse(out('npx', ['web-ext', 'lint', '-s', 'dist/firefox', '-o', 'json'])) as typeof report;
} catch (e) {
  const text = (e as { stdout?: string }).stdout ?? '';
  report = text ? (JSON.parse(text) as typeof report) : fail(['web-ext lint did not run']);
}
// web-ext's column is 1-based and points at the assignment's left-hand side.
const lint = ourLintProblems(report, (m) =>
  m.file && m.line && m.column && existsSync(join('dist/firefox', m.file))
    ? (readFileSync(join('dist/firefox', m.file), 'utf8').split('\n')[m.line - 1] ?? '').slice(m.column - 1)
    : '',
);
if (lint.length) fail(lint);

// 4. What the store zips hold.
const zips = [`dist/keysmith-chrome-${v}.zip`, `dist/keysmith-firefox-${v}.zip`];
const packaged = zips.flatMap((z) =>
  existsSync(z)
    ? packageProblems(
        z,
        new AdmZip(z).getEntries().map((e) => e.entryName),
      )
    : [`${z} is missing`],
);
if (packaged.length) fail(packaged);

// 5. The source, for addons.mozilla.org's reviewers.
const source = `dist/keysmith-source-${v}.zip`;
run('git', ['archive', '--format=zip', '-o', source, 'HEAD']);
const sourceEntries = new AdmZip(source).getEntries().map((e) => e.entryName);
if (!sourceEntries.includes('docs/building.md') || !sourceEntries.includes('package-lock.json'))
  fail([`${source} lacks docs/building.md or package-lock.json`]);

console.log(`release ${v}: ${zips.join(', ')} and ${source}`);
console.log(`  both builds reproduced byte for byte (${first.chrome.size} + ${first.firefox.size} files)`);
console.log(`  web-ext lint: 0 errors, ${report.warnings.length} warning(s), none of them Keysmith's own`);
console.log('  the zips hold no source map, test, sandbox code or TypeScript source');
