/**
 * Media never costs the message: a picture or video a platform refuses becomes its link, a video
 * page (YouTube, Vimeo, PeerTube) goes as a link with its preview, a video file shows where pictures do.
 */
import path from 'node:path';
import { MessengerSendError } from '../../src/channels/messenger/errors';
import { renderForMessenger } from '../../src/channels/messenger/render';
import { MessengerSender } from '../../src/channels/messenger/sender';
import { renderForTelegram } from '../../src/channels/telegram/render';
import { TelegramSender, type TelegramApi } from '../../src/channels/telegram/sender';
import { mediaKind } from '../../src/domain/media';
import { loadTranslator } from '../../src/engine/i18n';
import { createNoticeComposer } from '../../src/engine/notices';
import type { OutboundMessage } from '../../src/engine/types';
import { contact, opportunity } from '../support/factories';

const notices = createNoticeComposer({
  translator: loadTranslator(path.join(__dirname, '../../locales')),
  timezone: 'Europe/Paris',
  links: { calendar: (id) => `https://bot.example/calendar/${id}.ics` },
});
const broadcast = (mediaUrl: string) =>
  notices.broadcast(contact(), { text: 'Venez !', mediaUrl, organisationName: 'Asso' });
const noSleep = () => Promise.resolve();

describe('media addresses', () => {
  it('tells pictures and video files from video pages, whatever the query string', () => {
    expect(mediaKind('https://cdn.example/a.JPG?v=2')).toBe('image');
    expect(mediaKind('https://cdn.example/clip.mp4')).toBe('video');
    for (const page of [
      'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
      'https://youtu.be/dQw4w9WgXcQ',
      'https://www.youtube.com/shorts/abc123',
      'https://vimeo.com/123456',
      'https://peertube.example.org/w/9c9de5e8-0a1e-484a-b099-e80766180a6d',
    ])
      expect(mediaKind(page)).toBe('video_page');
    expect(mediaKind('https://www.youtube.com/')).toBeUndefined();
    expect(mediaKind('not a url')).toBeUndefined();
  });

  it('sends a video page as a link with its preview, never as a photo, in both languages', () => {
    const [first] = broadcast('https://youtu.be/dQw4w9WgXcQ');
    expect(first).toEqual({ kind: 'text', text: '▶ La vidéo : https://youtu.be/dQw4w9WgXcQ', preview: true });
    const english = notices.broadcast(contact({ locale: 'en' }), {
      text: 'Come!',
      mediaUrl: 'https://vimeo.com/123456',
      organisationName: 'Asso',
    });
    expect(english[0]).toMatchObject({ text: '▶ The video: https://vimeo.com/123456', preview: true });
    const calls = renderForTelegram([first], () => 'x');
    expect(calls).toEqual([
      expect.objectContaining({ method: 'sendMessage', linkPreview: { prefer_large_media: true } }),
    ]);
    expect(calls.some((call) => call.method === 'sendPhoto')).toBe(false);
  });

  it('shows a video file where a picture would be: on an alert’s card', () => {
    const [, alert] = notices.alert(contact(), opportunity({ mediaUrl: 'https://cdn.example/clip.mp4' }), 'Asso');
    expect(alert).toMatchObject({ kind: 'cards', cards: [{ videoUrl: 'https://cdn.example/clip.mp4' }] });
    const [call] = renderForTelegram([alert], () => 'x');
    expect(call).toMatchObject({ method: 'sendVideo', video: 'https://cdn.example/clip.mp4' });
  });
});

