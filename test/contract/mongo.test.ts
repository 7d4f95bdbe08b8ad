/**
 * The store contract on MongoDB, when MONGODB_URI names a server (a MongoDB replica set), or on the
 * FerretDB the global setup started from a `ferretdb` binary on PATH; each case uses a database of
 * its own and drops it.
 */
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { createMongoStore } from '../../src/store/mongo';
import { claimFilter } from '../../src/store/mongo/queries';
import { isFerretDb } from '../../src/store/mongo/write-guard';
import { checkFailover, NotAReplicaSet } from '../../src/store/mongo/failover-check';
import { NOW } from '../support/factories';
import { describeStoreContract } from './store-contract';

// A server named by MONGODB_URI, or else the FerretDB the global setup started.
const uri = process.env.MONGODB_URI ?? process.env.FERRETDB_TEST_URI;

async function isReplicaSet(server: string): Promise<boolean> {
  const connection = await mongoose.createConnection(server).asPromise();
  try {
    const hello = (await connection.getClient().db('admin').command({ hello: 1 })) as { setName?: string };
    return typeof hello.setName === 'string';
  } finally {
    await connection.close();
  }
}

if (uri) {
  describeStoreContract('mongo', async () => {
    const store = await createMongoStore({ uri, dbName: `contract_${randomBytes(6).toString('hex')}`, attempts: 1 });
    return {
      ...store,
      async close() {
        try {
          await store.connection.dropDatabase();
        } finally {
          await store.close();
        }
      },
    };
  });

  describe('mongo store query plans', () => {
    it('answers the hot queries from an index on MongoDB; FerretDB on SQLite scans, as the README says', async () => {
      const store = await createMongoStore({ uri, dbName: `contract_${randomBytes(6).toString('hex')}`, attempts: 1 });
      try {
        const { models } = store;
        const plans = {
          contactByIdentity: await models.contacts.find({ identityKeys: 'telegram:42' }).explain(),
          accountByToken: await models.accounts.find({ apiTokenHash: 'abc' }).explain(),
          dueClaims: await models.outbox.find(claimFilter('high', NOW)).sort({ notBefore: 1 }).limit(1).explain(),
          signupsByOpportunity: await models.signups
            .find({ opportunityId: 'opp1' })
            .sort({ createdAt: 1, _id: 1 })
            .explain(),
        };
        if (await isFerretDb(store.connection)) {
          expect(JSON.stringify(plans.contactByIdentity)).toMatch(/SCAN/);
          expect(plans.contactByIdentity).toMatchObject({ filterPushdown: false });
        } else {
          for (const [name, plan] of Object.entries(plans)) {
            const text = JSON.stringify(plan);
            expect({ name, indexed: text.includes('IXSCAN') && !text.includes('COLLSCAN') }).toEqual({
              name,
              indexed: true,
            });
          }
        }
      } finally {
        await store.connection.dropDatabase();
        await store.close();
      }
    });
  });

  describe('failover check', () => {
    it('refuses, saying why, a server that is not a replica set', async () => {
      if (!(await isReplicaSet(uri))) {
        await expect(checkFailover(uri)).rejects.toThrow(NotAReplicaSet);
        await expect(checkFailover(uri)).rejects.toThrow(/does not name a replica set/);
      } else {
        // A replica set: npm test never steps its primary down (store:verify-mongo does, on purpose);
        // it checks what the failover check starts from.
        const connection = await mongoose.createConnection(uri).asPromise();
        const hello = (await connection.getClient().db('admin').command({ hello: 1 })) as { primary?: string };
        await connection.close();
        expect(hello.primary).toEqual(expect.any(String));
      }
    });
  });

  describe('mongo store connection', () => {
    it("opens an earlier version's database: old indexes rebuilt, erased contacts keyed", async () => {
      const dbName = `contract_${randomBytes(6).toString('hex')}`;
      const old = await mongoose.createConnection(uri, { dbName }).asPromise();
      const contacts = old.collection('contacts');
      // What the earlier version built: a partial unique index, a text index, erased contacts with no keys.
      await contacts.insertMany([
        { _id: 'gone1', identities: [], identityKeys: [] },
        { _id: 'gone2', identities: [], identityKeys: [] },
      ] as unknown as Parameters<typeof contacts.insertMany>[0]);
      await contacts
        .createIndex(
          { identityKeys: 1 },
          { unique: true, partialFilterExpression: { 'identityKeys.0': { $exists: true } } },
        )
        // FerretDB cannot build it: the earlier version could not start there either.
        .catch(() => undefined);
      await old.close();
      const store = await createMongoStore({ uri, dbName, attempts: 1 });
      try {
        const keys = await store.models.contacts.find().sort({ _id: 1 }).lean();
        expect(keys.map((c) => c.identityKeys)).toEqual([['none:gone1'], ['none:gone2']]);
        const indexes = (await store.models.contacts.listIndexes()) as { key: Record<string, unknown> }[];
        const identity = indexes.find((index) => index.key.identityKeys === 1);
        expect(identity).toMatchObject({ unique: true });
        expect(identity).not.toHaveProperty('partialFilterExpression');
      } finally {
        await store.connection.dropDatabase();
        await store.close();
      }
    });

    it('writes to a majority, retries writes, waits out an election and reaches the primary', async () => {
      const logged: string[] = [];
      const store = await createMongoStore({
        uri,
        dbName: `contract_${randomBytes(6).toString('hex')}`,
        attempts: 1,
        log: (message) => logged.push(message),
      });
      try {
        // On FerretDB, which does not make conditional updates atomic, the store says to run one process.
        const ferret = await isFerretDb(store.connection);
        expect(logged.some((line) => /FerretDB.*one bot process/.test(line))).toBe(ferret);
        const options = store.connection.getClient().options;
        expect(options.writeConcern?.w).toBe('majority');
        expect(options.retryWrites).toBe(true);
        expect(options.serverSelectionTimeoutMS).toBeGreaterThanOrEqual(12_000);
        expect(await store.health()).toMatchObject({ ok: true, kind: 'mongo' });
      } finally {
        await store.connection.dropDatabase();
        await store.close();
      }
    });
  });
} else {
  // One plain line, not a console stack: the suite is skipped, and why.
  process.stderr.write('MongoDB contract suite skipped: MONGODB_URI is not set and no ferretdb binary is on PATH.\n');
  describe.skip('mongo store contract (needs MONGODB_URI)', () => {
    it('runs the same contract as the embedded store', () => undefined);
  });
}
