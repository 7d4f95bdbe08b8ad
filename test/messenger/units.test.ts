import fixtures from './fixtures/events.json';
import { classifyMessengerError } from '../../src/channels/messenger/errors';
import { itemId, messagingItems, parseItem, type WebhookPayload } from '../../src/channels/messenger/inbound';
import { decideMessaging, OUTSIDE_WINDOW } from '../../src/channels/messenger/policy';
import { LIMITS, renderForMessenger, type MessengerMessage } from '../../src/channels/messenger/render';
import { isSignatureValid, signBody } from '../../src/channels/messenger/signature';
import { messengerProfile } from '../../src/channels/messenger/profile';
import { loadTranslator } from '../../src/engine/i18n';
import { encodeShareRef } from '../../src/domain/share';
import { ROOT } from '../support/bot';
import path from 'node:path';

const first = (payload: unknown) => parseItem(messagingItems(payload as WebhookPayload)[0]);
const withRef = (payload: unknown, ref: string) =>
  JSON.parse(JSON.stringify(payload).replace('"REF"', JSON.stringify(ref))) as WebhookPayload;

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

describe('Messenger events', () => {
  it('reads texts, quick replies, Get Started and attachments with their mid', () => {
    expect(first(fixtures.text)).toEqual({
      kind: 'conversation',
      psid: 'PSID1',
      event: {
        channel: 'messenger',
        externalId: 'PSID1',
        eventId: 'm:m_text_1',
        sentAt: new Date(1764000000000).toISOString(),
        input: { type: 'text', text: 'bénévolat Bordeaux' },
      },
    });
    expect(first(fixtures.quickReply)).toMatchObject({
      event: { input: { type: 'choice', payload: 'welcome.hello/accept' } },
    });
    expect(first(fixtures.getStarted)).toMatchObject({
      psid: 'PSID2',
      event: { eventId: 'm:m_pb_1', input: { type: 'start' } },
    });
    expect(first(fixtures.image)).toMatchObject({ event: { input: { type: 'attachment', kind: 'image' } } });
  });

  it("makes a menu entry a command by name; an older menu's words stay typed words", () => {
    const postback = (payload: string) =>
      JSON.parse(
        JSON.stringify(fixtures.getStarted).replace('"GET_STARTED"', JSON.stringify(payload)),
      ) as WebhookPayload;
    expect(first(postback('COMMAND:signups'))).toMatchObject({
      event: { input: { type: 'command', name: 'signups' } },
    });
    expect(first(postback('WORDS:my signups'))).toMatchObject({
      event: { input: { type: 'text', text: 'my signups' } },
    });
  });

  it('opens the shared opportunity from a referral, in a new thread (postback) or an existing one', () => {
    const ref = encodeShareRef({ opportunityId: 'maraude-hiver', sharedBy: 'c1' });
    expect(first(withRef(fixtures.getStartedWithReferral, ref))).toMatchObject({
      psid: 'PSID3',
      event: { input: { type: 'start', opportunityId: 'maraude-hiver', sharedBy: 'c1' } },
    });
    expect(first(withRef(fixtures.referral, ref))).toMatchObject({
      event: { input: { type: 'start', opportunityId: 'maraude-hiver' } },
    });
    expect(first(withRef(fixtures.referral, 'mangled'))).toMatchObject({ event: { input: { type: 'start' } } });
  });

  it('keeps delivery and read watermarks, and ignores echoes', () => {
    expect(first(fixtures.delivery)).toEqual({
      kind: 'watermark',
      psid: 'PSID1',
      type: 'delivery',
      at: new Date(1764000005000).toISOString(),
    });
    expect(first(fixtures.read)).toEqual({
      kind: 'watermark',
      psid: 'PSID1',
      type: 'read',
      at: new Date(1764000006000).toISOString(),
    });
    expect(first(fixtures.echo).kind).toBe('ignored');
  });

  it('reads every messaging item of every entry, and gives items without a mid a stable id', () => {
    const batch = {
      object: 'page',
      entry: [...fixtures.text.entry, ...fixtures.delivery.entry, ...fixtures.getStarted.entry],
    };
    const items = messagingItems(batch);
    expect(items.map(itemId)).toEqual(['m:m_text_1', 't:PSID1:0:delivery', 'm:m_pb_1']);
    expect(messagingItems({ object: 'instagram', entry: fixtures.text.entry })).toEqual([]);
  });
});

