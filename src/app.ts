/**
 * The composition root: builds the store, the engine, the channels and the HTTP server from the
 * configuration. Nothing else in the program reads the environment or knows the folder layout, and
 * nothing here decides what the bot does: each piece is built once, after what it needs.
 */
import fs from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';
import { feedsRouter } from './channels/web/feeds';
import { opportunityPageRouter } from './channels/web/opportunity-page';
import { PageViews } from './channels/web/page-views';
import { mediaFilesRouter } from './admin/media-files';
import { adminApiRouter } from './admin/api';
import { AdminAuth } from './admin/auth';
import { DASHBOARD_PUBLIC, dashboardRouter } from './admin/dashboard/router';
import { alertCoordinators, announcer, createAdmin, enqueueAndWake, type Admin } from './admin/features';
import { AdminTexts } from './admin/i18n';
import { newSecret } from './admin/passwords';
import { platformChannels, type PlatformChannels } from './platforms';
import { ChannelDirectory } from './channels/directory';
import type { ChatLimits } from './channels/web/rate-limits';
import { DEFAULT_GRAPH_URL, type Config } from './config';
import { Dispatcher } from './delivery/dispatcher';
import { Notifier } from './delivery/notifier';
import { thankSharer } from './delivery/sharer-thanks';
import { loadDemoData } from './demo/load-demo';
import { newId, type IdGenerator } from './domain/ids';
import type { Store } from './domain/ports';
import { ShareReferences, type Sharing } from './domain/share';
import type { Conversation } from './engine/conversation';
import { loadEngine, type LoadedEngine } from './engine/runtime';
import { httpServer } from './http-server';
import { openStore } from './open-store';
import { Scheduler } from './scheduler';
import { jsonLogger, type Logger } from './util/logger';

/** The repository's folder (flows, locales, assets), wherever the compiled code runs from. */
export const ROOT_DIR = findRoot(__dirname);
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
  /** The web chat's burst limits, when not the defaults (the engine benchmark lifts them). */
  chatLimits?: ChatLimits;
}

export interface App extends PlatformChannels {
  http: Express;
  store: Store;
  engine: Omit<LoadedEngine, 'conversation'> & { conversation: Conversation };
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
  const ids = options.newId ?? newId;
  const store = options.store ?? (await openStore(config, logger, options.onFatal));
  if (config.demoData) {
    const loaded = await loadDemoData(store, path.join(DEMO_DIR, 'catalogue.yaml'), {
      now: clock(),
      timezone: config.timezone,
      mediaBaseUrl: `${config.publicUrl}/media/demo`,
    });
    if (loaded > 0) logger.info('demo catalogue loaded (DEMO_DATA=false to start empty)', { opportunities: loaded });
  }

  const sharing = await sharingFor(config, store);
  const engine = loadEngine({
    flowsDir: path.join(ROOT_DIR, 'flows'),
    localesDir: path.join(ROOT_DIR, 'locales'),
    defaultLocale: config.defaultLocale,
    timezone: config.timezone,
    links: {
      calendar: (id) => `${config.publicUrl}/calendar/${encodeURIComponent(id)}.ics`,
      dataExport: (visitorId) => `${config.publicUrl}/chat/api/export?visitorId=${encodeURIComponent(visitorId)}`,
    },
  });
  const channels = new ChannelDirectory();
  const dispatcher = new Dispatcher({ store, channels: channels.deliveries, clock, logger });
  const wake = () => dispatcher.notify();
  const notifier = new Notifier({
    store,
    notices: engine.notices,
    newId: ids,
    timezone: config.timezone,
    reminderOffsetsMinutes: config.reminderOffsetsMinutes,
    onEnqueued: wake,
  });
  const alertDeps = { store, notices: engine.notices, enqueue: enqueueAndWake(store, wake), newId: ids, clock };
  const conversation = engine.conversation({
    store,
    sharing,
    hooks: {
      continueLinks: channels.continueLinks,
      reachesLater: channels.reachesLater,
      seatFreed: async (opportunityId, now) => {
        await notifier.seatFreed(opportunityId, now);
      },
      notifyCoordinators: async (event) => {
        await alertCoordinators(alertDeps, event);
      },
      sharedLinkWorked: async (event, now) => {
        await thankSharer(
          { store, notices: engine.notices, newId: ids, timezone: config.timezone, onEnqueued: wake },
          event,
          now,
        );
      },
    },
    clock,
    newId: ids,
    logger,
  });
  const platforms = await platformChannels(config, {
    conversation,
    commands: new Set(Object.keys(engine.flows.settings.commands)),
    translator: engine.translator,
    store,
    logger,
    clock,
    newId: ids,
    rootDir: ROOT_DIR,
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(options.chatLimits ? { chatLimits: options.chatLimits } : {}),
  });
  for (const channel of platforms.list) channels.add(channel);

