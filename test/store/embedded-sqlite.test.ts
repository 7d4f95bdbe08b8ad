import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createEmbeddedStore, databasePath, StoreCorruptedError, StoreTooNewError } from '../../src/store/embedded';
import { MIGRATIONS } from '../../src/store/embedded/schema';
import { contact, opportunity, outboxEntry } from '../support/factories';
import { startApp } from '../support/server';

const NOW = '2026-11-24T09:00:00.000Z';
const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'store-sqlite-'));

describe('embedded store on SQLite', () => {
  it('keeps every write across a restart', async () => {
    const dir = tempDir();
    const first = createEmbeddedStore({ dir });
    for (let i = 0; i < 100; i++) await first.opportunities.save(opportunity({ id: `o${i}`, city: `city ${i}` }));
    await first.opportunities.save(opportunity({ id: 'o5', city: 'changed' }));
    await first.sessions.save('c1', { node: 'x' }, 0);
    await first.close();

    const second = createEmbeddedStore({ dir });
    expect((await second.opportunities.search({})).total).toBe(100);
    expect((await second.opportunities.get('o5'))?.city).toBe('changed');
    expect(await second.sessions.load('c1')).toEqual({ state: { node: 'x' }, version: 1 });
    await second.close();
  });

  it('fails only the write that cannot be written; the rest of its commit is kept, the store serves on', async () => {
    const dir = tempDir();
    const store = createEmbeddedStore({ dir });
    const unwritable: Record<string, unknown> = { name: 'loop' };
    unwritable.self = unwritable;
    let deep: unknown = 1;
    for (let i = 0; i < 20_000; i++) deep = [deep];
    const writes = await Promise.allSettled([
      store.inbox.add({ id: 'ok-1', channel: 'messenger', payload: { text: 'a' }, receivedAt: NOW }),
      store.inbox.add({ id: 'loop', channel: 'messenger', payload: unwritable, receivedAt: NOW }),
      store.inbox.add({ id: 'deep', channel: 'messenger', payload: deep, receivedAt: NOW }),
      store.inbox.add({ id: 'ok-2', channel: 'messenger', payload: { text: 'b' }, receivedAt: NOW }),
    ]);
    expect(writes.map((write) => write.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect((await store.health()).ok).toBe(true);
    await store.sessions.save('c1', { node: 'after' }, 0);
    await store.close();
    const reopened = createEmbeddedStore({ dir });
    expect((await reopened.inbox.pending('messenger', 10)).map((entry) => entry.id)).toEqual(['ok-1', 'ok-2']);
    expect(await reopened.sessions.load('c1')).toEqual({ state: { node: 'after' }, version: 1 });
    await reopened.close();
  });

  it('runs in WAL mode with synchronous NORMAL and secure_delete, one file under DATA_DIR', async () => {
    const dir = tempDir();
    const store = createEmbeddedStore({ dir });
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('synchronous', { simple: true })).toBe(1);
    expect(store.db.pragma('secure_delete', { simple: true })).toBe(1);
    expect(store.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    await store.close();
    expect(fs.readdirSync(dir)).toEqual(['bot.sqlite']);
  });

  it('syncs what was written into the database file within about a second (what a power cut can take)', async () => {
    const dir = tempDir();
    const store = createEmbeddedStore({ dir, checkpointMs: 200 });
    await store.opportunities.save(opportunity({ id: 'o1', city: 'Saint-Quentin-des-Checkpoints' }));
    const inFile = () => fs.readFileSync(databasePath(dir)).includes(Buffer.from('Saint-Quentin-des-Checkpoints'));
    expect(inFile()).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(inFile()).toBe(true);
    await store.close();
  });

  it('refuses a file written by a newer version, saying what to do', async () => {
    const dir = tempDir();
    await createEmbeddedStore({ dir }).close();
    const raw = new Database(databasePath(dir));
    raw.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    raw.close();
    expect(() => createEmbeddedStore({ dir })).toThrow(StoreTooNewError);
    expect(() => createEmbeddedStore({ dir })).toThrow(
      new RegExp(
        `schema version ${MIGRATIONS.length + 1}, but this version of the bot knows only up to ${MIGRATIONS.length}`,
      ),
    );
  });

  it('moves what channels kept in the records of a version 1 file into their own state', async () => {
    const dir = tempDir();
    fs.mkdirSync(dir, { recursive: true });
    const raw = new Database(databasePath(dir));
    raw.exec(MIGRATIONS[0]);
    raw.pragma('user_version = 1');
    const person = contact({ id: 'c1', identities: [{ channel: 'messenger', externalId: 'P1' }] });
    const withReceipts = {
      ...person,
      messengerDeliveredAt: '2026-11-24T10:00:00.000Z',
      messengerReadAt: '2026-11-24T10:05:00.000Z',
    };
    raw.prepare('INSERT INTO contacts (id, doc) VALUES (?, ?)').run('c1', JSON.stringify(withReceipts));
    raw.prepare('INSERT INTO contact_identities (identity, contact_id) VALUES (?, ?)').run('messenger:P1', 'c1');
    const account = { id: 'a1', email: 'lea@example.org', name: 'Léa', role: 'coordinator', telegramChatId: '42' };
    raw.prepare('INSERT INTO accounts (id, doc) VALUES (?, ?)').run('a1', JSON.stringify(account));
    raw.prepare('INSERT INTO payload_refs (ref, payload, saved_at) VALUES (?, ?, ?)').run('r:x', 'long', NOW);
    raw.close();

    const store = createEmbeddedStore({ dir });
    expect(await store.channelState.get('telegram', 'r:x')).toBe('long');
    expect(await store.channelState.get('messenger', 'receipt:delivered:P1')).toBe('2026-11-24T10:00:00.000Z');
    expect(await store.channelState.get('messenger', 'receipt:read:P1')).toBe('2026-11-24T10:05:00.000Z');
    expect(await store.contacts.get('c1')).not.toHaveProperty('messengerReadAt');
    expect((await store.accounts.get('a1'))?.alertsTo).toEqual({ channel: 'telegram', externalId: '42' });
    expect(await store.accounts.get('a1')).not.toHaveProperty('telegramChatId');
    // Erasing the person takes their receipts with them.
    expect(await store.channelState.forget({ channel: 'messenger', externalId: 'P1' })).toBe(2);
    await store.close();
  });

  async function filledStore(): Promise<string> {
    const dir = tempDir();
    const store = createEmbeddedStore({ dir });
    for (let i = 0; i < 2000; i++) await store.opportunities.save(opportunity({ id: `o${i}`, city: 'x'.repeat(200) }));
    await store.close();
    return dir;
  }

  function scribble(dir: string, offset: number): void {
    const fd = fs.openSync(databasePath(dir), 'r+');
    fs.writeSync(fd, Buffer.alloc(4096 * 4, 0x5a), 0, 4096 * 4, offset);
    fs.closeSync(fd);
  }

  it('stops start-up with a clear message when a table is damaged at its root', async () => {
    const dir = await filledStore();
    scribble(dir, 4096 * 2);
    expect(() => createEmbeddedStore({ dir })).toThrow(StoreCorruptedError);
    expect(() => createEmbeddedStore({ dir })).toThrow(/is damaged [\s\S]*restore the last backup/);
  });

  it('finds damage deep in the file in the background, reports unhealthy and says so', async () => {
    const dir = await filledStore();
    scribble(dir, fs.statSync(databasePath(dir)).size - 4096 * 8);
    const damage: Error[] = [];
    const store = createEmbeddedStore({ dir, onDamage: (error) => damage.push(error) });
    await expect(store.verified).rejects.toThrow(StoreCorruptedError);
    expect(damage[0]?.message).toMatch(/bot\.sqlite is damaged .*restore the last backup/);
    expect(await store.health()).toMatchObject({ ok: false, detail: expect.stringMatching(/is damaged/) });
    await store.close();
  });

  it('makes /healthz answer 503 once the background check found damage', async () => {
    const dir = await filledStore();
    scribble(dir, fs.statSync(databasePath(dir)).size - 4096 * 8);
    const store = createEmbeddedStore({ dir });
    const running = await startApp({ store, env: { DEMO_DATA: 'false' } });
    try {
      await expect(store.verified).rejects.toThrow(StoreCorruptedError);
      const response = await fetch(`${running.url}/healthz`);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({
        status: 'unavailable',
        store: { ok: false, detail: expect.stringMatching(/is damaged/) },
      });
    } finally {
      await running.close();
    }
  });

  it('checks a sound file in the background and stays healthy', async () => {
    const dir = await filledStore();
    const store = createEmbeddedStore({ dir });
    await expect(store.verified).resolves.toBeUndefined();
    expect((await store.health()).ok).toBe(true);
    await store.close();
  });

  it('stops the running bot (exit 1, the message on stderr) when the background check finds damage', async () => {
    const dir = await filledStore();
    scribble(dir, fs.statSync(databasePath(dir)).size - 4096 * 8);
    const child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', path.join(__dirname, '../../src/main.ts')],
      {
        env: { ...process.env, DATA_DIR: dir, PORT: '0', DEMO_DATA: 'false', ADMIN_TOKEN: 'x'.repeat(32) },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(/bot\.sqlite is damaged .*restore the last backup/);
  }, 30000);

  it('stops start-up on a file that is not a database at all', () => {
    const dir = tempDir();
    fs.writeFileSync(
      databasePath(dir),
      'this is not a database, just some text long enough to have a header '.repeat(20),
    );
    expect(() => createEmbeddedStore({ dir })).toThrow(StoreCorruptedError);
  });

  it('loses no acknowledged write when the process is killed with SIGKILL', async () => {
    const dir = tempDir();
    const child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'crash-writer.ts'), dir],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let lastAck = -1;
    let buffered = '';
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) lastAck = Number(line.slice(4));
        // Past several automatic checkpoints, then kill mid-stream.
        if (lastAck >= 3000 && !child.killed) {
          child.kill('SIGKILL');
          resolve();
        }
      });
    });
    await new Promise((resolve) => child.once('exit', resolve));

    const store = createEmbeddedStore({ dir });
    const signups = await store.signups.listByOpportunity('opp1');
    const ids = new Set(signups.map((signup) => signup.id));
    for (let i = 0; i <= lastAck; i++) expect(ids.has(`s${i}`)).toBe(true);
    expect(signups.every((signup) => signup.status === 'confirmed' && signup.opportunityId === 'opp1')).toBe(true);
    await store.close();
  }, 60000);

  it('reports unhealthy when it can no longer write, instead of pretending', async () => {
    const dir = tempDir();
    const store = createEmbeddedStore({ dir });
    expect(await store.health()).toMatchObject({ ok: true, kind: 'embedded' });
    store.db.pragma('query_only = ON');
    expect(await store.health()).toMatchObject({ ok: false, detail: expect.stringMatching(/cannot write/) });
    await store.close();
    expect(await store.health()).toMatchObject({ ok: false, detail: 'closed' });
  });

  it('commits the writes of one turn together, and acknowledges each only after that commit', async () => {
    const dir = tempDir();
    const writer = createEmbeddedStore({ dir });
    const reader = new Database(databasePath(dir), { readonly: true });
    const count = () => (reader.prepare('SELECT count(*) AS n FROM opportunities').get() as { n: number }).n;
    const acknowledged: string[] = [];
    const writes = ['a', 'b', 'c'].map((id) =>
      writer.opportunities.save(opportunity({ id })).then(() => acknowledged.push(id)),
    );
    // Same turn: all three are written on the writer's connection, none committed yet.
    expect((await Promise.resolve(), count())).toBe(0);
    expect(acknowledged).toEqual([]);
    await Promise.all(writes);
    expect(acknowledged).toEqual(['a', 'b', 'c']);
    expect(count()).toBe(3);
    reader.close();
    await writer.close();
  });

  it('never serves a cached record after another connection changed it', async () => {
    const dir = tempDir();
    const a = createEmbeddedStore({ dir });
    const b = createEmbeddedStore({ dir });
    await a.contacts.findOrCreate({ channel: 'web', externalId: 'browser-1' }, () => contact());
    expect((await a.contacts.get('c1'))?.locale).toBe('fr');
    await b.contacts.update('c1', { locale: 'en', identities: [{ channel: 'telegram', externalId: '99' }] });
    expect((await a.contacts.get('c1'))?.locale).toBe('en');
    expect(await a.contacts.findByIdentity({ channel: 'web', externalId: 'browser-1' })).toBeUndefined();
    expect((await a.contacts.findByIdentity({ channel: 'telegram', externalId: '99' }))?.id).toBe('c1');

    expect(await a.sessions.save('c1', { node: 'a' }, 0)).toBe(true);
    expect(await a.sessions.load('c1')).toEqual({ state: { node: 'a' }, version: 1 });
    expect(await b.sessions.save('c1', { node: 'b' }, 1)).toBe(true);
    expect(await a.sessions.save('c1', { node: 'stale' }, 1)).toBe(false);
    expect(await a.sessions.load('c1')).toEqual({ state: { node: 'b' }, version: 2 });

    await a.opportunities.save(opportunity({ city: 'Bordeaux' }));
    expect((await a.opportunities.search({})).items[0]?.city).toBe('Bordeaux');
    await b.opportunities.save(opportunity({ city: 'Talence' }));
    expect((await a.opportunities.search({})).items[0]?.city).toBe('Talence');
    expect((await a.opportunities.get('opp1'))?.city).toBe('Talence');
    await a.close();
    await b.close();
  });

  it('gives each outbox entry to one claimer across two connections on one file (two processes)', async () => {
    const dir = tempDir();
    const a = createEmbeddedStore({ dir });
    const b = createEmbeddedStore({ dir });
    await a.outbox.enqueue(Array.from({ length: 200 }, (_, i) => outboxEntry({ id: `e${i}`, key: `k${i}` })));
    const claimed: string[] = [];
    for (let round = 0; round < 20; round++) {
      for (const store of [a, b]) {
        const entries = await store.outbox.claim({
          owner: store === a ? 'A' : 'B',
          now: '2030-01-01T00:00:00.000Z',
          leaseUntil: '2030-01-01T00:05:00.000Z',
          limit: 7,
        });
        claimed.push(...entries.map((entry) => entry.id));
      }
    }
    expect(claimed).toHaveLength(200);
    expect(new Set(claimed).size).toBe(200);
    await a.close();
    await b.close();
  });
});

