import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createEmbeddedStore, databasePath } from '../../src/store/embedded';
import { freezeCachedRecords } from '../../src/store/embedded/cache';
import { contact } from '../support/factories';

const IDENTITY = { channel: 'web', externalId: 'browser-1' } as const;

describe('the embedded store’s cached records', () => {
  afterEach(() => freezeCachedRecords());

  it('are frozen under test, so code that changes one it was given fails its test', async () => {
    const store = createEmbeddedStore();
    await store.contacts.findOrCreate(IDENTITY, () => contact());
    await store.sessions.save('c1', { seen: [['m1', 1]] }, 0);
    const cached = (await store.contacts.get('c1'))!;
    expect(() => cached.interests.push('nature')).toThrow(TypeError);
    const session = (await store.sessions.load('c1'))!.state as { seen: unknown[][] };
    expect(() => session.seen[0].push('m2')).toThrow(TypeError);
    expect((await store.contacts.get('c1'))?.interests).toEqual([]);
    await store.close();
  });

  it('are left as they are in production, where frozen arrays slow every message', async () => {
    freezeCachedRecords(false);
    const store = createEmbeddedStore();
    await store.contacts.findOrCreate(IDENTITY, () => contact());
    expect(Object.isFrozen(await store.contacts.get('c1'))).toBe(false);
    await store.close();
  });

  it('see another process’s commit from the next turn, and inside a read-modify-write at once', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'record-cache-'));
    const store = createEmbeddedStore({ dir });
    await store.contacts.findOrCreate(IDENTITY, () => contact());
    const otherProcess = new Database(databasePath(dir));
    const setLocale = otherProcess.prepare("UPDATE contacts SET doc = json_set(doc, '$.locale', ?) WHERE id = 'c1'");

    expect((await store.contacts.get('c1'))?.locale).toBe('fr');
    setLocale.run('en');
    await new Promise((resolve) => setImmediate(resolve));
    expect((await store.contacts.get('c1'))?.locale).toBe('en');

    // In one turn: read (the answer is kept), changed elsewhere, then updated: the update must not
    // write back the locale it read before.
    expect((await store.contacts.get('c1'))?.locale).toBe('en');
    setLocale.run('de');
    await store.contacts.update('c1', { interests: ['nature'] });
    const row = otherProcess.prepare("SELECT doc FROM contacts WHERE id = 'c1'").pluck().get() as string;
    expect(JSON.parse(row)).toMatchObject({ locale: 'de', interests: ['nature'] });
    otherProcess.close();
    await store.close();
  });
});
