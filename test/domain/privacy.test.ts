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
