/** Append-mostly records: measurement events, the webhook inbox, long button payloads. */
import type { ChannelName, MetricEvent, MetricType } from '../../domain/model';
import type { InboxEntry, InboxRepository, LinkTokenRepository, MetricRepository, PayloadRefRepository } from '../../domain/ports';
import type { Collection, EmbeddedDb, Index } from './db';

export class EmbeddedMetrics implements MetricRepository {
  private readonly records: Collection<MetricEvent>;
  private readonly byTypeAndOpportunity: Index<MetricEvent>;
  private readonly byOpportunity: Index<MetricEvent>;

  constructor(db: EmbeddedDb) {
    this.records = db.collection<MetricEvent>('metrics');
    this.byTypeAndOpportunity = this.records.index((event) => [event.type, `${event.type}:${event.opportunityId}`]);
    this.byOpportunity = this.records.index((event) => [event.opportunityId]);
  }

  async listByOpportunity(opportunityId: string): Promise<MetricEvent[]> {
    return [...this.byOpportunity.lookup(opportunityId)].map((id) => this.records.get(id)!).sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
  }

  async record(event: MetricEvent): Promise<void> {
    await this.records.put(event.id, event);
  }

  async count(filter: { type: MetricType; opportunityId?: string; sharedBy?: string }): Promise<number> {
    const key = filter.opportunityId === undefined ? filter.type : `${filter.type}:${filter.opportunityId}`;
    const ids = this.byTypeAndOpportunity.lookup(key);
    if (filter.sharedBy === undefined) return ids.size;
    let count = 0;
    for (const id of ids) if (this.records.get(id)?.sharedBy === filter.sharedBy) count++;
    return count;
  }
}

const DAY_MS = 24 * 3600_000;

export class EmbeddedPayloadRefs implements PayloadRefRepository {
  private readonly records: Collection<{ payload: string; savedAt: string }>;

  constructor(db: EmbeddedDb) {
    this.records = db.collection('payloadRefs');
  }

  async save(ref: string, payload: string, now: string): Promise<void> {
    const existing = this.records.get(ref);
    // A reference in use is saved again at most daily, so the retention purge keeps it.
    if (existing?.payload === payload && Date.parse(now) - Date.parse(existing.savedAt) < DAY_MS) return;
    await this.records.put(ref, { payload, savedAt: now });
  }

  async get(ref: string): Promise<string | undefined> {
    return this.records.get(ref)?.payload;
  }

  async purgeBefore(before: string): Promise<number> {
    const old = [...this.records.records].filter(([, record]) => record.savedAt < before).map(([ref]) => ref);
    await Promise.all(old.map((ref) => this.records.delete(ref)));
    return old.length;
  }
}

export class EmbeddedInbox implements InboxRepository {
  private readonly records: Collection<InboxEntry>;

  constructor(db: EmbeddedDb) {
    this.records = db.collection<InboxEntry>('inbox');
  }

  async add(entry: InboxEntry): Promise<void> {
    await this.records.put(entry.id, entry);
  }

  // Entries are inserted in arrival order, and done ones are deleted: the map is the queue.
  async pending(channel: ChannelName, limit: number): Promise<InboxEntry[]> {
    const entries: InboxEntry[] = [];
    for (const entry of this.records.records.values()) {
      if (entries.length >= limit) break;
      if (entry.channel === channel) entries.push(entry);
    }
    return entries;
  }

  async done(id: string): Promise<void> {
    await this.records.delete(id);
  }
}

export class EmbeddedLinkTokens implements LinkTokenRepository {
  private readonly records: Collection<{ contactId: string; expiresAt: string }>;

  constructor(db: EmbeddedDb) {
    this.records = db.collection('linkTokens');
  }

  async create(token: string, contactId: string, expiresAt: string): Promise<void> {
    await this.records.put(token, { contactId, expiresAt });
  }

  // Read and delete with no await in between: two uses of one token cannot both succeed.
  async consume(token: string, now: string): Promise<string | undefined> {
    const record = this.records.get(token);
    if (!record) return undefined;
    const deleted = this.records.delete(token);
    await deleted;
    return record.expiresAt > now ? record.contactId : undefined;
  }
}
