/** The repositories that hang off a contact: subscriptions, sessions and questions. */
import type { Question, Subscription } from '../../domain/model';
import type {
  ListWindow,
  QuestionRepository,
  SessionRepository,
  StoredSession,
  SubscriptionRepository,
} from '../../domain/ports';
import { RecordCache } from './cache';
import { atomic, DocumentTable, sqlWindow, type Db } from './documents';

const sameCriteria = (a: Subscription, b: Subscription): boolean =>
  a.criteria.region === b.criteria.region &&
  a.criteria.remote === b.criteria.remote &&
  a.criteria.theme === b.criteria.theme &&
  a.criteria.kind === b.criteria.kind;

export class EmbeddedSubscriptions implements SubscriptionRepository {
  private readonly records: DocumentTable<Subscription>;
  private readonly byContact: (contactId: string) => Subscription[];
  private readonly addOnce: (subscription: Subscription) => Subscription;
  private readonly removeOwned;
  private readonly removeAll;

  constructor(db: Db) {
    this.records = new DocumentTable(db, 'subscriptions');
    this.byContact = this.records.query("WHERE contact_id = ? ORDER BY doc ->> '$.createdAt', id");
    this.removeOwned = db.prepare<[string, string]>('DELETE FROM subscriptions WHERE id = ? AND contact_id = ?');
    this.removeAll = db.prepare<[string]>('DELETE FROM subscriptions WHERE contact_id = ?');
    this.addOnce = atomic(db, (subscription: Subscription) => {
      const existing = this.byContact(subscription.contactId).find((candidate) =>
        sameCriteria(candidate, subscription),
      );
      if (existing) return existing;
      this.records.put(subscription.id, subscription);
      return subscription;
    });
  }

  async add(subscription: Subscription): Promise<Subscription> {
    return this.addOnce(subscription);
  }

  async remove(id: string, contactId: string): Promise<boolean> {
    return this.removeOwned.run(id, contactId).changes > 0;
  }

  async removeAllForContact(contactId: string): Promise<number> {
    return this.removeAll.run(contactId).changes;
  }

  batches(size: number): AsyncIterable<Subscription[]> {
    return this.records.batches(size);
  }

  async listByContact(contactId: string): Promise<Subscription[]> {
    return this.byContact(contactId);
  }
}

export class EmbeddedSessions implements SessionRepository {
  /** Read and written on every message: kept parsed between messages. */
  private readonly cached: RecordCache<StoredSession>;
  private readonly select;
  private readonly insertFirst;
  private readonly replaceVersion;
  private readonly deleteOne;

  constructor(db: Db) {
    this.cached = new RecordCache(db);
    this.select = db.prepare<[string], { state: string; version: number }>(
      'SELECT state, version FROM sessions WHERE contact_id = ?',
    );
    this.insertFirst = db.prepare<[string, string]>(
      'INSERT INTO sessions (contact_id, version, state) VALUES (?, 1, ?) ON CONFLICT DO NOTHING',
    );
    this.replaceVersion = db.prepare<[string, string, number]>(
      'UPDATE sessions SET state = ?, version = version + 1 WHERE contact_id = ? AND version = ?',
    );
    this.deleteOne = db.prepare<[string]>('DELETE FROM sessions WHERE contact_id = ?');
  }

  async load(contactId: string): Promise<StoredSession | undefined> {
    return this.cached.through(contactId, () => {
      const row = this.select.get(contactId);
      return row && { state: JSON.parse(row.state) as unknown, version: row.version };
    });
  }

  // Compare-and-set in one statement each way: a stale version changes no row.
  async save(contactId: string, state: unknown, expectedVersion: number): Promise<boolean> {
    const json = JSON.stringify(state);
    const result =
      expectedVersion === 0
        ? this.insertFirst.run(contactId, json)
        : this.replaceVersion.run(json, contactId, expectedVersion);
    if (result.changes !== 1) {
      this.cached.delete(contactId);
      return false;
    }
    this.cached.set(contactId, { state, version: expectedVersion + 1 });
    return true;
  }

  async remove(contactId: string): Promise<void> {
    this.deleteOne.run(contactId);
    this.cached.delete(contactId);
  }
}

export class EmbeddedQuestions implements QuestionRepository {
  private readonly records: DocumentTable<Question>;
  private readonly newestFirst: (params: {
    status: string | null;
    organisationId: string | null;
    limit: number;
    offset: number;
  }) => Question[];
  private readonly byContact: (contactId: string) => Question[];
  private readonly removeAll;
  private readonly answerOnce: (id: string, answer: Question['answer']) => Question | undefined;

  constructor(db: Db) {
    this.records = new DocumentTable(db, 'questions');
    // An organisation's questions are its own; those asked of the network have none.
    this.newestFirst = this.records.query(
      `WHERE (@status IS NULL OR doc ->> '$.status' = @status)
       AND (@organisationId IS NULL OR doc ->> '$.organisationId' = @organisationId)
       ORDER BY created_at DESC, id LIMIT @limit OFFSET @offset`,
    );
    this.byContact = this.records.query('WHERE contact_id = ? ORDER BY created_at');
    this.removeAll = db.prepare<[string]>('DELETE FROM questions WHERE contact_id = ?');
    this.answerOnce = atomic(db, (id: string, answer: Question['answer']) => {
      const current = this.records.get(id);
      if (current?.status !== 'open') return undefined;
      const answered: Question = { ...current, status: 'answered', answer };
      this.records.put(id, answered);
      return answered;
    });
  }

  async add(question: Question): Promise<void> {
    this.records.put(question.id, question);
  }

  async get(id: string): Promise<Question | undefined> {
    return this.records.get(id);
  }

  async list(
    filter: { status?: Question['status']; organisationId?: string },
    window: ListWindow = {},
  ): Promise<Question[]> {
    const [limit, offset] = sqlWindow(window);
    return this.newestFirst({
      status: filter.status ?? null,
      organisationId: filter.organisationId ?? null,
      limit,
      offset,
    });
  }

  async answer(id: string, answer: { text: string; by: string; at: string }): Promise<Question | undefined> {
    return this.answerOnce(id, answer);
  }

  async listByContact(contactId: string): Promise<Question[]> {
    return this.byContact(contactId);
  }

  async removeAllForContact(contactId: string): Promise<number> {
    return this.removeAll.run(contactId).changes;
  }
}
