/** Unit tests: pure code in Node, UI code in happy-dom, extension APIs from an in-memory fake. */
import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [preact()],
  resolve: {
    alias: { 'webextension-polyfill': fileURLToPath(new URL('./tests/fakes/browser.ts', import.meta.url)) },
  },
  test: {
    include: ['tests/unit/**/*.test.{ts,tsx}', 'tests/sandbox/**/*.test.{ts,tsx}'],
    environment: 'node',
    // The browser's i18n over the English messages (src/i18n/i18n.ts), for every test.
    setupFiles: ['tests/fakes/i18n.ts'],
    restoreMocks: true,
    // A bound on a hang, not a speed goal: tests against the sandbox run real HTTPS and real jobs, and a
    // 2-core CI machine under load can take several seconds where an idle one takes a fraction.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
