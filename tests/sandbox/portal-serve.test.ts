/**
 * The fake portal's server side: one HTML shell for every path (a single-page app), the bundle built
 * in memory by vite, a strict CSP, and the session handed over in a JSON element (never a PAT).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPortalHandler, PORTAL_CSP } from '../../sandbox/portal/serve.ts';

let server: http.Server;
let base: string;

beforeAll(async () => {
  const handler = await createPortalHandler({ sessionToken: 'sess-</script><b>x', userId: 'demo-user' });
  server = http.createServer(handler);
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  await new Promise((ok) => server.close(ok));
});

describe('the fake portal server', () => {
  it('answers every app path with the same shell, a strict CSP and the session as inert JSON', async () => {
    const pages = await Promise.all(['/demo-user/app-001/settings', '/apps/app-002/details?era=2019', '/'].map((p) => fetch(base + p)));
    const bodies = await Promise.all(pages.map((r) => r.text()));
    for (const r of pages) {
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(r.headers.get('content-security-policy')).toBe(PORTAL_CSP);
    }
    expect(new Set(bodies).size).toBe(1);
    const html = bodies[0]!;
    expect(PORTAL_CSP).toContain("script-src 'self'");
    expect(PORTAL_CSP).toContain('connect-src https://api.clarifai.com');
    const json = /<script type="application\/json" id="session">([^<]*)<\/script>/.exec(html);
    expect(JSON.parse(json![1]!)).toEqual({ token: 'sess-</script><b>x', userId: 'demo-user' });
    expect(html).not.toMatch(/<script>(?!<)/);
  });

  it('serves the built bundle and its stylesheet', async () => {
    const html = await (await fetch(`${base}/`)).text();
    const js = /<script type="module" src="([^"]+)"/.exec(html)![1]!;
    const css = /<link rel="stylesheet" href="([^"]+)"/.exec(html)![1]!;
    const jsRes = await fetch(base + js);
    expect(jsRes.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const code = await jsRes.text();
    expect(code).toContain('Create an API Key');
    expect(code).toContain('X-Clarifai-Session-Token');
    expect(code).not.toContain('Authorization');
    expect((await fetch(base + css)).headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await fetch(`${base}/static/js/missing.js`)).status).toBe(404);
    expect((await fetch(`${base}/x`, { method: 'POST' })).status).toBe(405);
  });
});
