/**
 * The embedded store's schema, as numbered migrations. `PRAGMA user_version` records how many ran;
 * start-up runs the missing ones in one transaction and refuses a file made by a newer version.
 *
 * Most tables keep the record as JSON in `doc` and expose what is searched as generated columns,
 * so an index follows every write without the code maintaining it. Columns a single statement must
 * change atomically (session versions, outbox claims) are plain columns or updated with json_set.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE organisations (id TEXT PRIMARY KEY, doc TEXT NOT NULL) STRICT;

  CREATE TABLE opportunities (
    id TEXT PRIMARY KEY,
    doc TEXT NOT NULL,
    status TEXT GENERATED ALWAYS AS (doc ->> '$.status') VIRTUAL,
    organisation_id TEXT GENERATED ALWAYS AS (doc ->> '$.organisationId') VIRTUAL
  ) STRICT;
  CREATE INDEX opportunities_by_status ON opportunities (status, organisation_id);

  CREATE TABLE contacts (id TEXT PRIMARY KEY, doc TEXT NOT NULL) STRICT;
  -- One row per channel identity: the lookup on every inbound message.
  CREATE TABLE contact_identities (identity TEXT PRIMARY KEY, contact_id TEXT NOT NULL) STRICT, WITHOUT ROWID;
  CREATE INDEX contact_identities_by_contact ON contact_identities (contact_id);

  CREATE TABLE signups (
    id TEXT PRIMARY KEY,
    doc TEXT NOT NULL,
    contact_id TEXT GENERATED ALWAYS AS (doc ->> '$.contactId') VIRTUAL,
    opportunity_id TEXT GENERATED ALWAYS AS (doc ->> '$.opportunityId') VIRTUAL,
    status TEXT GENERATED ALWAYS AS (doc ->> '$.status') VIRTUAL,
    created_at TEXT GENERATED ALWAYS AS (doc ->> '$.createdAt') VIRTUAL,
    offer_expires_at TEXT GENERATED ALWAYS AS (doc ->> '$.offerExpiresAt') VIRTUAL
  ) STRICT;
  CREATE UNIQUE INDEX signups_one_per_person ON signups (contact_id, opportunity_id);
  CREATE INDEX signups_by_opportunity ON signups (opportunity_id, status, created_at);
  CREATE INDEX signups_offers ON signups (offer_expires_at) WHERE status = 'offered';

  CREATE TABLE subscriptions (
    id TEXT PRIMARY KEY,
    doc TEXT NOT NULL,
    contact_id TEXT GENERATED ALWAYS AS (doc ->> '$.contactId') VIRTUAL
  ) STRICT;
  CREATE INDEX subscriptions_by_contact ON subscriptions (contact_id);

  CREATE TABLE sessions (contact_id TEXT PRIMARY KEY, version INTEGER NOT NULL, state TEXT NOT NULL) STRICT;

  CREATE TABLE questions (
    id TEXT PRIMARY KEY,
    doc TEXT NOT NULL,
    contact_id TEXT GENERATED ALWAYS AS (doc ->> '$.contactId') VIRTUAL,
    created_at TEXT GENERATED ALWAYS AS (doc ->> '$.createdAt') VIRTUAL
  ) STRICT;
  CREATE INDEX questions_by_contact ON questions (contact_id);
  CREATE INDEX questions_by_date ON questions (created_at);

  -- seq keeps arrival order; a redelivered id keeps its place.
  CREATE TABLE inbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, channel TEXT NOT NULL, doc TEXT NOT NULL
  ) STRICT;
  CREATE INDEX inbox_by_channel ON inbox (channel, seq);

  CREATE TABLE payload_refs (ref TEXT PRIMARY KEY, payload TEXT NOT NULL, saved_at TEXT NOT NULL) STRICT;
  CREATE INDEX payload_refs_by_date ON payload_refs (saved_at);

  CREATE TABLE metrics (
    id TEXT PRIMARY KEY,
    doc TEXT NOT NULL,
    type TEXT GENERATED ALWAYS AS (doc ->> '$.type') VIRTUAL,
    opportunity_id TEXT GENERATED ALWAYS AS (doc ->> '$.opportunityId') VIRTUAL,
    shared_by TEXT GENERATED ALWAYS AS (doc ->> '$.sharedBy') VIRTUAL,
    at TEXT GENERATED ALWAYS AS (doc ->> '$.at') VIRTUAL
  ) STRICT;
  CREATE INDEX metrics_by_type ON metrics (type, opportunity_id, shared_by);
  CREATE INDEX metrics_by_opportunity ON metrics (opportunity_id, at);

  CREATE TABLE outbox (
    key TEXT PRIMARY KEY,
    doc TEXT NOT NULL,
    id TEXT GENERATED ALWAYS AS (doc ->> '$.id') VIRTUAL,
    grp TEXT GENERATED ALWAYS AS (doc ->> '$.group') VIRTUAL,
    contact_id TEXT GENERATED ALWAYS AS (doc ->> '$.contactId') VIRTUAL,
    channel TEXT GENERATED ALWAYS AS (doc ->> '$.channel') VIRTUAL,
    status TEXT GENERATED ALWAYS AS (doc ->> '$.status') VIRTUAL,
    reason TEXT GENERATED ALWAYS AS (coalesce(doc ->> '$.reason', '')) VIRTUAL,
    priority_rank INTEGER GENERATED ALWAYS AS (CASE doc ->> '$.priority' WHEN 'high' THEN 0 ELSE 1 END) VIRTUAL,
    not_before TEXT GENERATED ALWAYS AS (doc ->> '$.notBefore') VIRTUAL,
    lease_until TEXT GENERATED ALWAYS AS (doc ->> '$.leaseUntil') VIRTUAL,
    updated_at TEXT GENERATED ALWAYS AS (doc ->> '$.updatedAt') VIRTUAL
  ) STRICT;
  CREATE UNIQUE INDEX outbox_by_id ON outbox (id);
  CREATE INDEX outbox_by_group ON outbox (grp);
  CREATE INDEX outbox_by_contact ON outbox (contact_id);
  CREATE INDEX outbox_due ON outbox (priority_rank, not_before) WHERE status IN ('pending', 'failed');
  CREATE INDEX outbox_leases ON outbox (lease_until) WHERE status = 'sending';
  CREATE INDEX outbox_settled ON outbox (updated_at) WHERE status IN ('sent', 'skipped', 'dead');

  -- A broadcast's progress is read every few seconds: its counts are kept, not scanned. Changes and
  -- deletions are counted by triggers; enqueueing counts each batch once (see outbox.ts), which is
  -- a fifth of the cost of a hundred thousand entries.
  CREATE TABLE outbox_tallies (
    grp TEXT NOT NULL, channel TEXT NOT NULL, status TEXT NOT NULL, reason TEXT NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (grp, channel, status, reason)
  ) STRICT, WITHOUT ROWID;
  CREATE TRIGGER outbox_tally_delete AFTER DELETE ON outbox BEGIN
    UPDATE outbox_tallies SET n = n - 1
      WHERE grp = OLD.grp AND channel = OLD.channel AND status = OLD.status AND reason = OLD.reason;
    DELETE FROM outbox_tallies
      WHERE grp = OLD.grp AND channel = OLD.channel AND status = OLD.status AND reason = OLD.reason AND n <= 0;
  END;
  CREATE TRIGGER outbox_tally_update AFTER UPDATE OF doc ON outbox
    WHEN OLD.grp IS NOT NEW.grp OR OLD.channel IS NOT NEW.channel
      OR OLD.status IS NOT NEW.status OR OLD.reason IS NOT NEW.reason
  BEGIN
    UPDATE outbox_tallies SET n = n - 1
      WHERE grp = OLD.grp AND channel = OLD.channel AND status = OLD.status AND reason = OLD.reason;
    DELETE FROM outbox_tallies
      WHERE grp = OLD.grp AND channel = OLD.channel AND status = OLD.status AND reason = OLD.reason AND n <= 0;
    INSERT INTO outbox_tallies VALUES (NEW.grp, NEW.channel, NEW.status, NEW.reason, 1)
      ON CONFLICT DO UPDATE SET n = n + 1;
  END;

  CREATE TABLE mailbox (
    id TEXT PRIMARY KEY,
    doc TEXT NOT NULL,
    external_id TEXT GENERATED ALWAYS AS (doc ->> '$.externalId') VIRTUAL,
    at TEXT GENERATED ALWAYS AS (doc ->> '$.at') VIRTUAL
  ) STRICT;
  CREATE INDEX mailbox_by_recipient ON mailbox (external_id, at, id);
  CREATE INDEX mailbox_by_date ON mailbox (at);

  CREATE TABLE link_tokens (token TEXT PRIMARY KEY, contact_id TEXT NOT NULL, expires_at TEXT NOT NULL) STRICT;

  CREATE TABLE accounts (
    id TEXT PRIMARY KEY,
    doc TEXT NOT NULL,
    email TEXT GENERATED ALWAYS AS (doc ->> '$.email') VIRTUAL,
    token_hash TEXT GENERATED ALWAYS AS (doc ->> '$.apiTokenHash') VIRTUAL,
    organisation_id TEXT GENERATED ALWAYS AS (doc ->> '$.organisationId') VIRTUAL
  ) STRICT;
  CREATE UNIQUE INDEX accounts_by_email ON accounts (email);
  CREATE INDEX accounts_by_token ON accounts (token_hash);

  CREATE TABLE admin_sessions (id TEXT PRIMARY KEY, doc TEXT NOT NULL) STRICT;

  CREATE TABLE broadcasts (
    id TEXT PRIMARY KEY,
    doc TEXT NOT NULL,
    organisation_id TEXT GENERATED ALWAYS AS (doc ->> '$.organisationId') VIRTUAL,
    status TEXT GENERATED ALWAYS AS (doc ->> '$.status') VIRTUAL,
    send_at TEXT GENERATED ALWAYS AS (doc ->> '$.sendAt') VIRTUAL,
    created_at TEXT GENERATED ALWAYS AS (doc ->> '$.createdAt') VIRTUAL
  ) STRICT;
  CREATE INDEX broadcasts_by_date ON broadcasts (organisation_id, created_at);
  CREATE INDEX broadcasts_due ON broadcasts (send_at) WHERE status = 'scheduled';

  -- /healthz proves the store can still write by touching this row.
  CREATE TABLE health (id INTEGER PRIMARY KEY CHECK (id = 1), checked_at TEXT NOT NULL) STRICT;
  `,
  // 2: what channels keep for themselves moves out of the domain's records into channel_state:
  // Telegram's long button payloads (payload_refs), Messenger's receipts (on contacts), and an
  // account's linked Telegram chat becomes the identity its alerts go to.
  `
  CREATE TABLE channel_state (
    channel TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, saved_at TEXT NOT NULL, owner TEXT,
    PRIMARY KEY (channel, key)
  ) STRICT;
  CREATE INDEX channel_state_by_date ON channel_state (saved_at);
  CREATE INDEX channel_state_by_owner ON channel_state (channel, owner) WHERE owner IS NOT NULL;

  INSERT OR REPLACE INTO channel_state (channel, key, value, saved_at)
    SELECT 'telegram', ref, payload, saved_at FROM payload_refs;
  DROP TABLE payload_refs;

  INSERT OR REPLACE INTO channel_state (channel, key, value, saved_at, owner)
    SELECT 'messenger', 'receipt:delivered:' || (identity.value ->> '$.externalId'),
           contacts.doc ->> '$.messengerDeliveredAt', contacts.doc ->> '$.messengerDeliveredAt',
           identity.value ->> '$.externalId'
    FROM contacts, json_each(contacts.doc, '$.identities') AS identity
    WHERE identity.value ->> '$.channel' = 'messenger'
      AND contacts.doc ->> '$.messengerDeliveredAt' IS NOT NULL;

  INSERT OR REPLACE INTO channel_state (channel, key, value, saved_at, owner)
    SELECT 'messenger', 'receipt:read:' || (identity.value ->> '$.externalId'),
           contacts.doc ->> '$.messengerReadAt', contacts.doc ->> '$.messengerReadAt',
           identity.value ->> '$.externalId'
    FROM contacts, json_each(contacts.doc, '$.identities') AS identity
    WHERE identity.value ->> '$.channel' = 'messenger'
      AND contacts.doc ->> '$.messengerReadAt' IS NOT NULL;

  UPDATE contacts SET doc = json_remove(doc, '$.messengerDeliveredAt', '$.messengerReadAt')
    WHERE doc ->> '$.messengerDeliveredAt' IS NOT NULL OR doc ->> '$.messengerReadAt' IS NOT NULL;

  UPDATE accounts
    SET doc = json_remove(
      json_set(doc, '$.alertsTo', json_object('channel', 'telegram', 'externalId', doc ->> '$.telegramChatId')),
      '$.telegramChatId')
    WHERE doc ->> '$.telegramChatId' IS NOT NULL;
  `,
  // 3: the scheduler looks for broadcasts left sending every minute: by index, not by reading them all.
  `
  CREATE INDEX broadcasts_sending ON broadcasts (status) WHERE status = 'sending';
  CREATE INDEX link_tokens_by_expiry ON link_tokens (expires_at);
  `,
  // 4: pictures and videos coordinators upload, kept with the rest (one file to back up).
  `
  CREATE TABLE media (
    id TEXT PRIMARY KEY,
    doc TEXT NOT NULL,
    bytes BLOB NOT NULL,
    organisation_id TEXT GENERATED ALWAYS AS (doc ->> '$.organisationId') VIRTUAL,
    created_at TEXT GENERATED ALWAYS AS (doc ->> '$.createdAt') VIRTUAL
  ) STRICT;
  CREATE INDEX media_by_organisation ON media (organisation_id, created_at);
  `,
  // 5: the key that signs share references, made at first start; metrics found by person (who
  // arrived through whose link, what a person's links brought).
  `
  CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
  ALTER TABLE metrics ADD COLUMN contact_id TEXT GENERATED ALWAYS AS (doc ->> '$.contactId') VIRTUAL;
  CREATE INDEX metrics_by_contact ON metrics (contact_id, opportunity_id, type);
  CREATE INDEX metrics_by_sharer ON metrics (shared_by, type) WHERE shared_by IS NOT NULL;
  `,
];
