/** Telegram updates → the engine's neutral events, or membership changes, or nothing. */
import { LINK_PREFIX } from '../../domain/linking';
import { looksLikeShareRef } from '../../domain/share';
import type { InboundEvent, PersonInput } from '../../engine/types';
import { checkUpdate, type CheckedUpdate } from './update-schema';

export type TelegramInbound =
  | {
      kind: 'conversation';
      chatId: string;
      event: InboundEvent;
      callbackQueryId?: string;
      /** For a tapped button: the message it is under (a carousel's page is edited there). */
      messageId?: number;
    }
  /** The person blocked (or unblocked) the bot. */
  | { kind: 'membership'; chatId: string; blocked: boolean }
  | { kind: 'ignored'; reason: string }
  /** Not an update the bot can read: acknowledged, logged and dropped. */
  | { kind: 'malformed'; reason: string };

/**
 * The commands in the bot's Telegram menu, each a name in the flows' `commands` (checked when the
 * channel is built). `/start` is handled apart: it carries the share-link payload.
 */
export const MENU_COMMANDS = ['menu', 'discover', 'signups', 'alerts', 'language', 'mydata', 'help', 'stop'] as const;

function startInput(payload: string | undefined): PersonInput {
  if (payload?.startsWith(LINK_PREFIX)) return { type: 'start', linkToken: payload.slice(LINK_PREFIX.length) };
  return payload && looksLikeShareRef(payload) ? { type: 'start', shareRef: payload } : { type: 'start' };
}

/** `/start abc`, `/menu@MyBot` → command and argument; undefined for ordinary text. */
function command(text: string): { name: string; argument?: string } | undefined {
  const match = /^\/([A-Za-z0-9_]{1,32})(?:@[A-Za-z0-9_]+)?(?:\s+(.+))?$/s.exec(text.trim());
  return match ? { name: match[1].toLowerCase(), ...(match[2] ? { argument: match[2].trim() } : {}) } : undefined;
}

/** A checked update (see `checkUpdate`) as what it means to the bot. */
export function parseUpdate(update: CheckedUpdate): TelegramInbound {
  const eventId = `u${update.update_id}`;

  if (update.my_chat_member) {
    const change = update.my_chat_member;
    if (change.chat.type !== 'private') return { kind: 'ignored', reason: 'membership outside a private chat' };
    return { kind: 'membership', chatId: String(change.chat.id), blocked: change.new_chat_member.status === 'kicked' };
  }

  if (update.callback_query) {
    const query = update.callback_query;
    const chatId = String(query.message?.chat.id ?? query.from.id);
    if (!query.data) return { kind: 'ignored', reason: 'callback without data' };
    return {
      kind: 'conversation',
      chatId,
      callbackQueryId: query.id,
      ...(query.message?.message_id !== undefined ? { messageId: query.message.message_id } : {}),
      event: {
        channel: 'telegram',
        externalId: chatId,
        eventId,
        ...(query.from.language_code ? { localeHint: query.from.language_code } : {}),
        input: { type: 'choice', payload: query.data },
      },
    };
  }

  if (update.message) {
    const message = update.message;
    if (message.chat.type !== 'private') return { kind: 'ignored', reason: 'the bot talks in private chats only' };
    const chatId = String(message.chat.id);
    const localeHint = message.from?.language_code;
    const sentAt = new Date(message.date * 1000).toISOString();
    const event = (input: PersonInput): TelegramInbound => ({
      kind: 'conversation',
      chatId,
      event: { channel: 'telegram', externalId: chatId, eventId, ...(localeHint ? { localeHint } : {}), sentAt, input },
    });
    if (message.text !== undefined) {
      const parsed = command(message.text);
      if (parsed?.name === 'start') return event(startInput(parsed.argument));
      if (parsed) return event({ type: 'command', name: parsed.name });
      return event({ type: 'text', text: message.text });
    }
    return event({ type: 'attachment', kind: message.attachment });
  }

  return { kind: 'ignored', reason: 'update type not handled' };
}

/** Anything that came in as an update: checked, then read. */
export function readUpdate(raw: unknown): TelegramInbound {
  const checked = checkUpdate(raw);
  return checked.ok ? parseUpdate(checked.update) : { kind: 'malformed', reason: checked.reason };
}
