/** Opens the configured store: MongoDB when MONGODB_URI is set, else the embedded SQLite file. */
import path from 'node:path';
import type { Config } from './config';
import type { Store } from './domain/ports';
import { createEmbeddedStore } from './store/embedded';
import type { Logger } from './util/logger';
import { progressBar } from './progress-bar';

export async function openStore(
  config: Config,
  logger: Logger,
  onFatal: ((error: Error) => void) | undefined,
): Promise<Store> {
  // mongoose is loaded only when configured: a bot without it does not carry it.
  if (config.mongodbUri) {
    const { createMongoStore } = await import('./store/mongo');
    return createMongoStore({ uri: config.mongodbUri, log: (message, fields) => logger.warn(message, fields) });
  }
  const importBar = progressBar('Importing the old data files {bar} {value}/{total} records');
  return createEmbeddedStore({
    dir: path.resolve(config.dataDir),
    onImportProgress: importBar.report,
    onDamage: (error) => {
      logger.error('the database file is damaged; stopping', { error: error.message });
      onFatal?.(error);
    },
    onImport: (report) => {
      importBar.stop();
      logger.info(
        'data from the journal format imported into SQLite; ' +
          'delete the renamed files once checked, they still hold erased people',
        { records: report.records, renamed: report.renamed },
      );
    },
  });
}
