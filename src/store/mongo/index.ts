/**
 * The MongoDB store (MONGODB_URI). Any number of processes can share one replica set: every
 * atomic operation is a single conditional update, and nothing is kept in process memory.
 */
import mongoose, { type ConnectOptions, type Connection } from 'mongoose';
import type { Store, StoreHealth } from '../../domain/ports';
import { MongoAccounts, MongoAdminSessions, MongoBroadcasts } from './admin';
import { createModels, type Models } from './models';
import { MongoLinkTokens, MongoMailbox, MongoOutbox } from './outbox';
import { MongoChannelState, MongoInbox, MongoMetrics, MongoSettings } from './logs';
import { MongoQuestions, MongoSessions, MongoSubscriptions } from './people';
import { MongoContacts, MongoOpportunities, MongoOrganisations } from './repositories';
import { identityKeys } from './queries';
import { MongoMedia } from './media';
import { MongoSignups } from './signups';
import { inProcess, isFerretDb, serverAtomic } from './write-guard';

export interface MongoStoreOptions {
  uri: string;
  /** Another database on the same server (tests use one per run). */
  dbName?: string;
  attempts?: number;
  log?: (message: string, fields?: Record<string, unknown>) => void;
  sleep?: (ms: number) => Promise<void>;
  /** How long /healthz waits for the primary to answer. */
  healthTimeoutMs?: number;
}

/**
 * Server selection outlasts an election (MongoDB documents about 12 s as typical); writes are
 * acknowledged once a majority holds them, so an acknowledged place is never rolled back; writes are
 * retried once across a failover.
 */
const CONNECTION_OPTIONS = {
  serverSelectionTimeoutMS: 30_000,
  retryWrites: true,
  retryReads: true,
  writeConcern: { w: 'majority' as const, journal: true },
} satisfies ConnectOptions;
const HEALTH_TIMEOUT_MS = 2000;

export async function reachesPrimary(connection: Connection, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const ping = connection
    .getClient()
    .db('admin')
    .command({ ping: 1 }, { readPreference: 'primary' })
    .then(
      () => true,
      () => false,
    );
  try {
    return await Promise.race([ping, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Contacts erased before erased contacts had a key of their own: the unique index needs one each. */
async function keyErasedContacts(models: Models): Promise<void> {
  const keyless = models.contacts.find({ identityKeys: { $size: 0 } }, { _id: 1 }).lean<{ _id: string }[]>();
  for (const { _id } of await keyless)
    await models.contacts.updateOne({ _id }, { $set: { identityKeys: identityKeys(_id, []) } });
}

const STATES: Record<number, string> = { 0: 'disconnected', 1: 'connected', 2: 'connecting', 3: 'disconnecting' };

/** Connects (retrying with a clear log line at start), builds indexes, returns the store. */
export async function createMongoStore(
  options: MongoStoreOptions,
): Promise<Store & { connection: Connection; models: Models }> {
  const attempts = options.attempts ?? 5;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let connection: Connection | undefined;
  for (let attempt = 1; !connection; attempt++) {
    const candidate = mongoose.createConnection(options.uri, {
      ...CONNECTION_OPTIONS,
      ...(options.dbName ? { dbName: options.dbName } : {}),
    });
    try {
      connection = await candidate.asPromise();
    } catch (error) {
      await candidate.close().catch(() => undefined);
      if (attempt >= attempts) {
        throw new Error(`Cannot reach MongoDB after ${attempts} attempts: ${String(error)}`, { cause: error });
      }
      options.log?.('MongoDB not reachable yet, retrying', { attempt, of: attempts, error: String(error) });
      await sleep(1000 * 2 ** (attempt - 1));
    }
  }
  const models = createModels(connection);
  let ferret: boolean;
  try {
    ferret = await isFerretDb(connection);
    await keyErasedContacts(models);
    // syncIndexes, not createIndexes: a database from an earlier version holds indexes whose options
    // changed (partial filters) or that are gone (the text index); they are dropped and rebuilt.
    for (const model of Object.values(models)) await model.syncIndexes();
  } catch (error) {
    await connection.close().catch(() => undefined);
    throw new Error(`MongoDB indexes could not be built: ${String(error)}`, { cause: error });
  }

  const guard = ferret ? inProcess() : serverAtomic;
  if (guard.inProcess)
    options.log?.('FerretDB: conditional writes are serialised in this process; run one bot process only', {});
  return {
    connection,
    models,
    organisations: new MongoOrganisations(models),
    opportunities: new MongoOpportunities(models),
    contacts: new MongoContacts(models),
    signups: new MongoSignups(models, guard),
    subscriptions: new MongoSubscriptions(models),
    sessions: new MongoSessions(models, guard),
    questions: new MongoQuestions(models, guard),
    inbox: new MongoInbox(models),
    channelState: new MongoChannelState(models),
    metrics: new MongoMetrics(models),
    outbox: new MongoOutbox(models, guard),
    mailbox: new MongoMailbox(models),
    linkTokens: new MongoLinkTokens(models, guard),
    accounts: new MongoAccounts(models),
    adminSessions: new MongoAdminSessions(models),
    broadcasts: new MongoBroadcasts(models, guard),
    media: new MongoMedia(connection),
    settings: new MongoSettings(models),
    async health(): Promise<StoreHealth> {
      const state = STATES[connection.readyState] ?? 'unknown';
      if (connection.readyState !== mongoose.ConnectionStates.connected)
        return { ok: false, kind: 'mongo', detail: `${state}, database ${connection.name}` };
      // Connected is not enough: without a primary no place can be taken.
      const primary = await reachesPrimary(connection, options.healthTimeoutMs ?? HEALTH_TIMEOUT_MS);
      return {
        ok: primary,
        kind: 'mongo',
        detail: `${primary ? 'primary reachable' : 'no primary'}, database ${connection.name}`,
      };
    },
    // MongoDB keeps no copy of a deleted document that this store could remove (its journal is
    // recycled by the server); backups are the operator's, as the README says.
    async afterErasure() {},
    async close() {
      await connection.close();
    },
  };
}
