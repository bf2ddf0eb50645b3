/**
 * What `npm run release` refuses to publish: a store zip with source maps, tests, sandbox code,
 * TypeScript sources or dotfiles, or without a manifest; a web-ext warning that is Keysmith's own
 * (only Preact's own `innerHTML` is a library's); a second build that differs from the first.
 */
import { describe, expect, it } from 'vitest';
import { differences, ourLintProblems, packageProblems } from '../../../scripts/release-check.ts';

describe('the release checks', () => {
  it('accepts a clean package and names each thing a package must not hold', () => {
    const clean = ['manifest.json', 'assets/jsxRuntime-B6FAvbwO.js', 'src/untrusted/content.js', 'icons/icon-48.png', 'src/pages/options/index.html'];
    expect(packageProblems('k.zip', clean)).toEqual([]);
    expect(
      packageProblems('k.zip', [
        ...clean,
        'assets/content.js.map',
        'tests/e2e/bulk.test.ts',
        'sandbox/api.js',
        'src/pure/links.ts',
        'src/x.test.js',
        '.DS_Store',
        '.git/config',
        'assets/.cache/x.js',
      ]),
    ).toEqual([
      'k.zip holds a source map: assets/content.js.map',
      'k.zip holds test code: tests/e2e/bulk.test.ts',
      'k.zip holds sandbox code: sandbox/api.js',
      'k.zip holds a TypeScript source: src/pure/links.ts',
      'k.zip holds test code: src/x.test.js',
      'k.zip holds a dotfile or dot-folder: .DS_Store',
      'k.zip holds a dotfile or dot-folder: .git/config',
      'k.zip holds a dotfile or dot-folder: assets/.cache/x.js',
    ]);
    expect(packageProblems('k.zip', ['assets/a.js'])).toEqual(['k.zip has no manifest.json at its root']);
  });

  it('lets through only Preact’s own innerHTML warning, wherever Preact is bundled, and every error', () => {
    const code: Record<string, string> = {
      'assets/jsxRuntime-B6FAvbwO.js': 'x;t.innerHTML=g.__html),n.__k=[]',
      'src/untrusted/content.js': 'y;e.innerHTML=d.__html),t.__k=[]',
      'src/pages/mine.js': 'z;el.innerHTML=name;',
    };
    const at = (m: { file?: string; column?: number }) => (code[m.file ?? ''] ?? '').slice((m.column ?? 1) - 1);
    const warn = (file: string) => ({ code: 'UNSAFE_VAR_ASSIGNMENT', file, line: 1, column: 3, message: 'Unsafe assignment to innerHTML' });
    const error = { code: 'MANIFEST_FIELD_INVALID', file: 'manifest.json', message: 'bad' };
    expect(ourLintProblems({ errors: [], warnings: [warn('assets/jsxRuntime-B6FAvbwO.js'), warn('src/untrusted/content.js')] }, at)).toEqual([]);
    expect(ourLintProblems({ errors: [error], warnings: [warn('src/untrusted/content.js'), warn('src/pages/mine.js')] }, at)).toEqual([
      'web-ext lint: MANIFEST_FIELD_INVALID manifest.json: bad',
      'web-ext lint: UNSAFE_VAR_ASSIGNMENT src/pages/mine.js: Unsafe assignment to innerHTML',
    ]);
  });

  it('names files that differ between two builds or are in one only', () => {
    const a = new Map([
      ['manifest.json', 'h1'],
      ['a.js', 'h2'],
      ['gone.js', 'h3'],
    ]);
    const b = new Map([
      ['manifest.json', 'h1'],
      ['a.js', 'h9'],
      ['new.js', 'h4'],
    ]);
    expect(differences(a, a)).toEqual([]);
    expect(differences(a, b)).toEqual(['a.js', 'gone.js', 'new.js']);
  });
});
