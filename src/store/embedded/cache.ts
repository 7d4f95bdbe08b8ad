/**
 * Parsed records kept between calls, as the store before SQLite kept them all: a chat message
 * reads the same contact and conversation several times, and parsing them each time cost a third
 * of the engine's throughput. Bounded (least recently used out), shared by every reader (so frozen
 * under test, see `freezeCachedRecords`), updated by this connection's own writes, and dropped whole
 * as soon as another connection (another process) committed anything, which `PRAGMA data_version`
 * tells in a microsecond (see `dataVersionOf` for how often it is asked).
 */
import type { Db } from './documents';

const versions = new WeakMap<Db, () => number>();

/**
 * A caller that changed a cached record would change what every later reader sees. The tests freeze
 * the records, so such a change throws and fails them; production does not, because V8 runs
 * `some`, `filter` or `slice` on a frozen array up to ten times slower, on every chat message.
 */
let freezing = false;

export function freezeCachedRecords(on = true): void {
  freezing = on;
}

/**
 * One `PRAGMA data_version` statement per connection, shared by its caches. A chat message reads
 * half a dozen cached records: the answer is kept until the event loop's next turn, so another
 * process's commit is seen from that turn on. Inside a transaction it is always asked: the read
 * then guards a read-modify-write, and from then on no other process can commit until ours does.
 */
function dataVersionOf(db: Db): () => number {
  let read = versions.get(db);
  if (!read) {
    const statement = db.prepare<[], number>('PRAGMA data_version').pluck();
    let known: number | undefined;
    const forget = () => {
      known = undefined;
    };
    read = () => {
      if (known === undefined) setImmediate(forget);
      else if (!db.inTransaction) return known;
      known = statement.get()!;
      return known;
    };
    versions.set(db, read);
  }
  return read;
}

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

export class RecordCache<V> {
  private readonly entries = new Map<string, V>();
  private readonly dataVersion: () => number;
  private seenVersion = -1;

  constructor(
    db: Db,
    private readonly capacity = 10_000,
  ) {
    this.dataVersion = dataVersionOf(db);
  }

  get(key: string): V | undefined {
    this.dropIfChangedElsewhere();
    const value = this.entries.get(key);
    if (value !== undefined) {
      // Most recently used last: the first key is the one to evict.
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  /** The cached value, else what `load` reads (kept when found). */
  through(key: string, load: () => V | undefined): V | undefined {
    const cached = this.get(key);
    if (cached !== undefined) return cached;
    const loaded = load();
    return loaded === undefined ? undefined : this.set(key, loaded);
  }

  /** Keeps `value` (it belongs to the store from now on: frozen in place under test) and returns it. */
  set(key: string, value: V): V {
    this.dropIfChangedElsewhere();
    this.entries.delete(key);
    this.entries.set(key, freezing ? deepFreeze(value) : value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  /** Whether another connection committed since last asked (then nothing cached is trusted). */
  private dropIfChangedElsewhere(): void {
    const version = this.dataVersion();
    if (version !== this.seenVersion) {
      this.entries.clear();
      this.seenVersion = version;
    }
  }
}
