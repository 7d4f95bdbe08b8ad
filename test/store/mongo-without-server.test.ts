/** What can be checked of the MongoDB store without a server: schemas, indexes, filters, updates. */
import mongoose, { type Connection } from 'mongoose';
import { reachesPrimary } from '../../src/store/mongo';
import { createModels, type Models } from '../../src/store/mongo/models';
import { MongoOutbox } from '../../src/store/mongo/outbox';
import { MongoSignups } from '../../src/store/mongo/signups';
import {
  claimFilter,
  contactToDocument,
  contactUpdate,
  criteriaKey,
  opportunityFilter,
  opportunityToDocument,
  plain,
  settleUpdate,
  textFilter,
  toRecord,
  UNDATED,
} from '../../src/store/mongo/queries';
import { claimedEntry, settledEntry } from '../../src/domain/outbox';
import { contact, opportunity, outboxEntry } from '../support/factories';

const models = createModels(mongoose.createConnection());

describe('MongoDB schemas', () => {
  it('accepts valid records and refuses invalid ones with the field named', () => {
    expect(new models.opportunities(opportunityToDocument(opportunity())).validateSync()).toBeUndefined();
    const wrongKind = new models.opportunities({
      ...opportunityToDocument(opportunity()),
      kind: 'party',
    }).validateSync();
    expect(Object.keys(wrongKind?.errors ?? {})).toEqual(['kind']);
    const noRegion = new models.opportunities({
      ...opportunityToDocument(opportunity()),
      region: undefined,
    }).validateSync();
    expect(Object.keys(noRegion?.errors ?? {})).toEqual(['region']);
    expect(new models.contacts(contactToDocument(contact())).validateSync()).toBeUndefined();
    expect(
      Object.keys(
        new models.contacts({ ...contactToDocument(contact()), status: 'gone' }).validateSync()?.errors ?? {},
      ),
    ).toEqual(['status']);
    expect(new models.seats({ _id: 'opp1', confirmed: -1 }).validateSync()?.errors.confirmed).toBeDefined();
  });

  it('refuses fields it does not know rather than storing them', () => {
    expect(
      () =>
        new models.signups({
          _id: 's',
          contactId: 'c',
          opportunityId: 'o',
          status: 'confirmed',
          channel: 'web',
          createdAt: 'x',
          updatedAt: 'x',
          admin: true,
        }),
    ).toThrow(/admin/);
  });

  it('declares the indexes the ports rely on', () => {
    const keys = (model: { schema: mongoose.Schema }) =>
      model.schema.indexes().map(([fields, options]) => [fields, options.unique === true]);
    expect(keys(models.contacts)).toContainEqual([{ identityKeys: 1 }, true]);
    expect(keys(models.signups)).toContainEqual([{ contactId: 1, opportunityId: 1 }, true]);
    expect(keys(models.subscriptions)).toContainEqual([{ contactId: 1, criteriaKey: 1 }, true]);
    expect(keys(models.opportunities)).toEqual(
      expect.arrayContaining([
        [{ status: 1, kind: 1, region: 1, sortStart: 1 }, false],
        [{ status: 1, themes: 1, sortStart: 1 }, false],
      ]),
    );
    expect(keys(models.inbox)).toContainEqual([{ channel: 1, receivedAt: 1, _id: 1 }, false]);
  });

  it('refuses a filter on a field the schema lacks, rather than dropping it and widening the query', () => {
    const cast = (filter: Record<string, unknown>) => () => {
      models.contacts.find(filter).cast();
    };
    expect(cast({ identityKey: 'telegram:1' })).toThrow(/not in schema/);
    expect(cast({ identityKeys: 'telegram:1' })).not.toThrow();
  });

  it('declares only indexes FerretDB can build too: no partial filter, no text index', () => {
    for (const model of Object.values(models))
      for (const [fields, options] of model.schema.indexes()) {
        expect(options).not.toHaveProperty('partialFilterExpression');
        expect(Object.values(fields)).not.toContain('text');
      }
  });
});

