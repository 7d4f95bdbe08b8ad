/** Publishing an opportunity also posts it to the association's Telegram channel and Facebook Page. */
import { addAccount, signInCookie } from '../support/accounts';
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

  /** A dashboard page as an administrator sees it, signed in through the form. */
  const signInAndGet = async (path: string) => {
    const email = 'admin@example.org';
    if (!(await running.app.store.accounts.findByEmail(email)))
      await addAccount(running.app.store, { id: 'admin-acc', email, role: 'admin' });
    const cookie = await signInCookie(running.url, email);
    return (await fetch(`${running.url}${path}`, { headers: { cookie: cookie! } })).text();
  };

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
    // A link post to the public page: Facebook shows its title and picture.
    expect(feed).toMatchObject({
      method: 'POST',
      token: 'page-secret',
      body: { link: `https://bot.example/o/${created.body.id as string}` },
    });
    expect(String(feed?.body.message)).toContain('Une matinée au jardin');
    expect(created.body.announcement).toMatchObject({
      results: [
        { channel: 'telegram', ok: true },
        { channel: 'messenger', ok: true },
      ],
    });
  });

  it('announces once, with the picture, in both languages; again when asked; failures on the dashboard', async () => {
    const organisation = (await call('POST', '/organisations', { name: 'Les Berges' })).body;
    const id = organisation.id as string;
    await call('PATCH', `/organisations/${id}/publishing`, {
      telegramChannel: '@berges',
      facebookPageId: '777',
      facebookPageToken: 'berges-secret',
    });
    const posts = () => ({
      telegram: bot.calls.filter((c) => c.body.chat_id === '@berges'),
      facebook: graph.calls.filter((c) => c.path === '/v23.0/777/feed'),
    });
    const created = await call('POST', '/opportunities', {
      organisationId: id,
      kind: 'volunteering',
      title: { fr: 'Nettoyage des berges', en: 'Riverbank clean-up' },
      summary: { fr: 'Gants fournis', en: 'Gloves provided' },
      region: 'occitanie',
      mediaUrl: 'https://cdn.example/berges.jpg',
      status: 'published',
    });
    const opportunityId = created.body.id as string;
    const [photo] = posts().telegram;
    expect(photo).toMatchObject({ method: 'sendPhoto', body: { photo: 'https://cdn.example/berges.jpg' } });
    expect(photo.body.caption).toContain('Nettoyage des berges');
    expect(photo.body.caption).toContain('Riverbank clean-up');
    expect(String(posts().facebook[0].body.message)).toContain('Gloves provided');

    // A pause in draft, published again: no second post.
    await call('PATCH', `/opportunities/${opportunityId}`, { status: 'draft' });
    await call('PATCH', `/opportunities/${opportunityId}`, { status: 'published' });
    expect(posts().telegram).toHaveLength(1);
    expect(posts().facebook).toHaveLength(1);

    // Asked for: posted again. The Page refuses this time, and says why.
    graph.respond = (c) =>
      c.path === '/v23.0/777/feed'
        ? { status: 400, body: { error: { message: 'The page token expired', type: 'OAuthException', code: 190 } } }
        : undefined;
    try {
      const again = await call('POST', `/opportunities/${opportunityId}/announce`);
      expect(again.status).toBe(200);
      expect(posts().telegram).toHaveLength(2);
      expect(again.body.announcement).toMatchObject({
        results: [
          { channel: 'telegram', ok: true },
          { channel: 'messenger', ok: false, error: expect.stringContaining('token expired') },
        ],
      });
      expect(JSON.stringify(again.body)).not.toContain('berges-secret');
    } finally {
      graph.respond = () => undefined;
    }
    const page = await signInAndGet(`/admin/opportunities/${opportunityId}`);
    expect(page).toContain('La publication sur la Page Facebook a échoué');
    expect(page).toContain('token expired');
    expect(page).toContain('Annoncer à nouveau');
    expect((await call('POST', `/opportunities/${opportunityId}/duplicate`)).status).toBe(201);
  });

  it('refuses to announce a draft', async () => {
    const organisation = (await call('POST', '/organisations', { name: 'Les Brouillons' })).body;
    const draft = await call('POST', '/opportunities', {
      organisationId: organisation.id,
      kind: 'meeting',
      title: { fr: 'Réunion' },
      summary: { fr: 'r' },
      region: 'occitanie',
    });
    const refused = await call('POST', `/opportunities/${draft.body.id as string}/announce`);
    expect(refused.status).toBe(409);
  });
});
