/**
 * The Telegram channel: Telegraf receives updates (long polling, or the webhook route), this turns
 * them into engine events and sends the replies through the rate-limited sender. Telegraf stays in
 * this folder.
 */
import express, { type RequestHandler, type Router } from 'express';
import { Telegraf } from 'telegraf';
import type { DeliveryRequest, DeliveryResult } from '../../domain/delivery';
import { LINK_PREFIX } from '../../domain/linking';
import type { Organisation } from '../../domain/model';
import type { Store } from '../../domain/ports';
import { setReachable } from '../../domain/reachability';
import type { Conversation } from '../../engine/conversation';
import type { Logger } from '../../util/logger';
import { safeEqual } from '../../util/safe-equal';
import type { Translator } from '../../engine/i18n';
import type { Post, Publisher } from '../../domain/publishing';
import type { Channel } from '../channel';
import { checkMenuCommands } from '../commands';
import { PayloadRefs, prepareCallbackData, resolveCallbackData } from './callback-data';
import { KeyedLock } from '../../util/keyed-lock';
import { ReplyJournal } from '../reply-journal';
import { MENU_COMMANDS, readUpdate } from './inbound';
import { setUpCommands } from './setup';
import { readJson } from '../../util/bounded-json';
import { MAX_CAPTION, MAX_START_PARAMETER } from './limits';
import { carouselKey, carouselPage, readPageData, type Carousel } from './pager';
import { renderForTelegram, type TelegramCall } from './render';
import { escapeHtml } from './text';
import { TelegramSender } from './sender';

export interface TelegramChannelOptions {
  token: string;
  apiRoot: string;
  mode: 'polling' | 'webhook';
  webhookSecret?: string;
  /** With webhook mode, `setWebhook` is called at start with `<publicUrl>/webhooks/telegram`. */
  publicUrl?: string;
  globalPerSecond: number;
  conversation: Pick<Conversation, 'handle'>;
  /** The flows' command names: the menu may offer only these. */
  commands: ReadonlySet<string>;
  store: Pick<Store, 'contacts' | 'channelState'>;
  translator: Translator;
  logger: Logger;
  clock?: () => Date;
}

export const TELEGRAM_WEBHOOK_PATH = '/webhooks/telegram';

export class TelegramChannel implements Channel, Publisher {
  readonly name = 'telegram';
  readonly reachesLater = true;
  readonly bot: Telegraf;
  readonly sender: TelegramSender;
  private username = '';
  /** Replies still being sent, so a stop can wait for them. */
  private readonly inFlight = new Set<Promise<void>>();
  private readonly chats = new KeyedLock();
  private readonly journal: ReplyJournal;

  private readonly payloadRefs: PayloadRefs;

  constructor(private readonly options: TelegramChannelOptions) {
    checkMenuCommands('telegram', MENU_COMMANDS, options.commands);
    this.payloadRefs = new PayloadRefs(options.store.channelState);
    this.journal = new ReplyJournal(options.store.channelState, 'telegram', () => this.now());
    this.bot = new Telegraf(options.token, { telegram: { apiRoot: options.apiRoot, webhookReply: false } });
    this.sender = new TelegramSender({
      api: { call: (method, params) => this.bot.telegram.callApi(method as 'sendMessage', params as never) },
      globalPerSecond: options.globalPerSecond,
      onRecipientGone: (chatId, reason) => this.markUnreachable(chatId, reason),
      onFailure: (chatId, error) =>
        options.logger.warn('telegram send failed', { chatId, kind: error.kind, error: error.message }),
    });
    this.bot.use((context) => this.handleUpdate(context.update));
    this.bot.catch((error) => options.logger.error('telegram update failed', { error: String(error) }));
  }

  /** The webhook route in webhook mode; nothing in polling mode. */
  routes(): Router {
    const router = express.Router();
    if (this.options.mode === 'webhook')
      router.post(
        TELEGRAM_WEBHOOK_PATH,
        this.secretCheck(),
        express.raw({ type: () => true, limit: '1mb' }),
        this.webhookHandler(),
      );
    return router;
  }

  continueLink(token: string): string {
    return this.shareLink(`${LINK_PREFIX}${token}`);
  }

