/** Publishing an opportunity also posts it to the association's Telegram channel and Facebook Page. */
import { startFakeBotApi, type FakeBotApi } from '../support/fake-bot-api';
import { startFakeGraphApi, type FakeGraphApi } from '../support/fake-graph-api';
import { startApp, type RunningApp } from '../support/server';

const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';

describe('publishing beyond the bot', () => {
  let bot: FakeBotApi;
  let graph: FakeGraphApi;
  let running: RunningApp;

  beforeAll(async () => {
    bot = await startFakeBotApi();
    graph = await startFakeGraphApi();
    running = await startApp({
      env: {
        ADMIN_TOKEN,
        DEMO_DATA: 'false',
        TELEGRAM_BOT_TOKEN: '1:T',
        TELEGRAM_API_ROOT: bot.root,
        TELEGRAM_MODE: 'webhook',
        TELEGRAM_WEBHOOK_SECRET: 's',
        TELEGRAM_GLOBAL_RATE: '1000',
        MESSENGER_PAGE_TOKEN: 'bot-page-token',
        MESSENGER_APP_SECRET: 'secret',
        MESSENGER_VERIFY_TOKEN: 'verify',
        MESSENGER_GRAPH_URL: graph.root,
      },
      sleep: async () => undefined,
    });
    await running.app.start();
  });
  afterAll(async () => {
    await running.close();
    await bot.close();
    await graph.close();
  });

  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${running.url}/api/admin${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it("posts the opportunity with its link on the association's channel and Page; never shows the token", async () => {
    const organisation = (await call('POST', '/organisations', { name: 'Les Jardins' })).body;
    const id = organisation.id as string;
    expect(
      (await call('PATCH', `/organisations/${id}/publishing`, { telegramChannel: 'jardins', facebookPageId: '123' }))
        .status,
    ).toBe(400);
    const saved = await call('PATCH', `/organisations/${id}/publishing`, {
      telegramChannel: '@jardins_news',
      facebookPageId: '123456',
      facebookPageToken: 'page-secret',
    });
    expect(saved.body.publishTo).toEqual({
      telegramChannel: '@jardins_news',
      facebookPageId: '123456',
      facebookPageToken: 'set',
    });
    expect(JSON.stringify((await call('GET', '/organisations')).body)).not.toContain('page-secret');

    const created = await call('POST', '/opportunities', {
      organisationId: id,
      kind: 'volunteering',
      title: { fr: 'Potager solidaire' },
      summary: { fr: 'Une matinée au jardin' },
      region: 'occitanie',
      status: 'published',
    });
    expect(created.body.status).toBe('published');
    const post = bot.calls.find((c) => c.method === 'sendMessage' && c.body.chat_id === '@jardins_news');
    expect(post?.body.text).toContain('📣 Les Jardins : Potager solidaire');
    expect(post?.body.text).toContain('https://t.me/MobilisationBot?start=o');
    const feed = graph.calls.find((c) => c.path === '/v23.0/123456/feed');
    expect(feed).toMatchObject({
      method: 'POST',
      token: 'page-secret',
      body: { link: expect.stringContaining('https://m.me/asso.mobilisation?ref=o') },
    });
    expect(String(feed?.body.message)).toContain('Une matinée au jardin');
  });
});
