/** Coordinator accounts, dashboard sessions and broadcasts in the embedded store. */
import type { Account, AdminSession, Broadcast } from '../../domain/admin';
import type { AccountRepository, AdminSessionRepository, BroadcastRepository } from '../../domain/ports';
import { atomic, DocumentTable, type Db } from './documents';

type AccountPatch = Partial<Omit<Account, 'id' | 'email' | 'createdAt'>>;

export class EmbeddedAccounts implements AccountRepository {
  private readonly records: DocumentTable<Account>;
  private readonly byEmail: (email: string) => Account[];
  private readonly byToken: (hash: string) => Account[];
  private readonly byOrganisation: (params: { organisationId: string | null }) => Account[];
  private readonly insert;
  private readonly countAll;
  private readonly updateAtomically: (id: string, patch: AccountPatch) => Account | undefined;

  constructor(db: Db) {
    this.records = new DocumentTable(db, 'accounts');
    this.byEmail = this.records.query('WHERE email = ?');
    this.byToken = this.records.query('WHERE token_hash = ?');
    this.byOrganisation = this.records.query(
      'WHERE @organisationId IS NULL OR organisation_id = @organisationId ORDER BY email',
    );
    // The unique index on e-mail refuses a second account, whoever creates it.
    this.insert = db.prepare<[string, string]>('INSERT INTO accounts (id, doc) VALUES (?, ?) ON CONFLICT DO NOTHING');
    this.countAll = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM accounts');
    this.updateAtomically = atomic(db, (id: string, patch: AccountPatch) => {
      const current = this.records.get(id);
      if (!current) return undefined;
      const updated: Account = { ...current, ...patch };
      this.records.put(id, updated);
      return updated;
    });
  }

  async get(id: string): Promise<Account | undefined> {
    return this.records.get(id);
  }

  async findByEmail(email: string): Promise<Account | undefined> {
    return this.byEmail(email.toLowerCase())[0];
  }

  async findByTokenHash(hash: string): Promise<Account | undefined> {
    return this.byToken(hash)[0];
  }

  async create(account: Account): Promise<boolean> {
    const email = account.email.trim().toLowerCase();
    return this.insert.run(account.id, JSON.stringify({ ...account, email })).changes === 1;
  }

  async update(id: string, patch: AccountPatch): Promise<Account | undefined> {
    return this.updateAtomically(id, patch);
  }

  async list(organisationId?: string): Promise<Account[]> {
    return this.byOrganisation({ organisationId: organisationId ?? null });
  }

  async count(): Promise<number> {
    return this.countAll.get()!.n;
  }
}

export class EmbeddedAdminSessions implements AdminSessionRepository {
  private readonly records: DocumentTable<AdminSession>;
  private readonly expired;
  private readonly ofAccount;

  constructor(db: Db) {
    this.records = new DocumentTable(db, 'admin_sessions');
    this.ofAccount = db.prepare<[string]>("DELETE FROM admin_sessions WHERE doc ->> '$.accountId' = ?");
    // Dashboard sessions are a handful per coordinator: a scan, once a night, is enough.
    this.expired = db.prepare<[string]>("DELETE FROM admin_sessions WHERE doc ->> '$.expiresAt' <= ?");
  }

  async purgeExpired(now: string): Promise<number> {
    return this.expired.run(now).changes;
  }

  async create(session: AdminSession): Promise<void> {
    this.records.put(session.id, session);
  }

  async get(id: string): Promise<AdminSession | undefined> {
    return this.records.get(id);
  }

  async remove(id: string): Promise<void> {
    this.records.delete(id);
  }

  async removeForAccount(accountId: string): Promise<number> {
    return this.ofAccount.run(accountId).changes;
  }
}

export class EmbeddedBroadcasts implements BroadcastRepository {
  private readonly records: DocumentTable<Broadcast>;
  private readonly newestFirst: (params: { organisationId: string | null }) => Broadcast[];
  private readonly due: (now: string) => Broadcast[];
  private readonly stalled: (before: string) => Broadcast[];
  private readonly start;
  private readonly replaceScheduled;
  private readonly insertNew;

  constructor(db: Db) {
    this.records = new DocumentTable(db, 'broadcasts');
    this.insertNew = db.prepare<[string, string]>(
      'INSERT INTO broadcasts (id, doc) VALUES (?, ?) ON CONFLICT DO NOTHING',
    );
    this.newestFirst = this.records.query(
      'WHERE @organisationId IS NULL OR organisation_id = @organisationId ORDER BY created_at DESC, id',
    );
    this.due = this.records.query("WHERE status = 'scheduled' AND send_at <= ?");
    this.stalled = this.records.query(
      "WHERE status = 'sending' AND doc ->> '$.queued' IS NULL AND doc ->> '$.updatedAt' <= ?",
    );
    // One conditional statement: of many schedulers, exactly one moves it to `sending`.
    this.start = db.prepare<[{ id: string; now: string }]>(
      `UPDATE broadcasts SET doc = json_set(doc, '$.status', 'sending', '$.updatedAt', @now)
       WHERE id = @id AND status = 'scheduled' AND send_at <= @now`,
    );
    this.replaceScheduled = db.prepare<[{ id: string; doc: string }]>(
      "UPDATE broadcasts SET doc = @doc WHERE id = @id AND status = 'scheduled'",
    );
  }

  async get(id: string): Promise<Broadcast | undefined> {
    return this.records.get(id);
  }

  async save(broadcast: Broadcast): Promise<void> {
    this.records.put(broadcast.id, broadcast);
  }

  async insert(broadcast: Broadcast): Promise<boolean> {
    return this.insertNew.run(broadcast.id, JSON.stringify(broadcast)).changes === 1;
  }

  async list(organisationId?: string): Promise<Broadcast[]> {
    return this.newestFirst({ organisationId: organisationId ?? null });
  }

  async startIfDue(id: string, now: string): Promise<boolean> {
    return this.start.run({ id, now }).changes === 1;
  }

  async replaceIfScheduled(broadcast: Broadcast): Promise<boolean> {
    return this.replaceScheduled.run({ id: broadcast.id, doc: JSON.stringify(broadcast) }).changes === 1;
  }

  async dueScheduled(now: string): Promise<Broadcast[]> {
    return this.due(now);
  }

  async stalledSending(before: string): Promise<Broadcast[]> {
    return this.stalled(before);
  }
}
