/**
 * Trying a broadcast without Telegram: its preview on each running channel in each language, and a
 * test sent to the coordinator's own web chat, linked from the dashboard.
 */
import type { Store } from '../../src/domain/ports';
import { createEmbeddedStore } from '../../src/store/embedded';
import { opportunity } from '../support/factories';
import { startApp, type RunningApp } from '../support/server';
import { addAccount, signInCookie } from '../support/accounts';

const VISITOR = 'visitor-coordinatrice-0001';

describe('trying a broadcast before it goes', () => {
  let running: RunningApp;
  let store: Store;
  let cookie: string;

  const page = async (path: string) => (await fetch(`${running.url}${path}`, { headers: { cookie } })).text();
  const compose = async (fields: Record<string, string>) => {
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page('/admin/broadcasts'))![1];
    const response = await fetch(`${running.url}/admin/broadcasts`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
    });
    return { status: response.status, text: await response.text() };
  };
  const words = { 'text.fr': 'Chantier samedi, venez nombreux', 'text.en': 'Work camp on Saturday' };

  beforeAll(async () => {
    store = createEmbeddedStore();
    await store.organisations.save({ id: 'org', name: 'Les Jardins', createdAt: '2026-11-01T00:00:00.000Z' });
    await addAccount(store, { id: 'acc', email: 'lea@example.org', name: 'Léa', organisationId: 'org' });
    await store.opportunities.save(
      opportunity({
        id: 'camp',
        organisationId: 'org',
        title: { fr: 'Un titre de chantier bien trop long pour tenir dans les quatre-vingts caractères de Messenger' },
      }),
    );
    running = await startApp({ store, env: { DEMO_DATA: 'false' } });
    cookie = (await signInCookie(running.url, 'lea@example.org'))!;
  });
  afterAll(() => running.close());

  it('previews the message on each running channel, in French and in English', async () => {
    const review = await compose({ ...words, opportunityId: 'camp', intent: 'review' });
    expect(review.status).toBe(200);
    const figure = (locale: string) =>
      new RegExp(`<figure class="preview web" data-channel="web" data-locale="${locale}">([\\s\\S]*?)</figure>`).exec(
        review.text,
      )?.[1] ?? '';
    expect(figure('fr')).toContain('Les Jardins — Chantier samedi, venez nombreux');
    expect(figure('fr')).toContain('<span class="preview-button">');
    expect(figure('en')).toContain('Les Jardins — Work camp on Saturday');
    // Only the channels the bot runs: here the web chat alone.
    expect(review.text).not.toContain('data-channel="telegram"');
    expect(review.text).not.toContain('data-channel="messenger"');
  });

  it('sends the test to the coordinator’s own web chat once it is linked, no Telegram needed', async () => {
    expect((await compose({ ...words, intent: 'test' })).text).toContain('Reliez d&#39;abord un chat');
    const chats = await page('/admin/telegram');
    expect(chats).toMatch(/Ce bot n(&#39;|')a pas de compte Telegram/);
    const token = /href="\/chat\?link=([\w-]+)" id="link-web-chat"/.exec(chats)![1];
    const opened = await fetch(`${running.url}/chat/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ visitorId: VISITOR, messageId: 'm1', start: { link: token } }),
    });
    expect(JSON.stringify(await opened.json())).toContain('relié');
    expect(await page('/admin/telegram')).toContain('Relié : le chat web');

    expect((await compose({ ...words, intent: 'test' })).text).toContain('Test envoyé dans votre chat web');
    const updates = async () =>
      (await (await fetch(`${running.url}/chat/api/updates?visitorId=${VISITOR}`)).json()) as {
        items: Array<{ messages: Array<{ text?: string }> }>;
      };
    let items = (await updates()).items;
    for (let tries = 0; items.length === 0 && tries < 50; tries++) {
      await running.app.dispatcher.drain();
      items = (await updates()).items;
    }
    expect(items.flatMap((item) => item.messages.map((m) => m.text))).toContain(
      'Les Jardins — Chantier samedi, venez nombreux',
    );
  });
});
