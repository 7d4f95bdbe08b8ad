import { randomBytes } from 'node:crypto';
import { createMongoStore } from '../../src/store/mongo';
import { describeStoreContract } from './store-contract';

const uri = process.env.TEST_MONGODB_URI;

if (uri) {
  describeStoreContract('mongo', async () => {
    const store = await createMongoStore({ uri, dbName: `contract_${randomBytes(6).toString('hex')}`, attempts: 1 });
    return {
      ...store,
      async close() {
        await store.connection.dropDatabase();
        await store.close();
      },
    };
  });
} else {
  console.warn(
    'MongoDB contract suite SKIPPED: no MONGODB_URI, and mongodb-memory-server could not get a server ' +
      `(${process.env.TEST_MONGODB_SKIPPED ?? 'not tried'}).`,
  );
  describe.skip('mongo store contract (needs MONGODB_URI or mongodb-memory-server)', () => {
    it('runs the same contract as the embedded store', () => undefined);
  });
}
