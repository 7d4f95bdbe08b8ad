/** The outbox and the web chat's mailbox in the embedded store. */
import { claimedEntry, interruptedEntry, isClaimable, settledEntry, type OutboxCount, type OutboxEntry, type OutboxOutcome, type OutboxPriority, type SkipReason } from '../../domain/outbox';
import type { ClaimRequest, MailboxItem, MailboxRepository, OutboxRepository } from '../../domain/ports';
import { slices, type Collection, type EmbeddedDb, type Index } from './db';

const PRIORITIES: OutboxPriority[] = ['high', 'bulk'];

// Every method reads and writes without awaiting in between: each is one atomic step.
export class EmbeddedOutbox implements OutboxRepository {
  /** Keyed by the entry's unique key. */
  private readonly records: Collection<OutboxEntry>;
  private readonly byId: Index<OutboxEntry>;
  private readonly byGroup: Index<OutboxEntry>;
  /** Pending and failed entries by priority, in the order they were queued. */
  private readonly waiting: Index<OutboxEntry>;
  private readonly sending: Index<OutboxEntry>;
  /** Entries per group, channel, status and reason, kept up to date: a broadcast's progress is read often. */
  private readonly tallies: Index<OutboxEntry>;

  constructor(db: EmbeddedDb) {
    this.records = db.collection<OutboxEntry>('outbox');
    this.byId = this.records.index((entry) => [entry.id]);
    this.byGroup = this.records.index((entry) => [entry.group]);
    this.waiting = this.records.index((entry) => (entry.status === 'pending' || entry.status === 'failed' ? [entry.priority] : []));
    this.sending = this.records.index((entry) => (entry.status === 'sending' ? ['sending'] : []));
    this.tallies = this.records.index((entry) => [tallyKey(entry)]);
  }

  async enqueue(entries: OutboxEntry[]): Promise<number> {
    const writes: Promise<void>[] = [];
    for (const entry of entries) {
      if (this.records.get(entry.key)) continue;
      writes.push(this.records.put(entry.key, entry));
    }
    await Promise.all(writes);
    return writes.length;
  }

  async claim(request: ClaimRequest): Promise<OutboxEntry[]> {
    const claimed: OutboxEntry[] = [];
    for (const priority of request.priority ? [request.priority] : PRIORITIES) {
      for (const key of this.waiting.lookup(priority)) {
        if (claimed.length >= request.limit) break;
        const entry = this.records.get(key)!;
        if (isClaimable(entry, request.now)) claimed.push(claimedEntry(entry, request.owner, request.now, request.leaseUntil));
      }
    }
    // Written after the walk: a claimed entry leaves the set being walked.
    await Promise.all(claimed.map((entry) => this.records.put(entry.key, entry)));
    return claimed;
  }

  async settle(id: string, owner: string, outcome: OutboxOutcome, now: string): Promise<boolean> {
    const entry = this.findById(id);
    if (!entry || entry.status !== 'sending' || entry.owner !== owner) return false;
    await this.records.put(entry.key, settledEntry(entry, outcome, now));
    return true;
  }

  async releaseExpired(now: string): Promise<number> {
    const expired = [...this.sending.lookup('sending')].map((key) => this.records.get(key)!).filter((entry) => (entry.leaseUntil ?? '') < now);
    await Promise.all(expired.map((entry) => this.records.put(entry.key, interruptedEntry(entry, now))));
    return expired.length;
  }

  async cancelPending(group: string, reason: SkipReason, now: string): Promise<number> {
    const cancelled = [...this.byGroup.lookup(group)]
      .map((key) => this.records.get(key)!)
      .filter((entry) => entry.status === 'pending' || entry.status === 'failed');
    await Promise.all(cancelled.map((entry) => this.records.put(entry.key, settledEntry(entry, { status: 'skipped', reason }, now))));
    return cancelled.length;
  }

  async get(key: string): Promise<OutboxEntry | undefined> {
    return this.records.get(key);
  }

  async counts(group: string): Promise<OutboxCount[]> {
    const counts: OutboxCount[] = [];
    for (const [key, count] of this.tallies.sizes()) {
      const [entryGroup, channel, status, reason] = key.split(SEPARATOR);
      if (entryGroup !== group) continue;
      counts.push({ channel: channel as OutboxCount['channel'], status: status as OutboxCount['status'], ...(reason ? { reason: reason as SkipReason } : {}), count });
    }
    return counts;
  }

  entries(group: string, size: number): AsyncIterable<OutboxEntry[]> {
    return slices([...this.byGroup.lookup(group)].map((key) => this.records.get(key)!), size);
  }

  async purgeSettled(before: string): Promise<number> {
    const old = [...this.records.records.values()].filter((entry) => (entry.status === 'sent' || entry.status === 'skipped' || entry.status === 'dead') && entry.updatedAt < before);
    await Promise.all(old.map((entry) => this.records.delete(entry.key)));
    return old.length;
  }

  private findById(id: string): OutboxEntry | undefined {
    for (const key of this.byId.lookup(id)) return this.records.get(key);
    return undefined;
  }
}

export class EmbeddedMailbox implements MailboxRepository {
  private readonly records: Collection<MailboxItem>;
  private readonly byRecipient: Index<MailboxItem>;

  constructor(db: EmbeddedDb) {
    this.records = db.collection<MailboxItem>('mailbox');
    this.byRecipient = this.records.index((item) => [item.externalId]);
  }

  async add(item: MailboxItem): Promise<void> {
    await this.records.put(item.id, item);
  }

  async list(externalId: string, after: string | undefined, limit: number): Promise<MailboxItem[]> {
    const items = [...this.byRecipient.lookup(externalId)].map((id) => this.records.get(id)!).sort(byTimeThenId);
    const start = after === undefined ? 0 : items.findIndex((item) => item.id === after) + 1;
    return items.slice(start, start + limit);
  }

  async purgeBefore(before: string): Promise<number> {
    const old = [...this.records.records.values()].filter((item) => item.at < before);
    await Promise.all(old.map((item) => this.records.delete(item.id)));
    return old.length;
  }

  async removeAllFor(externalId: string): Promise<number> {
    const ids = [...this.byRecipient.lookup(externalId)];
    await Promise.all(ids.map((id) => this.records.delete(id)));
    return ids.length;
  }
}

const SEPARATOR = '\u0000';

function tallyKey(entry: OutboxEntry): string {
  return [entry.group, entry.channel, entry.status, entry.reason ?? ''].join(SEPARATOR);
}

function byTimeThenId(a: MailboxItem, b: MailboxItem): number {
  return a.at.localeCompare(b.at) || a.id.localeCompare(b.id);
}
