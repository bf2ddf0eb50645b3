/** Shared set-up for the end-to-end tests: the sandbox (API + portal) and Chromium with the build. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchWithExtension, OPTIONS_PAGE, savePat as savePatIn, type Launched } from '../sandbox/chromium.ts';
import { startFullSandbox, type FullSandbox } from '../sandbox/full.ts';
import { DEMO_USER_ID } from '../sandbox/state.ts';

export type Sandbox = FullSandbox;

export interface World {
  sb: Sandbox;
  browser: Launched;
  close(): Promise<void>;
}

export async function startWorld(): Promise<World> {
  const sb = await startFullSandbox();
  const browser = await launchWithExtension({ sandbox: { port: sb.port, spkiHash: sb.spkiHash } });
  return {
    sb,
    browser,
    async close() {
      await browser.close();
      await sb.close();
    },
  };
}

export async function openOptions(w: World): Promise<Page> {
  const page = await w.browser.context.newPage();
  await page.goto(w.browser.url(OPTIONS_PAGE));
  return page;
}

/** Types a PAT into the options page and saves it; returns the status text. */
export function savePat(w: World, pat: string): Promise<string> {
  return savePatIn(w.browser, pat);
}

/** Opens an app's settings page in the given era and the create-key dialog; returns the page. */
export async function openCreateDialog(w: World, era: 'today' | '2019', appId = 'app-001'): Promise<Page> {
  const page = await w.browser.context.newPage();
  const url = era === 'today' ? `https://clarifai.com/${DEMO_USER_ID}/${appId}/settings` : `https://portal.clarifai.com/apps/${appId}/details`;
  await page.goto(url);
  await page.getByRole('button', { name: /^create api key$/i }).first().click();
  await page.getByRole('dialog').waitFor();
  return page;
}

/**
 * A browser that can be closed and started again on the same profile (what survives a restart:
 * storage.local, not storage.session), against one sandbox.
 */
export function restartableWorld(name: string) {
  const profileDir = mkdtempSync(join(tmpdir(), `keysmith-${name}-`));
  let sb: Sandbox | undefined;
  let current: Launched | undefined;
  return {
    get sb(): Sandbox {
      return sb!;
    },
    async start() {
      sb = await startFullSandbox();
    },
    /** (Re)starts the browser on the same profile. */
    async launch(): Promise<Launched> {
      current = await launchWithExtension({ sandbox: { port: sb!.port, spkiHash: sb!.spkiHash }, profileDir });
      return current;
    },
    async close() {
      await current?.close();
      await sb?.close();
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}
