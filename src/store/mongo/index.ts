/**
 * The MongoDB store (MONGODB_URI). Any number of processes can share one replica set: every
 * atomic operation is a single conditional update, and nothing is kept in process memory.
 */
import mongoose, { type Connection } from 'mongoose';
import type { Store, StoreHealth } from '../../domain/ports';
import { MongoAccounts, MongoAdminSessions, MongoBroadcasts } from './admin';
import { createModels, type Models } from './models';
import { MongoLinkTokens, MongoMailbox, MongoOutbox } from './outbox';
import { MongoChannelState, MongoInbox, MongoMetrics } from './logs';
import { MongoQuestions, MongoSessions, MongoSubscriptions } from './people';
import { MongoContacts, MongoOpportunities, MongoOrganisations } from './repositories';
import { MongoSignups } from './signups';

export interface MongoStoreOptions {
  uri: string;
  /** Another database on the same server (tests use one per run). */
  dbName?: string;
  attempts?: number;
  log?: (message: string, fields?: Record<string, unknown>) => void;
  sleep?: (ms: number) => Promise<void>;
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
      serverSelectionTimeoutMS: 5000,
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
  // Unknown fields in a filter are dropped rather than matched: a typo cannot widen a query.
  connection.set('strictQuery', true);
  const models = createModels(connection);
  await Promise.all(Object.values(models).map((model) => model.createIndexes()));

  return {
    connection,
    models,
    organisations: new MongoOrganisations(models),
    opportunities: new MongoOpportunities(models),
    contacts: new MongoContacts(models),
    signups: new MongoSignups(models),
    subscriptions: new MongoSubscriptions(models),
    sessions: new MongoSessions(models),
    questions: new MongoQuestions(models),
    inbox: new MongoInbox(models),
    channelState: new MongoChannelState(models),
    metrics: new MongoMetrics(models),
    outbox: new MongoOutbox(models),
    mailbox: new MongoMailbox(models),
    linkTokens: new MongoLinkTokens(models),
    accounts: new MongoAccounts(models),
    adminSessions: new MongoAdminSessions(models),
    broadcasts: new MongoBroadcasts(models),
    async health(): Promise<StoreHealth> {
      const state = STATES[connection.readyState] ?? 'unknown';
      const ok = connection.readyState === mongoose.ConnectionStates.connected;
      return { ok, kind: 'mongo', detail: `${state}, database ${connection.name}` };
    },
    // MongoDB keeps no copy of a deleted document that this store could remove (its journal is
    // recycled by the server); backups are the operator's, as the README says.
    async afterErasure() {},
    async close() {
      await connection.close();
    },
  };
}
