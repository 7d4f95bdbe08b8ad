/**
 * Messenger through the channel kit: webhook events (developers.facebook.com/docs/messenger-platform/
 * webhooks) and Send API requests, within its limits (2000 characters, 13 quick replies of 20, 3
 * buttons, 10 cards of 80).
 */
import { signedRef } from '../support/sharing';
import { describeWire } from './kit';
import { fixtures, messengerEvent, messengerWire, postback, reply, withRef } from './messenger-wire';

const share = signedRef('maraude-hiver', 'c1');
const quick = (title: string, payload: string) => ({ content_type: 'text', title, payload });
const card = (i: number) => ({
  title: `Titre ${i} ${'x'.repeat(100)}`,
  subtitle: 'Quand\nOù',
  imageUrl: 'https://bot.example/a.png',
  buttons: [{ label: 'Détails', payload: `d/${i}` }],
});
const element = (i: number) => ({
  title: `Titre ${i} ${'x'.repeat(79 - `Titre ${i} `.length)}…`,
  subtitle: 'Quand · Où',
  image_url: 'https://bot.example/a.png',
  buttons: [{ type: 'postback', title: 'Détails', payload: `d/${i}` }],
});
const carousel = (elements: unknown[]) => ({
  attachment: { type: 'template', payload: { template_type: 'generic', elements } },
});

