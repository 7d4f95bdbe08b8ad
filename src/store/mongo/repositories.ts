/** Every port on MongoDB. Atomic operations are single conditional updates, never read-then-write. */
import type {
  ChannelIdentity,
  ChannelName,
  Contact,
  Feedback,
  MetricEvent,
  MetricType,
  Opportunity,
  Organisation,
  Question,
  Signup,
  Subscription,
} from '../../domain/model';
import { applyQuery } from '../../domain/opportunity-search';
import type {
  ContactPatch,
  ContactRepository,
  InboxEntry,
  InboxRepository,
  MetricRepository,
  OfferAnswer,
  OpportunityQuery,
  OpportunityRepository,
  OrganisationRepository,
  Page,
  PayloadRefRepository,
  QuestionRepository,
  SessionRepository,
  SignupOutcome,
  SignupRepository,
  SignupRequest,
  StoredSession,
  SubscriptionRepository,
} from '../../domain/ports';
import type { Models } from './models';
import {
  contactToDocument,
  contactUpdate,
  criteriaKey,
  identityKey,
  isDuplicateKey,
  opportunityFilter,
  opportunityToDocument,
  plain,
  recordBatches,
  textFilter,
  toRecord,
} from './queries';

type Lean = Record<string, unknown>;
const records = <T>(documents: Lean[]): T[] => documents.map((document) => toRecord<T>(document)!);
/** Free-text candidates are ranked in memory with the embedded store's rules: a catalogue's worth. */
const MAX_TEXT_CANDIDATES = 1000;

export class MongoOrganisations implements OrganisationRepository {
  constructor(private readonly models: Models) {}
  async get(id: string) {
    return toRecord<Organisation>(await this.models.organisations.findById(plain(id)).lean<Lean>());
  }
  async save(organisation: Organisation) {
    const { id, ...fields } = organisation;
    await this.models.organisations.replaceOne({ _id: plain(id) }, fields, { upsert: true });
  }
  async list() {
    return records<Organisation>(await this.models.organisations.find().sort({ name: 1 }).lean<Lean[]>());
  }
}

export class MongoOpportunities implements OpportunityRepository {
  constructor(private readonly models: Models) {}
  async get(id: string) {
    return toRecord<Opportunity>(await this.models.opportunities.findById(plain(id)).lean<Lean>());
  }
  async save(opportunity: Opportunity) {
    const { _id, ...fields } = opportunityToDocument(opportunity);
    await this.models.opportunities.replaceOne({ _id }, fields, { upsert: true });
  }
  async search(query: OpportunityQuery): Promise<Page<Opportunity>> {
    const offset = Math.max(0, query.offset ?? 0);
    if (query.text !== undefined) {
      const filter = textFilter(query);
      if (!filter) return { items: [], total: 0 };
      const candidates = records<Opportunity>(
        await this.models.opportunities.find(filter).limit(MAX_TEXT_CANDIDATES).lean<Lean[]>(),
      );
      const ranked = applyQuery(candidates, query);
      return {
        items: ranked.slice(offset, query.limit === undefined ? undefined : offset + query.limit),
        total: ranked.length,
      };
    }
    const filter = opportunityFilter(query);
    const find = this.models.opportunities.find(filter).sort({ sortStart: 1, _id: 1 }).skip(offset);
    if (query.limit !== undefined) find.limit(query.limit);
    const [items, total] = await Promise.all([find.lean<Lean[]>(), this.models.opportunities.countDocuments(filter)]);
    return { items: records<Opportunity>(items), total };
  }
  async distinct(field: 'region' | 'themes', query: OpportunityQuery) {
    const values: unknown[] = await this.models.opportunities.distinct(field, opportunityFilter(query));
    return values.filter((value): value is string => typeof value === 'string').sort();
  }
}

