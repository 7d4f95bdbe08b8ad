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
    super(
      `The embedded store's database ${file} is damaged (${reason}). ` +
        'Stop the bot and restore the last backup (see the README, "Backups").',
    );
    this.name = 'StoreCorruptedError';
  }
}

export class StoreTooNewError extends Error {
  constructor(file: string, found: number, known: number) {
    super(
      `The embedded store's database ${file} has schema version ${found}, ` +
        `but this version of the bot knows only up to ${known}. ` +
        'Run the newer version of the bot, or restore a backup made by this one.',
    );
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
  // SQLite checkpoints at a commit once the log passes this many pages, fsyncs included, on the
  // event loop. The upkeep worker checkpoints every second off it; this is the backstop for bursts.
  db.pragma('wal_autocheckpoint = 4000');
}

/**
 * At start, what is cheap whatever the size: the header, the schema, and the first rows of every
 * table. The whole file is checked right after by the upkeep worker (`startMaintenance`).
 */
function checkStructure(db: Database.Database, file: string): void {
  const tables = db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .all();
  for (const { name } of tables) {
    try {
      db.prepare(`SELECT * FROM "${name}" LIMIT 1`).get();
    } catch (error) {
      throw new StoreCorruptedError(file, `${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

// The store's upkeep, in a worker thread with its own connection so the event loop never waits
// for the disk: first a check of the whole file, then a passive checkpoint at every tick.
const MAINTENANCE_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
let db;
let timer;
try {
  db = new Database(workerData.file, { fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  const problems = db.pragma('quick_check(5)').map((row) => row.quick_check).filter((line) => line !== 'ok');
  parentPort.postMessage({ problems });
  if (problems.length === 0) {
    timer = setInterval(() => {
      try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (error) { /* busy: the next tick tries again */ }
    }, workerData.checkpointMs);
  }
} catch (error) {
  parentPort.postMessage({ problems: [String(error && error.message ? error.message : error)] });
}
parentPort.on('message', () => {
  clearInterval(timer);
  if (db && db.open) db.close();
  parentPort.close();
});
`;

export interface Maintenance {
  /** Settles once the whole file was read (quick_check: page structure, free list, record formats;
   * seconds for a gigabyte): resolved when sound, rejected with StoreCorruptedError otherwise. */
  verified: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the upkeep worker. With synchronous NORMAL the write-ahead log reaches the disk at
 * checkpoints only, so the tick bounds what a power cut can take.
 */
export function startMaintenance(dir: string, checkpointMs: number): Maintenance {
  const file = databasePath(dir);
  const worker = new Worker(MAINTENANCE_SOURCE, {
    eval: true,
    workerData: { file, checkpointMs, module: require.resolve('better-sqlite3') },
  });
  // Never the reason a process stays up: the bot is held by its server, a script by its work.
  worker.unref();
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const verified = new Promise<void>((resolve, reject) => {
    worker.once('message', ({ problems }: { problems: string[] }) => {
      const damage = problems.map((line) => line.replace(/\s+/g, ' ').trim());
      if (damage.length === 0) resolve();
      else reject(new StoreCorruptedError(file, damage.join('; ')));
    });
    worker.once('error', (error) => reject(error));
  });
  return {
    verified,
    async stop() {
      worker.postMessage('stop');
      const timeout = setTimeout(() => void worker.terminate(), 5000);
      await exited;
      clearTimeout(timeout);
    },
  };
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
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT')
    return new StoreCorruptedError(file, error instanceof Error ? error.message : String(error));
  return error instanceof Error ? error : new Error(String(error));
}
