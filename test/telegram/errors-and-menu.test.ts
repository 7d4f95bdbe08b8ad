import { classifyTelegramError } from '../../src/channels/telegram/errors';
import { TelegramChannel } from '../../src/channels/telegram/channel';
import { silentLogger } from '../../src/util/logger';

// How updates become neutral events is in test/channels/telegram.test.ts.
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
