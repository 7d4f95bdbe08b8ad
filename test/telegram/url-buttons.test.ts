/** Telegram refuses a button whose link it does not take (a bot tried on localhost): such links are written out. */
import { renderForTelegram, telegramTakesUrl } from '../../src/channels/telegram/render';

describe('link buttons on Telegram', () => {
  it('knows which addresses Telegram takes on a button', () => {
    expect(telegramTakesUrl('https://bot.example/o/garden?r=s1')).toBe(true);
    expect(telegramTakesUrl('https://t.me/MobilisationBot?start=o1')).toBe(true);
    expect(telegramTakesUrl('http://localhost:3000/o/garden')).toBe(false);
    expect(telegramTakesUrl('http://intranet/o/garden')).toBe(false);
    expect(telegramTakesUrl('not a link')).toBe(false);
  });

  it('keeps a public link as a button, and writes a localhost link under the text', () => {
    const data = (payload: string) => payload;
    const [publicCall] = renderForTelegram(
      [{ kind: 'text', text: 'Ton lien', choices: [{ label: 'Partager le lien', url: 'https://bot.example/o/g' }] }],
      data,
    );
    expect(publicCall).toMatchObject({ keyboard: [[{ text: 'Partager le lien', url: 'https://bot.example/o/g' }]] });
    const [localCall] = renderForTelegram(
      [
        {
          kind: 'text',
          text: 'Inscrit·e !',
          choices: [
            { label: "Ajouter à l'agenda", url: 'http://localhost:3000/calendar/g.ics' },
            { label: 'Menu', payload: 'main.menu' },
          ],
        },
      ],
      data,
    );
    expect(localCall).toMatchObject({
      method: 'sendMessage',
      text: "Inscrit·e !\nAjouter à l'agenda : http://localhost:3000/calendar/g.ics",
      keyboard: [[{ text: 'Menu', callback_data: 'main.menu' }]],
    });
  });
});
