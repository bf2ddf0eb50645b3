/**
 * Pins what the extension may do. A change to a permission, a host, a match pattern, the CSP or
 * the web-accessible resources must change this test too, on purpose.
 */
import { describe, expect, it } from 'vitest';
import manifest from '../../manifest.json' with { type: 'json' };
import pkg from '../../package.json' with { type: 'json' };

describe('manifest.json', () => {
  it('asks for storage and alarms only', () => {
    expect(manifest.permissions).toEqual(['storage', 'alarms']);
  });

  it('reaches only Clarifai’s API host, and another https host only if the user grants it', () => {
    expect(manifest.host_permissions).toEqual(['https://api.clarifai.com/*']);
    expect(manifest.optional_host_permissions).toEqual(['https://*/*']);
  });

  it('runs its one content script on the two portal hosts, top frame only', () => {
    expect(manifest.content_scripts).toEqual([
      { matches: ['https://clarifai.com/*', 'https://portal.clarifai.com/*'], js: ['src/untrusted/content.ts'], run_at: 'document_idle', all_frames: false },
    ]);
  });

  it('lets no web page talk to it or load its files', () => {
    const m = manifest as Record<string, unknown>;
    expect(m.externally_connectable).toBeUndefined();
    expect(m.web_accessible_resources).toBeUndefined();
  });

  it('allows only its own scripts on its pages', () => {
    expect(manifest.content_security_policy).toEqual({
      extension_pages: "script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    });
  });

  it('has a module service worker', () => {
    expect(manifest.background).toEqual({ service_worker: 'src/privileged/service-worker.ts', type: 'module' });
    expect(manifest.manifest_version).toBe(3);
  });
});

describe('the Firefox manifest', () => {
  it('runs the background as an event page, has a fixed gecko id and declares that nothing is collected', async () => {
    const { forFirefox, GECKO_ID } = await import('../../vite.config.ts');
    const ff = forFirefox(manifest as never) as Record<string, unknown>;
    expect(ff.background).toEqual({ scripts: ['src/privileged/service-worker.ts'], type: 'module' });
    expect(ff.browser_specific_settings).toEqual({
      gecko: { id: GECKO_ID, strict_min_version: '142.0', data_collection_permissions: { required: ['none'] } },
    });
    // Everything else is the same manifest, with the package's version.
    const { background: _a, browser_specific_settings: _b, version, ...rest } = ff;
    const { background: _c, version: _d, ...chrome } = manifest;
    expect(rest).toEqual(chrome);
    expect(version).toBe(pkg.version);
  });
});

describe('the Chrome manifest', () => {
  it('has the package’s version and names the oldest Chrome the code runs in', async () => {
    const { forChrome } = await import('../../vite.config.ts');
    const c = forChrome(manifest as never);
    expect(c.version).toBe(pkg.version);
    expect(c.minimum_chrome_version).toBe('120');
    const { version: _a, minimum_chrome_version: _b, ...rest } = c;
    const { version: _c, ...base } = manifest;
    expect(rest).toEqual(base);
  });
});
