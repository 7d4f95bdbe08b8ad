/**
 * Jest global setup: when MONGODB_URI is unset and a `ferretdb` binary is on PATH (or named by
 * FERRETDB_BIN), starts FerretDB on loopback with its SQLite backend in a temporary folder, so the
 * MongoDB store contract runs against a real MongoDB-wire server. Without either, nothing starts
 * and the MongoDB suite says in one line that it skipped. A binary that does not run counts as none.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export interface RunningFerretDb {
  process: ChildProcess;
  folder: string;
}

declare global {
  var ferretDb: RunningFerretDb | undefined;
}

/** Runs, not only exists: `go install` alone gives a FerretDB binary that panics at start. */
function runs(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
  } catch {
    return false;
  }
  return spawnSync(path, ['--version'], { stdio: 'ignore', timeout: 10_000 }).status === 0;
}

export function findFerretDb(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.FERRETDB_BIN) return runs(env.FERRETDB_BIN) ? env.FERRETDB_BIN : undefined;
  return (env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((folder) => join(folder, 'ferretdb'))
    .find(runs);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export default async function startFerretDb(): Promise<void> {
  if (process.env.MONGODB_URI) return;
  const binary = findFerretDb();
  if (!binary) return;
  const folder = mkdtempSync(join(tmpdir(), 'ferretdb-'));
  const [port, debugPort] = [await freePort(), await freePort()];
  const child = spawn(
    binary,
    [
      '--handler=sqlite',
      `--sqlite-url=file:${folder}/`,
      `--listen-addr=127.0.0.1:${port}`,
      // Its metrics listener defaults to a fixed port, which a second run on the machine would hold.
      `--debug-addr=127.0.0.1:${debugPort}`,
      `--state-dir=${folder}`,
      '--telemetry=disable',
      '--log-level=error',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  globalThis.ferretDb = { process: child, folder };
  for (let waited = 0; !(await accepts(port)); waited += 100) {
    if (child.exitCode !== null || waited > 15_000) {
      child.kill('SIGKILL');
      rmSync(folder, { recursive: true, force: true });
      throw new Error(`FerretDB (${binary}) did not start on port ${port}; unset FERRETDB_BIN or fix it.`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // Not MONGODB_URI: bots that tests start as child processes inherit the environment and must stay
  // on their embedded store.
  process.env.FERRETDB_TEST_URI = `mongodb://127.0.0.1:${port}/`;
}
