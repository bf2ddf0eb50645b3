/**
 * The typed storage layer: every persisted item declared once, read back through its validator
 * like a message, versioned, and secrets in storage.session only.
 */
import { format, resolveConfig } from 'prettier';
import { readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import * as v from 'valibot';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import browser, { resetBrowser } from '../../fakes/browser.ts';
import { handlers } from '../../../src/privileged/operations.ts';
import { isSyncOn } from '../../../src/privileged/preset-sync.ts';
import * as presets from '../../../src/privileged/presets-store.ts';
import * as settings from '../../../src/privileged/settings.ts';
import { read, write } from '../../../src/privileged/storage/access.ts';
import { STORAGE, storageTable } from '../../../src/privileged/storage/catalogue.ts';
import { family, item, memberParts, type Area } from '../../../src/privileged/storage/declare.ts';
import { ORGS, SETTINGS, VAULT, VAULT_IDLE_MINUTES } from '../../../src/privileged/storage/items.ts';
import { JOB_HISTORY, JOB_ITEM } from '../../../src/privileged/storage/job-items.ts';
import * as vault from '../../../src/privileged/vault.ts';
import { DEMO_USER_ID, SANDBOX_PAT as PAT } from '../../../sandbox/state.ts';
import { workerSandbox, type WorkerSandbox } from '../support/worker-sandbox.ts';

const page = { caller: 'page' as const };
const content = { caller: 'content' as const, tabId: 5 };

let ws: WorkerSandbox;
beforeAll(async () => {
  ws = await workerSandbox();
});
afterAll(() => ws.close());

beforeEach(() => {
  resetBrowser();
  vi.unstubAllGlobals();
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  ws.sb.reset();
  ws.stub();
});

const base = { what: 'test', version: 1, schema: v.number(), default: 0 } as const;

describe('declarations', () => {
  it('refuse a secret anywhere but storage.session, in code', () => {
    expect(() => item({ ...base, area: 'local', key: 't', secret: true })).toThrow(/only storage.session may hold a secret/);
    expect(() => item({ ...base, area: 'sync', key: 't', secret: true })).toThrow(/only storage.session may hold a secret/);
    expect(() => family({ ...base, area: 'local', template: 't:{id}', parts: { id: /\d+/ }, secret: true })).toThrow(/only storage.session/);
    expect(item({ ...base, area: 'session', key: 't', secret: true }).secret).toBe(true);
  });

  it('hold every secret Keysmith keeps in storage.session, and the PAT and key ids are declared secret', () => {
    for (const d of STORAGE) if (d.secret) expect(d.area, d.kind === 'item' ? d.key : d.template).toBe('session');
    expect(VAULT.secret).toBe(true);
    expect(JOB_ITEM.secret).toBe(true);
  });

  it('need a migration for any version after the first', () => {
    expect(() => item({ ...base, area: 'local', key: 't', secret: false, version: 2 })).toThrow(/needs a migration/);
    expect(() => item({ ...base, area: 'local', key: 't', secret: false, version: 0 })).toThrow(/version/);
  });

  it('name each key once', () => {
    const keys = STORAGE.map((d) => `${d.area} ${d.kind === 'item' ? d.key : d.template}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('are listed, all of them and as they are, in docs/security.md', async () => {
    const file = join(__dirname, '../../../docs/security.md');
    const doc = readFileSync(file, 'utf8');
    const between = /<!-- storage-table:begin[^>]*-->\n([\s\S]*?)\n<!-- storage-table:end -->/.exec(doc);
    expect(between, 'docs/security.md has no storage-table markers').not.toBeNull();
    // Out of date? Paste storageTable()'s output (this failure shows it) between the markers, then `npm run format`.
    const formatted = await format(storageTable(), { ...(await resolveConfig(file)), parser: 'markdown' });
    expect(between![1]!.trim()).toBe(formatted.trim());
    for (const d of STORAGE) expect(between![1]).toContain(`\`${d.kind === 'item' ? d.key : d.template}\``);
  });
});

describe('versions', () => {
  const V2 = item({
    area: 'local',
    key: 'test:v2',
    what: 'test',
    secret: false,
    version: 2,
    migrate: (old) => ({ n: Number(old) }),
    schema: v.object({ n: v.number() }),
    default: { n: -1 },
  });

  it('store version 1 bare and later versions tagged, and migrate what an older Keysmith wrote', async () => {
    await browser.storage.local.set({ 'test:v2': '41' }); // version 1: a bare string
    expect(await read(V2)).toEqual({ n: 41 });
    await write(V2, { n: 42 });
    expect(browser.storage.local._dump()['test:v2']).toEqual({ '@v': 2, value: { n: 42 } });
    expect(await read(V2)).toEqual({ n: 42 });
    await write(SETTINGS, { apiBaseUrl: 'https://api.clarifai.com' });
    expect(browser.storage.local._dump().settings).toEqual({ apiBaseUrl: 'https://api.clarifai.com' });
  });

  it('read a value from a later version (another browser’s Keysmith) as the default', async () => {
    await browser.storage.local.set({ 'test:v2': { '@v': 3, value: { n: 7, more: true } } });
    expect(await read(V2)).toEqual({ n: -1 });
  });

  it('refuse to write a value that fails its validator, storing nothing', async () => {
    await expect(write(VAULT_IDLE_MINUTES, 0)).rejects.toThrow(/refused to store an invalid value under vault:idleMinutes/);
    expect(browser.storage.local._dump()).toEqual({});
  });

  it('read a token kept before the address binding as bound to the default address', async () => {
    await browser.storage.session.set({ vault: { pat: PAT, profile: { userId: 'demo', name: 'Demo', scopes: ['All'], verifiedAt: '' } } });
    expect(await vault.current()).toMatchObject({ pat: PAT, apiBaseUrl: 'https://api.clarifai.com' });
    expect((await handlers.getSession({ op: 'getSession' }, page)).hasToken).toBe(true);
  });
});

describe('a corrupt or hostile stored value', () => {
  it.each([
    ['a string', 'soon'],
    ['zero', 0],
    ['negative', -5],
    ['a billion', 1e9],
    ['a fraction', 2.5],
    ['an object', { valueOf: 1 }],
  ])('as the idle time (%s) is the default 30 minutes', async (_n, bad) => {
    await browser.storage.local.set({ 'vault:idleMinutes': bad });
    expect(await vault.idleMinutes()).toBe(30);
    expect((await handlers.getSettings({ op: 'getSettings' }, page)).lockAfterMinutes).toBe(30);
  });

  it.each([
    ['not https', { apiBaseUrl: 'http://evil.test' }],
    ['a script', { apiBaseUrl: 'javascript:alert(1)' }],
    ['with a password', { apiBaseUrl: 'https://u:p@evil.test' }],
    ['not text', { apiBaseUrl: 42 }],
    ['not an object', 'https://evil.test'],
    ['an array', ['https://evil.test']],
  ])('as the settings (%s) is the default address', async (_n, bad) => {
    await browser.storage.local.set({ settings: bad });
    expect(await settings.apiAddress()).toBe('https://api.clarifai.com');
  });

  it('as the remembered token is "nothing remembered", never a crash, and never an hour of PBKDF2', async () => {
    await handlers.setPat({ op: 'setPat', pat: PAT, remember: true, passphrase: 'correct horse' }, page);
    const sealed = browser.storage.local._dump()['vault:sealed'] as Record<string, unknown>;
    for (const bad of [{ ...sealed, iterations: 1e12 }, { ...sealed, iterations: 1 }, { ...sealed, data: 42 }, { ...sealed, kdf: 'none' }, 'sealed', null]) {
      await browser.storage.local.set({ 'vault:sealed': bad });
      browser.storage.session._reset(); // a browser restart
      expect(await handlers.getSession({ op: 'getSession' }, page)).toEqual({ hasToken: false });
      await expect(handlers.unlock({ op: 'unlock', passphrase: 'correct horse' }, page)).rejects.toMatchObject({
        kind: 'no-token',
        message: 'No token is remembered on this device.',
      });
    }
  }, 20_000);

  it('as a sealed copy that opens to something else than a token is forgotten, with a clear message', async () => {
    const { seal } = await import('../../../src/pure/crypto/seal.ts');
    await browser.storage.local.set({ 'vault:sealed': await seal(JSON.stringify({ pat: 'not a token!' }), 'correct horse') });
    await expect(handlers.unlock({ op: 'unlock', passphrase: 'correct horse' }, page)).rejects.toThrow(
      /could not be read, so Keysmith forgot it; paste it again/,
    );
    expect(await vault.isRemembered()).toBe(false);
  }, 20_000);

  it('as the token in memory is "no token"', async () => {
    for (const bad of [{ pat: 'has spaces in it, so it is no PAT' }, { pat: 42 }, 'pat', { pat: PAT, apiBaseUrl: 'javascript:x' }]) {
      await browser.storage.session.set({ vault: bad });
      expect(await vault.getPat()).toBeUndefined();
      await expect(handlers.listApps({ op: 'listApps' }, content)).rejects.toMatchObject({ kind: 'no-token' });
    }
  });

  it('as the last use does not keep a remembered token unlocked', async () => {
    await handlers.setPat({ op: 'setPat', pat: PAT, remember: true, passphrase: 'correct horse' }, page);
    for (const bad of ['now', Date.now() + 3_600_000, -1]) {
      await vault.touch();
      await browser.storage.session.set({ 'vault:lastUse': bad });
      expect(await vault.lockIfIdle()).toBe(true);
      await handlers.unlock({ op: 'unlock', passphrase: 'correct horse' }, page);
    }
  }, 30_000);

  it('in the presets leaves out that preset only, in local storage and in sync', async () => {
    const good = await presets.create({ name: 'Good', scopes: ['Predict'] });
    const local = browser.storage.local._dump().presets as unknown[];
    await browser.storage.local.set({
      presets: [
        ...local,
        { id: 'user:x', name: 42, scopes: ['All'] },
        { id: '../../x', name: 'Path', description: '', scopes: ['All'], updatedAt: '' },
        'junk',
        { ...good, id: 'user:y', scopes: ['Not:AScope'] },
      ],
    });
    expect((await presets.list()).map((p) => p.name)).toEqual(['Good']);
    await browser.storage.local.set({ presets: { not: 'a list' } });
    expect(await presets.list()).toEqual([]);
    expect((await handlers.listPresets({ op: 'listPresets' }, content)).presets.filter((p) => !p.builtIn)).toEqual([]);

    await browser.storage.local.set({ presets: [good] });
    await presets.setSync(true);
    await browser.storage.sync.set({
      'preset:user:bad1': { n: 5, s: 'AA', u: '' },
      'preset:user:bad2': { n: 'Bad', s: '!!!', u: '' },
      'preset:user:bad3': 'x',
      'presets:order': 'nope',
    });
    expect((await presets.list()).map((p) => p.name)).toEqual(['Good']);
  });

  it('in the organizations leaves out the ids that are not ids', async () => {
    await browser.storage.local.set({ orgs: ['acme', '../keys', 42, 'beta-org'] });
    expect(await handlers.listOrgs({ op: 'listOrgs' }, content)).toEqual(['acme', 'beta-org']);
    await browser.storage.local.set({ orgs: 'acme' });
    expect(await handlers.listOrgs({ op: 'listOrgs' }, content)).toEqual([]);
  });

  it('as the sync switch is "off"', async () => {
    await browser.storage.local.set({ presetSync: 'yes' });
    expect(await isSyncOn()).toBe(false);
  });

  it('is never logged, only its key', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await browser.storage.session.set({ vault: { pat: `${PAT} not valid` } });
    await vault.getPat();
    expect(JSON.stringify(warn.mock.calls)).not.toContain(PAT);
  });
});