export class MongoContacts implements ContactRepository {
  constructor(private readonly models: Models) {}
  batches(size: number): AsyncIterable<Contact[]> {
    return recordBatches<Contact>(this.models.contacts.find().sort({ _id: 1 }).lean().cursor(), size);
  }
  async get(id: string) {
    return toRecord<Contact>(await this.models.contacts.findById(plain(id)).lean<Lean>());
  }
  async findByIdentity(identity: ChannelIdentity) {
    return toRecord<Contact>(
      await this.models.contacts.findOne({ identityKeys: plain(identityKey(identity)) }).lean<Lean>(),
    );
  }
  async findOrCreate(identity: ChannelIdentity, create: () => Contact) {
    const existing = await this.findByIdentity(identity);
    if (existing) return { contact: existing, created: false };
    const contact = create();
    try {
      await this.models.contacts.create(contactToDocument(contact));
      return { contact, created: true };
    } catch (error) {
      // Another process created the same identity first: the unique index kept one; use it.
      if (!isDuplicateKey(error)) throw error;
      const winner = await this.findByIdentity(identity);
      if (!winner) throw error;
      return { contact: winner, created: false };
    }
  }
  async update(id: string, patch: ContactPatch) {
    const updated = await this.models.contacts
      .findOneAndUpdate({ _id: plain(id) }, contactUpdate(patch), { returnDocument: 'after' })
      .lean<Lean>();
    return toRecord<Contact>(updated);
  }
  async count() {
    return this.models.contacts.estimatedDocumentCount();
  }
}

export class MongoSignups implements SignupRepository {
  constructor(private readonly models: Models) {}

  async request(request: SignupRequest): Promise<{ outcome: SignupOutcome; signup?: Signup }> {
    const filter = { contactId: plain(request.contactId), opportunityId: plain(request.opportunityId) };
    const existing = toRecord<Signup>(await this.models.signups.findOne(filter).lean<Lean>());
    if (existing?.status === 'confirmed') return { outcome: 'already_confirmed', signup: existing };
    if (existing?.status === 'offered') {
      // Signing up again for the place they were offered is taking it.
      const { answer, signup } = await this.answerOffer(existing.id, true, request.now);
      if (answer === 'confirmed') return { outcome: 'confirmed', signup };
    }
    const seat = await this.takeSeat(request.opportunityId, request.capacity);
    if (!seat && existing?.status === 'waitlisted') return { outcome: 'already_waitlisted', signup: existing };
    if (!seat && !request.joinWaitlist) return { outcome: 'full' };
    const status = seat ? 'confirmed' : 'waitlisted';
    try {
      const saved = await this.models.signups
        .findOneAndUpdate(
          filter,
          {
            $set: {
              status,
              channel: request.channel,
              updatedAt: request.now,
              ...(request.firstName !== undefined ? { firstName: request.firstName } : {}),
            },
            $setOnInsert: { _id: request.id, createdAt: request.now },
          },
          { upsert: true, returnDocument: 'after' },
        )
        .lean<Lean>();
      return { outcome: status, signup: toRecord<Signup>(saved) };
    } catch (error) {
      // The same person signing up twice at once: the unique index kept one request; give the seat back.
      if (seat) await this.releaseSeat(request.opportunityId);
      if (!isDuplicateKey(error)) throw error;
      const winner = toRecord<Signup>(await this.models.signups.findOne(filter).lean<Lean>())!;
      return { outcome: winner.status === 'confirmed' ? 'already_confirmed' : 'already_waitlisted', signup: winner };
    }
  }

  /** One atomic conditional increment: the counter only moves while it is below the capacity. */
  private async takeSeat(opportunityId: string, capacity: number | undefined): Promise<boolean> {
    const id = plain(opportunityId);
    if (capacity === undefined) {
      await this.models.seats.updateOne({ _id: id }, { $inc: { confirmed: 1 } }, { upsert: true });
      return true;
    }
    if (capacity <= 0) return false;
    const filter = { _id: id, confirmed: { $lt: capacity } };
    try {
      return (
        (await this.models.seats
          .findOneAndUpdate(filter, { $inc: { confirmed: 1 } }, { upsert: true, returnDocument: 'after' })
          .lean<Lean>()) !== null
      );
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      // Either another request created the counter first, or the counter is full and the upsert
      // tried to insert a second one: try the conditional increment on the existing counter.
      return (
        (await this.models.seats
          .findOneAndUpdate(filter, { $inc: { confirmed: 1 } }, { returnDocument: 'after' })
          .lean<Lean>()) !== null
      );
    }
  }

