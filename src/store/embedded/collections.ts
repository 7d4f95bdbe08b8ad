/**
 * Every collection of the embedded store as plain records `{ collection, key, value }`, read and
 * written the same way whatever the table's shape: the import of the old journal format and
 * `store:copy` to MongoDB both go through here.
 */
import type { ChannelStateEntry } from '../../domain/channel-state';
import type { Contact } from '../../domain/model';
import type { Db } from './documents';

export interface StoredRecord {
  collection: CollectionName;
  key: string;
  value: unknown;
}

interface Shape {
  table: string;
  /** How a row is selected as `key` and `value` (JSON text unless `decode` says otherwise). */
  select: string;
  keyColumn: string;
  decode?: (row: Row) => unknown;
  write: (db: Db) => (key: string, value: unknown) => void;
}

type Row = { key: string; value: string; [column: string]: unknown };

const documents = (table: string, keyColumn = 'id'): Shape => ({
  table,
  keyColumn,
  select: `${keyColumn} AS key, doc AS value`,
  write: (db) => {
    const statement = db.prepare(
      `INSERT INTO ${table} (${keyColumn}, doc) VALUES (?, ?)
       ON CONFLICT (${keyColumn}) DO UPDATE SET doc = excluded.doc`,
    );
    return (key, value) => statement.run(key, JSON.stringify(value));
  },
});

/** Collection names are those of the old journal format, which `store:copy` also uses. */
export const COLLECTIONS = {
  organisations: documents('organisations'),
  opportunities: documents('opportunities'),
  contacts: {
    ...documents('contacts'),
    write: (db) => {
      const document = documents('contacts').write(db);
      const identity = db.prepare('INSERT OR REPLACE INTO contact_identities (identity, contact_id) VALUES (?, ?)');
      return (key, value) => {
        document(key, value);
        for (const { channel, externalId } of (value as Contact).identities)
          identity.run(`${channel}:${externalId}`, key);
      };
    },
  },
  signups: documents('signups'),
  subscriptions: documents('subscriptions'),
  sessions: {
    table: 'sessions',
    keyColumn: 'contact_id',
    select: 'contact_id AS key, state AS value, version',
    decode: (row) => ({ state: JSON.parse(row.value) as unknown, version: row.version }),
    write: (db) => {
      const statement = db.prepare('INSERT OR REPLACE INTO sessions (contact_id, version, state) VALUES (?, ?, ?)');
      return (key, value) => {
        const session = value as { state: unknown; version: number };
        statement.run(key, session.version, JSON.stringify(session.state));
      };
    },
  },
  questions: documents('questions'),
  inbox: {
    ...documents('inbox'),
    write: (db) => {
      const statement = db.prepare('INSERT OR REPLACE INTO inbox (id, channel, doc) VALUES (?, ?, ?)');
      return (key, value) => statement.run(key, (value as { channel: string }).channel, JSON.stringify(value));
    },
  },
  channelState: {
    table: 'channel_state',
    keyColumn: "channel || ':' || key",
    select: "channel || ':' || key AS key, value, channel, key AS channel_key, saved_at, owner",
    decode: (row) => ({
      channel: row.channel,
      key: row.channel_key,
      value: row.value,
      savedAt: row.saved_at,
      ...(row.owner ? { owner: row.owner } : {}),
    }),
    write: (db) => {
      const statement = db.prepare<[Omit<ChannelStateEntry, 'owner'> & { owner: string | null }]>(
        `INSERT OR REPLACE INTO channel_state (channel, key, value, saved_at, owner)
         VALUES (@channel, @key, @value, @savedAt, @owner)`,
      );
      return (_key, value) => {
        const entry = value as ChannelStateEntry;
        statement.run({ ...entry, owner: entry.owner ?? null });
      };
    },
  },
  metrics: documents('metrics'),
  outbox: documents('outbox', 'key'),
  mailbox: documents('mailbox'),
  linkTokens: {
    table: 'link_tokens',
    keyColumn: 'token',
    select: 'token AS key, contact_id AS value, expires_at',
    decode: (row) => ({ contactId: row.value, expiresAt: row.expires_at }),
    write: (db) => {
      const statement = db.prepare(
        'INSERT OR REPLACE INTO link_tokens (token, contact_id, expires_at) VALUES (?, ?, ?)',
      );
      return (key, value) => {
        const token = value as { contactId: string; expiresAt: string };
        statement.run(key, token.contactId, token.expiresAt);
      };
    },
  },
  accounts: documents('accounts'),
  adminSessions: documents('admin_sessions'),
  broadcasts: documents('broadcasts'),
  settings: {
    table: 'settings',
    keyColumn: 'key',
    select: 'key, value',
    decode: (row) => row.value,
    write: (db) => {
      const statement = db.prepare('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)');
      return (key, value) => statement.run(key, String(value));
    },
  },
} satisfies Record<string, Shape>;

export type CollectionName = keyof typeof COLLECTIONS;

/** Writers for every collection, prepared once. Unknown collections throw with their name. */
export function recordWriter(db: Db): (record: { collection: string; key: string; value: unknown }) => void {
  const writers = new Map(Object.entries(COLLECTIONS).map(([name, shape]: [string, Shape]) => [name, shape.write(db)]));
  return ({ collection, key, value }) => {
    const write = writers.get(collection);
    if (!write) throw new Error(`unknown collection "${collection}"`);
    write(key, value);
  };
}

export function countRecords(db: Db): number {
  return Object.values(COLLECTIONS).reduce(
    (sum, shape: Shape) => sum + (db.prepare(`SELECT count(*) AS n FROM ${shape.table}`).get() as { n: number }).n,
    0,
  );
}

/** Every record, a batch at a time per table, in key order. */
export function* readRecords(db: Db, batch = 1000): Generator<StoredRecord> {
  for (const [collection, shape] of Object.entries(COLLECTIONS) as Array<[CollectionName, Shape]>) {
    const page = db.prepare(
      `SELECT ${shape.select} FROM ${shape.table} WHERE ${shape.keyColumn} > ? ORDER BY ${shape.keyColumn} LIMIT ?`,
    );
    let after = '';
    for (;;) {
      const rows = page.all(after, batch) as Row[];
      for (const row of rows)
        yield {
          collection,
          key: row.key,
          value: shape.decode ? shape.decode(row) : (JSON.parse(row.value) as unknown),
        };
      if (rows.length < batch) break;
      after = rows[rows.length - 1].key;
    }
  }
}
