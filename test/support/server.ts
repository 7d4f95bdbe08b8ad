import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createApp, type App } from '../../src/app';
import { readConfig } from '../../src/config';
import type { Store } from '../../src/domain/ports';
import { silentLogger } from '../../src/logger';
import { createEmbeddedStore } from '../../src/store/embedded';
import { FIXED_NOW } from './bot';

export interface RunningApp {
  app: App;
  url: string;
  close(): Promise<void>;
}

export async function startApp(options: { env?: NodeJS.ProcessEnv; store?: Store; now?: Date } = {}): Promise<RunningApp> {
  const config = readConfig({ PUBLIC_URL: 'https://bot.example', ...options.env });
  const now = options.now ?? FIXED_NOW;
  const app = await createApp(config, { store: options.store ?? createEmbeddedStore(), clock: () => now, logger: silentLogger });
  const server: Server = await new Promise((resolve) => {
    const listening = app.http.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await app.close();
    },
  };
}
