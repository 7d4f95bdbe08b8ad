/**
 * Every message to Telegram goes through here: at most one message per second per chat and a global
 * rate (default 25 per second), a 429 waits for its `retry_after` and is retried, temporary failures
 * are retried with backoff, a picture Telegram cannot fetch is replaced by its text, and a person who
 * blocked the bot (or a chat that is gone) is reported once and not written to again.
 */
import { KeyedLock } from '../../engine/keyed-lock';
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
  perChatIntervalMs?: number;
  maxAttempts?: number;
  onRecipientGone?: (chatId: string, reason: string) => Promise<void> | void;
  onFailure?: (chatId: string, error: TelegramSendError) => void;
}

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
  private readonly maxAttempts: number;
  private readonly chats = new KeyedLock();
  private readonly chatNextAt = new Map<string, number>();
  private globalNextAt = 0;

  constructor(private readonly options: SenderOptions) {
    this.api = options.api;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
    this.globalIntervalMs = 1000 / (options.globalPerSecond ?? 25);
    this.perChatIntervalMs = options.perChatIntervalMs ?? 1000;
    this.maxAttempts = options.maxAttempts ?? 5;
  }

  /** Sends the calls in order; one chat's messages never interleave with another batch for it. */
  send(chatId: string, calls: TelegramCall[]): Promise<SendReport> {
    return this.chats.run(chatId, () => this.sendInOrder(chatId, calls));
  }

  private async sendInOrder(chatId: string, calls: TelegramCall[]): Promise<SendReport> {
    let sent = 0;
    for (const call of calls) {
      try {
        await this.sendOne(chatId, call);
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

  private async sendOne(chatId: string, call: TelegramCall): Promise<void> {
    if (call.method !== 'sendPhoto') return this.withRetries(chatId, call.method, paramsOf(chatId, call));
    try {
      await this.withRetries(chatId, 'sendPhoto', paramsOf(chatId, call));
    } catch (caught) {
      // A picture Telegram cannot fetch or read: say the same thing without it.
      if (classifyTelegramError(caught).kind !== 'bad_request') throw caught;
      for (const fallback of call.fallback) await this.sendOne(chatId, fallback);
    }
  }

  private async withRetries(chatId: string, method: string, params: Record<string, unknown>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      await this.waitForTurn(chatId);
      try {
        await this.api.call(method, params);
        return;
      } catch (caught) {
        const error = classifyTelegramError(caught);
        if (!error.retryable || attempt >= this.maxAttempts) throw error;
        const waitMs = error.kind === 'rate_limited' ? (error.retryAfterSeconds ?? 1) * 1000 : 500 * 2 ** (attempt - 1);
        this.chatNextAt.set(chatId, Math.max(this.chatNextAt.get(chatId) ?? 0, this.now() + waitMs));
        if (error.kind === 'rate_limited') this.globalNextAt = Math.max(this.globalNextAt, this.now() + waitMs);
      }
    }
  }

  /** Reserves this chat's and the bot's next slots, and waits for the later of the two. */
  private async waitForTurn(chatId: string): Promise<void> {
    const now = this.now();
    const at = Math.max(now, this.chatNextAt.get(chatId) ?? 0, this.globalNextAt);
    this.globalNextAt = at + this.globalIntervalMs;
    this.chatNextAt.set(chatId, at + this.perChatIntervalMs);
    if (this.chatNextAt.size > 10_000) this.forgetIdleChats(now);
    if (at > now) await this.sleep(at - now);
  }

  private forgetIdleChats(now: number): void {
    for (const [chatId, at] of this.chatNextAt) if (at < now) this.chatNextAt.delete(chatId);
  }
}

function paramsOf(chatId: string, call: TelegramCall): Record<string, unknown> {
  const markup = (keyboard: Keyboard | undefined) => (keyboard ? { reply_markup: { inline_keyboard: keyboard } } : {});
  switch (call.method) {
    case 'sendMessage':
      return { chat_id: chatId, text: call.text, parse_mode: 'HTML', link_preview_options: { is_disabled: true }, ...markup(call.keyboard) };
    case 'sendPhoto':
      return { chat_id: chatId, photo: call.photo, caption: call.caption, parse_mode: 'HTML', ...markup(call.keyboard) };
    case 'sendVideo':
      return { chat_id: chatId, video: call.video, ...(call.caption ? { caption: call.caption, parse_mode: 'HTML' } : {}) };
  }
}