  /**
   * Posts on the association's Telegram channel, where the bot is an administrator: the picture with
   * the text as its caption when it fits (else the picture, then the text); the text alone when
   * Telegram cannot fetch the picture.
   */
  async publish(organisation: Organisation, post: Post): Promise<boolean> {
    const chatId = organisation.publishTo?.telegramChannel;
    if (!chatId) return false;
    const asText: TelegramCall = { method: 'sendMessage', text: escapeHtml(post.text) };
    const calls: TelegramCall[] = !post.imageUrl
      ? [asText]
      : post.text.length <= MAX_CAPTION
        ? [{ method: 'sendPhoto', photo: post.imageUrl, caption: escapeHtml(post.text), fallback: [asText] }]
        : [{ method: 'sendPhoto', photo: post.imageUrl, caption: '', fallback: [] }, asText];
    const report = await this.sender.send(chatId, calls, { priority: 'bulk' });
    if (report.failed || report.gone)
      throw new Error(`telegram channel ${chatId}: ${report.gone ?? report.failed?.message ?? 'failed'}`);
    return true;
  }

  /** `t.me/<bot>?start=<ref>`: opens the bot on the shared opportunity. */
  shareLink(ref: string): string {
    return `https://t.me/${this.username}?start=${ref.slice(0, MAX_START_PARAMETER)}`;
  }

  async start(): Promise<void> {
    const me = await this.bot.telegram.getMe();
    this.username = me.username;
    this.bot.botInfo = me;
    await setUpCommands(this.bot, this.options.translator, this.options.logger);
    if (this.options.mode === 'webhook') {
      if (this.options.publicUrl) {
        await this.bot.telegram.setWebhook(`${this.options.publicUrl}${TELEGRAM_WEBHOOK_PATH}`, {
          ...(this.options.webhookSecret ? { secret_token: this.options.webhookSecret } : {}),
          allowed_updates: ['message', 'callback_query', 'my_chat_member'],
        });
      }
    } else {
      // launch() resolves only when polling stops: it runs in the background.
      void this.bot
        .launch({ allowedUpdates: ['message', 'callback_query', 'my_chat_member'] })
        .catch((error: unknown) => this.options.logger.error('telegram polling stopped', { error: String(error) }));
    }
    this.options.logger.info('telegram ready', { bot: this.username, mode: this.options.mode });
  }

  async stop(): Promise<void> {
    if (this.options.mode === 'polling') {
      try {
        this.bot.stop('shutdown');
      } catch {
        // Not polling (start failed or never called): nothing to stop.
      }
    }
    await Promise.allSettled([...this.inFlight]);
  }

  /** Requests without the secret token are refused before their body is read. */
  private secretCheck(): RequestHandler {
    return (request, response, next) => {
      const secret = this.options.webhookSecret;
      const given = request.get('X-Telegram-Bot-Api-Secret-Token') ?? '';
      if (secret && !safeEqual(given, secret)) {
        response.status(403).json({ error: 'wrong or missing X-Telegram-Bot-Api-Secret-Token' });
        return;
      }
      next();
    };
  }

  /**
   * The webhook route. What Telegram sent but the bot cannot read (not JSON, too deep, not an update)
   * is acknowledged and dropped: a 4xx or 5xx would only make Telegram send it again.
   */
  webhookHandler(): RequestHandler {
    return async (request, response) => {
      const body = Buffer.isBuffer(request.body) ? request.body.toString('utf8') : '';
      const read = readJson(body);
      if (!read.ok) {
        this.options.logger.warn('telegram update dropped', { reason: read.error });
        response.sendStatus(200);
        return;
      }
      try {
        await this.handleUpdate(read.value);
        response.sendStatus(200);
      } catch (error) {
        // A 5xx makes Telegram redeliver later; the update id keeps it from being handled twice.
        this.options.logger.error('telegram webhook update failed', { error: String(error) });
        response.status(500).json({ error: 'update not processed; it will be redelivered' });
      }
    };
  }

