/** What channels and measurement append on MongoDB: inbound events, long button payloads, metrics. */
import type { ChannelIdentity, ChannelName, MetricEvent } from '../../domain/model';
import type {
  ChannelStateEntry,
  ChannelStateRepository,
  InboxEntry,
  InboxRepository,
  ListWindow,
  MetricFilter,
  MetricRepository,
  SettingRepository,
} from '../../domain/ports';
import type { Models } from './models';
import { plain, toRecord, windowed } from './queries';

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

/** One document per channel and key, `_id` being `<channel>:<key>`. */
export class MongoChannelState implements ChannelStateRepository {
  constructor(private readonly models: Models) {}
  async put(entry: ChannelStateEntry) {
    const { channel, key, value, savedAt, owner } = entry;
    await this.models.channelState.replaceOne(
      { _id: `${plain(channel)}:${plain(key)}` },
      { channel, key, value, savedAt, ...(owner ? { owner } : {}) },
      { upsert: true },
    );
  }
  async get(channel: ChannelName, key: string) {
    const document = await this.models.channelState.findById(`${plain(channel)}:${plain(key)}`).lean<Lean>();
    return typeof document?.value === 'string' ? document.value : undefined;
  }
  async forget(identity: ChannelIdentity) {
    const filter = { channel: identity.channel, owner: plain(identity.externalId) };
    return (await this.models.channelState.deleteMany(filter)).deletedCount;
  }
  async purgeBefore(before: string) {
    return (await this.models.channelState.deleteMany({ savedAt: { $lt: plain(before) } })).deletedCount;
  }
}

export class MongoMetrics implements MetricRepository {
  constructor(private readonly models: Models) {}
  async listByOpportunity(opportunityId: string, window: ListWindow = {}) {
    return records<MetricEvent>(
      await windowed(
        this.models.metrics.find({ opportunityId: plain(opportunityId) }).sort({ at: 1, _id: 1 }),
        window,
      ).lean<Lean[]>(),
    );
  }
  async record(event: MetricEvent) {
    const { id, ...fields } = event;
    await this.models.metrics.create({ _id: id, ...fields });
  }
  async count(filter: MetricFilter) {
    return this.models.metrics.countDocuments(metricQuery(filter));
  }
  async find(filter: MetricFilter, window: ListWindow = {}) {
    return records<MetricEvent>(
      await windowed(this.models.metrics.find(metricQuery(filter)).sort({ at: 1, _id: 1 }), window).lean<Lean[]>(),
    );
  }
}

function metricQuery(filter: MetricFilter) {
  return {
    type: plain(filter.type),
    ...(filter.opportunityId !== undefined ? { opportunityId: plain(filter.opportunityId) } : {}),
    ...(filter.contactId !== undefined ? { contactId: plain(filter.contactId) } : {}),
    ...(filter.sharedBy !== undefined ? { sharedBy: plain(filter.sharedBy) } : {}),
  };
}

const DUPLICATE_KEY = 11000;

export class MongoSettings implements SettingRepository {
  constructor(private readonly models: Models) {}
  async keep(key: string, value: string) {
    try {
      await this.models.settings.updateOne({ _id: plain(key) }, { $setOnInsert: { value } }, { upsert: true });
    } catch (error) {
      // Two processes starting together: both upsert, one loses on the unique _id and reads the winner's.
      if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
    }
    const kept = await this.models.settings.findById(plain(key)).lean<Lean>();
    return String(kept?.value);
  }
}