describeWire(messengerWire, {
  inbound: [
    {
      name: 'a text, with its mid as the event id',
      request: fixtures.text,
      expected: [messengerEvent('m:m_text_1', 'PSID1', 1764000000000, { type: 'text', text: 'bénévolat Bordeaux' })],
    },
    {
      name: 'a quick reply as a choice',
      request: fixtures.quickReply,
      expected: [
        messengerEvent('m:m_qr_1', 'PSID1', 1764000001000, { type: 'choice', payload: 'welcome.hello/accept' }),
      ],
    },
    {
      name: 'Get Started as a start',
      request: fixtures.getStarted,
      expected: [messengerEvent('m:m_pb_1', 'PSID2', 1764000002000, { type: 'start' })],
    },
    {
      name: 'a persistent menu entry as a command, by name',
      request: postback('COMMAND:signups'),
      expected: [messengerEvent('m:m_pb_1', 'PSID2', 1764000002000, { type: 'command', name: 'signups' })],
    },
    {
      name: "an older menu's words as typed words",
      request: postback('WORDS:my signups'),
      expected: [messengerEvent('m:m_pb_1', 'PSID2', 1764000002000, { type: 'text', text: 'my signups' })],
    },
    {
      name: 'Get Started from a share link (m.me/…?ref=) as a start on the shared opportunity',
      request: withRef(fixtures.getStartedWithReferral, share),
      expected: [
        messengerEvent('m:m_pb_2', 'PSID3', 1764000003000, {
          type: 'start',
          shareRef: share,
        }),
      ],
    },
    {
      name: 'a share link opened in an existing thread as a start on the opportunity',
      request: withRef(fixtures.referral, share),
      expected: [
        messengerEvent('t:PSID1:1764000004000:referral', 'PSID1', 1764000004000, {
          type: 'start',
          shareRef: share,
        }),
      ],
    },
    {
      name: 'a mangled share link as a plain start',
      request: withRef(fixtures.referral, 'mangled ref'),
      expected: [messengerEvent('t:PSID1:1764000004000:referral', 'PSID1', 1764000004000, { type: 'start' })],
    },
    {
      name: 'a picture as an attachment of that kind',
      request: fixtures.image,
      expected: [messengerEvent('m:m_img_1', 'PSID1', 1764000008000, { type: 'attachment', kind: 'image' })],
    },
    {
      name: 'a delivery receipt as a watermark',
      request: fixtures.delivery,
      expected: [
        {
          id: 't:PSID1:0:delivery',
          kind: 'watermark',
          psid: 'PSID1',
          type: 'delivery',
          at: new Date(1764000005000).toISOString(),
        },
      ],
    },
    {
      name: 'a read receipt as a watermark',
      request: fixtures.read,
      expected: [
        {
          id: 't:PSID1:1764000006000:read',
          kind: 'watermark',
          psid: 'PSID1',
          type: 'read',
          at: new Date(1764000006000).toISOString(),
        },
      ],
    },
    {
      name: "the Page's own messages echoed back as nothing to answer",
      request: fixtures.echo,
      expected: [{ id: 'm:m_echo_1', kind: 'ignored', reason: 'echo of our own message' }],
    },
    {
      name: 'every item of every entry of a batch, in order',
      request: { object: 'page', entry: [...fixtures.text.entry, ...fixtures.getStarted.entry] },
      expected: [
        messengerEvent('m:m_text_1', 'PSID1', 1764000000000, { type: 'text', text: 'bénévolat Bordeaux' }),
        messengerEvent('m:m_pb_1', 'PSID2', 1764000002000, { type: 'start' }),
      ],
    },
    {
      name: "another product's webhook (Instagram) as nothing",
      request: { object: 'instagram', entry: fixtures.text.entry },
      expected: [],
    },
  ],
  outbound: [
    {
      name: 'a text over 2000 characters in parts cut between words',
      messages: [{ kind: 'text', text: `${'a'.repeat(1990)} ${'b'.repeat(100)}` }],
      requests: [reply({ text: 'a'.repeat(1990) }), reply({ text: 'b'.repeat(100) })],
    },
    {
      name: 'quick replies shortened to 20 characters, the full labels numbered in the text',
      messages: [
        {
          kind: 'text',
          text: 'Où ça ?',
          choices: [
            { label: 'Provence-Alpes-Côte d’Azur', payload: 'r/paca' },
            { label: 'Bretagne', payload: 'r/bzh' },
          ],
        },
      ],
      requests: [
        reply({
          text: 'Où ça ?\n\n1. Provence-Alpes-Côte d’Azur\n2. Bretagne',
          quick_replies: [quick('Provence-Alpes-Côte…', 'r/paca'), quick('Bretagne', 'r/bzh')],
        }),
      ],
    },
    {
      name: 'at most 13 quick replies, every choice listed in the text',
      messages: [
        {
          kind: 'text',
          text: 'Choisis',
          choices: Array.from({ length: 15 }, (_, i) => ({ label: `Choix ${i + 1}`, payload: `c/${i + 1}` })),
        },
      ],
      requests: [
        reply({
          text: `Choisis\n\n${Array.from({ length: 15 }, (_, i) => `${i + 1}. Choix ${i + 1}`).join('\n')}`,
          quick_replies: Array.from({ length: 13 }, (_, i) => quick(`Choix ${i + 1}`, `c/${i + 1}`)),
        }),
      ],
    },
    {
      name: 'links as a button template, the other choices as quick replies',
      messages: [
        {
          kind: 'text',
          text: 'Inscrit !',
          choices: [
            { label: 'Ajouter à l’agenda', url: 'https://bot.example/c.ics' },
            { label: 'Menu', payload: 'm/m' },
          ],
        },
      ],
      requests: [
        reply({
          attachment: {
            type: 'template',
            payload: {
              template_type: 'button',
              text: 'Inscrit !',
              buttons: [{ type: 'web_url', title: 'Ajouter à l’agenda', url: 'https://bot.example/c.ics' }],
            },
          },
          quick_replies: [quick('Menu', 'm/m')],
        }),
      ],
    },
    {
      name: 'carousels of at most 10 cards, titles and subtitles within 80 characters',
      messages: [
        {
          kind: 'cards',
          cards: Array.from({ length: 12 }, (_, i) => card(i)),
          choices: [{ label: 'Menu', payload: 'm/m' }],
        },
      ],
      requests: [
        reply(carousel(Array.from({ length: 10 }, (_, i) => element(i)))),
        reply({ ...carousel([element(10), element(11)]), quick_replies: [quick('Menu', 'm/m')] }),
      ],
    },
    {
      name: 'a picture as an image attachment, its caption after it',
      messages: [{ kind: 'media', url: 'https://bot.example/a.png', mediaType: 'image', caption: 'Le jardin' }],
      requests: [
        reply({ attachment: { type: 'image', payload: { url: 'https://bot.example/a.png', is_reusable: true } } }),
        reply({ text: 'Le jardin' }),
      ],
    },
  ],
});
