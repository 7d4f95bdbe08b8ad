/** Starts the bot: `npm start`. Stops cleanly on SIGTERM (platform restarts) and SIGINT (Ctrl-C). */
import { createApp } from './app';
import { ConfigError, readConfig } from './config';
import { nodeServer } from './http-server';
import { jsonLogger } from './util/logger';

async function main(): Promise<void> {
  const logger = jsonLogger();
  const config = readConfig();
  let stopOnFatal = (_error: Error): void => undefined;
  const app = await createApp(config, { logger, onFatal: (error) => stopOnFatal(error) });
  const server = nodeServer(app.http).listen(config.port, () => {
    logger.info('bot listening', {
      url: config.publicUrl,
      chat: `${config.publicUrl}/chat`,
      store: config.mongodbUri ? 'mongo' : `embedded (${config.dataDir})`,
    });
    void app.start();
  });
  server.on('error', (error) => {
    logger.error('cannot listen', { port: config.port, error: String(error) });
    process.exit(1);
  });

  let stopping = false;
  const stop = (signal: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping', { signal });
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    server.close(() => {
      void app.close().then(() => process.exit(exitCode));
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  // A damaged database found after start: say so where the operator looks, and stop rather than half work.
  stopOnFatal = (error) => {
    process.stderr.write(`${error.message}\n`);
    stop('fatal', 1);
  };
}

main().catch((error: unknown) => {
  // Start-up problems (configuration, flow files, a locked data folder) are the operator's to fix: say which.
  process.stderr.write(`${error instanceof ConfigError || error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
