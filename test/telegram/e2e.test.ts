/**
 * End to end on the telegram-test-api emulator, through the real Telegraf client in polling mode:
 * /start, discovery, sign-up, "my sign-ups" and cancel. (The emulator has no sendPhoto: these
 * opportunities have no pictures; photo cards are covered against the loopback stand-in.)
 */
import TelegramServer from 'telegram-test-api';
import type { TelegramClient } from 'telegram-test-api/lib/modules/telegramClient';
import type { Store } from '../../src/domain/ports';
import { createEmbeddedStore } from '../../src/store/embedded';
import { FIXED_NOW } from '../support/bot';
import { opportunity } from '../support/factories';
import { startApp, type RunningApp } from '../support/server';

const TOKEN = '987:E2E';

interface BotMessage {
  text: string;
  reply_markup?: { inline_keyboard: { text: string; callback_data?: string; url?: string }[][] } | string;
}

describe('Telegram end to end (telegram-test-api, polling)', () => {
  let emulator: TelegramServer;
  let running: RunningApp;
  let client: TelegramClient;
  let store: Store;
  let received: BotMessage[] = [];

  beforeAll(async () => {
    emulator = new TelegramServer({ port: 0, host: '127.0.0.1', storeTimeout: 600 });
    await emulator.start();
    const address = (emulator as unknown as { server: { address(): { port: number } } }).server.address();
    const apiRoot = `http://127.0.0.1:${address.port}`;
    store = createEmbeddedStore();
    await store.organisations.save({ id: 'org1', name: 'Les Jardins Partagés', createdAt: FIXED_NOW.toISOString() });
    await store.opportunities.save(
      opportunity({
        id: 'jardin',
        capacity: 5,
        startsAt: '2026-12-05T08:30:00Z',
        endsAt: '2026-12-05T11:30:00Z',
        address: 'Parc Peixotto',
        city: 'Talence',
      }),
    );
    running = await startApp({
      store,
      env: { DEMO_DATA: 'false', TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: apiRoot, TELEGRAM_GLOBAL_RATE: '1000' },
    });
    await running.app.start();
    client = emulator.getClient(TOKEN, { timeout: 3000, chatId: 4242, userId: 4242, firstName: 'Lina' });
  }, 30_000);

  afterAll(async () => {
    await running?.close();
    await emulator?.stop();
  });

  /** Collects the bot's messages until one says `expected`. */
  async function waitFor(expected: RegExp): Promise<BotMessage[]> {
    received = [];
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      const updates = await client.getUpdates();
      received.push(...updates.result.map((update) => update.message as unknown as BotMessage));
      if (received.some((message) => expected.test(message.text))) return received;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`The bot never said ${expected}; it said: ${received.map((m) => m.text).join(' | ')}`);
  }

  function buttonData(label: string, inMessage?: RegExp): string {
    for (const message of [...received].reverse()) {
      if (inMessage && !inMessage.test(message.text)) continue;
      type Markup = { inline_keyboard?: Array<Array<{ text: string; callback_data?: string }>> } | undefined;
      const markup = (
        typeof message.reply_markup === 'string' ? JSON.parse(message.reply_markup) : message.reply_markup
      ) as Markup;
      const button = markup?.inline_keyboard?.flat().find((b) => b.text === label);
      if (button?.callback_data) return button.callback_data;
    }
    throw new Error(`No button "${label}" in: ${received.map((m) => m.text).join(' | ')}`);
  }

  async function tap(label: string, inMessage?: RegExp): Promise<void> {
    await client.sendCallback(client.makeCallbackQuery(buttonData(label, inMessage)));
  }

  it('welcomes, finds, signs up, lists and cancels', async () => {
    await client.sendCommand(client.makeCommand('/start'));
    await waitFor(/Ça te va \?/);
    expect(received[0].text).toMatch(/^Salut ! 👋 Je suis le robot/);

    await tap("OK, c'est parti");
    await waitFor(/Quel âge as-tu/);
    await tap('18 à 25 ans');
    await waitFor(/Que veux-tu faire/);

    await tap('Découvrir');
    await waitFor(/Qu'est-ce qui t'intéresse/);
    await tap('Bénévolat');
    await waitFor(/Où ça/);
    await tap('Nouvelle-Aquitaine');
    await waitFor(/Bénévolat au jardin partagé/);
    expect(received.some((message) => /<b>Bénévolat au jardin partagé<\/b>/.test(message.text))).toBe(true);

    await tap("Je m'inscris", /jardin partagé/);
    await waitFor(/Quel est ton prénom/);
    await client.sendMessage(client.makeMessage('Lina'));
    await waitFor(/tu es inscrit·e/);
    expect(await store.signups.countConfirmed('jardin')).toBe(1);

    await tap('Mes inscriptions');
    await waitFor(/Bénévolat au jardin partagé/);
    await tap('Annuler', /jardin partagé/);
    await waitFor(/vraiment annuler/);
    await tap('Oui, annuler');
    await waitFor(/C'est annulé/);
    expect(await store.signups.countConfirmed('jardin')).toBe(0);

    // Menu commands are commands, not words: they work whatever the locales call them.
    await client.sendCommand(client.makeCommand('/signups'));
    await waitFor(/Tu n'as aucune inscription en cours/);
    await client.sendCommand(client.makeCommand('/dance'));
    await waitFor(/Je ne connais pas cette commande/);
  }, 90_000);
});
