/**
 * The server side of the engine benchmark, in its own process: `bot` is the real app (HTTP,
 * engine, embedded store on disk), `echo` a bare express handler that parses the same JSON and
 * echoes it. Prints `port <n>` once listening.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createApp } from '../src/app';
import { readConfig } from '../src/config';
import { nodeServer } from '../src/http-server';
import { silentLogger } from '../src/util/logger';

async function main(): Promise<void> {
  const mode = process.argv[2];
  let server: Server;
  if (mode === 'echo') {
    // The baseline stays express as most apps run it: app.listen, no help from us.
    const http = express();
    http.post('/chat/api/messages', express.json({ limit: '128kb' }), (request, response) => {
      response.json({
        messages: [{ kind: 'text', text: JSON.stringify(request.body) }],
        locale: 'fr',
        duplicate: false,
      });
    });
    server = http.listen(0, '127.0.0.1', listening);
  } else {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-engine-'));
    const app = await createApp(readConfig({ DATA_DIR: dataDir, PUBLIC_URL: 'http://localhost' }), {
      logger: silentLogger,
      // A few people sending thousands of messages: the limiter still runs, but never refuses.
      chatLimits: { perVisitor: 1e9, perAddress: 1e9, windowMs: 60_000 },
    });
    // As production serves it (src/main.ts).
    server = nodeServer(app.http).listen(0, '127.0.0.1', listening);
  }
  process.on('SIGINT', () => process.exit(0));
  function listening() {
    process.stdout.write(`port ${(server.address() as AddressInfo).port}\n`);
  }
}

void main();
