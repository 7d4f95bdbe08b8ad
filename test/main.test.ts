/** `npm start`'s entry point, as a process: it listens, answers the chat, and stops cleanly on SIGTERM. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './support/server';

it('serves the web chat from src/main.ts and exits 0 on SIGTERM', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'main-'));
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', path.join(__dirname, '../src/main.ts')],
    {
      env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  try {
    await new Promise<void>((resolve, reject) => {
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('"bot listening"')) resolve();
      });
      void exited.then((code) => reject(new Error(`exited with ${code}: ${output}`)));
    });
    const response = await fetch(`http://127.0.0.1:${port}/chat/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ visitorId: 'main-test-visitor-0001', messageId: 'm1', start: {} }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { messages: Array<{ text?: string }>; duplicate: boolean };
    expect(body.duplicate).toBe(false);
    expect(body.messages.length).toBeGreaterThan(0);
    expect(body.messages[0].text).toEqual(expect.any(String));
  } finally {
    child.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
  fs.rmSync(dataDir, { recursive: true, force: true });
}, 60_000);
