/**
 * One manifest (manifest.json), two builds. `vite build` makes the Chrome build in dist/chrome;
 * `vite build --mode firefox` the Firefox build in dist/firefox. Every difference between the two
 * is in `forFirefox` below.
 */
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import manifest from './manifest.json' with { type: 'json' };

export const GECKO_ID = 'keysmith@keysmith-clarifai.dev';

type Manifest = typeof manifest & Record<string, unknown>;

export function forFirefox(m: Manifest): Record<string, unknown> {
  const { background, ...rest } = m;
  return {
    ...rest,
    // Firefox runs MV3 backgrounds as event pages, not service workers.
    background: { scripts: [background.service_worker], type: 'module' },
    browser_specific_settings: {
      gecko: {
        id: GECKO_ID,
        strict_min_version: '142.0',
        // Keysmith sends nothing anywhere but to Clarifai on the user's behalf.
        data_collection_permissions: { required: ['none'] },
      },
    },
  };
}

export default defineConfig(({ mode }) => {
  const firefox = mode === 'firefox';
  const m = (firefox ? forFirefox(manifest as Manifest) : manifest) as unknown as ManifestV3Export;
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
      // Pages the manifest does not name: Keysmith's jobs and results page, and its key inventory.
      rollupOptions: { input: { results: 'src/pages/results/index.html', inventory: 'src/pages/inventory/index.html' } },
    },
  };
});