  private async releaseSeat(opportunityId: string): Promise<void> {
    await this.models.seats.updateOne(
      { _id: plain(opportunityId), confirmed: { $gt: 0 } },
      { $inc: { confirmed: -1 } },
    );
  }

  async cancel(id: string, now: string) {
    const before = await this.models.signups
      .findOneAndUpdate(
        { _id: plain(id), status: { $ne: 'cancelled' } },
        { $set: { status: 'cancelled', updatedAt: now } },
      )
      .lean<Lean>();
    if (!before) return undefined;
    if (before.status === 'confirmed' || before.status === 'offered')
      await this.releaseSeat(String(before.opportunityId));
    if (before.status === 'offered')
      await this.models.signups.updateOne({ _id: plain(id) }, { $unset: { offerExpiresAt: '' } });
    const { offerExpiresAt: _offer, ...rest } = before;
    return toRecord<Signup>({ ...rest, status: 'cancelled', updatedAt: now });
  }

  async offerNext(
    opportunityId: string,
    capacity: number | undefined,
    expiresAt: string,
    now: string,
  ): Promise<Signup | undefined> {
    if (!(await this.takeSeat(opportunityId, capacity))) return undefined;
    const offered = await this.models.signups
      .findOneAndUpdate(
        { opportunityId: plain(opportunityId), status: 'waitlisted' },
        { $set: { status: 'offered', offerExpiresAt: expiresAt, updatedAt: now } },
        { sort: { createdAt: 1, _id: 1 }, returnDocument: 'after' },
      )
      .lean<Lean>();
    // Nobody waiting: the seat taken for them goes back.
    if (!offered) await this.releaseSeat(opportunityId);
    return toRecord<Signup>(offered);
  }

  async answerOffer(id: string, accept: boolean, now: string): Promise<{ answer: OfferAnswer; signup?: Signup }> {
    const filter: Record<string, unknown> = {
      _id: plain(id),
      status: 'offered',
      ...(accept ? { offerExpiresAt: { $gt: now } } : {}),
    };
    const answered = await this.models.signups
      .findOneAndUpdate(
        filter,
        { $set: { status: accept ? 'confirmed' : 'cancelled', updatedAt: now }, $unset: { offerExpiresAt: '' } },
        { returnDocument: 'after' },
      )
      .lean<Lean>();
    if (answered) {
      if (!accept) await this.releaseSeat(String(answered.opportunityId));
      return { answer: accept ? 'confirmed' : 'declined', signup: toRecord<Signup>(answered) };
    }
    const current = await this.get(id);
    return {
      answer: current?.status === 'offered' ? 'expired' : 'not_offered',
      ...(current ? { signup: current } : {}),
    };
  }

  async expireOffers(now: string): Promise<Signup[]> {
    const expired: Signup[] = [];
    for (;;) {
      const document = await this.models.signups
        .findOneAndUpdate(
          { status: 'offered', offerExpiresAt: { $lte: now } },
          { $set: { status: 'cancelled', updatedAt: now }, $unset: { offerExpiresAt: '' } },
          { returnDocument: 'after' },
        )
        .lean<Lean>();
      if (!document) return expired;
      await this.releaseSeat(String(document.opportunityId));
      expired.push(toRecord<Signup>(document)!);
    }
  }

