// @ts-check
/**
 * Lint, and the boundaries between trust levels (README: Architecture), as rules that fail the
 * build. A deliberate break is kept as a fixture (tests/lint-fixtures/) and must fail: see
 * tests/unit/lint-boundaries.test.ts.
 */
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Import patterns a folder may not use, each with the reason a person reads when it does. */
const forbid = (...groups) => ({
  '@typescript-eslint/no-restricted-imports': [
    'error',
    { patterns: groups.map(([group, message, allowTypeImports = false]) => ({ group, message, allowTypeImports })) },
  ],
});
const TESTS = [['**/tests/**', '../tests/*', '../../tests/*'], 'Product code, the sandbox and the scripts never import from tests/.'];
const SANDBOX = [
  ['**/sandbox/**', '../sandbox/*', '../../sandbox/*'],
  'The extension never imports the sandbox (the fake Clarifai): it is for tests, npm start and the benchmarks.',
];
const PRIVILEGED = [
  ['**/privileged/**', './privileged/*'],
  'Only the service worker holds the PAT: code outside src/privileged/ asks it through src/messaging/.',
];
const UNTRUSTED = [['**/untrusted/**'], 'src/untrusted/ is the content script: nothing else imports it.'];
const CONTENT_SIZE = [
  ['valibot', 'valibot/*', 'webextension-polyfill', '**/pure/protocol', '**/pure/protocol/**', '**/pages/**'],
  'The content script (src/untrusted/ and the src/ui/ and src/messaging/ it bundles) loads on every portal page: no schema library, no polyfill, nothing of the extension pages, and only types from src/pure/protocol/.',
  true,
];
const PORTAL_DOM = [
  ['**/portal-dom/*', '!**/portal-dom/index.ts'],
  "All knowledge of the portal's DOM is one module: the rest of src/untrusted/ imports it through portal-dom/index.ts only.",
];
const EXTENSION = [
  ['webextension-polyfill', 'preact', 'preact/*', '**/privileged/**', '**/untrusted/**', '**/pages/**', '**/ui/**', '**/messaging/**'],
  'src/pure/ is pure: no extension API, no DOM, no UI, nothing of the other folders.',
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'protos/**', 'tests/lint-fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // A leading underscore says "deliberately unused" (a rest sibling left out, a required parameter).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true, caughtErrors: 'none' },
      ],
      // `want ? next.add(k) : next.delete(k)` is how the pickers toggle a selection.
      '@typescript-eslint/no-unused-expressions': ['error', { allowTernary: true, allowShortCircuit: true }],
    },
  },
  // --- the boundaries (README: Architecture) ---
  {
    files: ['src/**'],
    rules: {
      ...forbid(TESTS, SANDBOX),
      'no-restricted-syntax': [
        'error',
        { selector: 'ImportExpression', message: 'No dynamic import: the boundaries are checked on static imports, and the content script must be one file.' },
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML'], AssignmentExpression > MemberExpression.left[property.name=/^(inner|outer)HTML$/]",
          message: 'No markup from strings: text the API or a page gives is rendered as text (the release accepts web-ext warnings only from Preact itself).',
        },
      ],
    },
  },
  { files: ['scripts/**', 'sandbox/**'], rules: forbid(TESTS) },
  { files: ['src/privileged/**'], rules: forbid(TESTS, SANDBOX, UNTRUSTED) },
  { files: ['src/untrusted/**', 'src/ui/**', 'src/messaging/**'], rules: forbid(TESTS, SANDBOX, PRIVILEGED, CONTENT_SIZE) },
  { files: ['src/untrusted/**'], ignores: ['src/untrusted/portal-dom/**'], rules: forbid(TESTS, SANDBOX, PRIVILEGED, CONTENT_SIZE, PORTAL_DOM) },
  { files: ['src/pages/**'], rules: forbid(TESTS, SANDBOX, PRIVILEGED, UNTRUSTED) },
  { files: ['src/ui/**', 'src/messaging/**'], rules: forbid(TESTS, SANDBOX, PRIVILEGED, UNTRUSTED, CONTENT_SIZE) },
  {
    // The pages, the shared UI and the content script reach the worker only through src/messaging/call.ts.
    files: ['src/pages/**', 'src/ui/**', 'src/untrusted/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          property: 'sendMessage',
          message: 'Ask the worker through call() in src/messaging/call.ts: it types the answer and turns a refusal into a WorkerError.',
        },
      ],
    },
  },
  {
    // The text lookup every folder shares (pure code too): a read of the package's own messages files.
    files: ['src/i18n/**'],
    rules: forbid(TESTS, SANDBOX, [
      ['**/privileged/**', '**/untrusted/**', '**/pages/**', '**/ui/**', '**/messaging/**', '**/pure/**', 'webextension-polyfill', 'preact', 'preact/*'],
      'src/i18n/ is the message lookup every folder imports: it imports nothing of them.',
    ]),
  },
  {
    files: ['src/pure/**'],
    rules: {
      ...forbid(TESTS, SANDBOX, EXTENSION),
      'no-restricted-globals': [
        'error',
        ...['chrome', 'browser', 'document', 'window', 'localStorage', 'sessionStorage', 'navigator'].map((name) => ({
          name,
          message: 'src/pure/ is pure: the extension APIs and the DOM are reached from src/privileged/ or src/untrusted/.',
        })),
      ],
    },
  },
);
