import {
  prepareCallbackData,
  refFor,
  resolveCallbackData,
  PayloadRefs,
} from '../../src/channels/telegram/callback-data';
import { renderForTelegram, type TelegramCall } from '../../src/channels/telegram/render';
import { escapeHtml, splitText } from '../../src/channels/telegram/text';
import { createEmbeddedStore } from '../../src/store/embedded';

const same = (payload: string) => payload;
const NOW = new Date('2026-11-24T09:00:00Z');

describe('Telegram rendering', () => {
  it('escapes coordinators’ and people’s text for HTML mode', () => {
    expect(escapeHtml('<b>Tom & Jerry</b>')).toBe('&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;');
    const [call] = renderForTelegram([{ kind: 'text', text: 'a < b & c' }], same);
    expect(call).toEqual({ method: 'sendMessage', text: 'a &lt; b &amp; c' });
  });

  it('splits long texts below 4096 visible characters, on word boundaries, keyboard under the last part', () => {
    const text = Array.from({ length: 1500 }, (_, i) => `mot${i}`).join(' ');
    const calls = renderForTelegram(
      [{ kind: 'text', text, choices: [{ label: 'Menu', payload: 'main.menu/x' }] }],
      same,
    );
    expect(calls.length).toBe(3);
    for (const call of calls)
      expect((call as Extract<TelegramCall, { method: 'sendMessage' }>).text.length).toBeLessThanOrEqual(4096);
    expect(calls.map((c) => (c as { text: string }).text).join(' ')).toBe(text);
    expect('keyboard' in calls[0]).toBe(false);
    expect((calls[2] as { keyboard: unknown }).keyboard).toEqual([[{ text: 'Menu', callback_data: 'main.menu/x' }]]);
  });

  it('never cuts an emoji in two', () => {
    const parts = splitText('😀'.repeat(3000), 4096);
    expect(parts.join('')).toBe('😀'.repeat(3000));
    for (const part of parts) expect(part).not.toMatch(/[\uD800-\uDBFF]$/);
  });

  it('lays out choices as an inline keyboard with short ones paired, links as URL buttons', () => {
    const [call] = renderForTelegram(
      [
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
      same,
    );
    expect((call as { keyboard: unknown }).keyboard).toEqual([
      [
        { text: 'Oui', callback_data: 'a/yes' },
        { text: 'Non', callback_data: 'a/no' },
      ],
      [{ text: 'Une option au libellé bien long', callback_data: 'a/long' }],
      [{ text: 'Agenda', url: 'https://bot.example/calendar/x.ics' }],
    ]);
  });

  it('sends a card with a picture as a photo with caption and buttons, the choices under the last card', () => {
    const calls = renderForTelegram(
      [
        {
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
        },
      ],
      same,
    );
    expect(calls[0]).toMatchObject({
      method: 'sendPhoto',
      photo: 'https://bot.example/a.png',
      caption: '<b>Jardin &lt;partagé&gt;</b>\nSamedi',
      keyboard: [[{ text: 'Détails', callback_data: 'd/1' }]],
    });
    expect((calls[0] as Extract<TelegramCall, { method: 'sendPhoto' }>).fallback).toEqual([
      {
        method: 'sendMessage',
        text: '<b>Jardin &lt;partagé&gt;</b>\nSamedi',
        keyboard: [[{ text: 'Détails', callback_data: 'd/1' }]],
      },
    ]);
    expect(calls[1]).toEqual({
      method: 'sendMessage',
      text: '<b>Sans image</b>\nLundi',
      keyboard: [
        [
          { text: 'Détails', callback_data: 'd/2' },
          { text: 'Menu', callback_data: 'm/m' },
        ],
      ],
    });
  });

  it('puts a caption over 1024 characters in a following message instead of cutting it', () => {
    const calls = renderForTelegram(
      [
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
      same,
    );
    expect(calls[0]).toMatchObject({ method: 'sendPhoto', caption: '<b>Titre</b>' });
    expect(calls[1]).toMatchObject({
      method: 'sendMessage',
      text: `<b>Titre</b>\n${'x'.repeat(1500)}`,
      keyboard: [[{ text: 'Détails', callback_data: 'd/1' }]],
    });
  });
});

describe('Telegram callback data', () => {
  it('keeps payloads within 64 bytes and resolves long ones through the store', async () => {
    const store = createEmbeddedStore();
    const long = `discover.show_results/details/${'é'.repeat(30)}`;
    const short = 'main.menu/discover';
    const data = await prepareCallbackData(
      [
        {
          kind: 'text',
          text: 'x',
          choices: [
            { label: 'a', payload: long },
            { label: 'b', payload: short },
          ],
        },
      ],
      new PayloadRefs(store.channelState),
      NOW,
    );
    expect(data(short)).toBe(short);
    expect(data(long)).toBe(refFor(long));
    expect(Buffer.byteLength(data(long))).toBeLessThanOrEqual(64);
    expect(await resolveCallbackData(data(long), new PayloadRefs(store.channelState))).toBe(long);
    expect(await resolveCallbackData(short, new PayloadRefs(store.channelState))).toBe(short);
    expect(await resolveCallbackData('r:unknown', new PayloadRefs(store.channelState))).toBe('r:unknown');
  });
});
