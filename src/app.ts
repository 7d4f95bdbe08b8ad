/**
 * The composition root: builds the store, the engine, the channels and the HTTP server from the
 * configuration. Nothing else in the program reads the environment or knows the folder layout.
 */
import fs from 'node:fs';
import path from 'node:path';
import express, { type ErrorRequestHandler, type Express } from 'express';
import { DEFAULT_GRAPH_URL, type Config } from './config';
import { MessengerChannel } from './channels/messenger/channel';
import { postToPageFeed } from './channels/messenger/page-feed';
import type { TelegramChannel } from './channels/telegram/channel';
import { calendarRouter } from './channels/web/calendar';
import { WebMailboxDelivery } from './channels/web/delivery';
import { adminApiRouter } from './admin/api';
import { AdminAuth } from './admin/auth';
import { DASHBOARD_PUBLIC, dashboardRouter } from './admin/dashboard/router';
import { AdminTexts } from './admin/i18n';
import { newSecret } from './admin/passwords';
import { createAdmin, type Admin } from './admin/features';
import { Dispatcher } from './delivery/dispatcher';
import { Notifier } from './delivery/notifier';
import { Scheduler } from './scheduler';
import type { ChannelDelivery } from './domain/delivery';
import { LINK_PREFIX } from './domain/linking';
import { webChatRouter } from './channels/web/router';
import { loadDemoData } from './demo/load-demo';
import { newId, type IdGenerator } from './domain/ids';
import type { ChannelName } from './domain/model';
import type { Store } from './domain/ports';
import type { Logger } from './util/logger';
import { createEngine, type EngineRuntime } from './engine/runtime';
import { jsonLogger } from './util/logger';
import { progressBar } from './progress-bar';
import { createEmbeddedStore } from './store/embedded';

/** The repository's folder (flows, locales, assets), wherever the compiled code runs from. */
export const ROOT_DIR = findRoot(__dirname);
const PUBLIC_DIR = path.join(ROOT_DIR, 'src', 'channels', 'web', 'public');
const DEMO_DIR = path.join(ROOT_DIR, 'src', 'demo');

function findRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'flows'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No project folder (with package.json and flows/) above ${start}`);
  }
}

export interface AppOptions {
  /** Tests pass an in-memory store; otherwise the configured one is opened. */
  store?: Store;
  clock?: () => Date;
  newId?: IdGenerator;
  logger?: Logger;
  /** How channels wait before retrying; tests make it instant. */
  sleep?: (ms: number) => Promise<void>;
  /** Something the bot cannot go on with was found after start (a damaged database file). */
  onFatal?: (error: Error) => void;
}

export interface App {
  http: Express;
  store: Store;
  engine: EngineRuntime;
  telegram?: TelegramChannel;
  messenger?: MessengerChannel;
  dispatcher: Dispatcher;
  notifier: Notifier;
  scheduler: Scheduler;
  admin: Admin;
  /** Starts the platform channels (polling, webhooks, menus); the HTTP server is the caller's. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function createApp(config: Config, options: AppOptions = {}): Promise<App> {
  const logger = options.logger ?? jsonLogger();
  const clock = options.clock ?? (() => new Date());
  const importBar = progressBar('Importing the old data files {bar} {value}/{total} records');
  // mongoose and telegraf are loaded only when configured: a bot without them does not carry them.
  const store =
    options.store ??
    (config.mongodbUri
      ? await (
          await import('./store/mongo')
        ).createMongoStore({ uri: config.mongodbUri, log: (message, fields) => logger.warn(message, fields) })
      : createEmbeddedStore({
          dir: path.resolve(config.dataDir),
          onImportProgress: importBar.report,
          onDamage: (error) => {
            logger.error('the database file is damaged; stopping', { error: error.message });
            options.onFatal?.(error);
          },
          onImport: (report) => {
            importBar.stop();
            logger.info(
              'data from the journal format imported into SQLite; ' +
                'delete the renamed files once checked, they still hold erased people',
              {
                records: report.records,
                renamed: report.renamed,
              },
            );
          },
        }));

  if (config.demoData) {
    const loaded = await loadDemoData(store, path.join(DEMO_DIR, 'catalogue.yaml'), {
      now: clock(),
      timezone: config.timezone,
      mediaBaseUrl: `${config.publicUrl}/media/demo`,
    });
    if (loaded > 0) logger.info('demo catalogue loaded (DEMO_DATA=false to start empty)', { opportunities: loaded });
  }

  const ids = options.newId ?? newId;
  const shareLinks = new Map<ChannelName, (ref: string) => string>();
  // Each channel opens shared links in itself; the web chat is the fallback for the others.
  const shareLink = (channel: ChannelName, ref: string) =>
    shareLinks.get(channel)?.(ref) ?? `${config.publicUrl}/chat?start=${ref}`;
  // The notifier needs the engine's texts and the engine tells it about freed places: bound once both exist.
  let notifier: Notifier | undefined;
  let admin: Admin | undefined;
  const engine = createEngine({
    flowsDir: path.join(ROOT_DIR, 'flows'),
    localesDir: path.join(ROOT_DIR, 'locales'),
    store,
    defaultLocale: config.defaultLocale,
    timezone: config.timezone,
    links: { calendar: (id) => `${config.publicUrl}/calendar/${encodeURIComponent(id)}.ics` },
    shareLink,
    hooks: {
      // Telegram when the bot has it, and the web chat always: both can carry reminders.
      continueLinks: (token) => [
        ...(shareLinks.has('telegram')
          ? [{ channel: 'telegram' as const, url: shareLink('telegram', `${LINK_PREFIX}${token}`) }]
          : []),
        { channel: 'web' as const, url: `${config.publicUrl}/chat?link=${token}` },
      ],
      seatFreed: async (opportunityId, now) => {
        await notifier?.seatFreed(opportunityId, now);
      },
      notifyCoordinators: async (event) => {
        await admin?.alertCoordinators(event);
      },
    },
    clock,
    newId: ids,
    logger,
  });

  const telegramModule = config.telegram ? await import('./channels/telegram/channel') : undefined;
  const telegram =
    config.telegram && telegramModule
      ? new telegramModule.TelegramChannel({
          ...config.telegram,
          ...(config.publicUrlIsSet ? { publicUrl: config.publicUrl } : {}),
          conversation: engine.conversation,
          store,
          translator: engine.translator,
          logger,
          clock,
        })
      : undefined;
  if (telegram) shareLinks.set('telegram', (ref) => telegram.shareLink(ref));
  const messenger = config.messenger
    ? new MessengerChannel({
        ...config.messenger,
        conversation: engine.conversation,
        store,
        translator: engine.translator,
        logger,
        clock,
        ...(options.sleep ? { sleep: options.sleep } : {}),
      })
    : undefined;
  if (messenger) shareLinks.set('messenger', (ref) => messenger.shareLink(ref));

  const deliveries: Partial<Record<ChannelName, ChannelDelivery>> = {
    web: new WebMailboxDelivery(store.mailbox, ids, clock),
  };
  if (telegram) deliveries.telegram = telegram;
  if (messenger) deliveries.messenger = messenger;
  const dispatcher = new Dispatcher({ store, channels: deliveries, clock, logger });
  notifier = new Notifier({
    store,
    notices: engine.notices,
    newId: ids,
    timezone: config.timezone,
    reminderOffsetsMinutes: config.reminderOffsetsMinutes,
    onEnqueued: () => dispatcher.notify(),
  });
  const changed = notifier;
  admin = createAdmin({
    store,
    opportunityChanged: (before, after, now) => changed.opportunityChanged(before, after, now),
    notices: engine.notices,
    newId: ids,
    clock,
    shareLink,
    humanAgent: config.messenger?.humanAgent ?? false,
    onEnqueued: () => dispatcher.notify(),
    onError: (message, error) => logger.error(message, { error: String(error) }),
    // Publishing also posts to the association's own Telegram channel and Facebook Page, when it set them.
    published: async (opportunity, links) => {
      const organisation = await store.organisations.get(opportunity.organisationId);
      const to = organisation?.publishTo;
      if (!organisation || !to) return;
      const post = (link: string) =>
        engine.notices.publication(config.defaultLocale, opportunity, organisation.name, link);
      const attempts: Array<Promise<void>> = [];
      if (to.telegramChannel && telegram)
        attempts.push(telegram.postToChannel(to.telegramChannel, post(links.telegram)));
      if (to.facebookPageId && to.facebookPageToken) {
        const graphUrl = config.messenger?.graphUrl ?? DEFAULT_GRAPH_URL;
        attempts.push(
          postToPageFeed(graphUrl, to.facebookPageId, to.facebookPageToken, post(links.messenger), links.messenger),
        );
      }
      for (const result of await Promise.allSettled(attempts)) {
        if (result.status === 'rejected')
          logger.warn('publishing beyond the bot failed', {
            organisation: organisation.id,
            error: String(result.reason),
          });
      }
    },
  });
  const scheduler = new Scheduler({
    store,
    notifier,
    clock,
    logger,
    timezone: config.timezone,
    onWork: () => dispatcher.notify(),
    extraWork: () => admin.broadcastQueue.sendDue(),
  });
  // Without ADMIN_TOKEN, one is made for this run and printed: it creates the first administrator.
  const bootstrapToken = config.adminToken ?? newSecret();
  if (!config.adminToken && (await store.accounts.count()) === 0) {
    logger.info(
      'ADMIN_TOKEN is not set; for this run, create the first administrator with this token (or at /admin/setup)',
      { adminToken: bootstrapToken },
    );
  }
  const auth = new AdminAuth({ store, clock, bootstrapToken, secureCookies: config.publicUrl.startsWith('https://') });

  const http = express();
  http.disable('x-powered-by');
  // Answers to chat messages are never fetched twice: hashing each for an ETag is wasted work.
  http.set('etag', false);
  http.set('trust proxy', 1);

  http.get('/healthz', async (_request, response) => {
    const health = await store
      .health()
      .catch((error: unknown) => ({ ok: false, kind: 'unknown', detail: String(error) }));
    response.status(health.ok ? 200 : 503).json({ status: health.ok ? 'ok' : 'unavailable', store: health });
  });
  http.get('/', (_request, response) => response.redirect('/chat'));

  if (messenger) http.use(messenger.router());
  if (telegram && telegramModule && config.telegram?.mode === 'webhook') {
    http.post(telegramModule.TELEGRAM_WEBHOOK_PATH, express.json({ limit: '1mb' }), telegram.webhookHandler());
  }
  http.use(
    webChatRouter({
      conversation: engine.conversation,
      translator: engine.translator,
      publicDir: PUBLIC_DIR,
      mailbox: store.mailbox,
      defaultLocale: config.defaultLocale,
    }),
  );
  http.use(
    calendarRouter({
      store,
      translator: engine.translator,
      alarmsMinutesBefore: config.reminderOffsetsMinutes,
      publicUrl: config.publicUrl,
      clock,
    }),
  );
  http.use('/media/demo', express.static(path.join(DEMO_DIR, 'media'), { index: false, maxAge: '1d' }));
  // After the chat's routes: a chat message never walks past the dashboard's.
  http.use(adminApiRouter(admin, auth));
  http.use(
    dashboardRouter({
      admin,
      auth,
      texts: new AdminTexts(path.join(ROOT_DIR, 'locales')),
      publicDir: DASHBOARD_PUBLIC(ROOT_DIR),
      timezone: config.timezone,
      bootstrapToken,
      ...(telegram ? { telegramStartLink: (parameter: string) => shareLink('telegram', parameter) } : {}),
    }),
  );
  http.use((_request, response) => {
    response.status(404).json({ error: 'not found' });
  });
  const handleError: ErrorRequestHandler = (
    error: { status?: number; type?: string; message?: string },
    request,
    response,
    _next,
  ) => {
    // Body-parser errors carry a 4xx status: the client sent something we cannot read.
    if (typeof error.status === 'number' && error.status >= 400 && error.status < 500) {
      const message =
        error.type === 'entity.parse.failed'
          ? 'the body is not valid JSON'
          : error.type === 'entity.too.large'
            ? 'the body is too large'
            : (error.message ?? 'bad request');
      response.status(error.status).json({ error: message });
      return;
    }
    logger.error('request failed', { method: request.method, path: request.path, error: String(error) });
    response.status(500).json({ error: 'internal error; it has been logged' });
  };
  http.use(handleError);

  return {
    http,
    store,
    engine,
    ...(telegram ? { telegram } : {}),
    ...(messenger ? { messenger } : {}),
    dispatcher,
    notifier,
    scheduler,
    admin,
    async start() {
      // A platform that cannot start (a wrong token) is reported; the web chat keeps working.
      await telegram
        ?.start()
        .catch((error: unknown) => logger.error('telegram could not start', { error: String(error) }));
      await messenger
        ?.start()
        .catch((error: unknown) => logger.error('messenger could not start', { error: String(error) }));
      dispatcher.start();
      scheduler.start();
    },
    async close() {
      await scheduler.stop();
      await admin.broadcastQueue.idle();
      await dispatcher.stop();
      await telegram?.stop();
      await messenger?.stop();
      await store.close();
    },
  };
}
