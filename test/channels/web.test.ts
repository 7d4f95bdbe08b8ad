/**
 * The web chat through the channel kit: the page's JSON requests in, and what the page fetches for
 * a visitor out (`GET /chat/api/updates`: the messages as the engine wrote them, the page renders).
 */
import { parseWebRequest } from '../../src/channels/web/inbound';
import { WebMailboxDelivery } from '../../src/channels/web/delivery';
import { signedRef } from '../support/sharing';
import { createEmbeddedStore } from '../../src/store/embedded';
import { describeWire, type ChannelWire } from './kit';

const VISITOR = 'visitor-0123456789abcdef';
const share = signedRef('maraude-hiver', 'c1');
const event = (input: unknown, extra: Record<string, unknown> = {}) => ({
  ok: true,
  event: { channel: 'web', externalId: VISITOR, eventId: 'm1', ...extra, replyInResponse: true, input },
});
const refused = (error: string) => ({ ok: false, error });

const webWire: ChannelWire<unknown> = {
  channel: 'Web chat',
  inbound: (body) => parseWebRequest(body),
  async outbound(messages) {
    const store = createEmbeddedStore();
    const delivery = new WebMailboxDelivery(
      store.mailbox,
      () => 'x',
      () => new Date('2026-11-24T09:00:00.000Z'),
    );
    await delivery.deliver({
      externalId: VISITOR,
      messages,
      priority: 'high',
      purpose: 'reminder',
      lastInboundAt: undefined,
    });
    const items = await store.mailbox.list(VISITOR, undefined, 20);
    await store.close();
    return [
      {
        method: 'GET /chat/api/updates',
        body: { items: items.map(({ id, messages: sent }) => ({ id, messages: sent })) },
      },
    ];
  },
};

describeWire(webWire, {
  inbound: [
    {
      name: 'text as typed, with the message id that recognises a retry',
      request: { visitorId: VISITOR, messageId: 'm1', text: 'jardin' },
      expected: event({ type: 'text', text: 'jardin' }),
    },
    {
      name: "a tapped button's payload as a choice",
      request: { visitorId: VISITOR, messageId: 'm1', payload: 'main.menu/discover' },
      expected: event({ type: 'choice', payload: 'main.menu/discover' }),
    },
    {
      name: "a share link's reference as a start on the opportunity, with the browser's language",
      request: { visitorId: VISITOR, messageId: 'm1', locale: 'en-GB', start: { ref: share } },
      expected: event({ type: 'start', shareRef: share }, { localeHint: 'en-GB' }),
    },
    {
      name: 'a one-time link as a start joining the browser to the person',
      request: { visitorId: VISITOR, messageId: 'm1', start: { link: 'abc123' } },
      expected: event({ type: 'start', linkToken: 'abc123' }),
    },
    {
      name: 'a reference that cannot be one (a character links never carry) as a plain start',
      request: { visitorId: VISITOR, messageId: 'm1', start: { ref: 'mangled!' } },
      expected: event({ type: 'start' }),
    },
    {
      name: 'no visitor as refused',
      request: {},
      expected: refused('visitorId: Invalid input: expected string, received undefined'),
    },
    {
      name: 'a guessable visitor id as refused',
      request: { visitorId: 'short', text: 'hi' },
      expected: refused('visitorId: must be 16 to 64 letters, digits, - or _'),
    },
    {
      name: 'nothing to say as refused',
      request: { visitorId: VISITOR },
      expected: refused('send exactly one of text, payload, command or start'),
    },
    {
      name: 'two things at once as refused',
      request: { visitorId: VISITOR, text: 'a', payload: 'b' },
      expected: refused('send exactly one of text, payload, command or start'),
    },
    {
      name: 'a 20,001-character text as refused',
      request: { visitorId: VISITOR, text: 'x'.repeat(20_001) },
      expected: refused('text: must be at most 20000 characters'),
    },
    {
      name: 'an unknown field as refused',
      request: { visitorId: VISITOR, text: 'hi', admin: true },
      expected: refused('Unrecognized key: "admin"'),
    },
  ],
  outbound: [
    {
      name: 'messages as the engine wrote them, under an id that sorts in writing order',
      messages: [
        { kind: 'text', text: 'Rappel : demain 14 h', choices: [{ label: "J'y serai", payload: 'r/yes' }] },
        { kind: 'media', url: 'https://bot.example/a.png', mediaType: 'image' },
      ],
      requests: [
        {
          method: 'GET /chat/api/updates',
          body: {
            items: [
              {
                id: '0mwugrs00-00x',
                messages: [
                  { kind: 'text', text: 'Rappel : demain 14 h', choices: [{ label: "J'y serai", payload: 'r/yes' }] },
                  { kind: 'media', url: 'https://bot.example/a.png', mediaType: 'image' },
                ],
              },
            ],
          },
        },
      ],
    },
  ],
});
