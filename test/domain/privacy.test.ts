import { receiptKey } from '../../src/domain/channel-state';
import { forgetContact } from '../../src/domain/privacy';
import { createEmbeddedStore } from '../../src/store/embedded';
import { contact, NOW } from '../support/factories';

describe('forget me', () => {
  it('also empties the web chat mailbox and reports the places it freed', async () => {
    const store = createEmbeddedStore();
    await store.contacts.findOrCreate({ channel: 'web', externalId: 'browser-1' }, () => contact());
    await store.mailbox.add({
      id: 'm1',
      externalId: 'browser-1',
      messages: [{ kind: 'text', text: 'Rappel' }],
      at: NOW,
    });
    await store.signups.request({
      id: 's1',
      contactId: 'c1',
      opportunityId: 'opp1',
      channel: 'web',
      capacity: 1,
      joinWaitlist: true,
      now: NOW,
    });
    await store.signups.request({
      id: 's2',
      contactId: 'c1',
      opportunityId: 'opp2',
      channel: 'web',
      capacity: 0,
      joinWaitlist: true,
      now: NOW,
    });
    expect(await forgetContact(store, 'c1', NOW)).toEqual({ freedOpportunities: ['opp1'] });
    expect(await store.mailbox.list('browser-1', undefined, 10)).toEqual([]);
    expect((await store.contacts.get('c1'))?.status).toBe('erased');
  });
});

describe('forget me on a channel that keeps receipts', () => {
  it("removes what the person's channels kept about them, and only that", async () => {
    const store = createEmbeddedStore();
    const person = contact({ identities: [{ channel: 'messenger', externalId: 'P1' }] });
    await store.contacts.findOrCreate({ channel: 'messenger', externalId: 'P1' }, () => person);
    const receipt = { channel: 'messenger' as const, value: NOW, savedAt: NOW };
    await store.channelState.put({ ...receipt, key: receiptKey('read', 'P1'), owner: 'P1' });
    await store.channelState.put({ ...receipt, key: receiptKey('read', 'P2'), owner: 'P2' });
    await forgetContact(store, person.id, NOW);
    expect(await store.channelState.get('messenger', receiptKey('read', 'P1'))).toBeUndefined();
    expect(await store.channelState.get('messenger', receiptKey('read', 'P2'))).toBe(NOW);
  });
});