describe('what Keysmith writes', () => {
  it('is all declared: every key of every area after a day’s use matches a declaration of that area, and reads back valid', async () => {
    const jobs = await import('../../../src/privileged/jobs.ts');
    const apps = (n: number) => Array.from({ length: n }, (_, i) => ({ owner: DEMO_USER_ID, id: `app-${String(i + 1).padStart(3, '0')}` }));
    await handlers.setPat({ op: 'setPat', pat: PAT, remember: true, passphrase: 'correct horse' }, page);
    await handlers.setApiAddress({ op: 'setApiAddress', apiBaseUrl: 'https://api.clarifai.com' }, page);
    await handlers.setLockAfter({ op: 'setLockAfter', minutes: 10 }, page);
    await handlers.setOrgs({ op: 'setOrgs', ids: ['acme'] }, content);
    await presets.create({ name: 'Mine', scopes: ['Predict'] });
    await presets.setSync(true);
    await handlers.proposePreset({ op: 'proposePreset', name: 'Asked', description: '', scopes: ['Predict'] }, content);
    await handlers.listAppsPage({ op: 'listAppsPage', page: 1 }, content);
    // A bulk job, start to end.
    // A look-alike made before the job: its evidence then lists a hash (`prior` is not empty).
    ws.sb.keys.set('e'.repeat(32), {
      id: 'e'.repeat(32),
      type: 'app_specific_key',
      ownerId: DEMO_USER_ID,
      description: 'app-001',
      scopes: ['Predict'],
      endpoints: [],
      apps: [{ id: 'app-001', userId: DEMO_USER_ID }],
      createdAt: ws.sb.now() - 60_000_000,
    });
    const { jobId } = await jobs.startJob({ op: 'startBulkJob', apps: apps(3), scopes: ['Predict'], template: '{app_id}' });
    await vi.waitFor(async () => expect((await jobs.progress(jobId)).status).toBe('done'), { timeout: 5000 });
    const evidence = browser.storage.local._dump()[`job:${jobId}:evidence`] as { items: [unknown, unknown, string[] | null][]; claims: string[] };
    expect(evidence.items[0]![2]).toHaveLength(1);
    expect(evidence.claims).toHaveLength(3);
    // Bulk jobs proposed from the portal page: one waiting, one started from the jobs page.
    await handlers.proposeBulkJob({ op: 'proposeBulkJob', apps: apps(2), scopes: ['Predict'], template: '{app_id}' }, content);
    const { proposalId } = await handlers.proposeBulkJob({ op: 'proposeBulkJob', apps: apps(1), scopes: ['Predict'], template: 'p {app_id}' }, content);
    const started = await handlers.confirmProposal({ op: 'confirmProposal', id: proposalId }, page);
    await vi.waitFor(async () => expect((await jobs.progress(started.jobId)).status).toBe('done'), { timeout: 5000 });

    const declaredIn = (area: Area, key: string) =>
      STORAGE.find((d) => d.area === area && (d.kind === 'item' ? d.key === key : memberParts(d, key) !== undefined));
    for (const area of ['session', 'local', 'sync'] as const) {
      const all = browser.storage[area]._dump();
      for (const [key, raw] of Object.entries(all)) {
        const d = declaredIn(area, key);
        expect(d, `storage.${area} “${key}” is not declared in src/privileged/storage/`).toBeDefined();
        // Written as declared: it reads back through its validator (the rate of a plan included).
        const value = (raw as { '@v'?: number; value?: unknown })?.['@v'] ? (raw as { value: unknown }).value : raw;
        const r = v.safeParse(d!.schema, value);
        expect(r.success, `storage.${area} “${key}” does not read back as declared`).toBe(true);
        // A list read element by element leaves out, silently, what it cannot read: nothing may be left out.
        if (Array.isArray(value)) expect((r.output as unknown[]).length, `storage.${area} “${key}” reads back with elements left out`).toBe(value.length);
      }
      expect(Object.keys(all).length).toBeGreaterThan(0);
    }
  }, 20_000);
});

describe('a list read element by element', () => {
  it('leaves out what it cannot read, so a list of junk reads as an empty list, which a reader can tell by its length', () => {
    const junk = [{ junk: true }, 42, 'x'];
    const r = v.safeParse(JOB_HISTORY.schema, junk);
    expect(r.success).toBe(true);
    expect(r.output).toEqual([]); // valid, and shorter: the round trip above checks every list keeps its length
  });

  it('is refused on write when an element would be left out', async () => {
    await expect(write(ORGS, ['acme', '../keys'])).rejects.toThrow(/refused to store an invalid value under orgs/);
  });
});

describe('the storage layer is the only door', () => {
  it('no file of the extension outside src/privileged/storage/ calls browser.storage', () => {
    const dir = join(__dirname, '../../../src');
    const raw = (readdirSync(dir, { recursive: true }) as string[])
      .filter((f) => /\.tsx?$/.test(f) && !f.startsWith(join('privileged', 'storage') + sep))
      .filter((f) => /\bstorage\.(local|session|sync)\b/.test(readFileSync(join(dir, f), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')));
    expect(raw).toEqual([]);
  });
});
