/** The outbox and the web chat's mailbox in the embedded store. */
import {
  settledEntry,
  type OutboxCount,
  type OutboxEntry,
  type OutboxOutcome,
  INTERRUPTED,
  type SkipReason,
} from '../../domain/outbox';
import type { ClaimRequest, MailboxItem, MailboxRepository, OutboxRepository } from '../../domain/ports';
import { atomic, deleteInChunks, DocumentTable, runInChunks, type Db } from './documents';

const RANK = { high: 0, bulk: 1 } as const;
const PRIORITY_ORDER = (a: OutboxEntry, b: OutboxEntry): number =>
  RANK[a.priority] - RANK[b.priority] || a.notBefore.localeCompare(b.notBefore) || a.key.localeCompare(b.key);

// What a claim, an interruption and a cancellation change, as json_set edits: each is one statement.
const CLAIM_EDIT = `doc = json_set(doc, '$.status', 'sending', '$.owner', @owner, '$.leaseUntil', @leaseUntil,
  '$.attempts', (doc ->> '$.attempts') + 1, '$.updatedAt', @now)`;
const SETTLE_EDIT = (status: string, extra: string) =>
  `doc = json_remove(
     json_set(doc, '$.status', '${status}', '$.messages', json('[]'), '$.updatedAt', @now${extra}),
     '$.owner', '$.leaseUntil')`;

/** Counts every entry afresh: after writing entries directly (an import), not on any hot path. */
export function rebuildTallies(db: Db): void {
  db.exec(
    `DELETE FROM outbox_tallies;
     INSERT INTO outbox_tallies SELECT grp, channel, status, reason, count(*) FROM outbox GROUP BY 1, 2, 3, 4`,
  );
}

export class EmbeddedOutbox implements OutboxRepository {
  private readonly records: DocumentTable<OutboxEntry>;
  private readonly insertNew;
  private readonly claimBoth;
  private readonly claimOne;
  private readonly byId;
  private readonly settleHeld;
  private readonly releaseLeases;
  private readonly skipWaiting;
  private readonly tallies;
  private readonly groupPage;
  private readonly enqueueAll: (entries: OutboxEntry[]) => number;
  private readonly forgetAtomically: (contactId: string, now: string) => number;

  constructor(private readonly db: Db) {
    this.records = new DocumentTable(db, 'outbox', 'key');
    this.insertNew = db.prepare<[string, string]>(
      'INSERT INTO outbox (key, doc) VALUES (?, ?) ON CONFLICT (key) DO NOTHING',
    );
    const due = "SELECT key FROM outbox WHERE status IN ('pending', 'failed') AND not_before <= @now";
    this.claimBoth = db.prepare(
      `UPDATE outbox SET ${CLAIM_EDIT}
       WHERE key IN (${due} ORDER BY priority_rank, not_before LIMIT @limit) RETURNING doc`,
    );
    this.claimOne = db.prepare(
      `UPDATE outbox SET ${CLAIM_EDIT}
       WHERE key IN (${due} AND priority_rank = @rank ORDER BY not_before LIMIT @limit) RETURNING doc`,
    );
    this.byId = db.prepare<[string], { key: string; doc: string }>('SELECT key, doc FROM outbox WHERE id = ?');
    this.settleHeld = db.prepare<[string, string, string]>(
      "UPDATE outbox SET doc = ? WHERE key = ? AND status = 'sending' AND doc ->> '$.owner' = ?",
    );
    this.releaseLeases = db.prepare(
      `UPDATE outbox SET ${SETTLE_EDIT('dead', ", '$.lastError', @error")}
       WHERE rowid IN (SELECT rowid FROM outbox WHERE status = 'sending' AND lease_until < @now LIMIT @chunk)`,
    );
    this.skipWaiting = db.prepare(
      `UPDATE outbox SET ${SETTLE_EDIT('skipped', ", '$.reason', @reason")}
       WHERE rowid IN (SELECT rowid FROM outbox WHERE grp = @group AND status IN ('pending', 'failed') LIMIT @chunk)`,
    );
    this.tallies = db.prepare<
      [string],
      { channel: OutboxCount['channel']; status: OutboxCount['status']; reason: string; n: number }
    >('SELECT channel, status, reason, n FROM outbox_tallies WHERE grp = ? AND n > 0');
    this.groupPage = db.prepare<[string, number, number], { rowid: number; doc: string }>(
      'SELECT rowid, doc FROM outbox WHERE grp = ? AND rowid > ? ORDER BY rowid LIMIT ?',
    );
    const addToTally = db.prepare<[string, string, string, string, number]>(
      `INSERT INTO outbox_tallies (grp, channel, status, reason, n) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET n = n + excluded.n`,
    );
    this.enqueueAll = atomic(db, (entries: OutboxEntry[]) => {
      const added = new Map<string, { entry: OutboxEntry; n: number }>();
      for (const entry of entries) {
        if (this.insertNew.run(entry.key, JSON.stringify(entry)).changes === 0) continue;
        const tally = `${entry.group}\u0000${entry.channel}\u0000${entry.status}\u0000${entry.reason ?? ''}`;
        const seen = added.get(tally);
        if (seen) seen.n++;
        else added.set(tally, { entry, n: 1 });
      }
      let count = 0;
      for (const { entry, n } of added.values()) {
        addToTally.run(entry.group, entry.channel, entry.status, entry.reason ?? '', n);
        count += n;
      }
      return count;
    });
    const waitingOf = db.prepare<[{ contactId: string; now: string }]>(
      `UPDATE outbox SET ${SETTLE_EDIT('skipped', ", '$.reason', 'erased'")}
       WHERE contact_id = @contactId AND status IN ('pending', 'failed')`,
    );
    const traceOf = db.prepare<[string]>(
      "UPDATE outbox SET doc = json_set(doc, '$.externalId', '', '$.messages', json('[]')) WHERE contact_id = ?",
    );
    this.forgetAtomically = atomic(db, (contactId: string, now: string) => {
      const skipped = waitingOf.run({ contactId, now }).changes;
      traceOf.run(contactId);
      return skipped;
    });
  }