  async handleUpdate(update: unknown): Promise<void> {
    const parsed = readUpdate(update);
    if (parsed.kind === 'ignored') return;
    if (parsed.kind === 'malformed') {
      this.options.logger.warn('telegram update dropped', { reason: parsed.reason });
      return;
    }
    if (parsed.kind === 'membership') return this.membershipChanged(parsed.chatId, parsed.blocked);

    if (parsed.callbackQueryId) {
      // Answered at once so the button stops spinning, whatever happens next.
      void this.bot.telegram.answerCbQuery(parsed.callbackQueryId).catch(() => undefined);
    }
    const event = parsed.event;
    if (event.input.type === 'choice' && parsed.messageId !== undefined) {
      const page = readPageData(event.input.payload);
      if (page && (await this.turnPage(parsed.chatId, parsed.messageId, page))) return;
    }
    if (event.input.type === 'choice') {
      event.input = {
        type: 'choice',
        payload: await resolveCallbackData(event.input.payload, this.payloadRefs),
      };
    }
    // One chat's updates one after the other, replies included. The update is acknowledged (webhook
    // 200, or the next polling offset) only once its reply went out: if the process dies first,
    // Telegram sends it again and the journal resumes the reply where it stopped.
    const replying = this.chats.run(parsed.chatId, async () => {
      const result = await this.options.conversation.handle(event);
      if (result.messages.length === 0) return;
      await this.journal.send(event.eventId, parsed.chatId, result, async (message) => {
        const data = await prepareCallbackData([message], this.payloadRefs, this.now());
        const report = await this.sender.send(parsed.chatId, renderForTelegram([message], data));
        return !report.gone && !report.failed;
      });
    });
    this.inFlight.add(replying);
    try {
      await replying;
    } finally {
      this.inFlight.delete(replying);
    }
  }

  /**
   * ◀ or ▶ under a carousel: the message shows another card, nothing else happens (the conversation
   * is not involved). False when the carousel is no longer kept: the engine then answers the tap as
   * an old button.
   */
  private async turnPage(chatId: string, messageId: number, page: { ref: string; index: number }): Promise<boolean> {
    const kept = await this.payloadRefs.get(carouselKey(page.ref));
    if (kept === undefined) return false;
    const carousel = JSON.parse(kept) as Carousel;
    await this.chats.run(chatId, async () => {
      const data = await prepareCallbackData([carousel], this.payloadRefs, this.now());
      const shown = carouselPage(carousel, page.index, data);
      if (shown.method !== 'sendMessage') return;
      await this.sender.send(chatId, [{ ...shown, method: 'editMessageText', messageId }]);
    });
    return true;
  }

  /**
   * The outbox's way out: one message at a time, so a retry resumes after what already arrived.
   * Bulk entries wait for the slots replies leave; retries are the outbox's to schedule.
   */
  async deliver(request: DeliveryRequest): Promise<DeliveryResult> {
    let parts = 0;
    for (const message of request.messages) {
      const data = await prepareCallbackData([message], this.payloadRefs, this.now());
      const report = await this.sender.send(request.externalId, renderForTelegram([message], data), {
        priority: request.priority === 'bulk' ? 'bulk' : 'reply',
        attempts: 1,
      });
      if (report.gone) return { status: 'gone', parts, error: report.gone };
      if (report.failed) {
        const error = report.failed;
        if (!error.retryable) return { status: 'failed', parts, error: error.message };
        return {
          status: 'retry',
          parts,
          error: error.message,
          ...(error.retryAfterSeconds ? { retryAfterMs: error.retryAfterSeconds * 1000 } : {}),
        };
      }
      parts++;
    }
    return { status: 'sent', parts };
  }

  /** A post on a Telegram channel the bot administers (`@name` or its numeric id), through the same rate limits. */
  private async membershipChanged(chatId: string, blocked: boolean): Promise<void> {
    await setReachable(this.options.store.contacts, { channel: 'telegram', externalId: chatId }, !blocked, this.now());
  }

  private async markUnreachable(chatId: string, reason: string): Promise<void> {
    this.options.logger.info('telegram chat unreachable', { chatId, reason });
    await setReachable(this.options.store.contacts, { channel: 'telegram', externalId: chatId }, false, this.now());
  }

  private now(): Date {
    return this.options.clock?.() ?? new Date();
  }
}
