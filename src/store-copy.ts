/**
 * `npm run store:copy`: copies everything from the embedded store (DATA_DIR) to MongoDB
 * (MONGODB_URI), for an association that started on one machine and grows. Every record is
 * written by id, so running it again changes nothing; places taken are recounted at the end.
 * Stop the bot first: the embedded store serves one process.
 */
import path from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import { readConfig } from './config';
import type { Contact, Opportunity, Subscription } from './domain/model';
import { EmbeddedDb } from './store/embedded/db';
import { Journal } from './store/embedded/journal';
import { createMongoStore } from './store/mongo';
import type { Models } from './store/mongo/models';
import { contactToDocument, criteriaKey, opportunityToDocument } from './store/mongo/queries';

type Row = Record<string, unknown>;

/** How each embedded collection becomes documents: `_id` is the record's key. */
const WRITERS: Record<string, (models: Models, key: string, value: unknown) => Promise<unknown>> = {
  organisations: (m, key, value) => m.organisations.replaceOne({ _id: key }, without(value, 'id'), { upsert: true }),
  opportunities: (m, key, value) => m.opportunities.replaceOne({ _id: key }, without(opportunityToDocument(value as Opportunity), '_id'), { upsert: true }),
  contacts: (m, key, value) => m.contacts.replaceOne({ _id: key }, without(contactToDocument(value as Contact), '_id'), { upsert: true }),
  signups: (m, key, value) => m.signups.replaceOne({ _id: key }, without(value, 'id'), { upsert: true }),
  subscriptions: (m, key, value) => m.subscriptions.replaceOne({ _id: key }, { ...without(value, 'id'), criteriaKey: criteriaKey((value as Subscription).criteria) }, { upsert: true }),
  sessions: (m, key, value) => m.sessions.replaceOne({ _id: key }, value as Row, { upsert: true }),
  questions: (m, key, value) => m.questions.replaceOne({ _id: key }, without(value, 'id'), { upsert: true }),
  inbox: (m, key, value) => m.inbox.replaceOne({ _id: key }, without(value, 'id'), { upsert: true }),
  payloadRefs: (m, key, value) => m.payloadRefs.replaceOne({ _id: key }, value as Row, { upsert: true }),
  metrics: (m, key, value) => m.metrics.replaceOne({ _id: key }, without(value, 'id'), { upsert: true }),
};

function without(value: unknown, field: string): Row {
  const { [field]: _dropped, ...rest } = value as Row;
  return rest;
}

async function main(): Promise<void> {
  const config = readConfig();
  if (!config.mongodbUri) throw new Error('Set MONGODB_URI to the database to copy into.');
  const mongo = await createMongoStore({ uri: config.mongodbUri, log: (message) => process.stderr.write(`${message}\n`) });
  const db = new EmbeddedDb(new Journal({ dir: path.resolve(config.dataDir) }));
  try {
    const rows = [...db.records()].filter((record) => record.v !== null);
    const unknown = [...new Set(rows.map((row) => row.c).filter((name) => !WRITERS[name]))];
    if (unknown.length > 0) throw new Error(`Unknown collections in ${config.dataDir}: ${unknown.join(', ')}`);
    const bar = new SingleBar({ format: 'Copying {bar} {value}/{total} records', stream: process.stderr }, Presets.shades_classic);
    bar.start(rows.length, 0);
    for (const row of rows) {
      await WRITERS[row.c](mongo.models, row.k, row.v);
      bar.increment();
    }
    bar.stop();
    // Places taken are derived from the sign-ups: recount them rather than trust a copy.
    const confirmed = await mongo.models.signups.aggregate<{ _id: string; count: number }>([{ $match: { status: 'confirmed' } }, { $group: { _id: '$opportunityId', count: { $sum: 1 } } }]);
    await mongo.models.seats.deleteMany({});
    if (confirmed.length > 0) await mongo.models.seats.insertMany(confirmed.map((row) => ({ _id: row._id, confirmed: row.count })));
    process.stdout.write(`Copied ${rows.length} records from ${config.dataDir} to MongoDB.\n`);
  } finally {
    db.close();
    await mongo.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
