/** Append-mostly records: measurement events, the webhook inbox, what channels keep, link tokens. */
import type { ChannelIdentity, ChannelName, MetricEvent, MetricType } from '../../domain/model';
import type {
  ListWindow,
  ChannelStateEntry,
  ChannelStateRepository,
  InboxEntry,
  InboxRepository,
  LinkTokenRepository,
  MetricFilter,
  MetricRepository,
  SettingRepository,
} from '../../domain/ports';
import { deleteInChunks, DocumentTable, sqlWindow, type Db } from './documents';

export class EmbeddedMetrics implements MetricRepository {
  private readonly records: DocumentTable<MetricEvent>;
  private readonly byOpportunity: (opportunityId: string, limit: number, offset: number) => MetricEvent[];
  private readonly countMatching;
  private readonly findMatching;

  constructor(db: Db) {
    this.records = new DocumentTable(db, 'metrics');
    this.byOpportunity = this.records.query('WHERE opportunity_id = ? ORDER BY at, id LIMIT ? OFFSET ?');
    const matching = `type = @type
       AND (@opportunityId IS NULL OR opportunity_id = @opportunityId)
       AND (@contactId IS NULL OR contact_id = @contactId)
       AND (@sharedBy IS NULL OR shared_by = @sharedBy)`;
    this.countMatching = db.prepare<[FilterParams], { n: number }>(
      `SELECT count(*) AS n FROM metrics WHERE ${matching}`,
    );
    this.findMatching = db.prepare<[FilterParams & { limit: number; offset: number }], { doc: string }>(
      `SELECT doc FROM metrics WHERE ${matching} ORDER BY at, id LIMIT @limit OFFSET @offset`,
    );
  }

  async listByOpportunity(opportunityId: string, window: ListWindow = {}): Promise<MetricEvent[]> {
    return this.byOpportunity(opportunityId, ...sqlWindow(window));
  }

  async record(event: MetricEvent): Promise<void> {
    this.records.put(event.id, event);
  }

  async count(filter: MetricFilter): Promise<number> {
    return this.countMatching.get(filterParams(filter))!.n;
  }

  async find(filter: MetricFilter, window: ListWindow = {}): Promise<MetricEvent[]> {
    const [limit, offset] = sqlWindow(window);
    return this.findMatching
      .all({ ...filterParams(filter), limit, offset })
      .map((row) => JSON.parse(row.doc) as MetricEvent);
  }
}

type FilterParams = Record<'opportunityId' | 'contactId' | 'sharedBy', string | null> & { type: MetricType };

function filterParams(filter: MetricFilter): FilterParams {
  return {
    type: filter.type,
    opportunityId: filter.opportunityId ?? null,
    contactId: filter.contactId ?? null,
    sharedBy: filter.sharedBy ?? null,
  };
}

export class EmbeddedSettings implements SettingRepository {
  private readonly insert;
  private readonly select;

  constructor(db: Db) {
    this.insert = db.prepare<[string, string]>(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT DO NOTHING',
    );
    this.select = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
  }

  async keep(key: string, value: string): Promise<string> {
    this.insert.run(key, value);
    return this.select.get(key)!.value;
  }
}

export class EmbeddedChannelState implements ChannelStateRepository {
  private readonly select;
  private readonly upsert;
  private readonly deleteOwned;

  constructor(private readonly db: Db) {
    this.select = db.prepare<[string, string], { value: string }>(
      'SELECT value FROM channel_state WHERE channel = ? AND key = ?',
    );
    this.upsert = db.prepare<[ChannelStateRow]>(
      `INSERT INTO channel_state (channel, key, value, saved_at, owner)
       VALUES (@channel, @key, @value, @savedAt, @owner)
       ON CONFLICT (channel, key) DO UPDATE
       SET value = excluded.value, saved_at = excluded.saved_at, owner = excluded.owner`,
    );
    this.deleteOwned = db.prepare<[string, string]>('DELETE FROM channel_state WHERE channel = ? AND owner = ?');
  }

  async put(entry: ChannelStateEntry): Promise<void> {
    this.upsert.run({ ...entry, owner: entry.owner ?? null });
  }

  async get(channel: ChannelName, key: string): Promise<string | undefined> {
    return this.select.get(channel, key)?.value;
  }

  async forget(identity: ChannelIdentity): Promise<number> {
    return this.deleteOwned.run(identity.channel, identity.externalId).changes;
  }

  purgeBefore(before: string): Promise<number> {
    return deleteInChunks(this.db, 'channel_state', 'saved_at < ?', [before]);
  }
}

type ChannelStateRow = Omit<ChannelStateEntry, 'owner'> & { owner: string | null };

export class EmbeddedInbox implements InboxRepository {
  private readonly insert;
  private readonly oldest;
  private readonly deleteOne;

  constructor(db: Db) {
    // A redelivered event keeps its place in the queue.
    this.insert = db.prepare<[string, string, string]>(
      'INSERT INTO inbox (id, channel, doc) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc',
    );
    this.oldest = db.prepare<[string, number], { doc: string }>(
      'SELECT doc FROM inbox WHERE channel = ? ORDER BY seq LIMIT ?',
    );
    this.deleteOne = db.prepare<[string]>('DELETE FROM inbox WHERE id = ?');
  }

  async add(entry: InboxEntry): Promise<void> {
    this.insert.run(entry.id, entry.channel, JSON.stringify(entry));
  }

  async pending(channel: ChannelName, limit: number): Promise<InboxEntry[]> {
    return this.oldest.all(channel, limit).map((row) => JSON.parse(row.doc) as InboxEntry);
  }

  async done(id: string): Promise<void> {
    this.deleteOne.run(id);
  }
}

export class EmbeddedLinkTokens implements LinkTokenRepository {
  private readonly insert;
  private readonly take;
  private readonly expired;

  constructor(db: Db) {
    this.insert = db.prepare<[string, string, string]>(
      'INSERT OR REPLACE INTO link_tokens (token, contact_id, expires_at) VALUES (?, ?, ?)',
    );
    // One statement reads and deletes: two uses of one token cannot both succeed.
    this.take = db.prepare<[string], { contact_id: string; expires_at: string }>(
      'DELETE FROM link_tokens WHERE token = ? RETURNING contact_id, expires_at',
    );
    this.expired = db.prepare<[string]>('DELETE FROM link_tokens WHERE expires_at <= ?');
  }

  async purgeExpired(now: string): Promise<number> {
    return this.expired.run(now).changes;
  }

  async create(token: string, contactId: string, expiresAt: string): Promise<void> {
    this.insert.run(token, contactId, expiresAt);
  }

  async consume(token: string, now: string): Promise<string | undefined> {
    const row = this.take.get(token);
    return row && row.expires_at > now ? row.contact_id : undefined;
  }
}
