/**
 * A data folder from before SQLite (`snapshot.jsonl` + `journal.jsonl`, JSON lines of
 * `{"c": collection, "k": key, "v": record | null}`) is imported once, in one transaction, then its
 * files are renamed aside so the next start does not import them again.
 */
import fs from 'node:fs';
import path from 'node:path';
import { atomic, type Db } from './documents';
import { recordWriter } from './collections';
import { upgradeLegacyRecord, type LegacyRecord } from './legacy-records';
import { StoreCorruptedError } from './database';
import { rebuildTallies } from './outbox';

const LEGACY_FILES = ['snapshot.jsonl', 'journal.jsonl'] as const;
export const IMPORTED_SUFFIX = '.imported';

export interface ImportReport {
  records: number;
  renamed: string[];
}

export function hasLegacyData(dir: string): boolean {
  return LEGACY_FILES.some((name) => fs.existsSync(path.join(dir, name)));
}

/** Imports the old files into `db`, then renames them; `progress` is told every thousand records. */
export function importLegacyData(db: Db, dir: string, progress?: (done: number, total: number) => void): ImportReport {
  const live = new Map<string, LegacyRecord>();
  for (const name of LEGACY_FILES) replay(path.join(dir, name), live);

  const write = recordWriter(db);
  atomic(db, () => {
    let done = 0;
    for (const record of live.values()) {
      try {
        for (const upgraded of upgradeLegacyRecord(record)) write(upgraded);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        const what = `${record.collection} "${record.key}"`;
        throw new Error(`Could not import ${what} from the old data files: ${reason}`, { cause: error });
      }
      if (++done % 1000 === 0) progress?.(done, live.size);
    }
    rebuildTallies(db);
  })();
  progress?.(live.size, live.size);

  const renamed: string[] = [];
  for (const name of [...LEGACY_FILES, 'LOCK']) {
    const file = path.join(dir, name);
    if (!fs.existsSync(file)) continue;
    if (name === 'LOCK') fs.rmSync(file);
    else {
      fs.renameSync(file, file + IMPORTED_SUFFIX);
      renamed.push(name + IMPORTED_SUFFIX);
    }
  }
  return { records: live.size, renamed };
}

/** Applies a file's lines in order; a torn last line (a write never acknowledged) is ignored. */
function replay(file: string, live: Map<string, LegacyRecord>): void {
  if (!fs.existsSync(file)) return;
  const content = fs.readFileSync(file, 'utf8');
  const lines = content.split('\n');
  // Without a final newline, the last line is a write the crash interrupted.
  if (!content.endsWith('\n')) lines.pop();
  lines.forEach((text, index) => {
    if (text === '') return;
    let record: { c?: unknown; k?: unknown; v?: unknown };
    try {
      record = JSON.parse(text) as typeof record;
    } catch {
      throw new StoreCorruptedError(file, `line ${index + 1} is not valid JSON`);
    }
    if (typeof record.c !== 'string' || typeof record.k !== 'string')
      throw new StoreCorruptedError(file, `line ${index + 1} is not a store record`);
    const id = `${record.c}\u0000${record.k}`;
    // A Map keeps first-insertion order, as the old store did: the inbox's queue order survives.
    if (record.v === null || record.v === undefined) live.delete(id);
    else live.set(id, { collection: record.c, key: record.k, value: record.v });
  });
}
