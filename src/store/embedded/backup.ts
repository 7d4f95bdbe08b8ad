/**
 * Online backups of the embedded store: SQLite's backup API copies the database page by page
 * while the bot keeps running (each step lets the event loop and the bot's writers go on), and
 * the copy is a consistent snapshot. The copy is then checked whole before it is called good.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { databasePath } from './database';

export interface BackupReport {
  file: string;
  bytes: number;
  pages: number;
}

export async function backupDatabase(
  dataDir: string,
  destination: string,
  onProgress?: (done: number, total: number) => void,
): Promise<BackupReport> {
  const source = databasePath(dataDir);
  if (!fs.existsSync(source)) throw new Error(`There is no database at ${source}: is DATA_DIR right?`);
  if (fs.existsSync(destination))
    throw new Error(`${destination} already exists; choose a new file name (a backup never overwrites).`);
  const db = new Database(source, { fileMustExist: true });
  let pages = 0;
  try {
    db.pragma('busy_timeout = 5000');
    await db.backup(destination, {
      progress: ({ totalPages, remainingPages }) => {
        pages = totalPages;
        onProgress?.(totalPages - remainingPages, totalPages);
        // Pages per step: large enough to finish quickly, small enough not to hold up the bot.
        return 1000;
      },
    });
  } finally {
    db.close();
  }
  const copy = new Database(destination, { readonly: true, fileMustExist: true });
  try {
    const problems = (copy.pragma('quick_check(5)') as Array<{ quick_check: string }>)
      .map((row) => row.quick_check)
      .filter((line) => line !== 'ok');
    if (problems.length > 0)
      throw new Error(
        `The backup ${destination} does not check out (${problems.join('; ')}); it was kept for inspection.`,
      );
  } finally {
    copy.close();
  }
  return { file: destination, bytes: fs.statSync(destination).size, pages };
}
