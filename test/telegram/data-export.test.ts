/** "Mes données" on Telegram: the summary, and everything kept as a JSON document in the chat. */
import { startFakeBotApi, type FakeBotApi } from '../support/fake-bot-api';
import { startApp, type RunningApp } from '../support/server';

const SECRET = 'webhook-secret_2';
const from = { id: 77, is_bot: false, first_name: 'Noa', language_code: 'fr' };
const chat = { id: 77, type: 'private', first_name: 'Noa' };
let updateId = 500;
const text = (value: string) => ({
  update_id: ++updateId,
  message: { message_id: updateId, date: 0, chat, from, text: value },
});

describe('data export on Telegram', () => {
  let running: RunningApp;
  let api: FakeBotApi;

  beforeAll(async () => {
    api = await startFakeBotApi();
    running = await startApp({
      env: {
        TELEGRAM_BOT_TOKEN: '123:EXPORT',
        TELEGRAM_API_ROOT: api.root,
        TELEGRAM_MODE: 'webhook',
        TELEGRAM_WEBHOOK_SECRET: SECRET,
        TELEGRAM_GLOBAL_RATE: '1000',
      },
    });
    await running.app.start();
  });
  afterAll(async () => {
    await running.close();
    await api.close();
  });

  const send = async (update: unknown) => {
    const response = await fetch(`${running.url}/webhooks/telegram`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': SECRET },
      body: JSON.stringify(update),
    });
    expect(response.status).toBe(200);
  };

  it('sends "mes données" as a JSON document before the summary', async () => {
    await send(text('/start'));
    const callback = (data: string) => ({
      update_id: ++updateId,
      callback_query: {
        id: `cb${updateId}`,
        from,
        chat_instance: 'x',
        data,
        message: { message_id: 1, date: 0, chat },
      },
    });
    await send(callback('welcome.hello/accept'));
    await send(callback('welcome.age/young'));
    await send(text('mes données'));
    const document = api.calls.find((call) => call.method === 'sendDocument');
    expect(document?.body).toMatchObject({ chat_id: '77', document: { filename: 'mes-donnees.json' } });
    const data = JSON.parse((document!.body.document as { content: string }).content) as {
      profile: { ageBracket: string; identities: Array<{ channel: string; id: string }> };
    };
    expect(data.profile.ageBracket).toBe('18to25');
    expect(data.profile.identities).toEqual([{ channel: 'telegram', id: '77' }]);
    const after = api.calls.slice(api.calls.indexOf(document!) + 1);
    expect(after.find((call) => call.method === 'sendMessage')?.body.text).toMatch(
      /Voici tout ce que je garde sur toi/,
    );
  });
});
