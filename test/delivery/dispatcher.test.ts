import type { ChannelDelivery, DeliveryRequest, DeliveryResult } from '../../src/domain/delivery';
import type { ChannelName } from '../../src/domain/model';
import type { Store } from '../../src/domain/ports';
import { backoffMs, Dispatcher } from '../../src/delivery/dispatcher';
import { createEmbeddedStore } from '../../src/store/embedded';
import { contact, NOW, opportunity, outboxEntry } from '../support/factories';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** A channel that records what it was asked and answers what the test says. */
function fakeChannel(
  answer: (request: DeliveryRequest) => DeliveryResult | Promise<DeliveryResult> = (r) => ({
    status: 'sent',
    parts: r.messages.length,
  }),
) {
  const requests: DeliveryRequest[] = [];
  const channel: ChannelDelivery = {
    async deliver(request) {
      requests.push(request);
      return answer(request);
    },
  };
  return { channel, requests };
}

describe('outbox dispatcher', () => {
  let store: Store;
  let now: Date;
  const clock = () => now;
  const dispatcher = (channels: Partial<Record<ChannelName, ChannelDelivery>>, owner = 'd1') =>
    new Dispatcher({ store, channels, clock, logger: silent, owner, maxAttempts: 3 });

  beforeEach(async () => {
    store = createEmbeddedStore();
    now = new Date(NOW);
    await store.contacts.findOrCreate({ channel: 'telegram', externalId: '42' }, () =>
      contact({ identities: [{ channel: 'telegram', externalId: '42' }] }),
    );
  });
  afterEach(() => store.close());

  it('sends a due entry through its channel and records where it went', async () => {
    const telegram = fakeChannel();
    await store.outbox.enqueue([outboxEntry({ id: 'a', key: 'ka' })]);
    expect(await dispatcher({ telegram: telegram.channel }).drain()).toBe(1);
    expect(telegram.requests).toEqual([
      { externalId: '42', messages: [{ kind: 'text', text: 'Bonjour' }], priority: 'bulk', purpose: 'broadcast' },
    ]);
    expect(await store.outbox.get('ka')).toMatchObject({
      status: 'sent',
      channel: 'telegram',
      sentAt: NOW,
      attempts: 1,
    });
  });

  it.each([
    ['stopped', 'stopped'],
    ['unreachable', 'unreachable'],
    ['erased', 'erased'],
  ] as const)('skips a contact who is %s, with the reason', async (status, reason) => {
    await store.contacts.update('c1', { status });
    const telegram = fakeChannel();
    await store.outbox.enqueue([outboxEntry({ id: 'a', key: 'ka' })]);
    await dispatcher({ telegram: telegram.channel }).drain();
    expect(telegram.requests).toEqual([]);
    expect(await store.outbox.get('ka')).toMatchObject({ status: 'skipped', reason });
  });

  it('still delivers the answer to a question to someone who said STOP', async () => {
    await store.contacts.update('c1', { status: 'stopped' });
    const telegram = fakeChannel();
    await store.outbox.enqueue([outboxEntry({ id: 'a', key: 'ka', purpose: 'answer', priority: 'high' })]);
    await dispatcher({ telegram: telegram.channel }).drain();
    expect((await store.outbox.get('ka'))?.status).toBe('sent');
  });

  it('retries a temporary failure after a backoff, honouring the wait the platform asked for', async () => {
    let fail = true;
    const telegram = fakeChannel((r) =>
      fail
        ? { status: 'retry', parts: 0, error: 'Too Many Requests', retryAfterMs: 90_000 }
        : { status: 'sent', parts: r.messages.length },
    );
    await store.outbox.enqueue([outboxEntry({ id: 'a', key: 'ka' })]);
    const d = dispatcher({ telegram: telegram.channel });
    await d.drain();
    expect(await store.outbox.get('ka')).toMatchObject({
      status: 'failed',
      lastError: 'Too Many Requests',
      notBefore: new Date(Date.parse(NOW) + 90_000).toISOString(),
    });
    now = new Date(Date.parse(NOW) + 89_000);
    expect(await d.drain()).toBe(0);
    fail = false;
    now = new Date(Date.parse(NOW) + 90_000);
    expect(await d.drain()).toBe(1);
    expect(await store.outbox.get('ka')).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('gives up after the last attempt (dead letter), and at once on a permanent failure', async () => {
    const telegram = fakeChannel((r) =>
      r.externalId === '42'
        ? { status: 'retry', parts: 0, error: 'HTTP 502' }
        : { status: 'failed', parts: 0, error: 'Bad Request: message is too long' },
    );
    await store.contacts.findOrCreate({ channel: 'telegram', externalId: '43' }, () =>
      contact({ id: 'c2', identities: [{ channel: 'telegram', externalId: '43' }] }),
    );
    await store.outbox.enqueue([
      outboxEntry({ id: 'a', key: 'ka' }),
      outboxEntry({ id: 'b', key: 'kb', contactId: 'c2', externalId: '43' }),
    ]);
    const d = dispatcher({ telegram: telegram.channel });
    for (let attempt = 1; attempt <= 3; attempt++) {
      await d.drain();
      now = new Date(now.getTime() + backoffMs(attempt));
    }
    expect(await store.outbox.get('ka')).toMatchObject({
      status: 'dead',
      attempts: 3,
      lastError: 'HTTP 502',
      messages: [],
    });
    expect(await store.outbox.get('kb')).toMatchObject({
      status: 'dead',
      attempts: 1,
      lastError: 'Bad Request: message is too long',
    });
    expect(backoffMs(1)).toBe(30_000);
    expect(backoffMs(20)).toBe(3_600_000);
  });

  it('records someone who blocked the bot as unreachable', async () => {
    const telegram = fakeChannel(() => ({ status: 'gone', parts: 0, error: 'Forbidden: bot was blocked by the user' }));
    await store.outbox.enqueue([outboxEntry({ id: 'a', key: 'ka' })]);
    await dispatcher({ telegram: telegram.channel }).drain();
    expect(await store.outbox.get('ka')).toMatchObject({ status: 'skipped', reason: 'unreachable' });
  });

  it('resumes after the messages that already arrived', async () => {
    let calls = 0;
    const telegram = fakeChannel((r) =>
      ++calls === 1 ? { status: 'retry', parts: 1, error: 'timeout' } : { status: 'sent', parts: r.messages.length },
    );
    const messages = [
      { kind: 'text' as const, text: 'un' },
      { kind: 'text' as const, text: 'deux' },
    ];
    await store.outbox.enqueue([outboxEntry({ id: 'a', key: 'ka', messages })]);
    const d = dispatcher({ telegram: telegram.channel });
    await d.drain();
    now = new Date(Date.parse(NOW) + backoffMs(1));
    await d.drain();
    expect(telegram.requests.map((r) => r.messages.map((m) => (m.kind === 'text' ? m.text : '')))).toEqual([
      ['un', 'deux'],
      ['deux'],
    ]);
    expect(await store.outbox.get('ka')).toMatchObject({ status: 'sent', partsSent: 2 });
  });

  it("sends a reminder Messenger may not carry to the person's linked Telegram, else skips it", async () => {
    const messenger = fakeChannel(() => ({ status: 'not_allowed', reason: 'outside_window' }));
    const telegram = fakeChannel();
    await store.contacts.findOrCreate({ channel: 'messenger', externalId: 'psid' }, () =>
      contact({
        id: 'c2',
        identities: [
          { channel: 'messenger', externalId: 'psid' },
          { channel: 'telegram', externalId: '77' },
        ],
        lastInboundChannel: 'messenger',
        lastInboundAt: NOW,
      }),
    );
    await store.contacts.findOrCreate({ channel: 'messenger', externalId: 'alone' }, () =>
      contact({ id: 'c3', identities: [{ channel: 'messenger', externalId: 'alone' }] }),
    );
    await store.outbox.enqueue([
      outboxEntry({
        id: 'a',
        key: 'ka',
        contactId: 'c2',
        channel: 'messenger',
        externalId: 'psid',
        purpose: 'reminder',
        priority: 'high',
      }),
      outboxEntry({
        id: 'b',
        key: 'kb',
        contactId: 'c3',
        channel: 'messenger',
        externalId: 'alone',
        purpose: 'reminder',
        priority: 'high',
      }),
    ]);
    await dispatcher({ messenger: messenger.channel, telegram: telegram.channel }).drain();
    expect(messenger.requests.map((r) => [r.externalId, r.lastInboundAt])).toEqual([
      ['psid', NOW],
      ['alone', undefined],
    ]);
    expect(await store.outbox.get('ka')).toMatchObject({ status: 'sent', channel: 'telegram', externalId: '77' });
    expect(await store.outbox.get('kb')).toMatchObject({ status: 'skipped', reason: 'outside_window' });
  });

  it('skips what is no longer true when its time comes', async () => {
    await store.opportunities.save(opportunity({ startsAt: '2026-11-25T10:00:00.000Z' }));
    const { signup } = await store.signups.request({
      id: 's1',
      contactId: 'c1',
      opportunityId: 'opp1',
      channel: 'telegram',
      joinWaitlist: false,
      now: NOW,
    });
    const about = { signupId: signup!.id, opportunityId: 'opp1', startsAt: '2026-11-25T10:00:00.000Z' };
    await store.outbox.enqueue([
      outboxEntry({
        id: 'a',
        key: 'moved',
        purpose: 'reminder',
        about: { ...about, startsAt: '2026-11-25T09:00:00.000Z' },
      }),
      outboxEntry({ id: 'b', key: 'fine', purpose: 'reminder', about }),
      outboxEntry({ id: 'c', key: 'alert', purpose: 'alert', about: { opportunityId: 'opp1' } }),
    ]);
    const telegram = fakeChannel();
    const d = dispatcher({ telegram: telegram.channel });
    await d.drain();
    expect((await store.outbox.get('moved'))?.reason).toBe('rescheduled');
    expect((await store.outbox.get('fine'))?.status).toBe('sent');
    expect((await store.outbox.get('alert'))?.status).toBe('sent');

    await store.signups.cancel('s1', NOW);
    await store.opportunities.save(opportunity({ startsAt: '2026-11-25T10:00:00.000Z', status: 'draft' }));
    await store.outbox.enqueue([
      outboxEntry({ id: 'd', key: 'after-cancel', purpose: 'reminder', about }),
      outboxEntry({ id: 'e', key: 'unpublished', purpose: 'alert', about: { opportunityId: 'opp1' } }),
    ]);
    await d.drain();
    expect((await store.outbox.get('after-cancel'))?.reason).toBe('signup_cancelled');
    expect((await store.outbox.get('unpublished'))?.reason).toBe('unpublished');
  });

  it('counts an alert or broadcast about an opportunity that arrived as reaching the person', async () => {
    await store.outbox.enqueue([
      outboxEntry({ id: 'a', key: 'alert', purpose: 'alert', group: 'alerts:opp1', about: { opportunityId: 'opp1' } }),
      outboxEntry({ id: 'b', key: 'plain' }),
    ]);
    await store.opportunities.save(opportunity());
    await dispatcher({ telegram: fakeChannel().channel }).drain();
    expect(await store.metrics.listByOpportunity('opp1')).toEqual([
      {
        id: 'reached:a',
        type: 'reached',
        opportunityId: 'opp1',
        contactId: 'c1',
        channel: 'telegram',
        source: 'alerts:opp1',
        at: NOW,
      },
    ]);
  });

  it('sends every entry exactly once with two dispatchers on one store', async () => {
    const delivered = new Map<string, number>();
    const channel: ChannelDelivery = {
      async deliver(request) {
        await new Promise((resolve) => setImmediate(resolve));
        const text = request.messages[0]?.kind === 'text' ? request.messages[0].text : '';
        delivered.set(text, (delivered.get(text) ?? 0) + 1);
        return { status: 'sent', parts: 1 };
      },
    };
    const entries = Array.from({ length: 600 }, (_, i) =>
      outboxEntry({ id: `e${i}`, key: `k${i}`, messages: [{ kind: 'text', text: `m${i}` }] }),
    );
    await store.outbox.enqueue(entries);
    const first = new Dispatcher({
      store,
      channels: { telegram: channel },
      clock,
      logger: silent,
      owner: 'one',
      concurrency: 16,
      idleMs: 5,
    });
    const second = new Dispatcher({
      store,
      channels: { telegram: channel },
      clock,
      logger: silent,
      owner: 'two',
      concurrency: 16,
      idleMs: 5,
    });
    first.start();
    second.start();
    while ((await store.outbox.counts('broadcast:b1')).find((c) => c.status === 'sent')?.count !== 600)
      await new Promise((resolve) => setTimeout(resolve, 10));
    await Promise.all([first.stop(), second.stop()]);
    expect(delivered.size).toBe(600);
    expect([...delivered.values()].every((count) => count === 1)).toBe(true);
  });

  it('never sends twice an entry whose dispatcher died mid-send: it becomes dead once its lease ends', async () => {
    const hanging = fakeChannel(() => new Promise<DeliveryResult>(() => undefined));
    await store.outbox.enqueue([outboxEntry({ id: 'a', key: 'ka' })]);
    void dispatcher({ telegram: hanging.channel }, 'dying').runOnce();
    await new Promise((resolve) => setImmediate(resolve));
    expect((await store.outbox.get('ka'))?.status).toBe('sending');

    const survivor = fakeChannel();
    const d = dispatcher({ telegram: survivor.channel }, 'survivor');
    expect(await d.drain()).toBe(0);
    now = new Date(Date.parse(NOW) + 5 * 60_000 + 1);
    expect(await store.outbox.releaseExpired(now.toISOString())).toBe(1);
    expect(await d.drain()).toBe(0);
    expect(survivor.requests).toEqual([]);
    expect(await store.outbox.get('ka')).toMatchObject({
      status: 'dead',
      lastError: expect.stringContaining('interrupted'),
    });
  });
});
