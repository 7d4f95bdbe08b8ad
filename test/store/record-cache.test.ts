import { createEmbeddedStore } from '../../src/store/embedded';
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
});