describe('importing a data folder from the journal format', () => {
  it('imports snapshot and journal once, ignores a torn last line, and renames the old files aside', async () => {
    const dir = tempDir();
    const line = (c: string, k: string, v: unknown) => JSON.stringify({ c, k, v }) + '\n';
    fs.writeFileSync(
      path.join(dir, 'snapshot.jsonl'),
      line('opportunities', 'opp1', opportunity()) +
        line('contacts', 'c1', contact()) +
        line('sessions', 'c1', { state: { node: 'menu' }, version: 3 }),
    );
    fs.writeFileSync(
      path.join(dir, 'journal.jsonl'),
      line('opportunities', 'opp2', opportunity({ id: 'opp2', city: 'Talence' })) +
        line('opportunities', 'opp1', null) +
        line('linkTokens', 't1', { contactId: 'c1', expiresAt: '2030-01-01T00:00:00.000Z' }) +
        line('outbox', 'k1', outboxEntry({ id: 'e1', key: 'k1' })) +
        '{"c":"opportunities","k":"half',
    );
    fs.writeFileSync(path.join(dir, 'LOCK'), '12345');
    const reports: unknown[] = [];
    const store = createEmbeddedStore({ dir, onImport: (report) => reports.push(report) });
    expect(reports).toEqual([{ records: 5, renamed: ['snapshot.jsonl.imported', 'journal.jsonl.imported'] }]);
    expect((await store.opportunities.search({})).items.map((o) => o.id)).toEqual(['opp2']);
    expect((await store.contacts.findByIdentity({ channel: 'web', externalId: 'browser-1' }))?.id).toBe('c1');
    expect(await store.sessions.load('c1')).toEqual({ state: { node: 'menu' }, version: 3 });
    expect(await store.linkTokens.consume('t1', '2026-01-01T00:00:00.000Z')).toBe('c1');
    expect((await store.outbox.get('k1'))?.id).toBe('e1');
    expect(await store.outbox.counts('broadcast:b1')).toEqual([{ channel: 'telegram', status: 'pending', count: 1 }]);
    await store.close();
    expect(fs.readdirSync(dir).sort()).toEqual(['bot.sqlite', 'journal.jsonl.imported', 'snapshot.jsonl.imported']);

    const again = createEmbeddedStore({ dir, onImport: (report) => reports.push(report) });
    expect(reports).toHaveLength(1);
    expect((await again.opportunities.search({})).total).toBe(1);
    await again.close();
  });

  it('refuses a damaged old file and imports nothing', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'journal.jsonl'), 'not json\n{"c":"x","k":"y","v":1}\n');
    expect(() => createEmbeddedStore({ dir })).toThrow(/journal\.jsonl is damaged \(line 1 is not valid JSON\)/);
    expect(fs.existsSync(path.join(dir, 'journal.jsonl'))).toBe(true);
  });
});
