/**
 * A table of JSON records under one key column: the common shape of the embedded store's tables.
 * Records are parsed afresh on every read, so a caller can never change the store through one.
 */
import type Database from 'better-sqlite3';
import type { ListWindow } from '../../domain/ports';

export type Db = Database.Database;
type Params = unknown[];

export class DocumentTable<T> {
  private readonly selectOne: Database.Statement<[string], { doc: string }>;
  private readonly upsert: Database.Statement<[string, string]>;
  private readonly deleteOne: Database.Statement<[string]>;

  constructor(
    readonly db: Db,
    readonly table: string,
    readonly keyColumn = 'id',
  ) {
    this.selectOne = db.prepare(`SELECT doc FROM ${table} WHERE ${keyColumn} = ?`);
    this.upsert = db.prepare(
      `INSERT INTO ${table} (${keyColumn}, doc) VALUES (?, ?)
       ON CONFLICT (${keyColumn}) DO UPDATE SET doc = excluded.doc`,
    );
    this.deleteOne = db.prepare(`DELETE FROM ${table} WHERE ${keyColumn} = ?`);
  }

  get(key: string): T | undefined {
    const row = this.selectOne.get(key);
    return row ? (JSON.parse(row.doc) as T) : undefined;
  }

  put(key: string, record: T): void {
    this.upsert.run(key, JSON.stringify(record));
  }

  delete(key: string): boolean {
    return this.deleteOne.run(key).changes > 0;
  }

  /** A prepared query returning records; `sql` is what follows `SELECT doc FROM <table>`. */
  query<P extends Params>(sql: string): (...params: P) => T[] {
    const statement = this.db.prepare<P, { doc: string }>(`SELECT doc FROM ${this.table} ${sql}`);
    return (...params) => statement.all(...params).map((row) => JSON.parse(row.doc) as T);
  }

  /** Every record a batch at a time, by key, so memory holds one batch whatever the table's size. */
  async *batches(size: number): AsyncIterable<T[]> {
    const page = this.db.prepare<[string, number], { key: string; doc: string }>(
      `SELECT ${this.keyColumn} AS key, doc FROM ${this.table}
       WHERE ${this.keyColumn} > ? ORDER BY ${this.keyColumn} LIMIT ?`,
    );
    let after = '';
    for (;;) {
      const rows = page.all(after, size);
      if (rows.length === 0) return;
      after = rows[rows.length - 1].key;
      yield rows.map((row) => JSON.parse(row.doc) as T);
      if (rows.length < size) return;
    }
  }
}

/**
 * Deletes what `where` selects a chunk at a time, giving the event loop back between chunks:
 * retention purges can meet a hundred thousand rows and must not stall the replies meanwhile.
 */
export function deleteInChunks(db: Db, table: string, where: string, params: Params, chunk = CHUNK): Promise<number> {
  const statement = db.prepare(
    `DELETE FROM ${table} WHERE rowid IN (SELECT rowid FROM ${table} WHERE ${where} LIMIT ${chunk})`,
  );
  return runInChunks(statement, params, chunk);
}

const CHUNK = 2000;

/**
 * Runs a statement that changes at most `chunk` rows (its `LIMIT @chunk`, or a LIMIT of its own)
 * until it changes fewer, yielding to the event loop in between. Returns how many rows changed.
 */
export async function runInChunks(
  statement: Database.Statement,
  params: Params | Record<string, unknown>,
  chunk = CHUNK,
): Promise<number> {
  let total = 0;
  for (;;) {
    const { changes } = Array.isArray(params) ? statement.run(...params) : statement.run({ ...params, chunk });
    total += changes;
    if (changes < chunk) return total;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * A function run as one write transaction, begun IMMEDIATE: it takes the write lock before reading,
 * so a read-then-write rule holds even with another process on the same file. Nested calls join
 * the outer transaction.
 */
export function atomic<A extends unknown[], R>(db: Db, fn: (...args: A) => R): (...args: A) => R {
  const transaction = db.transaction(fn);
  return (...args) => transaction.immediate(...args);
}

/** A list window as SQLite's LIMIT and OFFSET (a negative LIMIT means none). */
export function sqlWindow(window: ListWindow): [number, number] {
  return [window.limit ?? -1, Math.max(0, window.offset ?? 0)];
}
