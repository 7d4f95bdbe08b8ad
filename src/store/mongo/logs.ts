/** What channels and measurement append on MongoDB: inbound events, long button payloads, metrics. */
import type { ChannelName, MetricEvent, MetricType } from '../../domain/model';
import type { InboxEntry, InboxRepository, MetricRepository, PayloadRefRepository } from '../../domain/ports';
import type { Models } from './models';
import { plain, toRecord } from './queries';

type Lean = Record<string, unknown>;
const records = <T>(documents: Lean[]): T[] => documents.map((document) => toRecord<T>(document)!);

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