  async setAttendance(
    id: string,
    attended: boolean,
    feedback: Feedback | undefined,
    now: string,
  ): Promise<Signup | undefined> {
    const document = await this.models.signups
      .findOneAndUpdate(
        { _id: plain(id) },
        { $set: { attended, ...(feedback ? { feedback: plain(feedback) } : {}), updatedAt: now } },
        { returnDocument: 'after' },
      )
      .lean<Lean>();
    return toRecord<Signup>(document);
  }

  async forgetContact(contactId: string, now: string) {
    for (const signup of await this.listByContact(contactId))
      if (signup.status !== 'cancelled') await this.cancel(signup.id, now);
    await this.models.signups.updateMany({ contactId: plain(contactId) }, { $unset: { firstName: '' } });
  }

  async get(id: string) {
    return toRecord<Signup>(await this.models.signups.findById(plain(id)).lean<Lean>());
  }
  async listByContact(contactId: string) {
    return records<Signup>(
      await this.models.signups
        .find({ contactId: plain(contactId) })
        .sort({ createdAt: 1, _id: 1 })
        .lean<Lean[]>(),
    );
  }
  async listByOpportunity(opportunityId: string) {
    return records<Signup>(
      await this.models.signups
        .find({ opportunityId: plain(opportunityId) })
        .sort({ createdAt: 1, _id: 1 })
        .lean<Lean[]>(),
    );
  }
  async countConfirmed(opportunityId: string) {
    const counter = await this.models.seats.findById(plain(opportunityId)).lean<Lean>();
    return typeof counter?.confirmed === 'number' ? counter.confirmed : 0;
  }
}

export class MongoSubscriptions implements SubscriptionRepository {
  constructor(private readonly models: Models) {}
  async add(subscription: Subscription) {
    const { id, ...fields } = subscription;
    const key = criteriaKey(subscription.criteria);
    const filter = { contactId: plain(subscription.contactId), criteriaKey: key };
    try {
      const saved = await this.models.subscriptions
        .findOneAndUpdate(
          filter,
          { $setOnInsert: { _id: id, ...fields, criteriaKey: key } },
          { upsert: true, returnDocument: 'after' },
        )
        .lean<Lean>();
      return toRecord<Subscription>(saved)!;
    } catch (error) {
      // The same alert added twice at once: the unique index kept the first.
      if (!isDuplicateKey(error)) throw error;
      return toRecord<Subscription>(await this.models.subscriptions.findOne(filter).lean<Lean>())!;
    }
  }
  async remove(id: string, contactId: string) {
    return (
      (await this.models.subscriptions.deleteOne({ _id: plain(id), contactId: plain(contactId) })).deletedCount === 1
    );
  }
  async removeAllForContact(contactId: string) {
    return (await this.models.subscriptions.deleteMany({ contactId: plain(contactId) })).deletedCount;
  }
  batches(size: number): AsyncIterable<Subscription[]> {
    return recordBatches<Subscription>(this.models.subscriptions.find().sort({ _id: 1 }).lean().cursor(), size);
  }
  async listByContact(contactId: string) {
    return records<Subscription>(
      await this.models.subscriptions
        .find({ contactId: plain(contactId) })
        .sort({ createdAt: 1, _id: 1 })
        .lean<Lean[]>(),
    );
  }
}

