import fixtures from './fixtures/events.json';
import { classifyMessengerError } from '../../src/channels/messenger/errors';
import { decideMessaging, OUTSIDE_WINDOW } from '../../src/channels/messenger/policy';
import { isSignatureValid, signBody } from '../../src/channels/messenger/signature';
import { MessengerChannel } from '../../src/channels/messenger/channel';
import { messengerProfile } from '../../src/channels/messenger/profile';
import { silentLogger } from '../../src/util/logger';
import { loadTranslator } from '../../src/engine/i18n';
import { ROOT } from '../support/bot';
import path from 'node:path';

describe('Messenger signatures', () => {
  const body = Buffer.from(JSON.stringify(fixtures.text));
  it('accepts the app secret’s HMAC-SHA256 of the raw body and nothing else', () => {
    expect(isSignatureValid(body, signBody(body, 'secret'), 'secret')).toBe(true);
    expect(isSignatureValid(body, signBody(body, 'other'), 'secret')).toBe(false);
    expect(isSignatureValid(Buffer.from(body.toString() + ' '), signBody(body, 'secret'), 'secret')).toBe(false);
    expect(isSignatureValid(body, undefined, 'secret')).toBe(false);
    expect(isSignatureValid(body, 'sha1=abc', 'secret')).toBe(false);
  });
});

// How webhook events become neutral events, and messages Send API requests: test/channels/messenger.test.ts.

describe('Messenger policy and errors', () => {
  const now = new Date('2026-11-24T12:00:00Z');
  it('answers inside the 24-hour window and skips outside it', () => {
    expect(decideMessaging('reply', '2026-11-24T11:59:00Z', now)).toEqual({ send: true, messagingType: 'RESPONSE' });
    expect(decideMessaging('update', '2026-11-23T12:30:00Z', now)).toEqual({ send: true, messagingType: 'UPDATE' });
    expect(decideMessaging('update', '2026-11-23T11:59:00Z', now)).toEqual({ send: false, reason: OUTSIDE_WINDOW });
    expect(decideMessaging('update', undefined, now)).toEqual({ send: false, reason: OUTSIDE_WINDOW });
  });

  it.each([
    [400, 10, 2018278, 'outside_window', false],
    [400, 551, undefined, 'person_unavailable', false],
    [400, 10, 1545041, 'person_unavailable', false],
    [400, 613, undefined, 'rate_limited', true],
    [400, 4, undefined, 'rate_limited', true],
    [500, 1200, undefined, 'temporary', true],
    [500, 2, undefined, 'temporary', true],
    [401, 190, undefined, 'invalid_token', false],
    [400, 100, undefined, 'invalid_parameter', false],
  ])('classifies HTTP %i code %i subcode %s as %s', (status, code, subcode, kind, retryable) => {
    const error = classifyMessengerError(status, {
      error: { message: 'x', code, ...(subcode ? { error_subcode: subcode } : {}) },
    });
    expect(error.kind).toBe(kind);
    expect(error.retryable).toBe(retryable);
  });
});

describe('Messenger profile', () => {
  it('sets Get Started, a greeting and a menu in French (default) and English', () => {
    const commands = new Set(['discover', 'signups', 'alerts', 'help']);
    const profile = messengerProfile(loadTranslator(path.join(ROOT, 'locales')), commands) as {
      get_started: unknown;
      greeting: { locale: string; text: string }[];
      persistent_menu: { locale: string; call_to_actions: { title: string; payload: string }[] }[];
    };
    expect(profile.get_started).toEqual({ payload: 'GET_STARTED' });
    expect(profile.greeting.map((g) => g.locale)).toEqual(['default', 'en_US']);
    expect(profile.greeting[0].text).toContain('{{user_first_name}}');
    expect(profile.persistent_menu[0].call_to_actions.map((a) => a.payload)).toEqual([
      'COMMAND:discover',
      'COMMAND:signups',
      'COMMAND:alerts',
      'COMMAND:help',
    ]);
    expect(profile.persistent_menu[1].call_to_actions[0].title).toBe('Discover');
  });

  it('keeps the channel from starting with a menu command the flows do not have', () => {
    const options = {
      graphUrl: 'http://127.0.0.1:9/v23.0',
      pageToken: 'token',
      appSecret: 'secret',
      verifyToken: 'verify',
      conversation: { handle: () => Promise.reject(new Error('not used')) },
      store: {} as never,
      translator: {} as never,
      logger: silentLogger,
    };
    expect(() => new MessengerChannel({ ...options, commands: new Set(['discover', 'alerts', 'help']) })).toThrow(
      'The messenger menu offers "signups"',
    );
    expect(
      () => new MessengerChannel({ ...options, commands: new Set(['discover', 'signups', 'alerts', 'help']) }),
    ).not.toThrow();
  });

  it('refuses a menu offering a command the flows do not have', () => {
    const translator = loadTranslator(path.join(ROOT, 'locales'));
    expect(() => messengerProfile(translator, new Set(['discover', 'alerts', 'help']))).toThrow(
      'The messenger menu offers "signups", which the flows\' commands (flows/bot.yaml) do not have.',
    );
  });
});
