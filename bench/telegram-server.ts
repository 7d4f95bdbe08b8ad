/**
 * The bot side of the telegram-reply benchmark, in its own process: the real app (HTTP, engine,
 * embedded store on disk, Telegram in webhook mode) talking to the Bot API stand-in whose address
 * is argv[2], its webhook secret argv[3], while a broadcast to argv[4] other people goes out.
 * Prints `port <n>` once listening.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createApp } from '../src/app';
import { readConfig } from '../src/config';
import { nodeServer } from '../src/http-server';
import { silentLogger } from '../src/util/logger';

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-telegram-'));
  const app = await createApp(
    readConfig({
      DATA_DIR: dataDir,
      PUBLIC_URL: 'https://bot.example',
      TELEGRAM_BOT_TOKEN: '123:bench',
      TELEGRAM_API_ROOT: process.argv[2],
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_WEBHOOK_SECRET: process.argv[3],
    }),
    { logger: silentLogger },
  );
  await app.start();
  // A broadcast going out meanwhile (argv[4] people): replies must still come first.
  const bulk = Number(process.argv[4] ?? 0);
  for (let i = 0; i < bulk; i++) {
    void app.telegram?.deliver({
      externalId: String(9_000_000 + i),
      messages: [{ kind: 'text', text: 'Nouvelle mission près de chez toi !' }],
      priority: 'bulk',
    });
  }
  process.on('SIGINT', () => process.exit(0));
  const server = nodeServer(app.http).listen(0, '127.0.0.1', () => {
    process.stdout.write(`port ${(server.address() as AddressInfo).port}\n`);
  });
}

void main();
