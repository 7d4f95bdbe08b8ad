import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Dispatcher } from '../../src/delivery/dispatcher';
import { INTERRUPTED, type OutboxEntry } from '../../src/domain/outbox';
import { createEmbeddedStore } from '../../src/store/embedded';

const ENTRIES = 400;
const lines = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);

describe('a dispatcher killed mid-send', () => {
  it('loses nothing; after restart sends each remaining entry once, never what may have gone out', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dispatch-crash-'));
    const log = path.join(dir, 'sent.log');
    const child = spawn(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        path.join(__dirname, 'dispatch-crash-runner.ts'),
        path.join(dir, 'data'),
        log,
        String(ENTRIES),
      ],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const exited = new Promise((resolve) => child.once('exit', resolve));
    // Killed with SIGKILL once a good part is out, while sends are in flight.
    while (lines(log).length < 120) await new Promise((resolve) => setTimeout(resolve, 5));
    child.kill('SIGKILL');
    await exited;
    const beforeRestart = lines(log).length;
    expect(beforeRestart).toBeLessThan(ENTRIES);

    const store = createEmbeddedStore({ dir: path.join(dir, 'data') });
    const afterLease = new Date(Date.now() + 5000);
    const interrupted = await store.outbox.releaseExpired(afterLease.toISOString());
    const dispatcher = new Dispatcher({
      store,
      clock: () => afterLease,
      logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
      channels: {
        telegram: {
          async deliver(request) {
            fs.appendFileSync(log, `${request.externalId}\n`);
            return { status: 'sent', parts: 1 };
          },
        },
      },
    });
    await dispatcher.drain();

    const sends = lines(log);
    const counts = new Map<string, number>();
    for (const id of sends) counts.set(id, (counts.get(id) ?? 0) + 1);
    expect([...counts.values()].filter((count) => count > 1)).toEqual([]);

    const entries: OutboxEntry[] = [];
    for (let i = 0; i < ENTRIES; i++) entries.push((await store.outbox.get(`k${i}`))!);
    // Nothing lost: every entry is settled, sent or resolved as interrupted (and counted).
    expect(entries.filter((entry) => entry.status !== 'sent' && entry.status !== 'dead')).toEqual([]);
    const dead = entries.filter((entry) => entry.status === 'dead');
    expect(dead.length).toBe(interrupted);
    expect(dead.every((entry) => entry.lastError === INTERRUPTED)).toBe(true);
    // Every entry marked sent reached the platform exactly once; interrupted ones at most once.
    for (const entry of entries.filter((e) => e.status === 'sent')) expect(counts.get(entry.externalId)).toBe(1);
    expect(sends.length).toBe(
      entries.filter((e) => e.status === 'sent').length + dead.filter((e) => counts.has(e.externalId)).length,
    );
    await store.close();
  }, 60_000);
});
