/** Telegram through the channel kit: Bot API updates (core.telegram.org/bots/api#update) and calls. */
import type { Update } from 'telegraf/types';
import { signedRef } from '../support/sharing';
import { carouselRef, type Carousel } from '../../src/channels/telegram/pager';
import { describeWire } from './kit';
import { CHAT_ID, telegramEvent, telegramWire, textUpdate } from './telegram-wire';

const share = signedRef('maraude-hiver', 'abc');
const command = (length: number) => [{ type: 'bot_command', offset: 0, length }];
const lina = { id: 42, is_bot: false, first_name: 'Lina', language_code: 'en' };
const chat = { id: 42, first_name: 'Lina', type: 'private' };
const sent = { chat_id: CHAT_ID, parse_mode: 'HTML' };
const carousel: Carousel = {
  kind: 'cards',
  cards: [
    {
      title: 'Jardin <partagé>',
      subtitle: 'Samedi',
      imageUrl: 'https://bot.example/a.png',
      buttons: [{ label: 'Détails', payload: 'd/1' }],
    },
    { title: 'Sans image', subtitle: 'Lundi', buttons: [{ label: 'Détails', payload: 'd/2' }] },
  ],
  choices: [{ label: 'Menu', payload: 'm/m' }],
};
const textCall = (text: string, keyboard?: unknown) => ({
  method: 'sendMessage',
  body: {
    ...sent,
    text,
    link_preview_options: { is_disabled: true },
    ...(keyboard ? { reply_markup: { inline_keyboard: keyboard } } : {}),
  },
});
const membership = (status: string) =>
  ({
    update_id: 9,
    my_chat_member: {
      chat,
      from: lina,
      date: 1764000000,
      old_chat_member: { status: 'member', user: { id: 7, is_bot: true, first_name: 'Bot' } },
      new_chat_member: { status, user: { id: 7, is_bot: true, first_name: 'Bot' } },
    },
  }) as unknown as Update;
const withAttachment = (updateId: number, attachment: Record<string, unknown>) =>
  ({
    update_id: updateId,
    message: { message_id: 5, from: lina, chat, date: 1764000000, ...attachment },
  }) as unknown as Update;