  const admin = createAdmin({
    store,
    notices: engine.notices,
    opportunityChanged: (before, after, now) => notifier.opportunityChanged(before, after, now),
    newId: ids,
    clock,
    timezone: config.timezone,
    publicUrl: config.publicUrl,
    shareLink: channels.shareLink,
    channels: () => channels.list().map((channel) => channel.name),
    humanAgent: config.messenger?.humanAgent ?? false,
    onEnqueued: wake,
    onError: (message, error) => logger.error(message, { error: String(error) }),
    published: announcer({
      store,
      notices: engine.notices,
      publishers: platforms.publishers(config.messenger?.graphUrl ?? DEFAULT_GRAPH_URL),
      locale: config.defaultLocale,
      clock,
      onFailure: (organisation, error) =>
        logger.warn('publishing beyond the bot failed', { organisation, error: String(error) }),
    }),
  });
  const scheduler = new Scheduler({
    store,
    notifier,
    clock,
    logger,
    timezone: config.timezone,
    onWork: wake,
    extraWork: () => admin.broadcastQueue.sendDue(),
  });

  const bootstrapToken = await adminBootstrapToken(config.adminToken, store, logger);
  const auth = new AdminAuth({
    store,
    clock,
    ...(bootstrapToken ? { bootstrapToken } : {}),
    secureCookies: config.publicUrl.startsWith('https://'),
  });
  const telegram = channels.get('telegram');
  const http = httpServer({
    store,
    logger,
    ...(config.trustProxy !== undefined ? { trustProxy: config.trustProxy } : {}),
    routers: [
      ...channels.list().map((channel) => channel.routes()),
      express.Router().use('/media/demo', express.static(path.join(DEMO_DIR, 'media'), { index: false, maxAge: '1d' })),
      mediaFilesRouter(admin.media),
      feedsRouter({ store, translator: engine.translator, publicUrl: config.publicUrl, clock }),
      opportunityPageRouter({
        store,
        sharing,
        views: new PageViews({ store, newId: ids, clock }),
        translator: engine.translator,
        publicUrl: config.publicUrl,
        timezone: config.timezone,
        links: (ref) =>
          Object.fromEntries(channels.list().map((channel) => [channel.name, channels.shareLink(channel.name, ref)])),
      }),
      // After the chat's routes: a chat message never walks past the dashboard's.
      adminApiRouter(admin, auth, config.timezone),
      dashboardRouter({
        admin,
        auth,
        texts: new AdminTexts(path.join(ROOT_DIR, 'locales')),
        publicDir: DASHBOARD_PUBLIC(ROOT_DIR),
        timezone: config.timezone,
        clock,
        bootstrapToken,
        ...(telegram?.shareLink ? { telegramStartLink: (parameter: string) => telegram.shareLink!(parameter) } : {}),
      }),
    ],
  });

  return {
    http,
    store,
    engine: { ...engine, conversation },
    ...platforms.byName,
    dispatcher,
    notifier,
    scheduler,
    admin,
    async start() {
      // A platform that cannot start (a wrong token) is reported; the web chat keeps working.
      for (const channel of channels.list()) {
        await channel
          .start()
          .catch((error: unknown) => logger.error(`${channel.name} could not start`, { error: String(error) }));
      }
      dispatcher.start();
      scheduler.start();
    },
    async close() {
      await scheduler.stop();
      await admin.broadcastQueue.idle();
      await dispatcher.stop();
      for (const channel of channels.list()) await channel.stop();
      await store.close();
    },
  };
}

/** Share links are signed with SHARE_SECRET, else with a key made at first start and kept for good. */
async function sharingFor(config: Config, store: Store): Promise<Sharing> {
  const secret = config.shareSecret ?? (await store.settings.keep('share_secret', newSecret()));
  const references = new ShareReferences(secret);
  return {
    link: (ref) => `${config.publicUrl}/o/${encodeURIComponent(ref.opportunityId)}?r=${references.sign(ref)}`,
    read: (text) => references.read(text),
  };
}

/**
 * ADMIN_TOKEN creates the first administrator. Unset, one is made for this run and printed while no
 * account exists; once one does, there is none: the bootstrap credential is off. Left set, it keeps
 * working (scripts may need it), with a warning at each start.
 */
async function adminBootstrapToken(
  configured: string | undefined,
  store: Pick<Store, 'accounts'>,
  logger: Logger,
): Promise<string | undefined> {
  const accounts = await store.accounts.count();
  if (configured) {
    if (accounts > 0)
      logger.warn('ADMIN_TOKEN is set and acts as an administrator: unset it once your administrators have accounts');
    return configured;
  }
  if (accounts > 0) return undefined;
  const token = newSecret();
  logger.info(
    'ADMIN_TOKEN is not set; for this run, create the first administrator with this token (or at /admin/setup)',
    {
      adminToken: token,
    },
  );
  return token;
}
