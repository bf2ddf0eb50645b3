/**
 * Makes sure Debian's Chromium is there for the end-to-end tests and `npm start`. As root it installs
 * it through apt (CI and fresh machines); otherwise it says exactly what to install.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const CHROMIUM = process.env.KEYSMITH_CHROMIUM ?? '/usr/bin/chromium';
export const FIREFOX = process.env.KEYSMITH_FIREFOX ?? '/usr/lib/firefox-esr/firefox-esr';

/** The browser at `path`, installed from Debian's package `pkg` when missing and running as root. */
function ensure(path: string, pkg: string, name: string, envVar: string): string {
  if (existsSync(path)) return path;
  if (process.getuid?.() === 0) {
    console.log(`${name} is missing: installing Debian’s ${pkg} package (apt-get)…`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', pkg], { stdio: 'inherit', env });
    if (existsSync(path)) return path;
  }
  console.error(
    `Keysmith's browser tests need Debian's ${name} at ${path}.\n` +
      `Install it with:  sudo apt-get update && sudo apt-get install -y ${pkg}\n` +
      `(or point ${envVar} at another build).`,
  );
  process.exit(1);
}

export const ensureChromium = () => ensure(CHROMIUM, 'chromium', 'Chromium', 'KEYSMITH_CHROMIUM');
export const ensureFirefox = () => ensure(FIREFOX, 'firefox-esr', 'Firefox ESR', 'KEYSMITH_FIREFOX');

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  ensureChromium();
  if (process.argv.includes('--firefox')) ensureFirefox();
}
