/**
 * The channels the configuration asks for: Telegram and Messenger when their tokens are set, the web
 * chat always. telegraf is loaded only when Telegram is configured: a bot without it does not carry it.
 */
import path from 'node:path';
import type { Channel } from './channels/channel';
import { MessengerChannel } from './channels/messenger/channel';
import { PageFeedPublisher } from './channels/messenger/page-feed';
import type { TelegramChannel } from './channels/telegram/channel';
import { WebChannel } from './channels/web/channel';
import type { ChatLimits } from './channels/web/rate-limits';
import type { Config } from './config';
import type { Store } from './domain/ports';
import type { Publisher } from './domain/publishing';
import type { Conversation } from './engine/conversation';
import type { Translator } from './engine/i18n';
import type { Logger } from './util/logger';

export interface ChannelDeps {
  conversation: Pick<Conversation, 'handle'>;
  /** The flows' command names, which the platforms' menus offer. */
  commands: ReadonlySet<string>;
  translator: Translator;
  store: Store;
  logger: Logger;
  clock: () => Date;
  newId: (length?: number) => string;
  rootDir: string;
  /** How channels wait before retrying; tests make it instant. */
  sleep?: (ms: number) => Promise<void>;
  /** The web chat's burst limits, when not the defaults (the engine benchmark lifts them). */
  chatLimits?: ChatLimits;
}

export interface PlatformChannels {
  telegram?: TelegramChannel;
  messenger?: MessengerChannel;
  web: WebChannel;
}

export interface Platforms {
  /** Telegram first, then Messenger, then the web chat: the order their links are offered in. */
  list: Channel[];
  byName: PlatformChannels;
  /** Where a published opportunity is also posted: Telegram channels, Facebook Pages. */
  publishers(graphUrl: string): Publisher[];
}

export async function platformChannels(config: Config, deps: ChannelDeps): Promise<Platforms> {
  const { conversation, commands, translator, store, logger, clock } = deps;
  const telegram = config.telegram
    ? new (await import('./channels/telegram/channel')).TelegramChannel({
        ...config.telegram,
        ...(config.publicUrlIsSet ? { publicUrl: config.publicUrl } : {}),
        conversation,
        commands,
        store,
        translator,
        logger,
        clock,
      })
    : undefined;
  const messenger = config.messenger
    ? new MessengerChannel({
        ...config.messenger,
        conversation,
        commands,
        store,
        translator,
        logger,
        clock,
        ...(deps.sleep ? { sleep: deps.sleep } : {}),
      })
    : undefined;
  const web = new WebChannel({
    conversation,
    translator,
    store,
    publicDir: path.join(deps.rootDir, 'src', 'channels', 'web', 'public'),
    publicUrl: config.publicUrl,
    defaultLocale: config.defaultLocale,
    reminderOffsetsMinutes: config.reminderOffsetsMinutes,
    widgetOrigins: config.widgetOrigins,
    newId: deps.newId,
    clock,
    ...(deps.chatLimits ? { limits: deps.chatLimits } : {}),
  });
  return {
    list: [telegram, messenger, web].filter((channel) => channel !== undefined),
    byName: { ...(telegram ? { telegram } : {}), ...(messenger ? { messenger } : {}), web },
    publishers: (graphUrl) => [...(telegram ? [telegram] : []), new PageFeedPublisher(graphUrl)],
  };
}
