/**
 * The boundaries between trust levels are lint rules (eslint.config.js), and a break fails: each
 * fixture in tests/lint-fixtures/ is linted as if it lived where its first line says.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function lintAs(fixture: string, path: string): Promise<string[]> {
  const code = readFileSync(join(root, 'tests/lint-fixtures', fixture), 'utf8');
  const [result] = await eslint.lintText(code, { filePath: join(root, path) });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('the boundaries', () => {
  it.each([
    ['untrusted-imports-privileged.ts', 'src/untrusted/fixture.ts', /no-restricted-imports: .*Only the service worker holds the PAT/],
    ['page-imports-privileged.ts', 'src/pages/options/fixture.ts', /no-restricted-imports: .*Only the service worker holds the PAT/],
    ['product-imports-tests.ts', 'src/pure/bulk/fixture.ts', /no-restricted-imports: .*never import from tests/],
    ['product-imports-tests.ts', 'scripts/fixture.ts', /no-restricted-imports: .*never import from tests/],
    ['product-imports-tests.ts', 'sandbox/fixture.ts', /no-restricted-imports: .*never import from tests/],
    ['product-imports-sandbox.ts', 'src/privileged/fixture.ts', /no-restricted-imports: .*never imports the sandbox/],
    ['untrusted-imports-a-page.ts', 'src/untrusted/fixture.ts', /no-restricted-imports: .*nothing of the extension pages/],
    ['privileged-imports-untrusted.ts', 'src/privileged/fixture.ts', /no-restricted-imports: .*nothing else imports it/],
    ['untrusted-imports-portal-dom-inside.ts', 'src/untrusted/fixture.ts', /no-restricted-imports: .*through portal-dom\/index\.ts only/],
    ['dynamic-import.ts', 'src/ui/fixture.ts', /no-restricted-syntax: No dynamic import/],
    ['page-sends-message.ts', 'src/pages/options/fixture.ts', /no-restricted-properties: .*src\/messaging\/call\.ts/],
    ['page-sends-message.ts', 'src/untrusted/fixture.ts', /no-restricted-properties: .*src\/messaging\/call\.ts/],
  ])(
    '%s fails the lint as %s',
    async (fixture, path, why) => {
      const messages = await lintAs(fixture, path);
      expect(messages).toContainEqual(expect.stringMatching(why));
    },
    30_000,
  );

  it('pure code that imports the polyfill or reads the DOM fails the lint', async () => {
    const messages = await lintAs('pure-touches-the-browser.ts', 'src/pure/fixture.ts');
    expect(messages).toContainEqual(expect.stringMatching(/no-restricted-imports: .*src\/pure\/ is pure/));
    expect(messages).toContainEqual(expect.stringMatching(/no-restricted-globals: .*document/));
  }, 30_000);

  it('the content script importing a value from any file of src/pure/protocol/ fails the lint', async () => {
    const messages = await lintAs('untrusted-imports-protocol-values.ts', 'src/untrusted/fixture.ts');
    expect(messages.filter((m) => /no-restricted-imports: .*only types from src\/pure\/protocol\//.test(m))).toHaveLength(2);
  }, 30_000);

  it('the content script may import the types of src/pure/protocol/', async () => {
    expect(await lintAs('untrusted-imports-protocol-types.ts', 'src/untrusted/fixture.ts')).toEqual([]);
  }, 30_000);
});
