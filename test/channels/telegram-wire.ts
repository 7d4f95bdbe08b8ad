/** The Telegram channel's wire: Bot API updates in, Bot API calls out (through the real sender). */
import type { Update } from 'telegraf/types';
import { readUpdate } from '../../src/channels/telegram/inbound';
import { renderForTelegram } from '../../src/channels/telegram/render';
import { TelegramSender } from '../../src/channels/telegram/sender';
import type { ChannelWire, PlatformRequest } from './kit';

export const CHAT_ID = '42';

export const telegramWire: ChannelWire<Update> = {
  channel: 'Telegram',
  inbound: (update) => readUpdate(update),
  async outbound(messages) {
    const requests: PlatformRequest[] = [];
    const sender = new TelegramSender({
      api: {
        call: async (method, params) => {
          requests.push({ method, body: params });
          return {};
        },
      },
      sleep: async () => undefined,
    });
    // Callback data that fits travels as it is (longer payloads: see the callback data tests).
    await sender.send(
      CHAT_ID,
      renderForTelegram(messages, (payload) => payload),
    );
    return requests;
  },
};

/** A private chat's text message, as the Bot API sends it. */
export const textUpdate = (updateId: number, text: string, entities?: unknown[]) =>
  ({
    update_id: updateId,
    message: {
      message_id: updateId + 1000,
      from: { id: 42, is_bot: false, first_name: 'Lina', language_code: 'en' },
      chat: { id: 42, first_name: 'Lina', type: 'private' },
      date: 1764000000,
      text,
      ...(entities ? { entities } : {}),
    },
  }) as unknown as Update;

/** The neutral event a private message becomes. */
export const telegramEvent = (updateId: number, input: unknown) => ({
  kind: 'conversation',
  chatId: CHAT_ID,
  event: {
    channel: 'telegram',
    externalId: CHAT_ID,
    eventId: `u${updateId}`,
    localeHint: 'en',
    sentAt: '2025-11-24T16:00:00.000Z',
    input,
  },
});
