import type { Update } from 'telegraf/types';
import { classifyTelegramError } from '../../src/channels/telegram/errors';
import { TelegramChannel } from '../../src/channels/telegram/channel';
import { parseUpdate } from '../../src/channels/telegram/inbound';
import { silentLogger } from '../../src/util/logger';
import { encodeShareRef } from '../../src/domain/share';

const from = { id: 42, is_bot: false, first_name: 'Lina', language_code: 'en' };
const chat = { id: 42, type: 'private' as const, first_name: 'Lina' };
const message = (extra: Record<string, unknown>) =>
  ({ update_id: 7, message: { message_id: 1, date: 0, chat, from, ...extra } }) as unknown as Update;

describe('Telegram updates', () => {
  it('turns /start with a share payload into a start on that opportunity', () => {
    const ref = encodeShareRef({ opportunityId: 'maraude-hiver', sharedBy: 'abc' });
    expect(parseUpdate(message({ text: `/start ${ref}` }))).toEqual({
      kind: 'conversation',
      chatId: '42',
      event: {
        channel: 'telegram',
        externalId: '42',
        eventId: 'u7',
        localeHint: 'en',
        sentAt: '1970-01-01T00:00:00.000Z',
        input: { type: 'start', opportunityId: 'maraude-hiver', sharedBy: 'abc' },
      },
    });
    expect(parseUpdate(message({ text: '/start garbage!!' }))).toMatchObject({ event: { input: { type: 'start' } } });
  });

  it('makes commands typed inputs by name (whatever the words in the locales), and keeps other text as typed', () => {
    expect(parseUpdate(message({ text: '/signups@TestBot' }))).toMatchObject({
      event: { input: { type: 'command', name: 'signups' } },
    });
    expect(parseUpdate(message({ text: '/MyData' }))).toMatchObject({
      event: { input: { type: 'command', name: 'mydata' } },
    });
    expect(parseUpdate(message({ text: 'bénévolat Lyon' }))).toMatchObject({
      event: { input: { type: 'text', text: 'bénévolat Lyon' } },
    });
    expect(parseUpdate(message({ text: '/unknown' }))).toMatchObject({
      event: { input: { type: 'command', name: 'unknown' } },
    });
  });

  it('reports attachments by kind', () => {
    expect(parseUpdate(message({ photo: [] }))).toMatchObject({
      event: { input: { type: 'attachment', kind: 'photo' } },
    });
    expect(parseUpdate(message({ voice: {} }))).toMatchObject({
      event: { input: { type: 'attachment', kind: 'voice' } },
    });
  });

  it('turns a tapped button into a choice and keeps the query id to answer it', () => {
    const update = {
      update_id: 8,
      callback_query: {
        id: 'q1',
        from,
        chat_instance: 'x',
        data: 'main.menu/discover',
        message: { message_id: 3, date: 0, chat },
      },
    } as unknown as Update;
    expect(parseUpdate(update)).toEqual({
      kind: 'conversation',
      chatId: '42',
      callbackQueryId: 'q1',
      event: {
        channel: 'telegram',
        externalId: '42',
        eventId: 'u8',
        localeHint: 'en',
        input: { type: 'choice', payload: 'main.menu/discover' },
      },
    });
  });

  it('sees a person block and unblock the bot', () => {
    const change = (status: string) =>
      ({
        update_id: 9,
        my_chat_member: {
          chat,
          from,
          date: 0,
          old_chat_member: { status: 'member', user: from },
          new_chat_member: { status, user: from },
        },
      }) as unknown as Update;
    expect(parseUpdate(change('kicked'))).toEqual({ kind: 'membership', chatId: '42', blocked: true });
    expect(parseUpdate(change('member'))).toEqual({ kind: 'membership', chatId: '42', blocked: false });
  });

  it('politely ignores groups, edits and other updates', () => {
    expect(
      parseUpdate({
        update_id: 1,
        message: { message_id: 1, date: 0, chat: { id: -5, type: 'group', title: 'g' }, text: 'hi' },
      } as unknown as Update).kind,
    ).toBe('ignored');
    expect(
      parseUpdate({ update_id: 2, edited_message: { message_id: 1, date: 0, chat, text: 'x' } } as unknown as Update)
        .kind,
    ).toBe('ignored');
  });
});

describe('Telegram errors', () => {
  const apiError = (error_code: number, description: string, parameters?: object) => ({
    response: { ok: false, error_code, description, parameters },
  });

  it.each([
    [apiError(429, 'Too Many Requests: retry after 7', { retry_after: 7 }), 'rate_limited', true],
    [apiError(403, 'Forbidden: bot was blocked by the user'), 'recipient_gone', false],
    [apiError(403, 'Forbidden: user is deactivated'), 'recipient_gone', false],
    [apiError(400, 'Bad Request: chat not found'), 'recipient_gone', false],
    [apiError(400, 'Bad Request: wrong file identifier/HTTP URL specified'), 'bad_request', false],
    [apiError(401, 'Unauthorized'), 'unauthorized', false],
    [apiError(502, 'Bad Gateway'), 'temporary', true],
    [Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'temporary', true],
  ])('classifies %j', (error, kind, retryable) => {
    const classified = classifyTelegramError(error);
    expect(classified.kind).toBe(kind);
    expect(classified.retryable).toBe(retryable);
  });

  it('keeps the wait Telegram asks for', () => {
    expect(classifyTelegramError(apiError(429, 'Too Many Requests', { retry_after: 7 })).retryAfterSeconds).toBe(7);
  });
});

describe('Telegram menu', () => {
  it('refuses to start with a menu command the flows do not have', () => {
    const options = {
      token: '1:T',
      apiRoot: 'http://127.0.0.1:9',
      mode: 'polling' as const,
      globalPerSecond: 30,
      conversation: { handle: () => Promise.reject(new Error('not used')) },
      commands: new Set(['menu', 'discover', 'alerts', 'language', 'mydata', 'help', 'stop']),
      store: {} as never,
      translator: {} as never,
      logger: silentLogger,
    };
    expect(() => new TelegramChannel(options)).toThrow(
      'The telegram menu offers "signups", which the flows\' commands (flows/bot.yaml) do not have.',
    );
    expect(
      () => new TelegramChannel({ ...options, commands: new Set([...options.commands, 'signups']) }),
    ).not.toThrow();
  });
});