  async enqueue(entries: OutboxEntry[]): Promise<number> {
    return this.enqueueAll(entries);
  }

  // One UPDATE … RETURNING takes the entries: two processes can never claim the same one.
  async claim(request: ClaimRequest): Promise<OutboxEntry[]> {
    const params = { owner: request.owner, leaseUntil: request.leaseUntil, now: request.now, limit: request.limit };
    const rows = (
      request.priority ? this.claimOne.all({ ...params, rank: RANK[request.priority] }) : this.claimBoth.all(params)
    ) as Array<{ doc: string }>;
    return rows.map((row) => JSON.parse(row.doc) as OutboxEntry).sort(PRIORITY_ORDER);
  }

  async settle(id: string, owner: string, outcome: OutboxOutcome, now: string): Promise<boolean> {
    const row = this.byId.get(id);
    if (!row) return false;
    const entry = JSON.parse(row.doc) as OutboxEntry;
    if (entry.status !== 'sending' || entry.owner !== owner) return false;
    return this.settleHeld.run(JSON.stringify(settledEntry(entry, outcome, now)), row.key, owner).changes === 1;
  }

  releaseExpired(now: string): Promise<number> {
    return runInChunks(this.releaseLeases, { now, error: INTERRUPTED });
  }

  cancelPending(group: string, reason: SkipReason, now: string): Promise<number> {
    return runInChunks(this.skipWaiting, { group, reason, now });
  }

  async forgetContact(contactId: string, now: string): Promise<number> {
    return this.forgetAtomically(contactId, now);
  }

  async get(key: string): Promise<OutboxEntry | undefined> {
    return this.records.get(key);
  }

  async counts(group: string): Promise<OutboxCount[]> {
    return this.tallies.all(group).map(({ channel, status, reason, n }) => ({
      channel,
      status,
      ...(reason ? { reason: reason as SkipReason } : {}),
      count: n,
    }));
  }

  async *entries(group: string, size: number): AsyncIterable<OutboxEntry[]> {
    let after = 0;
    for (;;) {
      const rows = this.groupPage.all(group, after, size);
      if (rows.length === 0) return;
      after = rows[rows.length - 1].rowid;
      yield rows.map((row) => JSON.parse(row.doc) as OutboxEntry);
      if (rows.length < size) return;
    }
  }

  purgeSettled(before: string): Promise<number> {
    return deleteInChunks(this.db, 'outbox', "status IN ('sent', 'skipped', 'dead') AND updated_at < ?", [before]);
  }
}

export class EmbeddedMailbox implements MailboxRepository {
  private readonly records: DocumentTable<MailboxItem>;
  private readonly first: (externalId: string, limit: number) => MailboxItem[];
  private readonly after: (params: { externalId: string; at: string; id: string; limit: number }) => MailboxItem[];
  private readonly removeAll;

  constructor(private readonly db: Db) {
    this.records = new DocumentTable(db, 'mailbox');
    this.first = this.records.query('WHERE external_id = ? ORDER BY at, id LIMIT ?');
    this.after = this.records.query(
      'WHERE external_id = @externalId AND (at, id) > (@at, @id) ORDER BY at, id LIMIT @limit',
    );
    this.removeAll = db.prepare<[string]>('DELETE FROM mailbox WHERE external_id = ?');
  }

  async add(item: MailboxItem): Promise<void> {
    this.records.put(item.id, item);
  }

  async list(externalId: string, after: string | undefined, limit: number): Promise<MailboxItem[]> {
    const seen = after === undefined ? undefined : this.records.get(after);
    return seen?.externalId === externalId
      ? this.after({ externalId, at: seen.at, id: seen.id, limit })
      : this.first(externalId, limit);
  }

  async removeAllFor(externalId: string): Promise<number> {
    return this.removeAll.run(externalId).changes;
  }

  purgeBefore(before: string): Promise<number> {
    return deleteInChunks(this.db, 'mailbox', 'at < ?', [before]);
  }
}
