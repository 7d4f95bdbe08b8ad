/**
 * Every message to Telegram goes through here. A reply (at most three messages) goes out at once, at
 * the person's pace; what the bot sends on its own gets a burst of three per chat, then one a second;
 * the bot keeps to a global rate (default 25 per second) shared by both, replies first. A 429 waits for its
 * `retry_after` and is retried, temporary failures are retried with backoff, a picture or video
 * Telegram cannot fetch is replaced by its text (and its link), and a person who blocked the bot
 * (or a chat that is gone) is reported once and not written to again.
 */
import { KeyedLock } from '../../util/keyed-lock';
import { RateGate } from '../rate-gate';
import { classifyTelegramError, TelegramSendError } from './errors';
import type { Keyboard, TelegramCall } from './render';

export interface TelegramApi {
  call(method: string, params: Record<string, unknown>): Promise<unknown>;
}

export interface SenderOptions {
  api: TelegramApi;
  /** Milliseconds since the epoch; tests pass a fake clock with a matching `sleep`. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  globalPerSecond?: number;
  /** A chat gets this many messages at once (a reply), then one per `perChatIntervalMs`. */
  perChatBurst?: number;
  perChatIntervalMs?: number;
  maxAttempts?: number;
  onRecipientGone?: (chatId: string, reason: string) => Promise<void> | void;
  onFailure?: (chatId: string, error: TelegramSendError) => void;
}

export interface SendOptions {
  /** `bulk` (alerts, broadcasts) only uses the slots replies leave. */
  priority?: 'reply' | 'bulk';
  /** Attempts per message; the outbox passes 1 and schedules its own retries. */
  attempts?: number;
}

/**
 * Telegram asks bots to avoid more than one message per second in a chat and tolerates short bursts
 * (core.telegram.org/bots/faq): alerts and broadcasts get three at once, then one a second.
 */
const DEFAULT_CHAT_BURST = 3;

/** Rate-limit answers from this many chats within a second mean the bot's global limit, not one chat's. */
const GLOBAL_FLOOD_CHATS = 3;