describe('a media Telegram refuses', () => {
  function api(refused: string) {
    const sent: Array<{ method: string; params: Record<string, unknown> }> = [];
    const telegram: TelegramApi = {
      call(method, params) {
        if (method === refused) {
          const description = 'Bad Request: failed to get HTTP URL content';
          return Promise.reject(Object.assign(new Error(description), { response: { error_code: 400, description } }));
        }
        sent.push({ method, params });
        return Promise.resolve({ ok: true });
      },
    };
    return { telegram, sent };
  }

  it('replaces a video by its link and still sends the text and the card', async () => {
    const { telegram, sent } = api('sendVideo');
    const messages = [
      ...broadcast('https://cdn.example/clip.mp4'),
      ...notices.alert(contact(), opportunity({ mediaUrl: 'https://cdn.example/clip.mp4' }), 'Asso'),
    ];
    const sender = new TelegramSender({ api: telegram, sleep: noSleep, perChatIntervalMs: 0 });
    const report = await sender.send(
      '42',
      renderForTelegram(messages, () => 'x'),
    );
    expect(report.failed).toBeUndefined();
    const texts = sent.map((call) => String(call.params.text));
    expect(texts[0]).toBe('https://cdn.example/clip.mp4');
    expect(texts.join('\n')).toContain('Asso — Venez !');
    expect(texts.join('\n')).toContain('Bénévolat au jardin partagé');
    expect(sent.at(-1)?.params.reply_markup).toBeDefined();
  });

  it('replaces a picture message by its caption and link', async () => {
    const { telegram, sent } = api('sendPhoto');
    const picture: OutboundMessage = {
      kind: 'media',
      url: 'https://cdn.example/a.png',
      mediaType: 'image',
      caption: 'Le camp',
    };
    const sender = new TelegramSender({ api: telegram, sleep: noSleep, perChatIntervalMs: 0 });
    await sender.send(
      '42',
      renderForTelegram([picture], () => 'x'),
    );
    expect(sent).toEqual([
      expect.objectContaining({
        method: 'sendMessage',
        params: expect.objectContaining({ text: 'Le camp\nhttps://cdn.example/a.png' }),
      }),
    ]);
  });
});

describe('a media Messenger refuses', () => {
  function graph() {
    const posted: Array<Record<string, unknown>> = [];
    return {
      posted,
      graph: {
        post(_path: string, body: unknown) {
          const message = (body as { message: Record<string, unknown> }).message;
          const attachment = message.attachment as
            { type: string; payload: { elements?: { image_url?: string }[] } } | undefined;
          const hasMedia =
            attachment?.type === 'image' ||
            attachment?.type === 'video' ||
            (attachment?.payload.elements ?? []).some((element) => element.image_url);
          if (hasMedia)
            return Promise.reject(
              new MessengerSendError('invalid_parameter', '(#100) Upload attachment failure', 100, 2018047),
            );
          posted.push(message);
          return Promise.resolve({});
        },
        postFile: () => Promise.reject(new Error('no file in these tests')),
      },
    };
  }

  it('sends the link instead of the video, then the rest of the message', async () => {
    const { graph: fake, posted } = graph();
    const sender = new MessengerSender({ graph: fake, sleep: noSleep });
    const report = await sender.send('psid', 'UPDATE', renderForMessenger(broadcast('https://cdn.example/clip.mp4')));
    expect(report).toEqual({ sent: 2 });
    expect(posted).toEqual([{ text: 'https://cdn.example/clip.mp4' }, { text: 'Asso — Venez !' }]);
  });

  it('sends the cards without their pictures when the pictures are refused', async () => {
    const { graph: fake, posted } = graph();
    const sender = new MessengerSender({ graph: fake, sleep: noSleep });
    const alert = notices.alert(contact(), opportunity({ mediaUrl: 'https://cdn.example/a.png' }), 'Asso');
    const report = await sender.send('psid', 'UPDATE', renderForMessenger(alert));
    expect(report.failed).toBeUndefined();
    const cards = posted.find((message) => 'attachment' in message) as {
      attachment: { payload: { elements: object[] } };
    };
    expect(cards.attachment.payload.elements[0]).not.toHaveProperty('image_url');
    expect(cards.attachment.payload.elements[0]).toHaveProperty('title');
  });
});
