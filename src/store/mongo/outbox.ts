/** The outbox and the web chat's mailbox on MongoDB: claims and settlements are conditional updates. */
import {
  INTERRUPTED,
  type OutboxCount,
  type OutboxEntry,
  type OutboxOutcome,
  type OutboxPriority,
  type SkipReason,
} from '../../domain/outbox';
import type {
  ClaimRequest,
  LinkTokenRepository,
  MailboxItem,
  MailboxRepository,
  OutboxRepository,
} from '../../domain/ports';
import type { Models } from './models';
import { claimFilter, plain, recordBatches, settleUpdate, toRecord } from './queries';
import { serverAtomic, type WriteGuard } from './write-guard';

type Lean = Record<string, unknown>;

export class MongoOutbox implements OutboxRepository {
  constructor(
    private readonly models: Models,
    private readonly guard: WriteGuard = serverAtomic,
  ) {}

  async enqueue(entries: OutboxEntry[]): Promise<number> {
    if (entries.length === 0) return 0;
    // An upsert on the unique key inserts new entries and leaves existing ones untouched.
    const result = await this.models.outbox.bulkWrite(
      entries.map(({ id, ...fields }) => ({
        updateOne: {
          filter: { key: plain(fields.key) },
          update: { $setOnInsert: { _id: id, ...fields } },
          upsert: true,
        },
      })),
      { ordered: false },
    );
    return result.upsertedCount;
  }

  claim(request: ClaimRequest): Promise<OutboxEntry[]> {
    return this.guard.run('outbox', () => this.claimNow(request));
  }

  private async claimNow(request: ClaimRequest): Promise<OutboxEntry[]> {
    const claimed: OutboxEntry[] = [];
    const priorities: OutboxPriority[] = request.priority ? [request.priority] : ['high', 'bulk'];
    for (const priority of priorities) {
      while (claimed.length < request.limit) {
        // One document per call: findOneAndUpdate gives each entry to exactly one claimer.
        const document = await this.models.outbox
          .findOneAndUpdate(
            claimFilter(priority, request.now),
            {
              $set: {
                status: 'sending',
                owner: plain(request.owner),
                leaseUntil: plain(request.leaseUntil),
                updatedAt: request.now,
              },
              $inc: { attempts: 1 },
            },
            { sort: { notBefore: 1 }, returnDocument: 'after' },
          )
          .lean<Lean>();
        if (!document) break;
        claimed.push(toRecord<OutboxEntry>(document)!);
      }
    }
    return claimed;
  }

  settle(id: string, owner: string, outcome: OutboxOutcome, now: string): Promise<boolean> {
    return this.guard.run('outbox', async () => {
      const result = await this.models.outbox.updateOne(
        { _id: plain(id), status: 'sending', owner: plain(owner) },
        settleUpdate(outcome, now),
      );
      return result.modifiedCount === 1;
    });
  }

  async releaseExpired(now: string): Promise<number> {
    const result = await this.models.outbox.updateMany(
      { status: 'sending', leaseUntil: { $lt: plain(now) } },
      {
        $set: { status: 'dead', lastError: INTERRUPTED, messages: [], updatedAt: now },
        $unset: { owner: '', leaseUntil: '' },
      },
    );
    return result.modifiedCount;
  }

  async cancelPending(group: string, reason: SkipReason, now: string): Promise<number> {
    const result = await this.models.outbox.updateMany(
      { group: plain(group), status: { $in: ['pending', 'failed'] } },
      { $set: { status: 'skipped', reason: plain(reason), messages: [], updatedAt: now } },
    );
    return result.modifiedCount;
  }

  async forgetContact(contactId: string, now: string): Promise<number> {
    const waiting = await this.models.outbox.updateMany(
      { contactId: plain(contactId), status: { $in: ['pending', 'failed'] } },
      {
        $set: { status: 'skipped', reason: 'erased', messages: [], updatedAt: now },
        $unset: { owner: '', leaseUntil: '' },
      },
    );
    await this.models.outbox.updateMany({ contactId: plain(contactId) }, { $set: { externalId: '', messages: [] } });
    return waiting.modifiedCount;
  }

  async get(key: string): Promise<OutboxEntry | undefined> {
    return toRecord<OutboxEntry>(await this.models.outbox.findOne({ key: plain(key) }).lean<Lean>());
  }

  entries(group: string, size: number): AsyncIterable<OutboxEntry[]> {
    return recordBatches<OutboxEntry>(
      this.models.outbox
        .find({ group: plain(group) })
        .lean()
        .cursor(),
      size,
    );
  }

  async purgeSettled(before: string): Promise<number> {
    return (
      await this.models.outbox.deleteMany({
        status: { $in: ['sent', 'skipped', 'dead'] },
        updatedAt: { $lt: plain(before) },
      })
    ).deletedCount;
  }

  async counts(group: string): Promise<OutboxCount[]> {
    const rows = await this.models.outbox.aggregate<{
      _id: { channel: OutboxCount['channel']; status: OutboxCount['status']; reason?: SkipReason };
      count: number;
    }>([
      { $match: { group: plain(group) } },
      { $group: { _id: { channel: '$channel', status: '$status', reason: '$reason' }, count: { $sum: 1 } } },
    ]);
    return rows.map(({ _id, count }) => ({
      channel: _id.channel,
      status: _id.status,
      ...(_id.reason ? { reason: _id.reason } : {}),
      count,
    }));
  }
}

export class MongoMailbox implements MailboxRepository {
  constructor(private readonly models: Models) {}

  async add(item: MailboxItem): Promise<void> {
    const { id, ...fields } = item;
    await this.models.mailbox.updateOne({ _id: plain(id) }, { $setOnInsert: fields }, { upsert: true });
  }

  async list(externalId: string, after: string | undefined, limit: number): Promise<MailboxItem[]> {
    const filter: Record<string, unknown> = { externalId: plain(externalId) };
    if (after !== undefined) {
      const last = await this.models.mailbox.findById(plain(after)).lean<Lean>();
      if (last) filter.$or = [{ at: { $gt: last.at } }, { at: last.at, _id: { $gt: plain(after) } }];
    }
    const documents = await this.models.mailbox.find(filter).sort({ at: 1, _id: 1 }).limit(limit).lean<Lean[]>();
    return documents.map((document) => toRecord<MailboxItem>(document)!);
  }

  async removeAllFor(externalId: string): Promise<number> {
    return (await this.models.mailbox.deleteMany({ externalId: plain(externalId) })).deletedCount;
  }

  async purgeBefore(before: string): Promise<number> {
    return (await this.models.mailbox.deleteMany({ at: { $lt: plain(before) } })).deletedCount;
  }
}

export class MongoLinkTokens implements LinkTokenRepository {
  constructor(
    private readonly models: Models,
    private readonly guard: WriteGuard = serverAtomic,
  ) {}

  async create(token: string, contactId: string, expiresAt: string): Promise<void> {
    await this.models.linkTokens.create({ _id: plain(token), contactId, expiresAt });
  }

  async purgeExpired(now: string): Promise<number> {
    return (await this.models.linkTokens.deleteMany({ expiresAt: { $lte: plain(now) } })).deletedCount;
  }

  consume(token: string, now: string): Promise<string | undefined> {
    return this.guard.run('link-tokens', async () => {
      // findOneAndDelete: of two uses at once, one gets the document.
      const document = await this.models.linkTokens.findOneAndDelete({ _id: plain(token) }).lean<Lean>();
      return document && String(document.expiresAt) > now ? String(document.contactId) : undefined;
    });
  }
}
