/**
 * The outbox through each real channel: Telegram and Messenger against loopback stand-ins, the web
 * chat's mailbox over HTTP.
 */
import { newOutboxEntry } from '../../src/domain/outbox';
import type { ChannelName } from '../../src/domain/model';
import { createEmbeddedStore } from '../../src/store/embedded';
import { FIXED_NOW } from '../support/bot';
import { contact } from '../support/factories';
import { startFakeBotApi, type FakeBotApi } from '../support/fake-bot-api';
import { startFakeGraphApi, type FakeGraphApi } from '../support/fake-graph-api';
import { startApp, type RunningApp } from '../support/server';

const entry = (id: string, contactId: string, channel: ChannelName, externalId: string) =>
  newOutboxEntry({
    id,
    key: `k-${id}`,
    group: 'broadcast:b1',
    purpose: 'broadcast',
    contactId,
    channel,
    externalId,
    messages: [
      {
        kind: 'text',
        text: `Bonjour ${id}`,
        choices: [{ label: 'Voir', payload: 'discover.show_results/details/garden' }],
      },
    ],
    notBefore: FIXED_NOW,
    now: FIXED_NOW,
  });

describe('the outbox through Telegram', () => {
  let api: FakeBotApi;
  let running: RunningApp;

  beforeAll(async () => {
    api = await startFakeBotApi();
    api.respond = ({ method, body }) => {
      if (!method.startsWith('send')) return undefined;
      const chat = String(body.chat_id);
      if (chat === '403')
        return {
          status: 403,
          body: { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' },
        };
      if (chat === '429')
        return {
          status: 429,
          body: {
            ok: false,
            error_code: 429,
            description: 'Too Many Requests: retry after 7',
            parameters: { retry_after: 7 },
          },
        };
      if (chat === '400')
        return { status: 400, body: { ok: false, error_code: 400, description: "Bad Request: can't parse entities" } };
      return undefined;
    };
    running = await startApp({
      env: {
        TELEGRAM_BOT_TOKEN: '1:T',
        TELEGRAM_API_ROOT: api.root,
        TELEGRAM_MODE: 'webhook',
        TELEGRAM_WEBHOOK_SECRET: 's',
        TELEGRAM_GLOBAL_RATE: '1000',
      },
    });
  });
  afterAll(async () => {
    await running.close();
    await api.close();
  });

  it('sends with buttons, and settles blocked, rate-limited and refused messages as the platform said', async () => {
    const { store, dispatcher } = running.app;
    for (const chat of ['ok', '403', '429', '400']) {
      await store.contacts.findOrCreate({ channel: 'telegram', externalId: chat }, () =>
        contact({ id: `c-${chat}`, identities: [{ channel: 'telegram', externalId: chat }] }),
      );
      await store.outbox.enqueue([entry(chat, `c-${chat}`, 'telegram', chat)]);
    }
    await dispatcher.runOnce();
    const sent = api.calls.find((call) => call.method === 'sendMessage' && call.body.chat_id === 'ok')!;
    expect(sent.body).toMatchObject({
      text: 'Bonjour ok',
      reply_markup: { inline_keyboard: [[{ text: 'Voir', callback_data: 'discover.show_results/details/garden' }]] },
    });
    expect(await store.outbox.get('k-ok')).toMatchObject({ status: 'sent', channel: 'telegram' });
    expect(await store.outbox.get('k-403')).toMatchObject({ status: 'skipped', reason: 'unreachable' });
    expect((await store.contacts.get('c-403'))?.status).toBe('unreachable');
    expect(await store.outbox.get('k-429')).toMatchObject({
      status: 'failed',
      notBefore: new Date(FIXED_NOW.getTime() + 7000).toISOString(),
    });
    expect(await store.outbox.get('k-400')).toMatchObject({
      status: 'dead',
      lastError: "Bad Request: can't parse entities",
    });
  });
});

describe('the outbox through Messenger', () => {
  let graph: FakeGraphApi;
  let running: RunningApp;

  beforeAll(async () => {
    graph = await startFakeGraphApi();
    running = await startApp({
      env: {
        MESSENGER_PAGE_TOKEN: 'page-token',
        MESSENGER_APP_SECRET: 'secret',
        MESSENGER_VERIFY_TOKEN: 'verify',
        MESSENGER_GRAPH_URL: graph.root,
      },
      sleep: async () => undefined,
    });
  });
  afterAll(async () => {
    await running.close();
    await graph.close();
  });

  it('sends as UPDATE inside the 24-hour window and attempts nothing outside it', async () => {
    const { store, dispatcher } = running.app;
    const recent = new Date(FIXED_NOW.getTime() - 23 * 3600_000).toISOString();
    const old = new Date(FIXED_NOW.getTime() - 25 * 3600_000).toISOString();
    await store.contacts.findOrCreate({ channel: 'messenger', externalId: 'P1' }, () =>
      contact({
        id: 'c1',
        identities: [{ channel: 'messenger', externalId: 'P1' }],
        lastInboundAt: recent,
        lastInboundChannel: 'messenger',
      }),
    );
    await store.contacts.findOrCreate({ channel: 'messenger', externalId: 'P2' }, () =>
      contact({
        id: 'c2',
        identities: [{ channel: 'messenger', externalId: 'P2' }],
        lastInboundAt: old,
        lastInboundChannel: 'messenger',
      }),
    );
    await store.outbox.enqueue([entry('in', 'c1', 'messenger', 'P1'), entry('out', 'c2', 'messenger', 'P2')]);
    await dispatcher.runOnce();
    const bodies = graph.messages().map((call) => call.body as { recipient: { id: string }; messaging_type: string });
    expect(bodies.map((body) => [body.recipient.id, body.messaging_type])).toEqual([['P1', 'UPDATE']]);
    expect(await store.outbox.get('k-in')).toMatchObject({ status: 'sent' });
    expect(await store.outbox.get('k-out')).toMatchObject({ status: 'skipped', reason: 'outside_window' });
  });
});

describe('the outbox through the web chat', () => {
  it("keeps messages in the visitor's mailbox until the page fetches them", async () => {
    const running = await startApp({ store: createEmbeddedStore() });
    try {
      const { store, dispatcher } = running.app;
      const visitor = 'visitor-0123456789abcdef';
      await store.contacts.findOrCreate({ channel: 'web', externalId: visitor }, () =>
        contact({ id: 'c1', identities: [{ channel: 'web', externalId: visitor }] }),
      );
      await store.outbox.enqueue([entry('a', 'c1', 'web', visitor), entry('b', 'c1', 'web', visitor)]);
      await dispatcher.drain();
      const first = (await (await fetch(`${running.url}/chat/api/updates?visitorId=${visitor}`)).json()) as {
        items: Array<{ id: string; messages: Array<{ text: string }> }>;
      };
      expect(first.items.map((item) => item.messages[0].text)).toEqual(['Bonjour a', 'Bonjour b']);
      const after = await (
        await fetch(`${running.url}/chat/api/updates?visitorId=${visitor}&after=${first.items[0].id}`)
      ).json();
      expect((after as typeof first).items.map((item) => item.messages[0].text)).toEqual(['Bonjour b']);
      const bad = await fetch(`${running.url}/chat/api/updates?visitorId=short`);
      expect(bad.status).toBe(400);
      expect(await bad.json()).toEqual({ error: 'visitorId: must be 16 to 64 letters, digits, - or _' });
    } finally {
      await running.close();
    }
  });
});