describe('MongoDB queries', () => {
  it('builds discovery filters from the query, with ongoing roles kept', () => {
    expect(
      opportunityFilter({
        kind: 'placement',
        region: 'ile-de-france',
        remote: true,
        theme: 'health',
        notEndedBefore: '2026-11-24T10:00:00.000Z',
      }),
    ).toEqual({
      status: 'published',
      kind: 'placement',
      region: 'ile-de-france',
      remote: true,
      themes: 'health',
      $or: [{ endKey: null }, { endKey: { $gte: new Date('2026-11-24T10:00:00.000Z') } }],
    });
    expect(opportunityFilter({ status: 'draft', organisationId: 'org1' })).toEqual({
      status: 'draft',
      organisationId: 'org1',
    });
  });

  it('searches free text for any folded word inside the text, with what was typed escaped', () => {
    expect(textFilter({ text: 'Je cherche du BÉNÉVOLAT à Lyon' })).toEqual({
      status: 'published',
      $or: [{ searchText: { $regex: 'benevolat' } }, { searchText: { $regex: 'lyon' } }],
    });
    expect(textFilter({ text: '🙂' })).toBeUndefined();
    // Only letters and digits reach the pattern: nothing typed can act as a regular expression.
    expect(textFilter({ text: 'jardin.* (bio)|' })?.$or).toEqual([
      { searchText: { $regex: 'jardin' } },
      { searchText: { $regex: 'bio' } },
    ]);
    expect(textFilter({ text: 'jardin', notEndedBefore: '2026-11-24T10:00:00.000Z' })).toEqual({
      status: 'published',
      $and: [
        { $or: [{ endKey: null }, { endKey: { $gte: new Date('2026-11-24T10:00:00.000Z') } }] },
        { $or: [{ searchText: { $regex: 'jardin' } }] },
      ],
    });
  });

  it('never lets what a person typed become an operator', () => {
    expect(() => plain({ $gt: '' })).toThrow(TypeError);
    expect(opportunityFilter({ region: '{"$ne": null}' }).region).toBe('{"$ne": null}');
    expect(() => opportunityFilter({ kind: { $ne: null } as unknown as 'meeting' })).toThrow(TypeError);
  });

  it('derives the query keys of an opportunity and strips them on the way back', () => {
    const dated = opportunityToDocument(
      opportunity({ startsAt: '2026-12-01T09:00:00Z', endsAt: '2026-12-01T11:00:00Z' }),
    );
    expect(dated).toMatchObject({
      _id: 'opp1',
      endKey: new Date('2026-12-01T11:00:00Z'),
      sortStart: new Date('2026-12-01T09:00:00Z'),
      searchText: expect.stringContaining('benevolat'),
    });
    const ongoing = opportunityToDocument(opportunity());
    expect(ongoing).toMatchObject({ endKey: null, sortStart: UNDATED });
    expect(toRecord(dated)).toEqual(opportunity({ startsAt: '2026-12-01T09:00:00Z', endsAt: '2026-12-01T11:00:00Z' }));
  });

  it('turns a contact patch into $set and $unset, keeping identity keys in step', () => {
    expect(
      contactUpdate('c1', {
        locale: 'en',
        firstName: undefined,
        identities: [{ channel: 'telegram', externalId: '7' }],
      }),
    ).toEqual({
      $set: { locale: 'en', identities: [{ channel: 'telegram', externalId: '7' }], identityKeys: ['telegram:7'] },
      $unset: { firstName: '' },
    });
    expect(contactToDocument(contact()).identityKeys).toEqual(['web:browser-1']);
    // Erased contacts keep a key each, so the unique index needs no partial filter.
    expect(contactUpdate('c1', { identities: [] })).toEqual({ $set: { identities: [], identityKeys: ['none:c1'] } });
  });

  it('keys subscriptions by their criteria so the same alert is kept once', () => {
    expect(criteriaKey({ region: 'bretagne', kind: 'meeting' })).toBe('bretagne|||meeting');
    expect(criteriaKey({ remote: true })).toBe('|remote||');
    expect(criteriaKey({})).toBe('|||');
  });
});

describe('MongoDB capacity, when the first requests race', () => {
  const duplicate = Object.assign(new Error('E11000 duplicate key error'), { code: 11000 });
  const query = <T>(value: T) => ({ lean: async () => value });

  function signupsWith(seatAnswers: Array<'duplicate' | 'taken' | 'full'>) {
    const answers = [...seatAnswers];
    const calls: unknown[][] = [];
    const fakeModels = {
      seats: {
        findOneAndUpdate: (...args: unknown[]) => {
          calls.push(args);
          const answer = answers.shift();
          if (answer === 'duplicate') return { lean: async () => Promise.reject(duplicate) };
          return query(answer === 'taken' ? { _id: 'opp1', confirmed: 1 } : null);
        },
      },
      signups: {
        findOne: () => query(null),
        create: async (document: unknown) => document,
        findOneAndUpdate: (_filter: unknown, update: { $set: { status: string } }) =>
          query({
            _id: 's1',
            contactId: 'c1',
            opportunityId: 'opp1',
            status: update.$set.status,
            channel: 'web',
            createdAt: 'x',
            updatedAt: 'x',
          }),
      },
    };
    return { signups: new MongoSignups(fakeModels as unknown as Models), calls };
  }
  const request = {
    id: 's1',
    contactId: 'c1',
    opportunityId: 'opp1',
    channel: 'web' as const,
    capacity: 10,
    joinWaitlist: false,
    now: 'x',
  };

  it('retries the conditional increment when another request created the counter first', async () => {
    const { signups, calls } = signupsWith(['duplicate', 'taken']);
    expect((await signups.request(request)).outcome).toBe('confirmed');
    expect(calls[1][2]).toEqual({ returnDocument: 'after' });
  });

  it('reports full when the counter exists and has no place left', async () => {
    const { signups } = signupsWith(['duplicate', 'full']);
    expect(await signups.request(request)).toEqual({ outcome: 'full' });
  });

  it('counts places with a majority read', async () => {
    const levels: string[] = [];
    const seats = {
      findById: () => ({
        readConcern: (level: string) => (levels.push(level), { lean: async () => ({ _id: 'opp1', confirmed: 3 }) }),
      }),
    };
    const signups = new MongoSignups({ seats } as unknown as Models);
    expect(await signups.countConfirmed('opp1')).toBe(3);
    expect(levels).toEqual(['majority']);
  });

  it('never takes a place when the capacity is zero', async () => {
    const { signups, calls } = signupsWith([]);
    expect(await signups.request({ ...request, capacity: 0 })).toEqual({ outcome: 'full' });
    expect(calls).toHaveLength(0);
  });
});

