/**
 * `npm run bench -- store`: fills an embedded store with 1,000,000 contacts and 1,000,000 outbox
 * entries, then a fresh process opens it and measures what a running bot feels: start-up time,
 * resident memory, and the p99 of a contact lookup by identity and of a sign-up. One JSON line.
 * Targets (issue 12): rss_mb < 250, startup_ms < 2000, both p99 < 2 ms.
 *
 * BENCH_STORE_SIZE changes the number of contacts and entries (default 1000000).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createEmbeddedStore } from '../src/store/embedded';
import { recordWriter } from '../src/store/embedded/collections';
import { atomic } from '../src/store/embedded/documents';
import type { Contact } from '../src/domain/model';
import { newOutboxEntry } from '../src/domain/outbox';

const SIZE = Number(process.env.BENCH_STORE_SIZE ?? 1_000_000);
const SAMPLES = 5000;
const CHANNELS = ['telegram', 'messenger', 'web'] as const;

function fill(dir: string): number {
  const started = Date.now();
  const store = createEmbeddedStore({ dir });
  const write = recordWriter(store.db);
  const at = new Date('2026-12-01T10:00:00.000Z');
  const batch = atomic(store.db, (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const contact: Contact = {
        id: `c${i}`,
        identities: [{ channel: CHANNELS[i % 3], externalId: `${CHANNELS[i % 3]}-${i}` }],
        locale: i % 5 === 0 ? 'en' : 'fr',
        firstName: `Prénom${i}`,
        interests: ['environment'],
        consentAt: at.toISOString(),
        ageBracket: '18to25',
        status: 'active',
        createdAt: at.toISOString(),
        updatedAt: at.toISOString(),
      };
      write({ collection: 'contacts', key: contact.id, value: contact });
      const entry = newOutboxEntry({
        id: `e${i}`,
        key: `broadcast:b${i % 10}:c${i}`,
        group: `broadcast:b${i % 10}`,
        purpose: 'broadcast',
        contactId: contact.id,
        channel: contact.identities[0].channel,
        externalId: contact.identities[0].externalId,
        messages: [{ kind: 'text', text: 'Nouvelle mission près de chez toi : viens planter des arbres samedi !' }],
        notBefore: at,
        now: at,
      });
      write({
        collection: 'outbox',
        key: entry.key,
        value: i % 2 === 0 ? entry : { ...entry, status: 'sent', messages: [] },
      });
    }
  });
  for (let from = 0; from < SIZE; from += 20_000) batch(from, Math.min(SIZE, from + 20_000));
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  void store.close();
  return Date.now() - started;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Runs in a fresh process: what a bot restarted on this data folder would see. */
async function probe(dir: string): Promise<void> {
  const started = process.hrtime.bigint();
  const store = createEmbeddedStore({ dir });
  const startupMs = Number(process.hrtime.bigint() - started) / 1e6;
  const lookups: number[] = [];
  const signups: number[] = [];
  for (let n = 0; n < SAMPLES; n++) {
    const i = Math.floor(Math.random() * SIZE);
    let t = process.hrtime.bigint();
    const found = await store.contacts.findByIdentity({
      channel: CHANNELS[i % 3],
      externalId: `${CHANNELS[i % 3]}-${i}`,
    });
    lookups.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (found?.id !== `c${i}`) throw new Error(`contact ${i} not found`);
    t = process.hrtime.bigint();
    await store.signups.request({
      id: `s${n}`,
      contactId: found.id,
      opportunityId: `opp${n % 50}`,
      channel: 'web',
      capacity: 80,
      joinWaitlist: true,
      now: new Date().toISOString(),
    });
    signups.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const result = {
    startup_ms: Math.round(startupMs),
    rss_mb: Math.round(process.memoryUsage().rss / 1024 / 1024),
    lookup_p50_ms: Number(percentile(lookups, 50).toFixed(3)),
    lookup_p99_ms: Number(percentile(lookups, 99).toFixed(3)),
    signup_p50_ms: Number(percentile(signups, 50).toFixed(3)),
    signup_p99_ms: Number(percentile(signups, 99).toFixed(3)),
  };
  await store.close();
  process.stdout.write(JSON.stringify(result));
}

export async function benchStore(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-store-'));
  try {
    const fillMs = fill(dir);
    const fileMb = Math.round(fs.statSync(path.join(dir, 'bot.sqlite')).size / 1024 / 1024);
    const measured = JSON.parse(
      execFileSync(process.execPath, [__filename, '--probe', dir], { encoding: 'utf8', maxBuffer: 1 << 20 }),
    ) as Record<string, number>;
    const result = {
      bench: 'store',
      contacts: SIZE,
      outbox_entries: SIZE,
      file_mb: fileMb,
      fill_s: Number((fillMs / 1000).toFixed(1)),
      ...measured,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--probe') {
  probe(process.argv[3]).catch((error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  });
}
