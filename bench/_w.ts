import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createEmbeddedStore } from '../src/store/embedded';
async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'w-'));
  const store = createEmbeddedStore({ dir });
  await store.verified;
  const wal = () => fs.statSync(path.join(dir, 'bot.sqlite-wal')).size;
  for (let round = 0; round < 6; round++) {
    const until = Date.now() + 500;
    let v = 0;
    while (Date.now() < until) {
      await store.sessions.save('c1', { x: 'y'.repeat(400) }, v);
      v++;
      if (v % 50 === 0) await new Promise((r) => setImmediate(r));
    }
    await new Promise((r) => setTimeout(r, 100));
    console.log('round', round, 'saves', v, 'wal', wal(), JSON.stringify(store.db.pragma('wal_checkpoint(PASSIVE)')));
    await store.sessions.remove('c1');
  }
  await store.close();
}
void main();
