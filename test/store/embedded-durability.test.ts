import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createEmbeddedStore } from '../../src/store/embedded';
import { StoreCorruptedError, StoreLockedError } from '../../src/store/embedded/journal';
import { opportunity } from '../support/factories';

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'store-durability-'));

describe('embedded store durability', () => {
  it('keeps every write across a restart, including after compaction', async () => {
    const dir = tempDir();
    const first = createEmbeddedStore({ dir, compactAfterBytes: 2048 });
    for (let i = 0; i < 100; i++) await first.opportunities.save(opportunity({ id: `o${i}`, city: `city ${i}` }));
    await first.opportunities.save(opportunity({ id: 'o5', city: 'changed' }));
    await first.sessions.save('c1', { node: 'x' }, 0);
    await first.close();
    expect(fs.statSync(path.join(dir, 'snapshot.jsonl')).size).toBeGreaterThan(0);

    const second = createEmbeddedStore({ dir });
    expect((await second.opportunities.search({})).total).toBe(100);
    expect((await second.opportunities.get('o5'))?.city).toBe('changed');
    expect(await second.sessions.load('c1')).toEqual({ state: { node: 'x' }, version: 1 });
    await second.close();
  });

  it('cuts off a torn last line (an unacknowledged write) and goes on', async () => {
    const dir = tempDir();
    const store = createEmbeddedStore({ dir });
    await store.opportunities.save(opportunity());
    await store.close();
    fs.appendFileSync(path.join(dir, 'journal.jsonl'), '{"c":"opportunities","k":"half');

    const reopened = createEmbeddedStore({ dir });
    expect((await reopened.opportunities.search({})).total).toBe(1);
    await reopened.opportunities.save(opportunity({ id: 'opp2' }));
    await reopened.close();
    const again = createEmbeddedStore({ dir });
    expect((await again.opportunities.search({})).items.map((o) => o.id)).toEqual(['opp1', 'opp2']);
    await again.close();
  });

  it('refuses to start on a damaged file instead of losing data silently', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'journal.jsonl'), 'not json\n{"c":"x","k":"y","v":1}\n');
    expect(() => createEmbeddedStore({ dir })).toThrow(StoreCorruptedError);
    expect(() => createEmbeddedStore({ dir })).toThrow(/journal\.jsonl is damaged at line 1/);
  });

  it('refuses a second process on the same folder but takes over a dead one’s lock', async () => {
    const dir = tempDir();
    const running = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)']);
    fs.writeFileSync(path.join(dir, 'LOCK'), String(running.pid));
    try {
      expect(() => createEmbeddedStore({ dir })).toThrow(StoreLockedError);
    } finally {
      running.kill('SIGKILL');
      await new Promise((resolve) => running.once('exit', resolve));
    }
    const store = createEmbeddedStore({ dir });
    expect((await store.health()).ok).toBe(true);
    await store.close();
  });

  it('loses no acknowledged write when the process is killed with SIGKILL', async () => {
    const dir = tempDir();
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'crash-writer.ts'), dir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let lastAck = -1;
    let buffered = '';
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) lastAck = Number(line.slice(4));
        // Past several compactions, then kill mid-stream.
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
});

describe('embedded store when the disk fails', () => {
  it('refuses the write, reports unhealthy, and accepts nothing more', async () => {
    const dir = tempDir();
    const store = createEmbeddedStore({ dir });
    await store.opportunities.save(opportunity({ id: 'kept' }));
    // Close the journal's file behind the store's back: the next append fails like a vanished disk.
    const fd = fs.openSync(path.join(dir, 'journal.jsonl'), 'r');
    fs.closeSync(fd);
    for (let candidate = 0; candidate < 1000; candidate++) {
      try {
        fs.fstatSync(candidate);
        if (fs.readlinkSync(`/proc/self/fd/${candidate}`).endsWith('journal.jsonl')) fs.closeSync(candidate);
      } catch {
        // not an open descriptor
      }
    }
    await expect(store.opportunities.save(opportunity({ id: 'lost' }))).rejects.toThrow(/could not write its journal/);
    await expect(store.opportunities.save(opportunity({ id: 'after' }))).rejects.toThrow(/could not write its journal/);
    expect(await store.health()).toMatchObject({ ok: false, detail: expect.stringMatching(/could not write its journal/) });
  });
});