export interface SendReport {
  sent: number;
  /** Set when the chat cannot be written to any more (blocked, deleted): the rest was not sent. */
  gone?: string;
  failed?: TelegramSendError;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class TelegramSender {
  private readonly api: TelegramApi;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly globalIntervalMs: number;
  private readonly perChatIntervalMs: number;
  private readonly perChatBurst: number;
  private readonly maxAttempts: number;
  private readonly chats = new KeyedLock();
  /** Until when a chat must wait: Telegram's retry_after, or the backoff after a failure. */
  private readonly chatNextAt = new Map<string, number>();
  /** Each chat's token bucket: messages it may still get at once, and when that was counted. */
  private readonly chatBudget = new Map<string, { tokens: number; at: number }>();
  private readonly gate: RateGate;
  private recentRateLimits: Array<{ chatId: string; at: number }> = [];

  constructor(private readonly options: SenderOptions) {
    this.api = options.api;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
    this.globalIntervalMs = 1000 / (options.globalPerSecond ?? 25);
    this.gate = new RateGate(this.globalIntervalMs, this.now, this.sleep);
    this.perChatIntervalMs = options.perChatIntervalMs ?? 1000;
    this.perChatBurst = options.perChatBurst ?? DEFAULT_CHAT_BURST;
    this.maxAttempts = options.maxAttempts ?? 5;
  }

  /** Sends the calls in order; one chat's messages never interleave with another batch for it. */
  send(chatId: string, calls: TelegramCall[], options: SendOptions = {}): Promise<SendReport> {
    return this.chats.run(chatId, () => this.sendInOrder(chatId, calls, options));
  }

  private async sendInOrder(chatId: string, calls: TelegramCall[], options: SendOptions): Promise<SendReport> {
    let sent = 0;
    for (const call of calls) {
      try {
        await this.sendOne(chatId, call, options);
        sent++;
      } catch (caught) {
        const error = classifyTelegramError(caught);
        if (error.kind === 'recipient_gone') {
          await this.options.onRecipientGone?.(chatId, error.message);
          return { sent, gone: error.message };
        }
        this.options.onFailure?.(chatId, error);
        return { sent, failed: error };
      }
    }
    return { sent };
  }

  private async sendOne(chatId: string, call: TelegramCall, options: SendOptions): Promise<void> {
    if (call.method === 'sendMessage') return this.withRetries(chatId, call.method, paramsOf(chatId, call), options);
    if (call.method === 'editMessageText') {
      try {
        return await this.withRetries(chatId, call.method, paramsOf(chatId, call), options);
      } catch (caught) {
        // Tapping the page already shown: nothing to change, nothing wrong.
        if (/message is not modified/i.test(classifyTelegramError(caught).message)) return;
        throw caught;
      }
    }
    try {
      await this.withRetries(chatId, call.method, paramsOf(chatId, call), options);
    } catch (caught) {
      // A picture or video Telegram cannot fetch or read: say the same thing without it.
      if (classifyTelegramError(caught).kind !== 'bad_request') throw caught;
      for (const fallback of call.fallback) await this.sendOne(chatId, fallback, options);
    }
  }

  private async withRetries(
    chatId: string,
    method: string,
    params: Record<string, unknown>,
    options: SendOptions,
  ): Promise<void> {
    const maxAttempts = options.attempts ?? this.maxAttempts;
    for (let attempt = 1; ; attempt++) {
      await this.waitForTurn(chatId, options.priority ?? 'reply');
      try {
        await this.api.call(method, params);
        return;
      } catch (caught) {
        const error = classifyTelegramError(caught);
        if (error.kind === 'rate_limited') this.rateLimited(chatId, (error.retryAfterSeconds ?? 1) * 1000);
        if (!error.retryable || attempt >= maxAttempts) throw error;
        if (error.kind === 'temporary')
          this.chatNextAt.set(
            chatId,
            Math.max(this.chatNextAt.get(chatId) ?? 0, this.now() + 500 * 2 ** (attempt - 1)),
          );
      }
    }
  }

  /**
   * Telegram's 429 says how long to wait, not whether the chat or the whole bot went too fast. The
   * chat always waits; the whole bot waits too when several chats were refused within a second.
   */
  private rateLimited(chatId: string, waitMs: number): void {
    const now = this.now();
    this.chatNextAt.set(chatId, Math.max(this.chatNextAt.get(chatId) ?? 0, now + waitMs));
    this.recentRateLimits = [
      ...this.recentRateLimits.filter((hit) => hit.at > now - 1000 && hit.chatId !== chatId),
      { chatId, at: now },
    ];
    if (this.recentRateLimits.length >= GLOBAL_FLOOD_CHATS) this.gate.pauseUntil(now + waitMs);
  }

  /** Waits for this chat's next slot, then takes one of the bot's (replies before bulk sends). */
  private async waitForTurn(chatId: string, priority: 'reply' | 'bulk'): Promise<void> {
    const now = this.now();
    if (this.chatNextAt.size + this.chatBudget.size > 10_000) this.forgetIdleChats(now);
    const blockedUntil = this.chatNextAt.get(chatId) ?? 0;
    if (blockedUntil > now) await this.sleep(blockedUntil - now);
    // A reply goes at the person's own pace (Telegram answers a real excess with 429, honoured
    // above); what the bot sends on its own keeps to a burst, then one a second, in each chat.
    if (priority === 'bulk') {
      const wait = this.chatWait(chatId);
      if (wait > 0) await this.sleep(wait);
    }
    await (priority === 'bulk' ? this.gate.bulk() : this.gate.reply());
    // Counted from when the message really goes: the bot's queue may have held it a while.
    this.spendChatToken(chatId);
  }

  /** The chat's messages left in its burst, now. */
  private chatTokens(chatId: string): number {
    const budget = this.chatBudget.get(chatId);
    if (!budget) return this.perChatBurst;
    return Math.min(this.perChatBurst, budget.tokens + (this.now() - budget.at) / this.perChatIntervalMs);
  }

  /** How long until the chat may get another message the bot sends on its own. */
  private chatWait(chatId: string): number {
    if (this.perChatIntervalMs <= 0) return 0;
    const tokens = this.chatTokens(chatId);
    return tokens >= 1 ? 0 : (1 - tokens) * this.perChatIntervalMs;
  }

  /** Replies may overdraw the budget; a bulk message after a busy conversation waits a burst's time at most. */
  private spendChatToken(chatId: string): void {
    if (this.perChatIntervalMs <= 0) return;
    const tokens = Math.max(this.chatTokens(chatId) - 1, -this.perChatBurst);
    this.chatBudget.set(chatId, { tokens, at: this.now() });
  }

  private forgetIdleChats(now: number): void {
    for (const [chatId, at] of this.chatNextAt) if (at < now) this.chatNextAt.delete(chatId);
    const full = this.perChatBurst * this.perChatIntervalMs;
    for (const [chatId, budget] of this.chatBudget) if (now - budget.at > full) this.chatBudget.delete(chatId);
  }
}

function paramsOf(chatId: string, call: TelegramCall): Record<string, unknown> {
  const markup = (keyboard: Keyboard | undefined) => (keyboard ? { reply_markup: { inline_keyboard: keyboard } } : {});
  switch (call.method) {
    case 'sendMessage':
    case 'editMessageText':
      return {
        chat_id: chatId,
        ...(call.method === 'editMessageText' ? { message_id: call.messageId } : {}),
        text: call.text,
        parse_mode: 'HTML',
        link_preview_options: call.linkPreview ?? { is_disabled: true },
        ...markup(call.keyboard),
      };
    case 'sendPhoto':
      return {
        chat_id: chatId,
        photo: call.photo,
        caption: call.caption,
        parse_mode: 'HTML',
        ...markup(call.keyboard),
      };
    case 'sendDocument':
      // An InputFile: Telegraf uploads it as multipart form data.
      return {
        chat_id: chatId,
        document: { source: Buffer.from(call.content, 'utf8'), filename: call.filename },
        ...(call.caption ? { caption: call.caption, parse_mode: 'HTML' } : {}),
      };
    case 'sendVideo':
      return {
        chat_id: chatId,
        video: call.video,
        ...(call.caption ? { caption: call.caption, parse_mode: 'HTML' } : {}),
        ...markup(call.keyboard),
      };
  }
}
