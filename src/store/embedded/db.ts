/**
 * The embedded store's in-memory collections, made durable by the journal. All methods are
 * synchronous: a repository method that reads, decides and writes without awaiting in between is
 * atomic, since nothing else runs on the event loop meanwhile.
 *
 * Stored records are deeply frozen, so they can be handed out without copying: a caller that tries
 * to change one gets a TypeError instead of silently changing the store. A record given to `put`
 * is frozen in place and belongs to the store from then on.
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

  /** Every key in use, with how many records are filed under it. */
  *sizes(): Generator<[string, number]> {
    for (const [key, set] of this.entries) yield [key, set.size];
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

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

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

  get(key: string): T | undefined {
    return this.records.get(key);
  }

  /** Visible at once; the promise resolves once the change is in the journal (acknowledged). */
  put(key: string, record: T): Promise<void> {
    return this.db.write({ c: this.name, k: key, v: record });
  }

  delete(key: string): Promise<void> {
    return this.records.has(key) ? this.db.write({ c: this.name, k: key, v: null }) : Promise.resolve();
  }

  /** Applies a record already made durable (or being replayed). */
  apply(key: string, value: T | null): void {
    const before = this.records.get(key);
    if (value === null) this.records.delete(key);
    else this.records.set(key, deepFreeze(value));
    for (const index of this.indexes) index.update(key, before, value ?? undefined);
  }
}

/** A list `size` at a time (references only: the records are frozen and shared). */
export async function* slices<T>(all: T[], size: number): AsyncIterable<T[]> {
  for (let start = 0; start < all.length; start += size) yield all.slice(start, start + size);
}

export class EmbeddedDb {
  private readonly collections = new Map<string, Collection<unknown>>();
  private pending: JournalRecord[] = [];
  private waiting: Array<{ resolve: () => void; reject: (error: unknown) => void }> = [];
  private flushScheduled = false;
  /** Set when the journal could not be written: memory and disk may differ, so nothing more is accepted. */
  failure: Error | undefined;

  /** Without a journal the store lives in memory only (tests). */
  constructor(private readonly journal?: Journal) {
    journal?.replay((record) => this.collection(record.c).apply(record.k, record.v));
  }

  collection<T>(name: string): Collection<T> {
    let collection = this.collections.get(name);
    if (!collection) this.collections.set(name, (collection = new Collection<unknown>(name, this)));
    return collection as Collection<T>;
  }

  /**
   * Applies a change in memory at once, so a repository's check-then-write stays atomic, and
   * appends it to the journal with everything else changed in the same turn of the event loop:
   * one write for many changes (group commit). The promise resolves after that write.
   */
  write(record: JournalRecord): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    this.collection(record.c).apply(record.k, record.v);
    if (!this.journal) return Promise.resolve();
    this.pending.push(record);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  close(): void {
    this.flush();
    this.journal?.close();
  }

  private flush(): void {
    this.flushScheduled = false;
    if (!this.journal || this.pending.length === 0) return;
    const records = this.pending;
    const waiting = this.waiting;
    this.pending = [];
    this.waiting = [];
    try {
      this.journal.append(records);
      if (this.journal.shouldCompact()) this.journal.compact(this.records());
    } catch (error) {
      // The disk refused (full, gone): nobody may believe these changes were kept.
      this.failure = new Error(`The embedded store could not write its journal: ${String(error)}`);
      for (const waiter of waiting) waiter.reject(this.failure);
      return;
    }
    for (const waiter of waiting) waiter.resolve();
  }

  /** Every stored record (compaction, and copying to another store). */
  *records(): Generator<JournalRecord> {
    for (const collection of this.collections.values()) {
      for (const [k, v] of collection.records) yield { c: collection.name, k, v };
    }
  }
}
