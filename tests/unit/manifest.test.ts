/**
 * Pins what the extension may do. A change to a permission, a host, a match pattern, the CSP or
 * the web-accessible resources must change this test too, on purpose.
 */
import { describe, expect, it } from 'vitest';
import manifest from '../../manifest.json' with { type: 'json' };

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
