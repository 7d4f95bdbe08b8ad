/** Coordinator accounts, dashboard sessions and broadcasts in the embedded store. */
import type { Account, AdminSession, Broadcast } from '../../domain/admin';
import type { AccountRepository, AdminSessionRepository, BroadcastRepository } from '../../domain/ports';
import type { Collection, EmbeddedDb, Index } from './db';

export class EmbeddedAccounts implements AccountRepository {
  private readonly records: Collection<Account>;
  private readonly byEmail: Index<Account>;
  private readonly byToken: Index<Account>;

  constructor(db: EmbeddedDb) {
    this.records = db.collection<Account>('accounts');
    this.byEmail = this.records.index((account) => [account.email]);
    this.byToken = this.records.index((account) => (account.apiTokenHash ? [account.apiTokenHash] : []));
  }

  async get(id: string): Promise<Account | undefined> {
    return this.records.get(id);
  }

  async findByEmail(email: string): Promise<Account | undefined> {
    return this.first(this.byEmail.lookup(email.toLowerCase()));
  }

  async findByTokenHash(hash: string): Promise<Account | undefined> {
    return this.first(this.byToken.lookup(hash));
  }

  async create(account: Account): Promise<boolean> {
    const email = account.email.trim().toLowerCase();
    if (this.byEmail.lookup(email).size > 0) return false;
    await this.records.put(account.id, { ...account, email });
    return true;
  }

  async update(id: string, patch: Partial<Omit<Account, 'id' | 'email' | 'createdAt'>>): Promise<Account | undefined> {
    const current = this.records.get(id);
    if (!current) return undefined;
    const updated = { ...current, ...patch };
    await this.records.put(id, updated);
    return updated;
  }

  async list(organisationId?: string): Promise<Account[]> {
    return [...this.records.records.values()].filter((account) => organisationId === undefined || account.organisationId === organisationId).sort((a, b) => a.email.localeCompare(b.email));
  }

  async count(): Promise<number> {
    return this.records.records.size;
  }

  private first(ids: ReadonlySet<string>): Account | undefined {
    for (const id of ids) return this.records.get(id);
    return undefined;
  }
}

export class EmbeddedAdminSessions implements AdminSessionRepository {
  private readonly records: Collection<AdminSession>;

  constructor(db: EmbeddedDb) {
    this.records = db.collection<AdminSession>('adminSessions');
  }

  async create(session: AdminSession): Promise<void> {
    await this.records.put(session.id, session);
  }

  async get(id: string): Promise<AdminSession | undefined> {
    return this.records.get(id);
  }

  async remove(id: string): Promise<void> {
    await this.records.delete(id);
  }
}

export class EmbeddedBroadcasts implements BroadcastRepository {
  private readonly records: Collection<Broadcast>;
  private readonly scheduled: Index<Broadcast>;

  constructor(db: EmbeddedDb) {
    this.records = db.collection<Broadcast>('broadcasts');
    this.scheduled = this.records.index((broadcast) => (broadcast.status === 'scheduled' ? ['scheduled'] : []));
  }

  async get(id: string): Promise<Broadcast | undefined> {
    return this.records.get(id);
  }

  async save(broadcast: Broadcast): Promise<void> {
    await this.records.put(broadcast.id, broadcast);
  }

  async list(organisationId?: string): Promise<Broadcast[]> {
    return [...this.records.records.values()]
      .filter((broadcast) => organisationId === undefined || broadcast.organisationId === organisationId)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
  }

  async startIfDue(id: string, now: string): Promise<boolean> {
    const current = this.records.get(id);
    if (current?.status !== 'scheduled' || current.sendAt > now) return false;
    await this.records.put(id, { ...current, status: 'sending', updatedAt: now });
    return true;
  }

  async dueScheduled(now: string): Promise<Broadcast[]> {
    return [...this.scheduled.lookup('scheduled')].map((id) => this.records.get(id)!).filter((broadcast) => broadcast.sendAt <= now);
  }
}
