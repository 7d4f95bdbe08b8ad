/**
 * The embedded store: one SQLite database file under DATA_DIR (or in memory for tests), through
 * better-sqlite3. Every call is synchronous underneath, so a repository method runs to the end
 * without another request interleaving; rules that read then write are also IMMEDIATE
 * transactions, so they hold with a second process (a backup, a second bot) on the same file.
 */
import { EmbeddedMedia } from './media';
import type { Store } from '../../domain/ports';
import { EmbeddedAccounts, EmbeddedAdminSessions, EmbeddedBroadcasts } from './admin';
import { EmbeddedContacts } from './contacts';
import { openDatabase, startMaintenance } from './database';
import { GroupCommit, inGroupCommit } from './group-commit';
import type { Db } from './documents';
import { hasLegacyData, importLegacyData, type ImportReport } from './legacy-import';
import { EmbeddedChannelState, EmbeddedInbox, EmbeddedLinkTokens, EmbeddedMetrics, EmbeddedSettings } from './logs';
import { EmbeddedOpportunities, EmbeddedOrganisations } from './opportunities';
import { EmbeddedMailbox, EmbeddedOutbox } from './outbox';
import { EmbeddedQuestions, EmbeddedSessions, EmbeddedSubscriptions } from './people';
import { EmbeddedSignups } from './signups';

export { StoreCorruptedError, StoreTooNewError, databasePath } from './database';

export interface EmbeddedStoreOptions {
  /** Folder for the database file; in memory only when absent. */
  dir?: string;
  /** Page cache in KiB (default 32 MiB): with the bounded record caches, what bounds the store's memory. */
  cacheKiB?: number;
  /** Told once when an old-format data folder was imported, and of its progress meanwhile. */
  onImport?: (report: ImportReport) => void;
  onImportProgress?: (done: number, total: number) => void;
  /**
   * Told when the check of the whole file, run in the background right after start, finds damage
   * (the store then reports unhealthy). The bot stops on it: nothing it wrote could be trusted.
   */
  onDamage?: (error: Error) => void;
  /** How often the write-ahead log is synced into the database file (default every second). */
  checkpointMs?: number;
}

export interface EmbeddedStore extends Store {
  /** The open database (backups, store:copy, tests). */
  readonly db: Db;
  /** Settles once the whole file has been checked: resolved when sound (at once in memory). */
  readonly verified: Promise<void>;
}

export function createEmbeddedStore(options: EmbeddedStoreOptions = {}): EmbeddedStore {
  const db = openDatabase(options);
  try {
    if (options.dir && hasLegacyData(options.dir)) {
      const report = importLegacyData(db, options.dir, options.onImportProgress);
      options.onImport?.(report);
    }
  } catch (error) {
    db.close();
    throw error;
  }
  const touchHealth = db.prepare<[string]>(
    'INSERT INTO health (id, checked_at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at',
  );
  const where = options.dir ? `data in ${options.dir}` : 'in memory';
  // Checks the whole file, then syncs the log every second (what a power cut can take), off the event loop.
  const maintenance = options.dir ? startMaintenance(options.dir, options.checkpointMs ?? 1000) : undefined;

  let damage: Error | undefined;
  const verified = maintenance?.verified ?? Promise.resolve();
  verified.catch((error: unknown) => {
    damage = error instanceof Error ? error : new Error(String(error));
    options.onDamage?.(damage);
  });
  const group = new GroupCommit(db);
  const grouped = <T extends object>(repository: T): T => inGroupCommit(repository, group);
  return {
    db,
    verified,
    organisations: grouped(new EmbeddedOrganisations(db)),
    opportunities: grouped(new EmbeddedOpportunities(db)),
    contacts: grouped(new EmbeddedContacts(db)),
    signups: grouped(new EmbeddedSignups(db)),
    subscriptions: grouped(new EmbeddedSubscriptions(db)),
    sessions: grouped(new EmbeddedSessions(db)),
    questions: grouped(new EmbeddedQuestions(db)),
    inbox: grouped(new EmbeddedInbox(db)),
    channelState: grouped(new EmbeddedChannelState(db)),
    metrics: grouped(new EmbeddedMetrics(db)),
    outbox: grouped(new EmbeddedOutbox(db)),
    mailbox: grouped(new EmbeddedMailbox(db)),
    linkTokens: grouped(new EmbeddedLinkTokens(db)),
    accounts: grouped(new EmbeddedAccounts(db)),
    adminSessions: grouped(new EmbeddedAdminSessions(db)),
    broadcasts: grouped(new EmbeddedBroadcasts(db)),
    media: grouped(new EmbeddedMedia(db)),
    settings: grouped(new EmbeddedSettings(db)),
    async health() {
      if (!db.open) return { ok: false, kind: 'embedded', detail: 'closed' };
      if (damage) return { ok: false, kind: 'embedded', detail: damage.message };
      try {
        // A real write, committed: a full disk or a vanished file shows here, not on the next sign-up.
        group.commit();
        touchHealth.run(new Date().toISOString());
        return { ok: true, kind: 'embedded', detail: where };
      } catch (error) {
        return {
          ok: false,
          kind: 'embedded',
          detail: `cannot write: ${error instanceof Error ? error.message : String(error)}`,
        };
      }
    },
    async afterErasure() {
      // Deleted rows are already zeroed in the database (secure_delete); the write-ahead log still
      // holds the pages as they were, so it is copied back and emptied.
      if (!db.open || !options.dir) return;
      try {
        group.commit();
        db.pragma('wal_checkpoint(TRUNCATE)');
      } catch {
        // Busy (a backup reading at this instant): the next erasure empties the log instead.
      }
    },
    async close() {
      group.commit();
      await maintenance?.stop();
      if (db.open) db.close();
    },
  };
}
