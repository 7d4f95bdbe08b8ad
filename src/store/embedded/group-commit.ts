/**
 * Group commit: the writes made in one turn of the event loop share one transaction, committed
 * right after the turn (setImmediate). A write's promise resolves only after that COMMIT, so what
 * was acknowledged is durable as before, but a burst of chat messages pays for one commit, not
 * one each. Reads on this connection see the writes at once; other processes see them at the
 * commit. Rules that must be atomic still are: inside the open transaction they are savepoints,
 * and the transaction holds the write lock from its first write.
 */
import type { Db } from './documents';

export class GroupCommit {
  private waiting: Array<{ resolve: () => void; reject: (error: unknown) => void }> = [];
  private scheduled = false;
  private readonly beginStatement;
  private readonly commitStatement;

  constructor(private readonly db: Db) {
    this.beginStatement = db.prepare('BEGIN IMMEDIATE');
    this.commitStatement = db.prepare('COMMIT');
  }

  /** Before a write: opens the turn's transaction (taking the write lock) unless it is open. */
  begin(): void {
    if (!this.db.open) return;
    if (!this.db.inTransaction) this.beginStatement.run();
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.commit());
    }
  }

  /** After a write: resolves once the transaction it was part of is committed. */
  acknowledged(): Promise<void> {
    if (!this.scheduled) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  /** Commits now (closing, or before something that needs no open transaction). */
  commit(): void {
    this.scheduled = false;
    const waiting = this.waiting;
    this.waiting = [];
    try {
      if (this.db.open && this.db.inTransaction) this.commitStatement.run();
    } catch (error) {
      // Nobody may believe these writes were kept.
      if (this.db.open && this.db.inTransaction) this.db.exec('ROLLBACK');
      for (const waiter of waiting) waiter.reject(error);
      return;
    }
    for (const waiter of waiting) waiter.resolve();
  }
}

/** Methods that only read: they neither open the transaction nor wait for its commit. */
const READS = /^(get|find|list|load|search|distinct|count|batches|entries|pending)/;

/**
 * Wraps a repository so that each writing method takes part in the group commit: the method runs
 * at once (inside the turn's transaction) and its promise resolves after the COMMIT.
 */
export function inGroupCommit<T extends object>(repository: T, group: GroupCommit): T {
  // Each method's wrapper is made once: the proxy is read several times for every chat message.
  const wrappers = new Map<string | symbol, unknown>();
  return new Proxy(repository, {
    get(target, name, receiver) {
      const member: unknown = Reflect.get(target, name, receiver);
      if (typeof member !== 'function') return member;
      let wrapper = wrappers.get(name);
      if (!wrapper) {
        const method = member as (...args: unknown[]) => unknown;
        // Bound to the repository itself, so its own helpers are never seen through this wrapper.
        wrapper =
          typeof name !== 'string' || READS.test(name)
            ? method.bind(target)
            : (...args: unknown[]) => {
                group.begin();
                return Promise.resolve(method.apply(target, args)).then(async (value) => {
                  await group.acknowledged();
                  return value;
                });
              };
        wrappers.set(name, wrapper);
      }
      return wrapper;
    },
  });
}
