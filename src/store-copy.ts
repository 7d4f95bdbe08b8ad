/**
 * `npm run store:copy`: copies everything from the embedded store (the SQLite database in
 * DATA_DIR) to MongoDB (MONGODB_URI), for an association that started on one machine and grows.
 * Every record is written by id, so running it again changes nothing; places taken are recounted
 * at the end. Stop the bot first, so that nothing changes behind the copy.
 */
import path from 'node:path';
import { readConfig } from './config';
import { progressBar } from './progress-bar';
import type { Contact, Opportunity, Subscription } from './domain/model';
import { createEmbeddedStore } from './store/embedded';
import { countRecords, readRecords, type CollectionName } from './store/embedded/collections';
import { createMongoStore } from './store/mongo';
import type { Models } from './store/mongo/models';
import { contactToDocument, criteriaKey, opportunityToDocument } from './store/mongo/queries';

type Row = Record<string, unknown>;

/** How each embedded collection becomes documents: `_id` is the record's key. */
const WRITERS: Record<CollectionName, (models: Models, key: string, value: unknown) => Promise<unknown>> = {
  organisations: (m, key, value) => m.organisations.replaceOne({ _id: key }, without(value, 'id'), { upsert: true }),
  opportunities: (m, key, value) =>
    m.opportunities.replaceOne({ _id: key }, without(opportunityToDocument(value as Opportunity), '_id'), {
      upsert: true,
    }),
  contacts: (m, key, value) =>
    m.contacts.replaceOne({ _id: key }, without(contactToDocument(value as Contact), '_id'), { upsert: true }),
  signups: (m, key, value) => m.signups.replaceOne({ _id: key }, without(value, 'id'), { upsert: true }),
  subscriptions: (m, key, value) =>
    m.subscriptions.replaceOne(
      { _id: key },
      { ...without(value, 'id'), criteriaKey: criteriaKey((value as Subscription).criteria) },
      { upsert: true },
    ),
  sessions: (m, key, value) => m.sessions.replaceOne({ _id: key }, value as Row, { upsert: true }),
  questions: (m, key, value) => m.questions.replaceOne({ _id: key }, without(value, 'id'), { upsert: true }),
  inbox: (m, key, value) => m.inbox.replaceOne({ _id: key }, without(value, 'id'), { upsert: true }),
  channelState: (m, key, value) => m.channelState.replaceOne({ _id: key }, value as Row, { upsert: true }),
  metrics: (m, key, value) => m.metrics.replaceOne({ _id: key }, without(value, 'id'), { upsert: true }),
  // The outbox is keyed by its unique key here and by the entry's id on MongoDB.
  outbox: (m, _key, value) =>
    m.outbox.replaceOne({ _id: String((value as Row).id) }, without(value, 'id'), { upsert: true }),
  mailbox: (m, key, value) => m.mailbox.replaceOne({ _id: key }, without(value, 'id'), { upsert: true }),
  linkTokens: (m, key, value) => m.linkTokens.replaceOne({ _id: key }, value as Row, { upsert: true }),
  accounts: (m, key, value) => m.accounts.replaceOne({ _id: key }, without(value, 'id'), { upsert: true }),
  adminSessions: (m, key, value) => m.adminSessions.replaceOne({ _id: key }, without(value, 'id'), { upsert: true }),
  broadcasts: (m, key, value) => m.broadcasts.replaceOne({ _id: key }, without(value, 'id'), { upsert: true }),
  // The share-signing key goes along: links people already passed on keep crediting them.
  settings: (m, key, value) => m.settings.replaceOne({ _id: key }, { value: String(value) }, { upsert: true }),
};

function without(value: unknown, field: string): Row {
  const { [field]: _dropped, ...rest } = value as Row;
  return rest;
}

async function main(): Promise<void> {
  const config = readConfig();
  if (!config.mongodbUri) throw new Error('Set MONGODB_URI to the database to copy into.');
  const mongo = await createMongoStore({
    uri: config.mongodbUri,
    log: (message) => process.stderr.write(`${message}\n`),
  });
  const embedded = createEmbeddedStore({ dir: path.resolve(config.dataDir) });
  try {
    const total = countRecords(embedded.db);
    const bar = progressBar('Copying {bar} {value}/{total} records');
    let done = 0;
    // Read a batch at a time from SQLite: the copy holds one batch in memory, whatever the size.
    for (const record of readRecords(embedded.db)) {
      await WRITERS[record.collection](mongo.models, record.key, record.value);
      bar.report(++done, total);
    }
    bar.stop();
    // Uploaded files, one at a time (a video can weigh 20 MB), into GridFS.
    let files = 0;
    for (const organisation of await embedded.organisations.list())
      for (const file of await embedded.media.list(organisation.id)) {
        const found = await embedded.media.get(file.id);
        if (found) await mongo.media.save(found.file, found.bytes);
        files++;
      }
    // Places taken are derived from the sign-ups: recount them rather than trust a copy.
    const confirmed = await mongo.models.signups.aggregate<{ _id: string; count: number }>([
      { $match: { status: 'confirmed' } },
      { $group: { _id: '$opportunityId', count: { $sum: 1 } } },
    ]);
    await mongo.models.seats.deleteMany({});
    if (confirmed.length > 0)
      await mongo.models.seats.insertMany(confirmed.map((row) => ({ _id: row._id, confirmed: row.count })));
    process.stdout.write(`Copied ${total} records and ${files} files from ${config.dataDir} to MongoDB.\n`);
  } finally {
    await embedded.close();
    await mongo.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
