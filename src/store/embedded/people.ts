/** The repositories that hang off a contact: subscriptions, sessions and questions. */
import type { Question, Subscription } from '../../domain/model';
import type { QuestionRepository, SessionRepository, StoredSession, SubscriptionRepository } from '../../domain/ports';
import { slices, type Collection, type EmbeddedDb, type Index } from './db';

const sameCriteria = (a: Subscription, b: Subscription): boolean =>
  a.criteria.region === b.criteria.region && a.criteria.remote === b.criteria.remote && a.criteria.theme === b.criteria.theme && a.criteria.kind === b.criteria.kind;

export class EmbeddedSubscriptions implements SubscriptionRepository {
  private readonly records: Collection<Subscription>;
  private readonly byContact: Index<Subscription>;

  constructor(db: EmbeddedDb) {
    this.records = db.collection<Subscription>('subscriptions');
    this.byContact = this.records.index((subscription) => [subscription.contactId]);
  }

  async add(subscription: Subscription): Promise<Subscription> {
    for (const id of this.byContact.lookup(subscription.contactId)) {
      const existing = this.records.get(id);
      if (existing && sameCriteria(existing, subscription)) return existing;
    }
    await this.records.put(subscription.id, subscription);
    return subscription;
  }

  async remove(id: string, contactId: string): Promise<boolean> {
    if (this.records.get(id)?.contactId !== contactId) return false;
    await this.records.delete(id);
    return true;
  }

  async removeAllForContact(contactId: string): Promise<number> {
    const ids = [...this.byContact.lookup(contactId)];
    await Promise.all(ids.map((id) => this.records.delete(id)));
    return ids.length;
  }

  batches(size: number): AsyncIterable<Subscription[]> {
    return slices([...this.records.records.values()], size);
  }

  async listByContact(contactId: string): Promise<Subscription[]> {
    return [...this.byContact.lookup(contactId)]
      .map((id) => this.records.get(id))
      .filter((subscription): subscription is Subscription => subscription !== undefined)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }
}

export class EmbeddedSessions implements SessionRepository {
  private readonly records: Collection<StoredSession>;

  constructor(db: EmbeddedDb) {
    this.records = db.collection<StoredSession>('sessions');
  }

  async load(contactId: string): Promise<StoredSession | undefined> {
    return this.records.get(contactId);
  }

  async save(contactId: string, state: unknown, expectedVersion: number): Promise<boolean> {
    const current = this.records.get(contactId)?.version ?? 0;
    if (current !== expectedVersion) return false;
    await this.records.put(contactId, { state, version: expectedVersion + 1 });
    return true;
  }

  async remove(contactId: string): Promise<void> {
    await this.records.delete(contactId);
  }
}

export class EmbeddedQuestions implements QuestionRepository {
  private readonly records: Collection<Question>;
  private readonly byContact: Index<Question>;

  constructor(db: EmbeddedDb) {
    this.records = db.collection<Question>('questions');
    this.byContact = this.records.index((question) => [question.contactId]);
  }

  async add(question: Question): Promise<void> {
    await this.records.put(question.id, question);
  }

  async get(id: string): Promise<Question | undefined> {
    return this.records.get(id);
  }

  async list(filter: { status?: Question['status']; organisationId?: string }): Promise<Question[]> {
    return [...this.records.records.values()]
      .filter((question) => filter.status === undefined || question.status === filter.status)
      .filter((question) => filter.organisationId === undefined || question.organisationId === undefined || question.organisationId === filter.organisationId)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
  }

  async answer(id: string, answer: { text: string; by: string; at: string }): Promise<Question | undefined> {
    const current = this.records.get(id);
    if (current?.status !== 'open') return undefined;
    const answered: Question = { ...current, status: 'answered', answer };
    await this.records.put(id, answered);
    return answered;
  }

  async listByContact(contactId: string): Promise<Question[]> {
    return [...this.byContact.lookup(contactId)]
      .map((id) => this.records.get(id))
      .filter((question): question is Question => question !== undefined)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async removeAllForContact(contactId: string): Promise<number> {
    const ids = [...this.byContact.lookup(contactId)];
    await Promise.all(ids.map((id) => this.records.delete(id)));
    return ids.length;
  }
}
