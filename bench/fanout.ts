/**
 * `npm run bench -- fanout`: 100,000 outbox entries for 100,000 recipients through the real app's
 * dispatcher and Telegram channel (Telegraf, rate-limited sender, embedded store on disk) against a
 * local Bot API stand-in that enforces the cap and answers some 429s and 403s. Prints one JSON line.
 *
 * BENCH_RECIPIENTS and BENCH_CAP change the size and the rate (default 100000 at 1000 per second,
 * Telegram's paid broadcast rate, so the dispatcher's own overhead shows). With MONGODB_URI set it
 * runs on the MongoDB store instead, in a database of its own on that server, dropped at the end.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createApp } from '../src/app';
import { readConfig } from '../src/config';
import { createMongoStore } from '../src/store/mongo';
import { newOutboxEntry, type OutboxEntry } from '../src/domain/outbox';
import { silentLogger } from '../src/util/logger';

const RECIPIENTS = Number(process.env.BENCH_RECIPIENTS ?? 100_000);
const CAP = Number(process.env.BENCH_CAP ?? 1000);
const BATCH = 1000;
const GROUP = 'broadcast:bench';

interface FakeStats {
  accepted: number;
  duplicates: number;
  rate_limited: number;
  injected_429: number;
  blocked: number;
  first_at: number;
  last_at: number;
  recipients: number;
}

async function startFakeApi(): Promise<{ root: string; stats(): Promise<FakeStats>; stop(): void }> {
  const child = spawn(process.execPath, [path.join(__dirname, 'fake-channel-api.js'), String(CAP)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`fake API exited with ${code}`)));
    child.stdout.once('data', (chunk: Buffer) => resolve(Number(/port (\d+)/.exec(chunk.toString())?.[1])));
  });
  const root = `http://127.0.0.1:${port}`;
  return {
    root,
    stats: async () => (await (await fetch(`${root}/stats`)).json()) as FakeStats,
    stop: () => child.kill('SIGTERM'),
  };
}

/** The server MONGODB_URI names, with a database of the bench's own: never the bot's data. */
function benchDatabase(uri: string | undefined): string | undefined {
  if (!uri) return undefined;
  const url = new URL(uri);
  url.pathname = `/bench_${randomBytes(6).toString('hex')}`;
  return url.toString();
}

async function dropDatabase(uri: string): Promise<void> {
  const store = await createMongoStore({ uri, attempts: 1 });
  await store.connection.dropDatabase();
  await store.close();
}

export async function benchFanout(): Promise<void> {
  const fake = await startFakeApi();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-fanout-'));
  const mongoUri = benchDatabase(process.env.MONGODB_URI);
  const app = await createApp(
    readConfig({
      ...(mongoUri ? { MONGODB_URI: mongoUri } : {}),
      DATA_DIR: dataDir,
      DEMO_DATA: 'false',
      TELEGRAM_BOT_TOKEN: '1:bench',
      TELEGRAM_API_ROOT: fake.root,
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_WEBHOOK_SECRET: 'bench',
      TELEGRAM_GLOBAL_RATE: String(CAP),
    }),
    { logger: silentLogger },
  );
  const { store } = app;
  const now = new Date();
  const contactIds: string[] = [];
  for (let i = 0; i < RECIPIENTS; i++) {
    const identity = { channel: 'telegram' as const, externalId: String(100_000 + i) };
    const { contact } = await store.contacts.findOrCreate(identity, () => ({
      id: `c${i}`,
      identities: [identity],
      locale: 'fr',
      interests: [],
      status: 'active',
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    }));
    contactIds.push(contact.id);
  }

  // Built batch by batch, as a broadcast streams its audience: never the whole list at once.
  const enqueueStart = performance.now();
  const nowIso = now.toISOString();
  // One message object for everyone, as a broadcast has: what differs is the recipient.
  const messages = [
    {
      kind: 'text' as const,
      text: 'Nouvelle mission près de chez toi !',
      choices: [{ label: 'Voir', payload: 'discover.show_results/details/bench' }],
    },
  ];
  for (let start = 0; start < RECIPIENTS; start += BATCH) {
    const entries: OutboxEntry[] = [];
    for (let i = start; i < Math.min(RECIPIENTS, start + BATCH); i++) {
      entries.push(
        newOutboxEntry({
          id: `e${i}`,
          key: `bench:${i}`,
          group: GROUP,
          purpose: 'broadcast',
          contactId: contactIds[i],
          channel: 'telegram',
          externalId: String(100_000 + i),
          messages,
          notBefore: nowIso,
          now: nowIso,
        }),
      );
    }
    await store.outbox.enqueue(entries);
  }
  const enqueueSeconds = (performance.now() - enqueueStart) / 1000;

  const sendStart = Date.now();
  await app.start();
  let rssMax = 0;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    rssMax = Math.max(rssMax, process.memoryUsage().rss);
    const counts = await store.outbox.counts(GROUP);
    const open = counts
      .filter((c) => c.status === 'pending' || c.status === 'failed' || c.status === 'sending')
      .reduce((sum, c) => sum + c.count, 0);
    process.stderr.write(`\rfanout: ${RECIPIENTS - open}/${RECIPIENTS} settled   `);
    if (open === 0) break;
  }
  process.stderr.write('\n');
  const counts = await store.outbox.counts(GROUP);
  const count = (status: string, reason?: string) =>
    counts
      .filter((c) => c.status === status && (reason === undefined || c.reason === reason))
      .reduce((sum, c) => sum + c.count, 0);
  const stats = await fake.stats();
  await app.close();
  fake.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
  if (mongoUri) await dropDatabase(mongoUri);

  const elapsed = (stats.last_at - sendStart) / 1000;
  const achieved = stats.accepted / elapsed;
  // Lost: neither received by the API nor settled with a reason (blocked) nor a dead letter.
  const lost = RECIPIENTS - stats.recipients - count('skipped', 'unreachable') - count('dead');
  const result = {
    bench: 'fanout',
    store: mongoUri ? 'mongo' : 'embedded',
    recipients: RECIPIENTS,
    cap_per_s: CAP,
    achieved_per_s: Math.round(achieved),
    ratio: Number((achieved / CAP).toFixed(3)),
    duplicates: stats.duplicates,
    lost,
    enqueue_s: Number(enqueueSeconds.toFixed(2)),
    rss_mb: Math.round(rssMax / 1024 / 1024),
    sent: count('sent'),
    skipped_unreachable: count('skipped', 'unreachable'),
    dead: count('dead'),
    api_429: stats.rate_limited + stats.injected_429,
    api_403: stats.blocked,
    send_s: Number(elapsed.toFixed(1)),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