export class MongoSessions implements SessionRepository {
  constructor(private readonly models: Models) {}
  async load(contactId: string): Promise<StoredSession | undefined> {
    const document = await this.models.sessions.findById(plain(contactId)).lean<Lean>();
    return document ? { state: document.state, version: Number(document.version) } : undefined;
  }
  /** Compare-and-set on the version, in one update (or one insert for a new conversation). */
  async save(contactId: string, state: unknown, expectedVersion: number) {
    const id = plain(contactId);
    if (expectedVersion === 0) {
      try {
        await this.models.sessions.create({ _id: id, state, version: 1 });
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    }
    const result = await this.models.sessions.updateOne(
      { _id: id, version: expectedVersion },
      { $set: { state }, $inc: { version: 1 } },
    );
    return result.modifiedCount === 1;
  }
  async remove(contactId: string) {
    await this.models.sessions.deleteOne({ _id: plain(contactId) });
  }
}

export class MongoQuestions implements QuestionRepository {
  constructor(private readonly models: Models) {}
  async add(question: Question) {
    const { id, ...fields } = question;
    await this.models.questions.create({ _id: id, ...fields });
  }
  async get(id: string) {
    return toRecord<Question>(await this.models.questions.findById(plain(id)).lean<Lean>());
  }
  async list(filter: { status?: Question['status']; organisationId?: string }) {
    const query: Record<string, unknown> = {};
    if (filter.status !== undefined) query.status = plain(filter.status);
    if (filter.organisationId !== undefined)
      query.$or = [{ organisationId: plain(filter.organisationId) }, { organisationId: { $exists: false } }];
    return records<Question>(await this.models.questions.find(query).sort({ createdAt: -1, _id: 1 }).lean<Lean[]>());
  }
  async answer(id: string, answer: { text: string; by: string; at: string }) {
    return toRecord<Question>(
      await this.models.questions
        .findOneAndUpdate(
          { _id: plain(id), status: 'open' },
          { $set: { status: 'answered', answer } },
          { returnDocument: 'after' },
        )
        .lean<Lean>(),
    );
  }
  async listByContact(contactId: string) {
    return records<Question>(
      await this.models.questions
        .find({ contactId: plain(contactId) })
        .sort({ createdAt: 1 })
        .lean<Lean[]>(),
    );
  }
  async removeAllForContact(contactId: string) {
    return (await this.models.questions.deleteMany({ contactId: plain(contactId) })).deletedCount;
  }
}

export class MongoInbox implements InboxRepository {
  constructor(private readonly models: Models) {}
  async add(entry: InboxEntry) {
    const { id, ...fields } = entry;
    await this.models.inbox.updateOne({ _id: plain(id) }, { $setOnInsert: fields }, { upsert: true });
  }
  async pending(channel: ChannelName, limit: number) {
    return records<InboxEntry>(
      await this.models.inbox
        .find({ channel: plain(channel) as ChannelName })
        .sort({ receivedAt: 1, _id: 1 })
        .limit(limit)
        .lean<Lean[]>(),
    );
  }
  async done(id: string) {
    await this.models.inbox.deleteOne({ _id: plain(id) });
  }
}

export class MongoPayloadRefs implements PayloadRefRepository {
  constructor(private readonly models: Models) {}
  async save(ref: string, payload: string, now: string) {
    // The latest use is kept, so the retention purge spares references still in use.
    await this.models.payloadRefs.updateOne(
      { _id: plain(ref) },
      { $setOnInsert: { payload }, $max: { savedAt: now } },
      { upsert: true },
    );
  }
  async get(ref: string) {
    const document = await this.models.payloadRefs.findById(plain(ref)).lean<Lean>();
    return typeof document?.payload === 'string' ? document.payload : undefined;
  }
  async purgeBefore(before: string) {
    return (await this.models.payloadRefs.deleteMany({ savedAt: { $lt: plain(before) } })).deletedCount;
  }
}

export class MongoMetrics implements MetricRepository {
  constructor(private readonly models: Models) {}
  async listByOpportunity(opportunityId: string) {
    return records<MetricEvent>(
      await this.models.metrics
        .find({ opportunityId: plain(opportunityId) })
        .sort({ at: 1, _id: 1 })
        .lean<Lean[]>(),
    );
  }
  async record(event: MetricEvent) {
    const { id, ...fields } = event;
    await this.models.metrics.create({ _id: id, ...fields });
  }
  async count(filter: { type: MetricType; opportunityId?: string; sharedBy?: string }) {
    return this.models.metrics.countDocuments({
      type: plain(filter.type),
      ...(filter.opportunityId !== undefined ? { opportunityId: plain(filter.opportunityId) } : {}),
      ...(filter.sharedBy !== undefined ? { sharedBy: plain(filter.sharedBy) } : {}),
    });
  }
}
