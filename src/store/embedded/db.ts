/**
 * The embedded store's in-memory collections, made durable by the journal. All methods are
 * synchronous: a repository method that reads, decides and writes without awaiting in between is
 * atomic, since nothing else runs on the event loop meanwhile.
 */
import { Journal, type JournalRecord } from './journal';

type KeysOf<T> = (record: T) => string[];

export class Index<T> {
  private readonly entries = new Map<string, Set<string>>();

  constructor(private readonly keysOf: KeysOf<T>) {}

  /** Primary keys filed under `key`. */
  lookup(key: string): ReadonlySet<string> {
    return this.entries.get(key) ?? EMPTY;
  }

  update(primaryKey: string, before: T | undefined, after: T | undefined): void {
    if (before !== undefined) {
      for (const key of this.keysOf(before)) {
        const set = this.entries.get(key);
        set?.delete(primaryKey);
        if (set?.size === 0) this.entries.delete(key);
      }
    }
    if (after !== undefined) {
      for (const key of this.keysOf(after)) {
        let set = this.entries.get(key);
        if (!set) this.entries.set(key, (set = new Set()));
        set.add(primaryKey);
      }
    }
  }
}

const EMPTY: ReadonlySet<string> = new Set();

export class Collection<T> {
  readonly records = new Map<string, T>();
  private readonly indexes: Index<T>[] = [];

  constructor(
    readonly name: string,
    private readonly db: EmbeddedDb,
  ) {}

  index(keysOf: KeysOf<T>): Index<T> {
    const index = new Index(keysOf);
    for (const [key, record] of this.records) index.update(key, undefined, record);
    this.indexes.push(index);
    return index;
  }

  /** A copy, so callers never change stored state by accident. */
  get(key: string): T | undefined {
    const record = this.records.get(key);
    return record === undefined ? undefined : structuredClone(record);
  }

  /** The stored object itself, for read-only scans inside the store. */
  peek(key: string): T | undefined {
    return this.records.get(key);
  }

  put(key: string, record: T): void {
    this.db.write([{ c: this.name, k: key, v: record }]);
  }

  delete(key: string): void {
    if (this.records.has(key)) this.db.write([{ c: this.name, k: key, v: null }]);
  }

  /** Applies a record already made durable (or being replayed). */
  apply(key: string, value: T | null): void {
    const before = this.records.get(key);
    if (value === null) this.records.delete(key);
    else this.records.set(key, value);
    for (const index of this.indexes) index.update(key, before, value ?? undefined);
  }
}

export class EmbeddedDb {
  private readonly collections = new Map<string, Collection<unknown>>();

  /** Without a journal the store lives in memory only (tests). */
  constructor(private readonly journal?: Journal) {
    journal?.replay((record) => this.collection(record.c).apply(record.k, record.v));
  }

  collection<T>(name: string): Collection<T> {
    let collection = this.collections.get(name);
    if (!collection) this.collections.set(name, (collection = new Collection<unknown>(name, this)));
    return collection as Collection<T>;
  }

  /** Journal first, memory second: nothing is visible that is not durable. */
  write(records: JournalRecord[]): void {
    const copies = records.map((record) => ({ ...record, v: record.v === null ? null : structuredClone(record.v) }));
    this.journal?.append(copies);
    for (const record of copies) this.collection(record.c).apply(record.k, record.v);
    if (this.journal?.shouldCompact()) this.journal.compact(this.allRecords());
  }

  close(): void {
    this.journal?.close();
  }

  private *allRecords(): Generator<JournalRecord> {
    for (const collection of this.collections.values()) {
      for (const [k, v] of collection.records) yield { c: collection.name, k, v };
    }
  }
}