describe('MongoDB outbox', () => {
  it('validates entries and declares the unique key and the claiming index', () => {
    const document = { _id: 'o1', ...outboxEntry() };
    delete (document as { id?: string }).id;
    expect(new models.outbox(document).validateSync()).toBeUndefined();
    expect(Object.keys(new models.outbox({ ...document, status: 'lost' }).validateSync()?.errors ?? {})).toEqual([
      'status',
    ]);
    expect(Object.keys(new models.outbox({ ...document, reason: 'bored' }).validateSync()?.errors ?? {})).toEqual([
      'reason',
    ]);
    const keys = models.outbox.schema.indexes().map(([fields, options]) => [fields, options.unique === true]);
    expect(keys).toEqual(
      expect.arrayContaining([
        [{ key: 1 }, true],
        [{ status: 1, priority: 1, notBefore: 1 }, false],
        [{ group: 1, status: 1 }, false],
      ]),
    );
  });

  it('claims only due pending or failed entries of one priority, with values never operators', () => {
    expect(claimFilter('bulk', '2026-11-24T10:00:00.000Z')).toEqual({
      status: { $in: ['pending', 'failed'] },
      priority: 'bulk',
      notBefore: { $lte: '2026-11-24T10:00:00.000Z' },
    });
    expect(() => claimFilter({ $ne: 'x' } as unknown as 'bulk', 'now')).toThrow(TypeError);
  });

  it('settles to the same record as the embedded store, releasing the claim', () => {
    const now = '2026-11-24T10:00:00.000Z';
    expect(settleUpdate({ status: 'skipped', reason: 'stopped' }, now)).toEqual({
      $set: { status: 'skipped', reason: 'stopped', messages: [], updatedAt: now },
      $unset: { owner: '', leaseUntil: '' },
    });
    const claimed = claimedEntry(outboxEntry(), 'd1', now, now);
    const settled = settledEntry(claimed, { status: 'failed', error: 'HTTP 502', partsSent: 1, notBefore: now }, now);
    const update = settleUpdate({ status: 'failed', error: 'HTTP 502', partsSent: 1, notBefore: now }, now) as {
      $set: Record<string, unknown>;
    };
    for (const [field, value] of Object.entries(update.$set))
      expect(settled[field as keyof typeof settled]).toEqual(value);
    expect(settled.owner).toBeUndefined();
  });

  it('finds opportunities by start for reminders, leaving undated ones out', () => {
    expect(
      opportunityFilter({ startsFrom: '2026-11-24T10:00:00.000Z', startsBefore: '2026-11-25T10:00:00.000Z' }).sortStart,
    ).toEqual({
      $gte: new Date('2026-11-24T10:00:00.000Z'),
      $lt: new Date('2026-11-25T10:00:00.000Z'),
    });
    expect(opportunityFilter({ startsFrom: '2026-11-24T10:00:00.000Z' }).sortStart).toEqual({
      $gte: new Date('2026-11-24T10:00:00.000Z'),
      $lt: UNDATED,
    });
  });
});

