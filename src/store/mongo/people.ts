/** A person's alerts, conversation state and questions on MongoDB. */
import type { Question, Subscription } from '../../domain/model';
import type {
  ListWindow,
  QuestionRepository,
  SessionRepository,
  StoredSession,
  SubscriptionRepository,
} from '../../domain/ports';
import type { Models } from './models';
import { criteriaKey, isDuplicateKey, plain, recordBatches, toRecord, windowed } from './queries';
import { serverAtomic, type WriteGuard } from './write-guard';

type Lean = Record<string, unknown>;
const records = <T>(documents: Lean[]): T[] => documents.map((document) => toRecord<T>(document)!);

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
  constructor(
    private readonly models: Models,
    private readonly guard: WriteGuard = serverAtomic,
  ) {}
  async load(contactId: string): Promise<StoredSession | undefined> {
    const document = await this.models.sessions.findById(plain(contactId)).lean<Lean>();
    return document ? { state: document.state, version: Number(document.version) } : undefined;
  }
  /** Compare-and-set on the version, in one update (or one insert for a new conversation). */
  save(contactId: string, state: unknown, expectedVersion: number): Promise<boolean> {
    return this.guard.run(`session:${contactId}`, () => this.saveNow(contactId, state, expectedVersion));
  }

  private async saveNow(contactId: string, state: unknown, expectedVersion: number) {
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
  constructor(
    private readonly models: Models,
    private readonly guard: WriteGuard = serverAtomic,
  ) {}
  async add(question: Question) {
    const { id, ...fields } = question;
    await this.models.questions.create({ _id: id, ...fields });
  }
  async get(id: string) {
    return toRecord<Question>(await this.models.questions.findById(plain(id)).lean<Lean>());
  }
  async list(filter: { status?: Question['status']; organisationId?: string }, window: ListWindow = {}) {
    const query: Record<string, unknown> = {};
    if (filter.status !== undefined) query.status = plain(filter.status);
    if (filter.organisationId !== undefined) query.organisationId = plain(filter.organisationId);
    return records<Question>(
      await windowed(this.models.questions.find(query).sort({ createdAt: -1, _id: 1 }), window).lean<Lean[]>(),
    );
  }
  answer(id: string, answer: { text: string; by: string; at: string }) {
    return this.guard.run('questions', async () =>
      toRecord<Question>(
        await this.models.questions
          .findOneAndUpdate(
            { _id: plain(id), status: 'open' },
            { $set: { status: 'answered', answer } },
            { returnDocument: 'after' },
          )
          .lean<Lean>(),
      ),
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
