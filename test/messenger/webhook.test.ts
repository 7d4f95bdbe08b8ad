import { receiptKey } from '../../src/domain/channel-state';
import fixtures from './fixtures/events.json';
import { messagingItems } from '../../src/channels/messenger/inbound';
import { signBody } from '../../src/channels/messenger/signature';
import { signedRef } from '../support/sharing';
import { createEmbeddedStore } from '../../src/store/embedded';
import type { Store } from '../../src/domain/ports';
import { FIXED_NOW } from '../support/bot';
import { startFakeGraphApi, type FakeGraphApi } from '../support/fake-graph-api';
import { startApp, type RunningApp } from '../support/server';

const SECRET = 'app-secret';
const VERIFY = 'verify-me';

interface Sent {
  recipient: { id: string };
  messaging_type: string;
  message: {
    text?: string;
    quick_replies?: { title: string; payload: string }[];
    attachment?: {
      payload: {
        template_type?: string;
        elements?: { title: string; buttons?: { title: string; payload?: string }[] }[];
        buttons?: { title: string; url?: string }[];
      };
    };
  };
}

describe('Messenger webhook and conversation', () => {
  let graph: FakeGraphApi;
  let running: RunningApp;
  let store: Store;
  const logged: string[] = [];
  let mid = 0;

  const env = () => ({
    MESSENGER_PAGE_TOKEN: 'page-token',
    MESSENGER_APP_SECRET: SECRET,
    MESSENGER_VERIFY_TOKEN: VERIFY,
    MESSENGER_GRAPH_URL: graph.root,
  });
  const logger = {
    info: () => undefined,
    warn: (m: string) => void logged.push(`warn ${m}`),
    error: (m: string) => void logged.push(`error ${m}`),
  };

  beforeAll(async () => {
    graph = await startFakeGraphApi();
    store = createEmbeddedStore();
    running = await startApp({ store, env: env(), logger, sleep: async () => undefined });
    await running.app.start();
  });

  afterAll(async () => {
    await running.close();
    await graph.close();
  });

  const post = (payload: unknown, signature?: string | null) => {
    const body = JSON.stringify(payload);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (signature !== null) headers['X-Hub-Signature-256'] = signature ?? signBody(body, SECRET);
    return fetch(`${running.url}/webhooks/messenger`, { method: 'POST', headers, body });
  };
  const settle = () => running.app.messenger!.drain();
  const sentTo = (psid: string): Sent[] =>
    graph
      .messages()
      .map((call) => call.body as unknown as Sent)
      .filter((sent) => sent.recipient.id === psid);
  const event = (psid: string, message: Record<string, unknown>) => ({
    object: 'page',
    entry: [
      {
        id: '1234',
        time: Date.now(),
        messaging: [{ sender: { id: psid }, recipient: { id: '1234' }, timestamp: FIXED_NOW.getTime(), ...message }],
      },
    ],
  });
  const say = (psid: string, text: string) => event(psid, { message: { mid: `mid-${++mid}`, text } });
  const tap = (psid: string, title: string, payload: string) =>
    event(psid, { message: { mid: `mid-${++mid}`, text: title, quick_reply: { payload } } });
  const postback = (psid: string, payload: string) =>
    event(psid, { postback: { mid: `mid-${++mid}`, title: 'x', payload } });

  it('answers the verification handshake only with the verify token', async () => {
    const ok = await fetch(
      `${running.url}/webhooks/messenger?hub.mode=subscribe&hub.verify_token=${VERIFY}&hub.challenge=12345`,
    );
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('12345');
    expect(
      (await fetch(`${running.url}/webhooks/messenger?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1`))
        .status,
    ).toBe(403);
  });

  it('refuses unsigned (401) and forged (403) requests without processing them', async () => {
    expect((await post(fixtures.text, null)).status).toBe(401);
    expect((await post(fixtures.text, signBody('something else', SECRET))).status).toBe(403);
    expect((await post(fixtures.text, signBody(JSON.stringify(fixtures.text), 'not-the-secret'))).status).toBe(403);
    await settle();
    expect(await store.contacts.count()).toBe(0);
    expect(await store.inbox.pending('messenger', 10)).toEqual([]);
  });

  it('has Get Started lead to a sign-up, replying as RESPONSE within the limits', async () => {
    expect((await post(postback('P1', 'GET_STARTED'))).status).toBe(200);
    await settle();
    expect(sentTo('P1')[0]).toMatchObject({
      messaging_type: 'RESPONSE',
      message: { text: expect.stringMatching(/^Salut/) },
    });
    const steps: [string, string][] = [
      ["OK, c'est parti", 'welcome.hello/accept'],
      ['18 à 25 ans', 'welcome.age/young'],
    ];
    for (const [title, payload] of steps) {
      await post(tap('P1', title, payload));
      await settle();
    }
    await post(say('P1', 'potager'));
    await settle();
    const carousel = sentTo('P1').find((sent) => sent.message.attachment?.payload.template_type === 'generic')!;
    const card = carousel.message.attachment!.payload.elements![0];
    expect(card.title).toBe('Jardiner au potager partagé');
    const signUp = card.buttons!.find((b) => b.title === "Je m'inscris")!;
    await post(postback('P1', signUp.payload!));
    await settle();
    expect(sentTo('P1').at(-1)!.message.text).toMatch(/Quel est ton prénom/);
    await post(say('P1', 'Lina'));
    await settle();
    const confirmation = sentTo('P1').at(-1)!;
    expect(confirmation.message.attachment?.payload.template_type).toBe('button');
    expect(await store.signups.countConfirmed('potager-samedi')).toBe(1);
    for (const sent of sentTo('P1')) expect(sent.messaging_type).toBe('RESPONSE');
  });

  it('handles every entry and item of a batched request, and a redelivered mid once', async () => {
    const batch = {
      object: 'page',
      entry: [...postback('P2', 'GET_STARTED').entry, ...postback('P3', 'GET_STARTED').entry],
    };
    await post(batch);
    await settle();
    const count = sentTo('P2').length;
    expect(count).toBeGreaterThan(0);
    expect(sentTo('P3').length).toBe(count);
    await post(batch);
    await settle();
    expect(sentTo('P2').length).toBe(count);
  });

  it('acknowledges what it cannot read, drops it, keeps only what it checked, and keeps serving', async () => {
    const before = logged.length;
    const item = (fields: Record<string, unknown>) => ({ object: 'page', entry: [{ id: '1', messaging: [fields] }] });
    const deepPayload = `{"url":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    const bodies = [
      JSON.stringify({ object: 'page', entry: [null] }),
      JSON.stringify({ object: 'page', entry: [{ messaging: [null, 7] }] }),
      JSON.stringify(item({ sender: { id: 12345 }, message: { mid: 'm-num', text: 'salut' } })),
      JSON.stringify(item({ sender: { id: 'P9' }, timestamp: 1e300, message: { mid: 'm-late', text: 'x' } })),
      JSON.stringify({ object: 'user', entry: [] }),
      'not json at all',
      // One signed event with thousands of levels of nesting in an attachment's payload.
      JSON.stringify(
        item({ sender: { id: 'P9' }, message: { mid: 'm-deep', attachments: [{ type: 'image', payload: 'DEEP' }] } }),
      ).replace('"DEEP"', deepPayload),
    ];
    for (const body of bodies) {
      const response = await fetch(`${running.url}/webhooks/messenger`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'X-Hub-Signature-256': signBody(body, SECRET) },
        body,
      });
      expect(response.status).toBe(200);
    }
    await settle();
    expect(logged.slice(before).filter((line) => line === 'warn messenger events dropped')).toHaveLength(bodies.length);
    expect(logged.slice(before).filter((line) => line.startsWith('error'))).toEqual([]);
    expect(await store.contacts.findByIdentity({ channel: 'messenger', externalId: '12345' })).toBeUndefined();
    expect(await store.inbox.pending('messenger', 10)).toEqual([]);

    // The same attachment at an ordinary depth is handled, and its payload is not kept.
    const image = item({
      sender: { id: 'P9' },
      timestamp: FIXED_NOW.getTime(),
      message: { mid: 'm-image', attachments: [{ type: 'image', payload: { url: 'https://x.example/a.jpg' } }] },
    });
    expect((await post(image)).status).toBe(200);
    await settle();
    expect(messagingItems(image).items).toEqual([
      {
        sender: { id: 'P9' },
        timestamp: FIXED_NOW.getTime(),
        message: { mid: 'm-image', attachments: [{ type: 'image' }] },
      },
    ]);
    expect(sentTo('P9').length).toBeGreaterThan(0);
    expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
  });

  it('handles, at the next start, an event acknowledged just before the process died', async () => {
    const crashed = createEmbeddedStore();
    await crashed.inbox.add({
      id: 'm:lost-1',
      channel: 'messenger',
      payload: postback('P4', 'GET_STARTED').entry[0].messaging[0],
      receivedAt: FIXED_NOW.toISOString(),
    });
    const restarted = await startApp({ store: crashed, env: env(), logger, sleep: async () => undefined });
    await restarted.app.start();
    expect(sentTo('P4')[0].message.text).toMatch(/^Salut/);
    expect(await crashed.inbox.pending('messenger', 10)).toEqual([]);
    await restarted.close();
  });

  it('opens a shared opportunity from an m.me link, whose ref the share button made', async () => {
    await post(tap('P1', 'Menu', 'main.menu/discover'));
    await settle();
    const shared = signedRef('maraude-hiver', 'x', 'messenger');
    expect(running.app.messenger!.shareLink(shared)).toBe(`https://m.me/asso.mobilisation?ref=${shared}`);
    await post(event('P1', { referral: { ref: shared, source: 'SHORTLINK', type: 'OPEN_THREAD' } }));
    await settle();
    expect(
      sentTo('P1')
        .at(-1)!
        .message.quick_replies?.map((q) => q.title),
    ).toContain("Je m'inscris");
    expect(
      sentTo('P1')
        .map((s) => s.message.text ?? '')
        .join('\n'),
    ).toMatch(/Maraude solidaire/);
  });

  it('does not answer an event handled more than 24 hours after it was sent (after an outage)', async () => {
    const late = event('LATE', { postback: { mid: `mid-${++mid}`, title: 'x', payload: 'GET_STARTED' } });
    late.entry[0].messaging[0].timestamp = FIXED_NOW.getTime() - 25 * 3600 * 1000;
    expect((await post(late)).status).toBe(200);
    await settle();
    expect(sentTo('LATE')).toEqual([]);
    const contact = await store.contacts.findByIdentity({ channel: 'messenger', externalId: 'LATE' });
    expect(contact?.lastInboundAt).toBe(new Date(FIXED_NOW.getTime() - 25 * 3600 * 1000).toISOString());
  });

  it("keeps a known person's read watermark in the channel's state, only forward; none for strangers", async () => {
    await post(event('P1', { read: { watermark: FIXED_NOW.getTime() } }));
    await post(event('P1', { read: { watermark: FIXED_NOW.getTime() - 60_000 } }));
    await post(event('STRANGER', { read: { watermark: FIXED_NOW.getTime() } }));
    await settle();
    expect(await store.channelState.get('messenger', receiptKey('read', 'P1'))).toBe(FIXED_NOW.toISOString());
    expect(await store.channelState.get('messenger', receiptKey('read', 'STRANGER'))).toBeUndefined();
  });

  describe('Send API errors', () => {
    afterEach(() => {
      graph.respond = () => undefined;
    });
    const fail = (status: number, code: number, subcode?: number, times = Infinity) => {
      let left = times;
      graph.respond = (call) =>
        call.path.endsWith('/me/messages') && left-- > 0
          ? {
              status,
              body: {
                error: {
                  message: `code ${code}`,
                  type: 'OAuthException',
                  code,
                  ...(subcode ? { error_subcode: subcode } : {}),
                },
              },
            }
          : undefined;
    };
    const attemptsFor = (psid: string) =>
      graph.messages().filter((call) => (call.body as unknown as Sent).recipient.id === psid).length;

    it('marks a person unavailable (551) unreachable and stops', async () => {
      fail(400, 551);
      await post(postback('E1', 'GET_STARTED'));
      await settle();
      expect(attemptsFor('E1')).toBe(1);
      expect((await store.contacts.findByIdentity({ channel: 'messenger', externalId: 'E1' }))?.status).toBe(
        'unreachable',
      );
    });

    it('retries rate limits (613) and temporary errors (1200), then delivers', async () => {
      fail(400, 613, undefined, 1);
      await post(postback('E2', 'GET_STARTED'));
      await settle();
      fail(500, 1200, undefined, 2);
      await post(postback('E3', 'GET_STARTED'));
      await settle();
      expect(sentTo('E2').length).toBeGreaterThan(1);
      expect(sentTo('E3').length).toBeGreaterThan(2);
    });

    it('does not retry outside the window (2018278) or a bad parameter (100), and logs the latter loudly', async () => {
      fail(400, 10, 2018278);
      await post(postback('E4', 'GET_STARTED'));
      await settle();
      expect(attemptsFor('E4')).toBe(1);
      fail(400, 100);
      await post(postback('E5', 'GET_STARTED'));
      await settle();
      expect(attemptsFor('E5')).toBe(1);
      expect(logged).toContain('error messenger send failed: fix the configuration or the message');
    });

    it('stops all sending on an invalid token (190)', async () => {
      fail(401, 190);
      await post(postback('E6', 'GET_STARTED'));
      await settle();
      graph.respond = () => undefined;
      await post(postback('E7', 'GET_STARTED'));
      await settle();
      expect(attemptsFor('E6')).toBe(1);
      expect(attemptsFor('E7')).toBe(0);
      expect(running.app.messenger!.sender.disabled?.kind).toBe('invalid_token');
    });
  });
});
