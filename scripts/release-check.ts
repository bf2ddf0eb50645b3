/**
 * The checks `npm run release` (./release.ts) makes on what it is about to publish, as pure
 * functions so that a unit test can show what each one refuses.
 */

/** What a store package may never hold: source maps, tests, the sandbox, TypeScript sources, dotfiles. */
const FORBIDDEN_ENTRY: [RegExp, string][] = [
  [/\.map$/, 'a source map'],
  [/(^|\/)tests?\//, 'test code'],
  [/\.test\.[jt]sx?$/, 'test code'],
  [/(^|\/)sandbox\//, 'sandbox code'],
  [/\.tsx?$/, 'a TypeScript source'],
  [/(^|\/)\./, 'a dotfile or dot-folder'],
  [/(^|\/)node_modules\//, 'node_modules'],
];

/** Why the entries of a store package are not fit to publish (nothing: fit). */
export function packageProblems(name: string, entries: readonly string[]): string[] {
  const out: string[] = [];
  if (!entries.includes('manifest.json')) out.push(`${name} has no manifest.json at its root`);
  for (const e of entries)
    for (const [re, what] of FORBIDDEN_ENTRY)
      if (re.test(e)) {
        out.push(`${name} holds ${what}: ${e}`);
        break;
      }
  return out;
}

export interface LintMessage {
  code: string;
  file?: string;
  line?: number;
  column?: number;
  message: string;
}

/**
 * Warnings web-ext reports in a library Keysmith bundles, not in its own code: Preact's renderer
 * assigns `innerHTML = props.dangerouslySetInnerHTML.__html`, an attribute Keysmith never uses (an
 * eslint rule forbids it and any `innerHTML` assignment in src/). Preact is bundled into several
 * files (the pages' runtime chunk and the content script), so the warning is told by the code it
 * points at, not by its file. Anything else is Keysmith's and fails the release.
 */
const LIBRARY_WARNINGS: { code: string; code_at: RegExp }[] = [{ code: 'UNSAFE_VAR_ASSIGNMENT', code_at: /^\w+\.innerHTML=\w+\.__html\b/ }];

/** `sourceAt(file, line, column)`: the built code from where a warning points, or '' if unknown. */
export function ourLintProblems(report: { errors: LintMessage[]; warnings: LintMessage[] }, sourceAt: (m: LintMessage) => string): string[] {
  const ours = report.warnings.filter((w) => !LIBRARY_WARNINGS.some((l) => l.code === w.code && l.code_at.test(sourceAt(w))));
  return [...report.errors, ...ours].map((m) => `web-ext lint: ${m.code} ${m.file ?? ''}: ${m.message}`);
}

/** Files that differ between two builds (by content hash), or are in one only. */
export function differences(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): string[] {
  const names = new Set([...a.keys(), ...b.keys()]);
  return [...names].filter((n) => a.get(n) !== b.get(n)).sort();
}
