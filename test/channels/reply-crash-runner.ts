// Child process for the kill-mid-reply test: the whole bot on a data directory, Messenger pointed at
// the parent's Graph stand-in. Prints its address once it listens.
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/app';
import { readConfig } from '../../src/config';
import { nodeServer } from '../../src/http-server';
import { silentLogger } from '../../src/util/logger';

const [dataDir, graphUrl] = process.argv.slice(2);

async function main(): Promise<void> {
  const config = readConfig({
    DATA_DIR: dataDir,
    PUBLIC_URL: 'https://bot.example',
    DEMO_DATA: 'false',
    MESSENGER_PAGE_TOKEN: 'page-token',
    MESSENGER_APP_SECRET: 'app-secret',
    MESSENGER_VERIFY_TOKEN: 'verify',
    MESSENGER_GRAPH_URL: graphUrl,
  });
  const app = await createApp(config, { logger: silentLogger });
  const server = nodeServer(app.http).listen(0, '127.0.0.1', () => {
    process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
  });
  await app.start();
}

void main();
