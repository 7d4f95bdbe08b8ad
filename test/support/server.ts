import { TEST_SHARE_SECRET } from './sharing';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { createApp, type App } from '../../src/app';
import type { ChatLimits } from '../../src/channels/web/rate-limits';
import { readConfig } from '../../src/config';
import type { Store } from '../../src/domain/ports';
import type { Logger } from '../../src/util/logger';
import { silentLogger } from '../../src/util/logger';
import { createEmbeddedStore } from '../../src/store/embedded';
import { nodeServer } from '../../src/http-server';
import { FIXED_NOW } from './bot';

export interface RunningApp {
  app: App;
  url: string;
  close(): Promise<void>;
}

/** A port free right now, so the app can be told its own public address before it listens. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** `selfAddressed`: links and images point at the running app itself (browser tests need them to load). */
export async function startApp(
  options: {
    env?: NodeJS.ProcessEnv;
    store?: Store;
    now?: Date;
    selfAddressed?: boolean;
    logger?: Logger;
    sleep?: (ms: number) => Promise<void>;
    chatLimits?: ChatLimits;
  } = {},
): Promise<RunningApp> {
  const port = options.selfAddressed ? await freePort() : 0;
  const publicUrl = options.selfAddressed ? `http://127.0.0.1:${port}` : 'https://bot.example';
  const config = readConfig({ PUBLIC_URL: publicUrl, SHARE_SECRET: TEST_SHARE_SECRET, ...options.env });
  const now = options.now ?? FIXED_NOW;
  const app = await createApp(config, {
    store: options.store ?? createEmbeddedStore(),
    clock: () => now,
    logger: options.logger ?? silentLogger,
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(options.chatLimits ? { chatLimits: options.chatLimits } : {}),
  });
  const server: Server = await new Promise((resolve) => {
    const listening = nodeServer(app.http).listen(port, '127.0.0.1', () => resolve(listening));
  });
  return {
    app,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await app.close();
    },
  };
}
