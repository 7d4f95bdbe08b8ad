/**
 * `store:copy` and the import of the old format read and write records through one table of
 * collections: every record read back from one database and written into another is the same.
 */
import { readRecords, recordWriter, countRecords, COLLECTIONS } from '../../src/store/embedded/collections';
import { createEmbeddedStore } from '../../src/store/embedded';
import { contact, NOW, opportunity, outboxEntry } from '../support/factories';

describe('the embedded store read as plain records', () => {
  it('reads every collection, and writing what it read into another database gives the same records', async () => {
    const source = createEmbeddedStore();
    await source.organisations.save({ id: 'org1', name: 'Les Jardins', createdAt: NOW });
    await source.opportunities.save(opportunity());
    await source.contacts.findOrCreate({ channel: 'web', externalId: 'browser-1' }, () => contact());
    await source.signups.request({
      id: 's1',
      contactId: 'c1',
      opportunityId: 'opp1',
      channel: 'web',
      joinWaitlist: true,
      now: NOW,
    });
    await source.subscriptions.add({
      id: 'sub1',
      contactId: 'c1',
      criteria: { region: 'nouvelle-aquitaine' },
      createdAt: NOW,
    });
    await source.sessions.save('c1', { node: 'menu' }, 0);
    await source.questions.add({
      id: 'q1',
      contactId: 'c1',
      channel: 'web',
      text: 'Une question',
      status: 'open',
      createdAt: NOW,
    });
    await source.inbox.add({ id: 'i1', channel: 'telegram', payload: { update_id: 1 }, receivedAt: NOW });
    await source.channelState.put({
      channel: 'messenger',
      key: 'receipt:read:P1',
      value: NOW,
      savedAt: NOW,
      owner: 'P1',
    });
    await source.metrics.record({
      id: 'm1',
      type: 'details_opened',
      opportunityId: 'opp1',
      contactId: 'c1',
      channel: 'web',
      at: NOW,
    });
    await source.outbox.enqueue([outboxEntry()]);
    await source.mailbox.add({
      id: 'mb1',
      externalId: 'browser-1',
      messages: [{ kind: 'text', text: 'Coucou' }],
      at: NOW,
    });
    await source.linkTokens.create('t1', 'c1', '2030-01-01T00:00:00.000Z');
    await source.accounts.create({
      id: 'a1',
      email: 'a@example.org',
      name: 'A',
      role: 'admin',
      passwordHash: 'x',
      locale: 'fr',
      createdAt: NOW,
    });
    await source.adminSessions.create({ id: 'as1', accountId: 'a1', csrf: 'c', expiresAt: '2030-01-01T00:00:00.000Z' });
    await source.broadcasts.save({
      id: 'b1',
      organisationId: 'org1',
      text: 'Salut',
      audience: {},
      status: 'scheduled',
      sendAt: NOW,
      createdBy: 'a1',
      createdAt: NOW,
      updatedAt: NOW,
    });
    await source.settings.keep('share_secret', 'kept-key');

    const records = [...readRecords(source.db, 2)];
    expect(new Set(records.map((record) => record.collection))).toEqual(new Set(Object.keys(COLLECTIONS)));
    expect(records).toHaveLength(countRecords(source.db));

    const copy = createEmbeddedStore();
    const write = recordWriter(copy.db);
    for (const record of records) write(record);
    expect([...readRecords(copy.db)]).toEqual(records);
    expect((await copy.contacts.findByIdentity({ channel: 'web', externalId: 'browser-1' }))?.id).toBe('c1');
    expect(await copy.sessions.load('c1')).toEqual({ state: { node: 'menu' }, version: 1 });
    expect(await copy.linkTokens.consume('t1', NOW)).toBe('c1');
    await source.close();
    await copy.close();
  });
});
