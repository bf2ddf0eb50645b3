/**
 * One manifest (manifest.json), two builds. `vite build` makes the Chrome build in dist/chrome;
 * `vite build --mode firefox` the Firefox build in dist/firefox. Every difference between the two
 * is in `forChrome` and `forFirefox` below; the version in both comes from package.json.
 */
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import manifest from './manifest.json' with { type: 'json' };
import pkg from './package.json' with { type: 'json' };

export const GECKO_ID = 'keysmith@keysmith-clarifai.dev';

/**
 * The oldest browsers the code runs in (docs/store-listing.md says why): Chrome 120 is the build's
 * syntax target and has `storage.session` with its 10 MB quota (since 112); Firefox 142 is the
 * build's target and reads `data_collection_permissions` (since 140) and `storage.session` (115).
 */
export const MINIMUM_CHROME_VERSION = '120';
export const MINIMUM_FIREFOX_VERSION = '142.0';

type Manifest = typeof manifest & Record<string, unknown>;

/** The Chrome manifest: the version from package.json, and the oldest Chrome it runs in. */
export function forChrome(m: Manifest): Record<string, unknown> {
  return { ...m, version: pkg.version, minimum_chrome_version: MINIMUM_CHROME_VERSION };
}

export function forFirefox(m: Manifest): Record<string, unknown> {
  const { background, ...rest } = m;
  return {
    ...rest,
    version: pkg.version,
    // Firefox runs MV3 backgrounds as event pages, not service workers.
    background: { scripts: [background.service_worker], type: 'module' },
    browser_specific_settings: {
      gecko: {
        id: GECKO_ID,
        strict_min_version: MINIMUM_FIREFOX_VERSION,
        // Keysmith sends nothing anywhere but to Clarifai on the user's behalf.
        data_collection_permissions: { required: ['none'] },
      },
    },
  };
}

export default defineConfig(({ mode }) => {
  const firefox = mode === 'firefox';
  const m = (firefox ? forFirefox(manifest as Manifest) : forChrome(manifest as Manifest)) as unknown as ManifestV3Export;
  return {
    plugins: [
      preact(),
      crx({
        manifest: m,
        browser: firefox ? 'firefox' : 'chrome',
        // One self-contained file: no web_accessible_resources, nothing a page can probe for.
        contentScripts: { standaloneFiles: ['src/untrusted/content.ts'] },
      }),
    ],
    build: {
      outDir: firefox ? 'dist/firefox' : 'dist/chrome',
      emptyOutDir: true,
      target: firefox ? 'firefox142' : 'chrome120',
      sourcemap: false,
      modulePreload: false,
      // Pages the manifest does not name: Keysmith's jobs and results page, its key inventory, the welcome page.
      rollupOptions: {
        input: { results: 'src/pages/results/index.html', inventory: 'src/pages/inventory/index.html', welcome: 'src/pages/welcome/index.html' },
      },
    },
  };
});
