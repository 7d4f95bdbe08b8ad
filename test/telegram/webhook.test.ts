import { startFakeBotApi, type BotApiCall, type FakeBotApi } from '../support/fake-bot-api';
import { startApp, type RunningApp } from '../support/server';
import { opportunity } from '../support/factories';

const TOKEN = '123:TEST';
const SECRET = 'webhook-secret_1';

const from = { id: 42, is_bot: false, first_name: 'Lina', language_code: 'fr' };
const chat = { id: 42, type: 'private', first_name: 'Lina' };
let updateId = 100;
const textUpdate = (text: string) => ({
  update_id: ++updateId,
  message: { message_id: updateId, date: 0, chat, from, text },
});

async function eventually(check: () => boolean, what: string, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('Telegram webhook mode', () => {
  let running: RunningApp;
  let api: FakeBotApi;
  let calls: BotApiCall[];
  const dropped: string[] = [];
  let failSendsWith: { error_code: number; description: string } | undefined;

  beforeAll(async () => {
    api = await startFakeBotApi();
    calls = api.calls;
    api.respond = ({ method }) => {
      if (method === 'setMyCommands' || method === 'setMyDescription')
        return { status: 400, body: { ok: false, error_code: 400, description: 'Bad Request: not today' } };
      if (method.startsWith('send') && failSendsWith)
        return { status: failSendsWith.error_code, body: { ok: false, ...failSendsWith } };
      return undefined;
    };
    running = await startApp({
      logger: {
        info: () => undefined,
        warn: (message, fields) => {
          if (message === 'telegram update dropped') dropped.push(String(fields?.reason));
        },
        error: () => undefined,
      },
      env: {
        TELEGRAM_BOT_TOKEN: TOKEN,
        TELEGRAM_API_ROOT: api.root,
        TELEGRAM_MODE: 'webhook',
        TELEGRAM_WEBHOOK_SECRET: SECRET,
        PUBLIC_URL: 'https://bot.example',
        TELEGRAM_GLOBAL_RATE: '1000',
      },
    });
    await running.app.start();
  });

  afterAll(async () => {
    await running.close();
    await api.close();
  });

  const post = (update: unknown, secret?: string) =>
    fetch(`${running.url}/webhooks/telegram`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(secret ? { 'X-Telegram-Bot-Api-Secret-Token': secret } : {}) },
      body: JSON.stringify(update),
    });
  const sent = () => calls.filter((call) => ['sendMessage', 'sendPhoto', 'editMessageText'].includes(call.method));

  it('sets the webhook with its secret at start, and survives failing set-up calls', () => {
    expect(calls.find((call) => call.method === 'setWebhook')?.body).toMatchObject({
      url: 'https://bot.example/webhooks/telegram',
      secret_token: SECRET,
    });
    expect(calls.filter((call) => call.method === 'setMyCommands').length).toBeGreaterThan(0);
  });

  it('refuses updates without the right secret, before processing them', async () => {
    expect((await post(textUpdate('/start'))).status).toBe(403);
    expect((await post(textUpdate('/start'), 'wrong')).status).toBe(403);
    expect(await running.app.store.contacts.count()).toBe(0);
  });

  it('acknowledges and drops what it cannot read, so Telegram does not send it again', async () => {
    const malformed = [
      { hello: 'world' },
      { update_id: 7, message: { message_id: 1, date: 'yesterday', chat, text: 'x' } },
      { update_id: 8, message: { message_id: 1, date: 0, chat: { id: 'forty-two', type: 'private' }, text: 'x' } },
      { update_id: 9, callback_query: null },
      { update_id: 10, message: { message_id: 1, date: 1e20, chat, text: 'x' } },
    ];
    for (const update of malformed) expect((await post(update, SECRET)).status).toBe(200);
    const deep = await fetch(`${running.url}/webhooks/telegram`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': SECRET },
      body: `{"update_id":11,"message":${'['.repeat(5000)}${']'.repeat(5000)}}`,
    });
    expect(deep.status).toBe(200);
    expect(await running.app.store.contacts.count()).toBe(0);
    expect(dropped).toEqual([
      'update_id: Invalid input: expected number, received undefined',
      'message.date: Invalid input: expected number, received string',
      'message.chat.id: Invalid input: expected number, received string',
      'callback_query: Invalid input: expected object, received null',
      'message.date: Too big: expected int to be <=9007199254740991',
      'the body nests deeper than 32 levels',
    ]);
  });

  it('answers /start, and processes a redelivered update once', async () => {
    const update = textUpdate('/start');
    expect((await post(update, SECRET)).status).toBe(200);
    await eventually(() => sent().length >= 2, 'the welcome');
    const welcome = sent().map((call) => call.body);
    expect(welcome[0]).toMatchObject({ chat_id: '42', parse_mode: 'HTML', text: expect.stringMatching(/^Salut/) });
    expect(
      (
        welcome[1].reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] }
      ).inline_keyboard.flat(),
    ).toContainEqual({ text: "OK, c'est parti", callback_data: 'welcome.hello/accept' });

    const before = sent().length;
    expect((await post(update, SECRET)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sent().length).toBe(before);
  });

  it('answers every button tap so it stops spinning', async () => {
    const tap = {
      update_id: ++updateId,
      callback_query: {
        id: 'cb-1',
        from,
        chat_instance: 'c',
        data: 'welcome.hello/accept',
        message: { message_id: 5, date: 0, chat },
      },
    };
    const before = sent().length;
    expect((await post(tap, SECRET)).status).toBe(200);
    await eventually(
      () => calls.some((call) => call.method === 'answerCallbackQuery' && call.body.callback_query_id === 'cb-1'),
      'the callback answer',
    );
    await eventually(() => sent().length > before, 'the age question');
    expect(sent()[sent().length - 1].body.text).toMatch(/Quel âge/);
  });

  it('sends cards with pictures as photos, and share links to the public page, signed on Telegram', async () => {
    await post(
      {
        update_id: ++updateId,
        callback_query: {
          id: 'cb-age',
          from,
          chat_instance: 'c',
          data: 'welcome.age/young',
          message: { message_id: 6, date: 0, chat },
        },
      },
      SECRET,
    );
    const before = sent().length;
    await post(textUpdate('jardin'), SECRET);
    const carousel = () =>
      sent()
        .slice(before)
        .find((call) => call.method === 'sendMessage' && call.body.reply_markup !== undefined);
    await eventually(() => carousel() !== undefined, 'the results');
    // The heading, then one message for all the results: no more than two messages in the reply.
    expect(sent().slice(before)).toHaveLength(2);
    const page = carousel()!.body;
    expect(page).toMatchObject({
      chat_id: '42',
      parse_mode: 'HTML',
      text: expect.stringMatching(/^<b>Jardiner au potager partagé<\/b>\n/),
      link_preview_options: {
        url: 'https://bot.example/media/demo/garden.png',
        prefer_large_media: true,
        show_above_text: true,
      },
    });
    type Button = { text: string; callback_data: string };
    const keyboard = (body: Record<string, unknown>) =>
      (body.reply_markup as { inline_keyboard: Button[][] }).inline_keyboard;
    expect(keyboard(page)[0].map((button) => button.text)).toEqual(['◀', '1/3', '▶']);
    const share = keyboard(page)
      .flat()
      .find((button) => button.text === 'Partager')!;

    // ▶ shows the next result in the same message.
    const pagedAt = calls.length;
    await post(
      {
        update_id: ++updateId,
        callback_query: {
          id: 'cb-page',
          from,
          chat_instance: 'c',
          data: keyboard(page)[0][2].callback_data,
          message: { message_id: 9, date: 0, chat },
        },
      },
      SECRET,
    );
    await eventually(() => calls.slice(pagedAt).some((call) => call.method === 'editMessageText'), 'the next page');
    const edit = calls.slice(pagedAt).find((call) => call.method === 'editMessageText')!.body;
    expect(edit).toMatchObject({ chat_id: '42', message_id: 9, text: expect.stringMatching(/^<b>Atelier compost/) });
    expect(keyboard(edit)[0].map((button) => button.text)).toEqual(['◀', '2/3', '▶']);
    expect(calls.slice(pagedAt).filter((call) => call.method === 'sendMessage')).toEqual([]);

    const shareAt = sent().length;
    await post(
      {
        update_id: ++updateId,
        callback_query: {
          id: 'cb-2',
          from,
          chat_instance: 'c',
          data: share.callback_data,
          message: { message_id: 9, date: 0, chat },
        },
      },
      SECRET,
    );
    // `s` then `t`: a signed reference, taken on Telegram.
    const shareLink = /https:\/\/bot\.example\/o\/[A-Za-z0-9_-]+\?r=st[A-Za-z0-9_-]+/;
    await eventually(
      () =>
        sent()
          .slice(shareAt)
          .some((call) => shareLink.test(String(call.body.text))),
      'the share link',
    );
  });

  it('gives coordinators a share link for each channel the bot runs, and none for the others', async () => {
    const links = running.app.admin.opportunities.links(opportunity({ id: 'potager' }));
    expect(Object.keys(links).sort()).toEqual(['page', 'telegram', 'web']);
    expect(links.telegram).toMatch(/^https:\/\/t\.me\/MobilisationBot\?start=o/);
  });

  it('marks a person who blocks the bot unreachable, and active again when they unblock it', async () => {
    const member = (status: string) => ({
      update_id: ++updateId,
      my_chat_member: {
        chat,
        from,
        date: 0,
        old_chat_member: { status: 'member', user: from },
        new_chat_member: { status, user: from },
      },
    });
    const contact = () => running.app.store.contacts.findByIdentity({ channel: 'telegram', externalId: '42' });
    await post(member('kicked'), SECRET);
    expect((await contact())?.status).toBe('unreachable');
    await post(member('member'), SECRET);
    expect((await contact())?.status).toBe('active');
  });

  it('marks a person unreachable when Telegram says the bot is blocked', async () => {
    failSendsWith = { error_code: 403, description: 'Forbidden: bot was blocked by the user' };
    await post(textUpdate('menu'), SECRET);
    const contact = () => running.app.store.contacts.findByIdentity({ channel: 'telegram', externalId: '42' });
    const deadline = Date.now() + 8000;
    while ((await contact())?.status !== 'unreachable' && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await contact())?.status).toBe('unreachable');
    failSendsWith = undefined;
  });
});
