import { setReachable } from '../../src/domain/reachability';
import type { ContactStatus } from '../../src/domain/model';
import { createEmbeddedStore } from '../../src/store/embedded';
import { contact } from '../support/factories';

const identity = { channel: 'telegram' as const, externalId: '42' };
const NOW = new Date('2026-11-24T10:00:00Z');

async function after(status: ContactStatus, reachable: boolean): Promise<ContactStatus | undefined> {
  const store = createEmbeddedStore();
  await store.contacts.findOrCreate(identity, () => contact({ identities: [identity], status }));
  await setReachable(store.contacts, identity, reachable, NOW);
  return (await store.contacts.findByIdentity(identity))?.status;
}

describe('reachability', () => {
  it('moves between active and unreachable as platforms report', async () => {
    expect(await after('active', false)).toBe('unreachable');
    expect(await after('unreachable', true)).toBe('active');
    expect(await after('active', true)).toBe('active');
  });

  it('never undoes a STOP or an erasure', async () => {
    expect(await after('stopped', false)).toBe('stopped');
    expect(await after('stopped', true)).toBe('stopped');
    expect(await after('erased', true)).toBe('erased');
  });

  it('ignores people it does not know', async () => {
    await expect(setReachable(createEmbeddedStore().contacts, identity, false, NOW)).resolves.toBeUndefined();
  });
});
