import { beforeEach, describe, expect, it } from 'vitest';
import browser, { resetBrowser } from '../../fakes/browser.ts';
import { isSyncOn } from '../../../src/privileged/preset-sync.ts';
import * as store from '../../../src/privileged/presets-store.ts';

beforeEach(() => resetBrowser());

const many = (n: number, description = '') =>
  Array.from({ length: n }, (_, i) => ({ name: `Customer ${i}`, description, scopes: ['Predict', 'Inputs:Add', 'Models:Get', 'Concepts:Get', 'Apps:Get'] }));

describe('user presets', () => {
  it('are created closed under dependencies, renamed, reordered and deleted with undo', async () => {
    const a = await store.create({ name: 'Uploader', scopes: ['Inputs:Add'] });
    expect(a.scopes).toEqual(['Inputs:Add', 'Inputs:Get']);
    const b = await store.create({ name: 'Reader', scopes: ['Inputs:Get'] });
    await store.update(a.id, { name: 'Ingest' });
    expect((await store.list()).map((p) => p.name)).toEqual(['Ingest', 'Reader']);
    await store.reorder([b.id, a.id]);
    expect((await store.list()).map((p) => p.name)).toEqual(['Reader', 'Ingest']);
    const removed = await store.remove(b.id);
    expect((await store.list()).map((p) => p.name)).toEqual(['Ingest']);
    await store.restore(removed.preset, removed.index);
    expect((await store.list()).map((p) => p.name)).toEqual(['Reader', 'Ingest']);
  });

  it('refuse a second preset with the same name, and unknown scopes', async () => {
    await store.create({ name: 'Same', scopes: ['All'] });
    await expect(store.create({ name: 'same', scopes: ['All'] })).rejects.toThrow(/exists already/);
    await expect(store.create({ name: 'X', scopes: ['Models:Sync'] })).rejects.toThrow(/does not offer these scopes for keys: Models:Sync/);
  });

  it('import all or nothing, renaming clashes', async () => {
    await store.create({ name: 'A', scopes: ['All'] });
    const added = await store.importMany([
      { name: 'A', scopes: ['Predict'] },
      { name: 'B', scopes: ['Predict'] },
    ]);
    expect(added.map((p) => p.name)).toEqual(['A (imported)', 'B']);
  });
});

describe('sync', () => {
  it('moves presets into storage.sync, compactly, and back', async () => {
    await store.create({ name: 'Mine', description: 'for customers', scopes: ['Inputs:Add'] });
    await store.setSync(true);
    const synced = browser.storage.sync._dump();
    expect(Object.keys(synced).filter((k) => k.startsWith('preset:'))).toHaveLength(1);
    expect(JSON.stringify(synced)).not.toContain('Inputs:Add'); // scopes are a bit set
    expect((await store.list())[0]).toMatchObject({ name: 'Mine', description: 'for customers', scopes: ['Inputs:Add', 'Inputs:Get'] });
    await store.setSync(false);
    expect((await store.list()).map((p) => p.name)).toEqual(['Mine']);
  });

  it('fits hundreds of presets', async () => {
    await store.importMany(many(300, 'One key shape per customer'));
    await store.setSync(true);
    expect(await store.list()).toHaveLength(300);
  });

  it('refuses, with a clear message and nothing lost, what sync cannot hold', async () => {
    await store.importMany(many(300, 'x'.repeat(400)));
    await expect(store.setSync(true)).rejects.toThrow(/KB of browser sync storage, more than the 100 KB it allows/);
    expect(await isSyncOn()).toBe(false);
    expect(await store.list()).toHaveLength(300);
    expect(browser.storage.sync._dump()).toEqual({});
  });

  it('refuses a write that would overflow sync, keeping the presets as they were', async () => {
    await store.importMany(many(200, 'y'.repeat(300)));
    await store.setSync(true);
    await expect(store.importMany(many(100, 'z'.repeat(300)).map((p) => ({ ...p, name: `More ${p.name}` })))).rejects.toThrow(/sync storage/);
    expect(await store.list()).toHaveLength(200);
  });
});