describe('Messenger rendering', () => {
  const render = renderForMessenger;
  const text = (m: MessengerMessage) => ('text' in m ? m.text : '');

  it('splits texts over 2000 characters on word boundaries', () => {
    const long = Array.from({ length: 700 }, (_, i) => `mot${i}`).join(' ');
    const messages = render([{ kind: 'text', text: long }]);
    expect(messages.length).toBe(3);
    for (const message of messages) expect(Array.from(text(message)).length).toBeLessThanOrEqual(LIMITS.text);
    expect(messages.map(text).join(' ')).toBe(long);
  });

  it('shortens quick-reply titles to 20 characters and keeps the full labels, numbered, in the text', () => {
    const [message] = render([
      {
        kind: 'text',
        text: 'Où ça ?',
        choices: [
          { label: 'Provence-Alpes-Côte d’Azur', payload: 'r/paca' },
          { label: 'Bretagne', payload: 'r/bzh' },
        ],
      },
    ]);
    expect(message).toEqual({
      text: 'Où ça ?\n\n1. Provence-Alpes-Côte d’Azur\n2. Bretagne',
      quick_replies: [
        { content_type: 'text', title: 'Provence-Alpes-Côte…', payload: 'r/paca' },
        { content_type: 'text', title: 'Bretagne', payload: 'r/bzh' },
      ],
    });
  });

  it('offers at most 13 quick replies and lists all the choices when there are more', () => {
    const choices = Array.from({ length: 15 }, (_, i) => ({ label: `Choix ${i + 1}`, payload: `c/${i + 1}` }));
    const [message] = render([{ kind: 'text', text: 'Choisis', choices }]);
    expect((message as { quick_replies: unknown[] }).quick_replies).toHaveLength(13);
    expect(text(message)).toContain('15. Choix 15');
  });

  it('turns links into a button template of at most 3 buttons', () => {
    const messages = render([
      {
        kind: 'text',
        text: 'Inscrit !',
        choices: [
          { label: 'Ajouter à l’agenda', url: 'https://bot.example/c.ics' },
          { label: 'Menu', payload: 'm/m' },
        ],
      },
    ]);
    expect(messages).toEqual([
      {
        attachment: {
          type: 'template',
          payload: {
            template_type: 'button',
            text: 'Inscrit !',
            buttons: [{ type: 'web_url', title: 'Ajouter à l’agenda', url: 'https://bot.example/c.ics' }],
          },
        },
        quick_replies: [{ content_type: 'text', title: 'Menu', payload: 'm/m' }],
      },
    ]);
  });

  it('makes carousels of at most 10 cards with 80-character titles and subtitles', () => {
    const cards = Array.from({ length: 12 }, (_, i) => ({
      title: `Titre ${i} ${'x'.repeat(100)}`,
      subtitle: 'Quand\nOù',
      imageUrl: 'https://bot.example/a.png',
      buttons: [{ label: 'Détails', payload: `d/${i}` }],
    }));
    const messages = render([{ kind: 'cards', cards, choices: [{ label: 'Menu', payload: 'm/m' }] }]);
    expect(messages).toHaveLength(2);
    const elements = (m: MessengerMessage) =>
      (m as { attachment: { payload: { elements: { title: string; subtitle: string }[] } } }).attachment.payload
        .elements;
    expect(elements(messages[0])).toHaveLength(10);
    expect(elements(messages[1])).toHaveLength(2);
    expect(Array.from(elements(messages[0])[0].title).length).toBeLessThanOrEqual(80);
    expect(elements(messages[0])[0].subtitle).toBe('Quand · Où');
    expect((messages[1] as { quick_replies: unknown[] }).quick_replies).toHaveLength(1);
  });
});

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

  it('refuses a menu offering a command the flows do not have', () => {
    const translator = loadTranslator(path.join(ROOT, 'locales'));
    expect(() => messengerProfile(translator, new Set(['discover', 'alerts', 'help']))).toThrow(
      'The messenger menu offers "signups", which the flows\' commands (flows/bot.yaml) do not have.',
    );
  });
});
