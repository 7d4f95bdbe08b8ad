/** Coordinator accounts, dashboard sessions and broadcasts on MongoDB. */
import type { Account, AdminSession, Broadcast } from '../../domain/admin';
import type { AccountRepository, AdminSessionRepository, BroadcastRepository } from '../../domain/ports';
import type { Models } from './models';
import { isDuplicateKey, plain, toRecord } from './queries';
import { serverAtomic, type WriteGuard } from './write-guard';

type Lean = Record<string, unknown>;
const many = <T>(documents: Lean[]): T[] => documents.map((document) => toRecord<T>(document)!);

/**
 * An account as stored; one saved before the linked chat became `alertsTo` (a Telegram chat id in
 * `telegramChatId`) reads as its identity.
 */
function account(document: Lean | null): Account | undefined {
  const record = toRecord<Account & { telegramChatId?: string }>(document);
  if (!record) return undefined;
  const { telegramChatId, ...rest } = record;
  return telegramChatId && !rest.alertsTo
    ? { ...rest, alertsTo: { channel: 'telegram', externalId: telegramChatId } }
    : rest;
}

const accounts = (documents: Lean[]): Account[] => documents.map((document) => account(document)!);

export class MongoAccounts implements AccountRepository {
  constructor(private readonly models: Models) {}
  async get(id: string) {
    return account(await this.models.accounts.findById(plain(id)).lean<Lean>());
  }
  async findByEmail(email: string) {
    return account(await this.models.accounts.findOne({ email: plain(email).toLowerCase() }).lean<Lean>());
  }
  async findByTokenHash(hash: string) {
    return account(await this.models.accounts.findOne({ apiTokenHash: plain(hash) }).lean<Lean>());
  }
  async create(account: Account) {
    const { id, ...fields } = account;
    try {
      await this.models.accounts.create({ _id: id, ...fields });
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }
  async update(id: string, patch: Partial<Omit<Account, 'id' | 'email' | 'createdAt'>>) {
    return account(
      await this.models.accounts
        .findOneAndUpdate({ _id: plain(id) }, { $set: patch }, { returnDocument: 'after' })
        .lean<Lean>(),
    );
  }
  async list(organisationId?: string) {
    return accounts(
      await this.models.accounts
        .find(organisationId === undefined ? {} : { organisationId: plain(organisationId) })
        .sort({ email: 1 })
        .lean<Lean[]>(),
    );
  }
  async count() {
    return this.models.accounts.countDocuments();
  }
}

export class MongoAdminSessions implements AdminSessionRepository {
  constructor(private readonly models: Models) {}
  async create(session: AdminSession) {
    const { id, ...fields } = session;
    await this.models.adminSessions.create({ _id: id, ...fields });
  }
  async get(id: string) {
    return toRecord<AdminSession>(await this.models.adminSessions.findById(plain(id)).lean<Lean>());
  }
  async remove(id: string) {
    await this.models.adminSessions.deleteOne({ _id: plain(id) });
  }
  async removeForAccount(accountId: string) {
    return (await this.models.adminSessions.deleteMany({ accountId: plain(accountId) })).deletedCount;
  }
  async purgeExpired(now: string) {
    return (await this.models.adminSessions.deleteMany({ expiresAt: { $lte: plain(now) } })).deletedCount;
  }
}

export class MongoBroadcasts implements BroadcastRepository {
  constructor(
    private readonly models: Models,
    private readonly guard: WriteGuard = serverAtomic,
  ) {}
  async get(id: string) {
    return toRecord<Broadcast>(await this.models.broadcasts.findById(plain(id)).lean<Lean>());
  }
  async save(broadcast: Broadcast) {
    const { id, ...fields } = broadcast;
    await this.models.broadcasts.replaceOne({ _id: plain(id) }, fields, { upsert: true });
  }
  async insert(broadcast: Broadcast) {
    const { id, ...fields } = broadcast;
    try {
      await this.models.broadcasts.create({ _id: id, ...fields });
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }
  async list(organisationId?: string) {
    return many<Broadcast>(
      await this.models.broadcasts
        .find(organisationId === undefined ? {} : { organisationId: plain(organisationId) })
        .sort({ createdAt: -1, _id: 1 })
        .lean<Lean[]>(),
    );
  }
  startIfDue(id: string, now: string) {
    return this.guard.run('broadcasts', async () => {
      const result = await this.models.broadcasts.updateOne(
        { _id: plain(id), status: 'scheduled', sendAt: { $lte: plain(now) } },
        { $set: { status: 'sending', updatedAt: now } },
      );
      return result.modifiedCount === 1;
    });
  }
  replaceIfScheduled(broadcast: Broadcast) {
    const { id, ...fields } = broadcast;
    return this.guard.run('broadcasts', async () => {
      const result = await this.models.broadcasts.replaceOne({ _id: plain(id), status: 'scheduled' }, fields);
      return result.matchedCount === 1;
    });
  }
  async stalledSending(before: string) {
    return many<Broadcast>(
      await this.models.broadcasts
        .find({ status: 'sending', queued: { $exists: false }, updatedAt: { $lte: plain(before) } })
        .lean<Lean[]>(),
    );
  }
  async dueScheduled(now: string) {
    return many<Broadcast>(
      await this.models.broadcasts.find({ status: 'scheduled', sendAt: { $lte: plain(now) } }).lean<Lean[]>(),
    );
  }
}
