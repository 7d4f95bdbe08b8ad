/**
 * Opens the embedded store's SQLite file (better-sqlite3): WAL, the pragmas that make erasure
 * real, the integrity check and the schema migrations. Every failure here stops start-up with a
 * message that says what to do, rather than leaving a bot that half works.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './schema';

export const DATABASE_FILE = 'bot.sqlite';

export class StoreCorruptedError extends Error {
  constructor(file: string, reason: string) {
    super(`The embedded store's database ${file} is damaged (${reason}). Stop the bot and restore the last backup (see the README, "Backups").`);
    this.name = 'StoreCorruptedError';
  }
}

export class StoreTooNewError extends Error {
  constructor(file: string, found: number, known: number) {
    super(`The embedded store's database ${file} has schema version ${found}, but this version of the bot knows only up to ${known}. Run the newer version of the bot, or restore a backup made by this one.`);
    this.name = 'StoreTooNewError';
  }
}

export interface OpenOptions {
  /** The folder holding the database; in memory when absent. */
  dir?: string;
  /** Page cache per connection, in KiB: it bounds the store's memory, whatever the data's size. */
  cacheKiB?: number;
}

export function databasePath(dir: string): string {
  return path.join(dir, DATABASE_FILE);
}

export function openDatabase(options: OpenOptions): Database.Database {
  const file = options.dir ? databasePath(options.dir) : ':memory:';
  if (options.dir) fs.mkdirSync(options.dir, { recursive: true });
  let db: Database.Database;
  try {
    db = new Database(file);
  } catch (error) {
    throw asStartupError(file, error);
  }
  try {
    configure(db, options.cacheKiB ?? 32 * 1024);
    if (options.dir) checkStructure(db, file);
    migrate(db, file);
  } catch (error) {
    db.close();
    throw asStartupError(file, error);
  }
  return db;
}

function configure(db: Database.Database, cacheKiB: number): void {
  // WAL: readers never wait for the writer, and a commit is one append to the log.
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode: a commit survives the process being killed (the log is in the kernel's
  // cache); only a power cut or OS crash can take the commits since the last checkpoint.
  db.pragma('synchronous = NORMAL');
  // Deleted content is overwritten with zeros, so erased people leave nothing in the file.
  db.pragma('secure_delete = ON');
  db.pragma(`cache_size = -${cacheKiB}`);
  db.pragma('temp_store = MEMORY');
  // Another process (a backup, a second bot process) may hold the write lock for a moment.
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
}

/**
 * At start, what is cheap whatever the size: the header, the schema, and the first rows of every
 * table. The whole file is checked right after by `verifyInBackground`.
 */
function checkStructure(db: Database.Database, file: string): void {
  const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all();
  for (const { name } of tables) {
    try {
      db.prepare(`SELECT * FROM "${name}" LIMIT 1`).get();
    } catch (error) {
      throw new StoreCorruptedError(file, `${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

// Runs in a worker thread with its own read-only connection, so the event loop keeps serving.
const VERIFY_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
let problems;
try {
  const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
  try {
    problems = db.pragma('quick_check(5)').map((row) => row.quick_check).filter((line) => line !== 'ok');
  } finally {
    db.close();
  }
} catch (error) {
  problems = [String(error && error.message ? error.message : error)];
}
parentPort.postMessage(problems);
`;

/**
 * Reads every page of the file (quick_check: page structure, free list, record formats; linear in
 * the file's size, seconds for a gigabyte) off the event loop. Resolves when the file is sound,
 * rejects with StoreCorruptedError otherwise.
 */
export function verifyInBackground(dir: string): Promise<void> {
  const file = databasePath(dir);
  return new Promise((resolve, reject) => {
    const worker = new Worker(VERIFY_SOURCE, { eval: true, workerData: { file, module: require.resolve('better-sqlite3') } });
    worker.once('message', (problems: string[]) => {
      const damage = problems.map((line) => line.replace(/\s+/g, ' ').trim());
      if (damage.length === 0) resolve();
      else reject(new StoreCorruptedError(file, damage.join('; ')));
    });
    worker.once('error', (error) => reject(error));
    worker.unref();
  });
}

function migrate(db: Database.Database, file: string): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > MIGRATIONS.length) throw new StoreTooNewError(file, version, MIGRATIONS.length);
  if (version === MIGRATIONS.length) return;
  db.transaction(() => {
    for (let next = version; next < MIGRATIONS.length; next++) db.exec(MIGRATIONS[next]);
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  }).immediate();
}

function asStartupError(file: string, error: unknown): Error {
  if (error instanceof StoreCorruptedError || error instanceof StoreTooNewError) return error;
  const code = (error as { code?: string }).code;
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') return new StoreCorruptedError(file, error instanceof Error ? error.message : String(error));
  return error instanceof Error ? error : new Error(String(error));
}
