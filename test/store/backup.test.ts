import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createEmbeddedStore, databasePath } from '../../src/store/embedded';
import { backupDatabase } from '../../src/store/embedded/backup';
import { opportunity } from '../support/factories';

const run = promisify(execFile);
const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'store-backup-'));

/** The README's restore: the backup becomes a data folder's database. */
function restore(backup: string): string {
  const dir = tempDir();
  fs.copyFileSync(backup, databasePath(dir));
  return dir;
}

describe('backups of the embedded store', () => {
  it('copies consistently while the bot keeps writing, and the copy restores', async () => {
    const dir = tempDir();
    const store = createEmbeddedStore({ dir });
    for (let i = 0; i < 3000; i++)
      await store.opportunities.save(opportunity({ id: `before${i}`, city: 'x'.repeat(300) }));
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        await store.opportunities.save(opportunity({ id: `during${written++}` }));
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const destination = path.join(tempDir(), 'copy.sqlite');
    const progress: number[] = [];
    const report = await backupDatabase(dir, destination, (done) => progress.push(done));
    writing = false;
    await writer;
    expect(report.bytes).toBeGreaterThan(1_000_000);
    expect(written).toBeGreaterThan(0);
    await store.close();

    const back = createEmbeddedStore({ dir: restore(destination) });
    await expect(back.verified).resolves.toBeUndefined();
    const ids = new Set((await back.opportunities.search({ limit: 10_000 })).items.map((item) => item.id));
    for (let i = 0; i < 3000; i++) expect(ids.has(`before${i}`)).toBe(true);
    await back.close();
  });

  it('never overwrites a file, and says when there is no database', async () => {
    const dir = tempDir();
    await createEmbeddedStore({ dir }).close();
    const existing = path.join(tempDir(), 'taken.sqlite');
    fs.writeFileSync(existing, 'precious');
    await expect(backupDatabase(dir, existing)).rejects.toThrow(/already exists/);
    expect(fs.readFileSync(existing, 'utf8')).toBe('precious');
    await expect(backupDatabase(tempDir(), path.join(tempDir(), 'x.sqlite'))).rejects.toThrow(
      /no database at .*DATA_DIR/,
    );
  });

  it('runs as npm run store:backup -- <file> beside a running bot', async () => {
    const dir = tempDir();
    const store = createEmbeddedStore({ dir });
    await store.opportunities.save(opportunity());
    const destination = path.join(tempDir(), 'nightly.sqlite');
    const { stdout } = await run(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', path.join(__dirname, '../../src/store-backup.ts'), destination],
      {
        env: { ...process.env, DATA_DIR: dir },
      },
    );
    expect(stdout).toMatch(/Backup written to .*nightly\.sqlite .* and checked/);
    await store.close();
    const copy = createEmbeddedStore({ dir: restore(destination) });
    expect(await copy.opportunities.get('opp1')).toBeDefined();
    await copy.close();
  }, 30000);
});
