import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createEmbeddedStore } from '../../src/store/embedded';
import { describeStoreContract } from './store-contract';

describeStoreContract('embedded (in memory)', async () => createEmbeddedStore());

describeStoreContract('embedded (on disk)', async () =>
  createEmbeddedStore({ dir: fs.mkdtempSync(path.join(os.tmpdir(), 'store-contract-')) }),
);
