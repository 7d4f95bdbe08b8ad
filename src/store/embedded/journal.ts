/**
 * Durable storage for the embedded store: a snapshot file plus an append-only journal, both JSON
 * lines of `{"c": collection, "k": key, "v": record | null}`.
 *
 * Every change is written to the journal with one synchronous write before the operation
 * resolves, so an acknowledged write survives `kill -9` (the kernel holds it even if the process
 * dies). The file is fsynced on a short timer and at close, which bounds what a power cut can take.
 * Replaying a record is idempotent (it sets the whole value), so a crash in the middle of
 * compaction replays safely. A torn last line, the only damage a crash can cause, is cut off.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface JournalRecord {
  c: string;
  k: string;
  v: unknown;
}

export class StoreCorruptedError extends Error {
  constructor(file: string, line: number, reason: string) {
    super(`Embedded store file ${file} is damaged at line ${line}: ${reason}. Restore it from a backup or move it aside.`);
    this.name = 'StoreCorruptedError';
  }
}

export class StoreLockedError extends Error {
  constructor(dir: string, pid: number) {
    super(
      `The data folder ${dir} is in use by process ${pid}. The embedded store serves one process; ` +
        'stop the other one, or use MONGODB_URI to run several.',
    );
    this.name = 'StoreLockedError';
  }
}

const SNAPSHOT = 'snapshot.jsonl';
const JOURNAL = 'journal.jsonl';
const LOCK = 'LOCK';

export interface JournalOptions {
  dir: string;
  /** Compact once the journal is larger than this and larger than the snapshot. */
  compactAfterBytes?: number;
  fsyncIntervalMs?: number;
}

export class Journal {
  private readonly dir: string;
  private readonly compactAfterBytes: number;
  private fd: number | undefined;
  private journalBytes = 0;
  private snapshotBytes = 0;
  private dirty = false;
  private syncing = false;
  private syncTimer: NodeJS.Timeout | undefined;

  constructor(options: JournalOptions) {
    this.dir = options.dir;
    this.compactAfterBytes = options.compactAfterBytes ?? 16 * 1024 * 1024;
    fs.mkdirSync(this.dir, { recursive: true });
    this.lock();
    const interval = options.fsyncIntervalMs ?? 1000;
    this.syncTimer = setInterval(() => this.syncInBackground(), interval);
    this.syncTimer.unref();
  }

  /** Reads the snapshot then the journal, calling `apply` for each record in order. */
  replay(apply: (record: JournalRecord) => void): void {
    this.snapshotBytes = readLines(path.join(this.dir, SNAPSHOT), apply, false);
    const journalPath = path.join(this.dir, JOURNAL);
    this.journalBytes = readLines(journalPath, apply, true);
    this.fd = fs.openSync(journalPath, 'a');
  }

  append(records: JournalRecord[]): void {
    if (this.fd === undefined) throw new Error('Journal used before replay()');
    let text = '';
    for (const record of records) text += JSON.stringify(record) + '\n';
    const buffer = Buffer.from(text, 'utf8');
    let written = 0;
    while (written < buffer.length) written += fs.writeSync(this.fd, buffer, written, buffer.length - written);
    this.journalBytes += buffer.length;
    this.dirty = true;
  }

  shouldCompact(): boolean {
    return this.journalBytes > this.compactAfterBytes && this.journalBytes > this.snapshotBytes;
  }

  /** Writes every live record to a new snapshot, atomically replaces the old one, empties the journal. */
  compact(records: Iterable<JournalRecord>): void {
    if (this.fd === undefined) throw new Error('Journal used before replay()');
    const temporary = path.join(this.dir, `${SNAPSHOT}.tmp`);
    const fd = fs.openSync(temporary, 'w');
    let bytes = 0;
    let chunk = '';
    for (const record of records) {
      chunk += JSON.stringify(record) + '\n';
      if (chunk.length > 1 << 20) {
        bytes += fs.writeSync(fd, chunk);
        chunk = '';
      }
    }
    if (chunk.length > 0) bytes += fs.writeSync(fd, chunk);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(temporary, path.join(this.dir, SNAPSHOT));
    syncDirectory(this.dir);
    fs.ftruncateSync(this.fd, 0);
    fs.fsyncSync(this.fd);
    this.snapshotBytes = bytes;
    this.journalBytes = 0;
    this.dirty = false;
  }

  sync(): void {
    if (this.fd !== undefined && this.dirty) {
      fs.fdatasyncSync(this.fd);
      this.dirty = false;
    }
  }

  // The periodic flush must not stop the event loop while the disk catches up.
  private syncInBackground(): void {
    if (this.fd === undefined || !this.dirty || this.syncing) return;
    this.dirty = false;
    this.syncing = true;
    fs.fdatasync(this.fd, () => {
      this.syncing = false;
    });
  }

  close(): void {
    if (this.syncTimer) clearInterval(this.syncTimer);
    this.syncTimer = undefined;
    if (this.fd !== undefined) {
      this.sync();
      fs.closeSync(this.fd);
      this.fd = undefined;
    }
    fs.rmSync(path.join(this.dir, LOCK), { force: true });
  }

  private lock(): void {
    const lockPath = path.join(this.dir, LOCK);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        fs.writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const holder = Number(fs.readFileSync(lockPath, 'utf8'));
        if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) throw new StoreLockedError(this.dir, holder);
        // The holder died without cleaning up (a crash): the lock is stale.
        fs.rmSync(lockPath, { force: true });
      }
    }
    throw new StoreLockedError(this.dir, Number(fs.readFileSync(lockPath, 'utf8')));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function syncDirectory(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Applies each line of a file; returns the bytes of valid content. A torn last line is cut off. */
function readLines(file: string, apply: (record: JournalRecord) => void, truncateTornTail: boolean): number {
  if (!fs.existsSync(file)) return 0;
  const content = fs.readFileSync(file);
  let start = 0;
  let line = 0;
  while (start < content.length) {
    const end = content.indexOf(0x0a, start);
    line++;
    if (end === -1) {
      // No newline: the last write was interrupted before it completed. It was never acknowledged.
      if (truncateTornTail) fs.truncateSync(file, start);
      return start;
    }
    const text = content.toString('utf8', start, end);
    let record: JournalRecord;
    try {
      record = JSON.parse(text) as JournalRecord;
    } catch {
      throw new StoreCorruptedError(file, line, 'not valid JSON');
    }
    if (typeof record.c !== 'string' || typeof record.k !== 'string') {
      throw new StoreCorruptedError(file, line, 'not a store record');
    }
    apply(record);
    start = end + 1;
  }
  return start;
}
