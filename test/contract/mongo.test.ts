/**
 * The store contract on MongoDB, when MONGODB_URI names a server (a MongoDB replica set), or on the
 * FerretDB the global setup started from a `ferretdb` binary on PATH; each case uses a database of
 * its own and drops it.
 */
import { randomBytes } from 'node:crypto';
import { createMongoStore } from '../../src/store/mongo';
import { isFerretDb } from '../../src/store/mongo/write-guard';
import { describeStoreContract } from './store-contract';

// A server named by MONGODB_URI, or else the FerretDB the global setup started.
const uri = process.env.MONGODB_URI ?? process.env.FERRETDB_TEST_URI;

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

  describe('mongo store connection', () => {
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
