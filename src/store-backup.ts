/**
 * `npm run store:backup -- <file>`: a consistent copy of the embedded store's database (DATA_DIR),
 * taken while the bot runs. To restore, see the README ("Backups").
 */
import path from 'node:path';
import { readConfig } from './config';
import { progressBar } from './progress-bar';
import { backupDatabase } from './store/embedded/backup';

async function main(): Promise<void> {
  const target = process.argv[2];
  if (!target) throw new Error('Say where to write the backup: npm run store:backup -- <file>');
  const config = readConfig();
  if (config.mongodbUri)
    throw new Error('MONGODB_URI is set: back up MongoDB with its own tools (mongodump, or your host’s snapshots).');
  const bar = progressBar('Backing up {bar} {value}/{total} pages');
  const report = await backupDatabase(path.resolve(config.dataDir), path.resolve(target), bar.report).finally(() =>
    bar.stop(),
  );
  process.stdout.write(
    `Backup written to ${report.file} (${(report.bytes / 1024 / 1024).toFixed(1)} MB) and checked.\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