describe("MongoDB schemas of the coordinators' records", () => {
  it('validates accounts, broadcasts and answered questions, and declares their unique keys', () => {
    const account = {
      _id: 'a1',
      email: 'Lea@Example.org',
      name: 'Léa',
      role: 'coordinator',
      organisationId: 'org1',
      passwordHash: 'scrypt$x',
      locale: 'fr',
      createdAt: 'now',
    };
    const document = new models.accounts(account);
    expect(document.validateSync()).toBeUndefined();
    expect(document.email).toBe('lea@example.org');
    expect(Object.keys(new models.accounts({ ...account, role: 'owner' }).validateSync()?.errors ?? {})).toEqual([
      'role',
    ]);
    const keys = models.accounts.schema.indexes().map(([fields, options]) => [fields, options.unique === true]);
    expect(keys).toEqual(
      expect.arrayContaining([
        [{ email: 1 }, true],
        [{ apiTokenHash: 1 }, false],
      ]),
    );
    const broadcast = {
      _id: 'b1',
      organisationId: 'org1',
      text: 'Salut',
      audience: { region: 'occitanie', history: 'never' },
      status: 'scheduled',
      sendAt: 'now',
      createdBy: 'a1',
      createdAt: 'now',
      updatedAt: 'now',
    };
    expect(new models.broadcasts(broadcast).validateSync()).toBeUndefined();
    expect(
      Object.keys(
        new models.broadcasts({ ...broadcast, audience: { history: 'sometimes' } }).validateSync()?.errors ?? {},
      ),
    ).toEqual(['audience.history']);
    const question = {
      _id: 'q1',
      contactId: 'c1',
      channel: 'web',
      text: '?',
      status: 'answered',
      organisationId: 'org1',
      answer: { text: 'Oui', by: 'a1', at: 'now' },
      createdAt: 'now',
    };
    expect(new models.questions(question).validateSync()).toBeUndefined();
    expect(new models.questions({ ...question, answer: { text: 'Oui' } }).validateSync()?.errors).toBeDefined();
  });
});

describe('MongoDB outbox operations, with the model faked', () => {
  const lean = (value: unknown) => ({ lean: async () => value });

  it('claims one document per conditional update, high priority first, until none is left', async () => {
    const calls: unknown[][] = [];
    const answers: unknown[] = [
      { _id: 'e1', key: 'k1', status: 'sending' },
      null,
      { _id: 'e2', key: 'k2', status: 'sending' },
      null,
    ];
    const outbox = new MongoOutbox({
      outbox: { findOneAndUpdate: (...args: unknown[]) => (calls.push(args), lean(answers.shift())) },
    } as unknown as Models);
    const claimed = await outbox.claim({ owner: 'd1', now: 'T1', leaseUntil: 'T2', limit: 5 });
    expect(claimed.map((entry) => entry.id)).toEqual(['e1', 'e2']);
    expect(calls.map((call) => (call[0] as { priority: string }).priority)).toEqual(['high', 'high', 'bulk', 'bulk']);
    expect(calls[0][1]).toEqual({
      $set: { status: 'sending', owner: 'd1', leaseUntil: 'T2', updatedAt: 'T1' },
      $inc: { attempts: 1 },
    });
    expect(calls[0][2]).toEqual({ sort: { notBefore: 1 }, returnDocument: 'after' });
  });

  it('settles only while the owner holds the entry, and enqueues by key without overwriting', async () => {
    const updates: unknown[][] = [];
    const writes: unknown[][] = [];
    const outbox = new MongoOutbox({
      outbox: {
        updateOne: async (...args: unknown[]) => (updates.push(args), { modifiedCount: 0 }),
        bulkWrite: async (...args: unknown[]) => (writes.push(args), { upsertedCount: 1 }),
      },
    } as unknown as Models);
    expect(await outbox.settle('e1', 'd1', { status: 'skipped', reason: 'stopped' }, 'T')).toBe(false);
    expect(updates[0][0]).toEqual({ _id: 'e1', status: 'sending', owner: 'd1' });
    expect(await outbox.enqueue([outboxEntry({ id: 'e1', key: 'k1' })])).toBe(1);
    const [operation] = writes[0][0] as Array<{
      updateOne: { filter: unknown; update: { $setOnInsert: { _id: string } }; upsert: boolean };
    }>;
    expect(operation.updateOne.filter).toEqual({ key: 'k1' });
    expect(operation.updateOne.upsert).toBe(true);
    expect(operation.updateOne.update.$setOnInsert._id).toBe('e1');
  });
});

describe('MongoDB health', () => {
  const answering = (ping: Promise<unknown>) =>
    ({ getClient: () => ({ db: () => ({ command: () => ping }) }) }) as unknown as Connection;

  it('is healthy only when the primary answers in time', async () => {
    expect(await reachesPrimary(answering(Promise.resolve({ ok: 1 })), 1000)).toBe(true);
    expect(await reachesPrimary(answering(Promise.reject(new Error('not primary'))), 1000)).toBe(false);
    // No primary: server selection would wait out its 30 s; /healthz answers within the timeout.
    const started = Date.now();
    expect(await reachesPrimary(answering(new Promise(() => undefined)), 50)).toBe(false);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