describeWire(telegramWire, {
  inbound: [
    {
      name: '/start with a share payload as a start on that opportunity',
      request: textUpdate(7, `/start ${share}`, command(6)),
      expected: telegramEvent(7, { type: 'start', shareRef: share }),
    },
    {
      name: '/start with a payload that is no share reference as a plain start',
      request: textUpdate(7, '/start garbage!!', command(6)),
      expected: telegramEvent(7, { type: 'start' }),
    },
    {
      name: '/start with a one-time link token as a start joining this chat to the person',
      request: textUpdate(7, '/start link_abc123', command(6)),
      expected: telegramEvent(7, { type: 'start', linkToken: 'abc123' }),
    },
    {
      name: 'a menu command addressed to the bot as a command, by name',
      request: textUpdate(7, '/signups@TestBot', command(16)),
      expected: telegramEvent(7, { type: 'command', name: 'signups' }),
    },
    {
      name: 'a command in capitals as the same command',
      request: textUpdate(7, '/MyData', command(7)),
      expected: telegramEvent(7, { type: 'command', name: 'mydata' }),
    },
    {
      name: 'a command the flows may not have as a command all the same (the engine answers it)',
      request: textUpdate(7, '/unknown', command(8)),
      expected: telegramEvent(7, { type: 'command', name: 'unknown' }),
    },
    {
      name: 'text as typed',
      request: textUpdate(7, 'bénévolat Lyon'),
      expected: telegramEvent(7, { type: 'text', text: 'bénévolat Lyon' }),
    },
    {
      name: 'a photo as an attachment of that kind',
      request: withAttachment(7, {
        photo: [{ file_id: 'f1', file_unique_id: 'u1', width: 90, height: 90, file_size: 1000 }],
      }),
      expected: telegramEvent(7, { type: 'attachment', kind: 'photo' }),
    },
    {
      name: 'a voice message as an attachment of that kind',
      request: withAttachment(7, { voice: { file_id: 'f2', file_unique_id: 'u2', duration: 3 } }),
      expected: telegramEvent(7, { type: 'attachment', kind: 'voice' }),
    },
    {
      name: 'a shared location as an attachment of that kind',
      request: withAttachment(7, { location: { latitude: 44.84, longitude: -0.58 } }),
      expected: telegramEvent(7, { type: 'attachment', kind: 'location' }),
    },
    {
      name: 'a tapped button as a choice, with the query id to answer it',
      request: {
        update_id: 8,
        callback_query: {
          id: 'q1',
          from: lina,
          chat_instance: '-123',
          data: 'main.menu/discover',
          message: {
            message_id: 3,
            from: { id: 7, is_bot: true, first_name: 'Bot' },
            chat,
            date: 1764000000,
            text: 'Menu',
          },
        },
      } as unknown as Update,
      expected: {
        kind: 'conversation',
        chatId: CHAT_ID,
        callbackQueryId: 'q1',
        messageId: 3,
        event: {
          channel: 'telegram',
          externalId: CHAT_ID,
          eventId: 'u8',
          localeHint: 'en',
          input: { type: 'choice', payload: 'main.menu/discover' },
        },
      },
    },
    {
      name: 'a tap on a button without data as nothing to answer',
      request: {
        update_id: 8,
        callback_query: { id: 'q2', from: lina, chat_instance: '-123', game_short_name: 'x' },
      },
      expected: { kind: 'ignored', reason: 'callback without data' },
    },
    {
      name: 'the person blocking the bot',
      request: membership('kicked'),
      expected: { kind: 'membership', chatId: CHAT_ID, blocked: true },
    },
    {
      name: 'the person unblocking the bot',
      request: membership('member'),
      expected: { kind: 'membership', chatId: CHAT_ID, blocked: false },
    },
    {
      name: 'a group message as something to ignore',
      request: {
        update_id: 1,
        message: {
          message_id: 1,
          from: lina,
          date: 1764000000,
          chat: { id: -5, type: 'group', title: 'g' },
          text: 'hi',
        },
      } as unknown as Update,
      expected: { kind: 'ignored', reason: 'the bot talks in private chats only' },
    },
    {
      name: 'an edited message as something to ignore',
      request: {
        update_id: 2,
        edited_message: { message_id: 1, from: lina, date: 1764000000, edit_date: 1764000100, chat, text: 'x' },
      } as unknown as Update,
      expected: { kind: 'ignored', reason: 'update type not handled' },
    },
  ],
  outbound: [
    {
      name: "people's and coordinators' text escaped for HTML mode",
      messages: [{ kind: 'text', text: '<b>Tom & Jerry</b> a < b' }],
      requests: [textCall('&lt;b&gt;Tom &amp; Jerry&lt;/b&gt; a &lt; b')],
    },
    {
      name: 'a text over 4096 characters in parts cut between words, the keyboard under the last',
      messages: [
        {
          kind: 'text',
          text: `${'a'.repeat(4000)} ${'b'.repeat(200)}`,
          choices: [{ label: 'Menu', payload: 'main.menu/x' }],
        },
      ],
      requests: [
        textCall('a'.repeat(4000)),
        textCall('b'.repeat(200), [[{ text: 'Menu', callback_data: 'main.menu/x' }]]),
      ],
    },
    {
      name: 'choices as an inline keyboard, short ones paired, links as URL buttons',
      messages: [
        {
          kind: 'text',
          text: 'Choisis',
          choices: [
            { label: 'Oui', payload: 'a/yes' },
            { label: 'Non', payload: 'a/no' },
            { label: 'Une option au libellé bien long', payload: 'a/long' },
            { label: 'Agenda', url: 'https://bot.example/calendar/x.ics' },
          ],
        },
      ],
      requests: [
        textCall('Choisis', [
          [
            { text: 'Oui', callback_data: 'a/yes' },
            { text: 'Non', callback_data: 'a/no' },
          ],
          [{ text: 'Une option au libellé bien long', callback_data: 'a/long' }],
          [{ text: 'Agenda', url: 'https://bot.example/calendar/x.ics' }],
        ]),
      ],
    },
    {
      name: 'several cards as one message paging in place: the first under its picture, ◀ 1/2 ▶, buttons, choices',
      messages: [carousel],
      requests: [
        {
          method: 'sendMessage',
          body: {
            ...sent,
            text: '<b>Jardin &lt;partagé&gt;</b>\nSamedi',
            link_preview_options: { url: 'https://bot.example/a.png', prefer_large_media: true, show_above_text: true },
            reply_markup: {
              inline_keyboard: [
                [
                  { text: '◀', callback_data: `p:${carouselRef(carousel)}:1` },
                  { text: '1/2', callback_data: `p:${carouselRef(carousel)}:0` },
                  { text: '▶', callback_data: `p:${carouselRef(carousel)}:1` },
                ],
                [
                  { text: 'Détails', callback_data: 'd/1' },
                  { text: 'Menu', callback_data: 'm/m' },
                ],
              ],
            },
          },
        },
      ],
    },
    {
      name: 'a single card with a picture as a photo with its caption and buttons',
      messages: [{ kind: 'cards', cards: [carousel.cards[0]], choices: [{ label: 'Menu', payload: 'm/m' }] }],
      requests: [
        {
          method: 'sendPhoto',
          body: {
            ...sent,
            photo: 'https://bot.example/a.png',
            caption: '<b>Jardin &lt;partagé&gt;</b>\nSamedi',
            reply_markup: {
              inline_keyboard: [
                [
                  { text: 'Détails', callback_data: 'd/1' },
                  { text: 'Menu', callback_data: 'm/m' },
                ],
              ],
            },
          },
        },
      ],
    },
    {
      name: 'a caption over 1024 characters in a following message rather than cut',
      messages: [
        {
          kind: 'cards',
          cards: [
            {
              title: 'Titre',
              subtitle: 'x'.repeat(1500),
              imageUrl: 'https://bot.example/a.png',
              buttons: [{ label: 'Détails', payload: 'd/1' }],
            },
          ],
        },
      ],
      requests: [
        { method: 'sendPhoto', body: { ...sent, photo: 'https://bot.example/a.png', caption: '<b>Titre</b>' } },
        textCall(`<b>Titre</b>\n${'x'.repeat(1500)}`, [[{ text: 'Détails', callback_data: 'd/1' }]]),
      ],
    },
    {
      name: 'a video with its caption',
      messages: [{ kind: 'media', url: 'https://bot.example/v.mp4', mediaType: 'video', caption: 'Le chantier' }],
      requests: [
        { method: 'sendVideo', body: { ...sent, video: 'https://bot.example/v.mp4', caption: 'Le chantier' } },
      ],
    },
  ],
});
