/**
 * Reminders, follow-ups, waiting-list offers, changes and alerts, from the scheduler's tick to the
 * person's answer, with a fake clock: nothing here waits for real minutes.
 */
import type { ChannelDelivery, DeliveryRequest } from '../../src/domain/delivery';
import type { ChannelName, Contact, Opportunity } from '../../src/domain/model';
import type { OutboundMessage } from '../../src/domain/messages';
import type { Store } from '../../src/domain/ports';
import { Dispatcher } from '../../src/delivery/dispatcher';
import { Notifier } from '../../src/delivery/notifier';
import type { PersonInput } from '../../src/engine/types';
import { Scheduler } from '../../src/scheduler';
import { createEmbeddedStore } from '../../src/store/embedded';
import { createTestBot, sequentialIds, silentLogger } from '../support/bot';
import { contact } from '../support/factories';
import { opportunity } from '../support/factories';

// Thursday 26 November 2026, 14:00 in Paris.
const MEETING = '2026-11-26T13:00:00.000Z';

function harness(start = '2026-11-24T09:00:00.000Z') {
  const store: Store = createEmbeddedStore();
  const ids = sequentialIds('n');
  // The engine tells the notifier about freed places; the notifier needs the engine's texts.
  const late: { notifier?: Notifier } = {};
  const { engine, clock } = createTestBot({
    store,
    now: new Date(start),
    newId: ids,
    hooks: {
      reachesLater: (channel) => channel !== 'messenger',
      continueLinks: (token) => [
        { channel: 'telegram', url: `https://t.me/Bot?start=link_${token}` },
        { channel: 'web', url: `https://bot.example/chat?link=${token}` },
      ],
      seatFreed: async (id, now) => {
        await late.notifier?.seatFreed(id, now);
      },
    },
  });
  const notifier = (late.notifier = new Notifier({
    store,
    notices: engine.notices,
    newId: ids,
    timezone: 'Europe/Paris',
    reminderOffsetsMinutes: [1440, 120],
  }));
  const scheduler = new Scheduler({
    store,
    notifier,
    clock: () => clock.now,
    logger: silentLogger,
    timezone: 'Europe/Paris',
  });
  const delivered: Array<DeliveryRequest & { channel: ChannelName }> = [];
  const channel = (name: ChannelName): ChannelDelivery => ({
    async deliver(request) {
      delivered.push({ ...request, channel: name });
      return { status: 'sent', parts: request.messages.length };
    },
  });
  const dispatcher = new Dispatcher({
    store,
    channels: { telegram: channel('telegram'), web: channel('web') },
    clock: () => clock.now,
    logger: silentLogger,
  });
  const send = async (externalId: string, input: PersonInput, channelName: ChannelName = 'telegram') =>
    (await engine.conversation.handle({ channel: channelName, externalId, input })).messages;
  const welcome = async (externalId: string, channelName: ChannelName = 'telegram', locale = 'fr') => {
    await engine.conversation.handle({
      channel: channelName,
      externalId,
      input: { type: 'start' },
      localeHint: locale,
    });
    await send(externalId, { type: 'choice', payload: 'welcome.hello/accept' }, channelName);
    await send(externalId, { type: 'choice', payload: 'welcome.age/young' }, channelName);
    return (await store.contacts.findByIdentity({ channel: channelName, externalId }))!;
  };
  const at = (iso: string) => {
    clock.now = new Date(iso);
  };
  return { store, engine, notifier, scheduler, dispatcher, delivered, send, welcome, at, clock };
}

const texts = (messages: OutboundMessage[]) =>
  messages.map((message) =>
    message.kind === 'text'
      ? message.text
      : message.kind === 'cards'
        ? message.cards.map((card) => card.title).join('|')
        : message.kind === 'media'
          ? message.url
          : message.filename,
  );
const payloads = (messages: OutboundMessage[]) =>
  messages.flatMap((message) =>
    ('choices' in message ? (message.choices ?? []) : []).map((choice) => choice.payload ?? choice.url),
  );

describe('meeting reminders', () => {
  async function signedUp(capacity?: number) {
    const h = harness();
    const opp: Opportunity = opportunity({ id: 'garden', startsAt: MEETING, ...(capacity ? { capacity } : {}) });
    await h.store.opportunities.save(opp);
    const lea = await h.welcome('100');
    await h.store.signups.request({
      id: 'su-lea',
      contactId: lea.id,
      opportunityId: 'garden',
      channel: 'telegram',
      capacity,
      joinWaitlist: true,
      now: '2026-11-24T09:00:00.000Z',
    });
    return { ...h, lea, opp };
  }

  it('sends the day-before and the two-hour reminders once each, saying what, when and where', async () => {
    const h = await signedUp();
    h.at('2026-11-25T12:59:00.000Z');
    expect((await h.scheduler.tick()).reminders).toBe(0);
    h.at('2026-11-25T13:00:00.000Z');
    expect((await h.scheduler.tick()).reminders).toBe(1);
    h.at('2026-11-25T13:01:00.000Z');
    expect((await h.scheduler.tick()).reminders).toBe(0);
    await h.dispatcher.drain();
    expect(h.delivered).toHaveLength(1);
    expect(texts(h.delivered[0].messages)[0]).toBe(
      '⏰ Rappel : « Bénévolat au jardin partagé »\n📅 jeudi 26 novembre à 14:00\n📍 Bordeaux\nOn compte sur toi !',
    );
    expect(payloads(h.delivered[0].messages)).toEqual([
      'reminders.reminder/attend/su-lea',
      'reminders.reminder/cancel/su-lea',
    ]);

    h.at('2026-11-26T11:00:00.000Z');
    expect((await h.scheduler.tick()).reminders).toBe(1);
    await h.dispatcher.drain();
    expect(h.delivered).toHaveLength(2);
    h.at('2026-11-26T13:00:00.000Z');
    expect((await h.scheduler.tick()).reminders).toBe(0);
  });

  it('"I\'ll be there" answers kindly; "I can\'t come" frees the place for the next one waiting', async () => {
    const h = await signedUp(1);
    const tom = await h.welcome('200');
    await h.store.signups.request({
      id: 'su-tom',
      contactId: tom.id,
      opportunityId: 'garden',
      channel: 'telegram',
      capacity: 1,
      joinWaitlist: true,
      now: '2026-11-24T09:05:00.000Z',
    });
    expect(texts(await h.send('100', { type: 'choice', payload: 'reminders.reminder/attend/su-lea' }))[0]).toBe(
      'Super, à bientôt ! 👋',
    );

    h.at('2026-11-25T14:00:00.000Z');
    await h.send('100', { type: 'choice', payload: 'reminders.reminder/cancel/su-lea' });
    expect(texts(await h.send('100', { type: 'choice', payload: 'reminders.confirm_cancel/yes' }))[0]).toContain(
      "C'est annulé",
    );
    expect((await h.store.signups.get('su-tom'))?.status).toBe('offered');
    // A day to answer, but no later than an hour before the meeting.
    expect((await h.store.signups.get('su-tom'))?.offerExpiresAt).toBe('2026-11-26T12:00:00.000Z');
    await h.dispatcher.drain();
    const offer = h.delivered.find((d) => d.externalId === '200')!;
    expect(texts(offer.messages)[0]).toContain("une place s'est libérée pour « Bénévolat au jardin partagé »");
    expect(texts(offer.messages)[0]).toContain('avant jeudi 26 novembre à 13:00');
    expect(payloads(offer.messages)).toEqual(['reminders.offer/accept/su-tom', 'reminders.offer/decline/su-tom']);

    expect(texts(await h.send('200', { type: 'choice', payload: 'reminders.offer/accept/su-tom' }))[0]).toContain(
      "C'est fait, tu es inscrit·e",
    );
    expect((await h.store.signups.get('su-tom'))?.status).toBe('confirmed');
    expect(await h.store.signups.countConfirmed('garden')).toBe(1);
  });

  it('withdraws an offer nobody answered and offers the place to the next person', async () => {
    const h = await signedUp(1);
    for (const [externalId, id, at] of [
      ['200', 'su-tom', '09:05'],
      ['300', 'su-zoe', '09:06'],
    ] as const) {
      const contact = await h.welcome(externalId);
      await h.store.signups.request({
        id,
        contactId: contact.id,
        opportunityId: 'garden',
        channel: 'telegram',
        capacity: 1,
        joinWaitlist: true,
        now: `2026-11-24T${at}:00.000Z`,
      });
    }
    h.at('2026-11-24T10:00:00.000Z');
    await h.store.signups.cancel('su-lea', '2026-11-24T10:00:00.000Z');
    await h.notifier.seatFreed('garden', h.clock.now);
    await h.dispatcher.drain();
    h.at('2026-11-25T10:00:00.000Z');
    expect((await h.scheduler.tick()).expiredOffers).toBe(1);
    expect((await h.store.signups.get('su-tom'))?.status).toBe('cancelled');
    expect((await h.store.signups.get('su-zoe'))?.status).toBe('offered');
    expect(texts(await h.send('200', { type: 'choice', payload: 'reminders.offer/accept/su-tom' }))[0]).toContain(
      'la place est allée à quelqu',
    );
    await h.dispatcher.drain();
    expect(h.delivered.map((d) => [d.externalId, texts(d.messages)[0].slice(0, 20)])).toEqual([
      ['200', 'Bonne nouvelle : une'],
      ['200', 'Le délai pour la pla'],
      ['300', 'Bonne nouvelle : une'],
    ]);
  });

  it('asks after the meeting whether the person came, and records it with how it went', async () => {
    const h = await signedUp();
    h.at('2026-11-26T16:00:00.000Z');
    expect((await h.scheduler.tick()).followUps).toBe(0);
    h.at('2026-11-26T17:00:00.000Z');
    expect((await h.scheduler.tick()).followUps).toBe(1);
    await h.dispatcher.drain();
    const followUp = h.delivered.at(-1)!;
    expect(texts(followUp.messages)[0]).toBe(
      'Alors, « Bénévolat au jardin partagé » (jeudi 26 novembre à 14:00) : tu as pu venir ?',
    );
    await h.send('100', { type: 'choice', payload: 'reminders.followup/came/su-lea' });
    expect((await h.store.signups.get('su-lea'))?.attended).toBe(true);
    await h.send('100', { type: 'choice', payload: 'reminders.how/great' });
    expect(await h.store.signups.get('su-lea')).toMatchObject({ attended: true, feedback: 'great' });
    h.at('2026-11-26T18:00:00.000Z');
    expect((await h.scheduler.tick()).followUps).toBe(0);
  });

  it('moving the meeting cancels the pending reminder, tells the person, and reminds at the new time', async () => {
    const h = await signedUp();
    // Due at 23:00 the evening before a 23:00 meeting: held until 08:00.
    const late = '2026-11-27T22:00:00.000Z';
    await h.store.opportunities.save({ ...h.opp, startsAt: late });
    h.at('2026-11-26T22:00:00.000Z');
    expect((await h.scheduler.tick()).reminders).toBe(1);
    const key = `reminder:su-lea:1440:${late}`;
    expect((await h.store.outbox.get(key))?.notBefore).toBe('2026-11-27T07:00:00.000Z');

    const moved = { ...h.opp, startsAt: '2026-11-28T13:00:00.000Z', updatedAt: '2026-11-26T22:30:00.000Z' };
    await h.store.opportunities.save(moved);
    await h.notifier.opportunityChanged({ ...h.opp, startsAt: late }, moved, h.clock.now);
    expect(await h.store.outbox.get(key)).toMatchObject({ status: 'skipped', reason: 'rescheduled' });
    await h.dispatcher.drain();
    expect(texts(h.delivered[0].messages)[0]).toContain("c'est maintenant samedi 28 novembre à 14:00, Bordeaux");
    h.at('2026-11-27T13:00:00.000Z');
    expect((await h.scheduler.tick()).reminders).toBe(1);
  });

  it('archiving cancels what was pending and tells everyone signed up; a pause in draft tells nobody', async () => {
    const h = await signedUp();
    h.at('2026-11-25T13:00:00.000Z');
    await h.scheduler.tick();
    await h.notifier.opportunityChanged(h.opp, { ...h.opp, status: 'draft' }, h.clock.now);
    expect(await h.store.outbox.counts('notices:garden')).toEqual([]);
    await h.notifier.opportunityChanged(h.opp, { ...h.opp, status: 'archived' }, h.clock.now);
    await h.dispatcher.drain();
    expect(h.delivered.map((d) => texts(d.messages)[0])).toEqual([
      '😔 « Bénévolat au jardin partagé » (jeudi 26 novembre à 14:00) est annulé. Désolé ! ' +
        'Regarde les autres missions, il y en a sûrement une pour toi.',
    ]);
    expect((await h.store.outbox.counts('reminders:garden'))[0]).toMatchObject({
      status: 'skipped',
      reason: 'cancelled',
      count: 1,
    });
  });
});

describe('alerts', () => {
  it('alerts each matching subscriber once, in their language, and nobody else', async () => {
    const h = harness();
    const lea = await h.welcome('100');
    const sam = await h.welcome('200', 'web', 'en');
    const far = await h.welcome('300');
    const add = (id: string, contactId: string, criteria: object) =>
      h.store.subscriptions.add({ id, contactId, criteria, createdAt: '2026-11-24T09:00:00.000Z' });
    await add('a1', lea.id, { region: 'nouvelle-aquitaine' });
    await add('a2', lea.id, { theme: 'environment' });
    await add('a3', sam.id, { kind: 'volunteering' });
    await add('a4', far.id, { region: 'ile-de-france' });
    const opp = opportunity({ id: 'garden', status: 'draft' });
    await h.store.opportunities.save(opp);
    await h.store.organisations.save({ id: 'org1', name: 'Les Jardins', createdAt: '2026-11-01T00:00:00.000Z' });
    await h.notifier.opportunityChanged(opp, { ...opp, status: 'published' }, h.clock.now);
    await h.notifier.enqueueAlerts({ ...opp, status: 'published' }, h.clock.now);
    await h.store.opportunities.save({ ...opp, status: 'published' });
    await h.dispatcher.drain();
    expect(h.delivered.map((d) => [d.channel, d.externalId, texts(d.messages)])).toEqual([
      ['telegram', '100', ['🔔 Une nouvelle mission correspond à tes alertes :', 'Bénévolat au jardin partagé']],
      ['web', '200', ['🔔 A new opportunity matches your alerts:', 'Volunteering at the community garden']],
    ]);
    expect(payloads(h.delivered[0].messages)).toEqual(['alerts.show/stop']);
  });
});

describe('Messenger sign-ups and linking another channel', () => {
  it('says plainly that reminders cannot reach Messenger, and the one-time link moves them to Telegram', async () => {
    const h = harness();
    await h.store.opportunities.save(opportunity({ id: 'garden', startsAt: MEETING, signupFields: [] }));
    await h.welcome('psid-1', 'messenger');
    const confirmation = await h.send(
      'psid-1',
      { type: 'choice', payload: 'discover.show_results/signup/garden' },
      'messenger',
    );
    const last = confirmation.at(-1)!;
    expect(texts([last])[0]).toContain(
      "Sur Messenger, je ne peux plus t'envoyer de rappel plus de 24 h après ton dernier message",
    );
    const links = payloads([last]);
    expect(links[0]).toBe('https://bot.example/calendar/garden.ics');
    const token = /start=link_([A-Za-z0-9]+)/.exec(links[1] ?? '')![1];
    expect(links[2]).toBe(`https://bot.example/chat?link=${token}`);

    const reply = await h.send('555', { type: 'start', linkToken: token }, 'telegram');
    expect(texts(reply)[0]).toContain("C'est relié");
    const contact = await h.store.contacts.findByIdentity({ channel: 'telegram', externalId: '555' });
    expect(contact?.identities.map((i) => i.channel)).toEqual(['messenger', 'telegram']);
    // Used once: the same link does nothing more.
    expect(texts(await h.send('556', { type: 'start', linkToken: token }, 'telegram'))[0]).not.toContain('relié');

    h.at('2026-11-25T13:00:00.000Z');
    await h.scheduler.tick();
    const dispatcher = new Dispatcher({
      store: h.store,
      channels: {
        messenger: { deliver: async () => ({ status: 'not_allowed', reason: 'outside_window' }) },
        telegram: {
          deliver: async (request) => (
            h.delivered.push({ ...request, channel: 'telegram' }),
            { status: 'sent', parts: request.messages.length }
          ),
        },
      },
      clock: () => h.clock.now,
      logger: silentLogger,
    });
    await dispatcher.drain();
    expect(h.delivered.map((d) => [d.channel, d.externalId])).toEqual([['telegram', '555']]);
  });
});

describe('retention', () => {
  it('purges, at night, what is older than the retention period, and links and sessions past expiry', async () => {
    const h = harness();
    await h.store.linkTokens.create('expired', 'c1', '2026-11-24T03:00:00.000Z');
    await h.store.adminSessions.create({
      id: 'gone',
      accountId: 'a1',
      csrf: 'c',
      expiresAt: '2026-11-24T03:00:00.000Z',
    });
    await h.store.mailbox.add({ id: 'm-old', externalId: 'v', messages: [], at: '2026-07-01T00:00:00.000Z' });
    await h.store.mailbox.add({ id: 'm-new', externalId: 'v', messages: [], at: '2026-11-01T00:00:00.000Z' });
    expect(await h.scheduler.purge(new Date('2026-11-24T03:17:00.000Z'))).toEqual({
      outbox: 0,
      mailbox: 1,
      channelState: 0,
      linkTokens: 1,
      adminSessions: 1,
      unconsented: 0,
    });
    expect((await h.store.mailbox.list('v', undefined, 5)).map((item) => item.id)).toEqual(['m-new']);
  });

  it('forgets, a week after their last message, visitors who never accepted; keeps the rest', async () => {
    const h = harness();
    const visitor = (id: string, lastInboundAt: string, extra: Partial<Contact> = {}) =>
      h.store.contacts.findOrCreate({ channel: 'web', externalId: `visitor-${id}` }, () =>
        contact({
          id,
          identities: [{ channel: 'web', externalId: `visitor-${id}` }],
          consentAt: undefined,
          createdAt: '2026-11-01T00:00:00.000Z',
          lastInboundAt,
          ...extra,
        }),
      );
    await visitor('silent', '2026-11-10T10:00:00.000Z');
    await visitor('recent', '2026-11-20T10:00:00.000Z');
    await visitor('accepted', '2026-11-10T10:00:00.000Z', { consentAt: '2026-11-10T10:00:00.000Z' });
    await visitor('coordinator', '2026-11-10T10:00:00.000Z');
    await h.store.accounts.create({
      id: 'acc',
      email: 'c@example.org',
      name: 'c',
      role: 'coordinator',
      organisationId: 'o',
      passwordHash: 'x',
      locale: 'fr',
      alertsTo: { channel: 'web', externalId: 'visitor-coordinator' },
      createdAt: '2026-11-01T00:00:00.000Z',
    });
    await h.store.sessions.save('silent', { step: 'welcome' }, 0);
    expect((await h.scheduler.purge(new Date('2026-11-24T03:17:00.000Z'))).unconsented).toBe(1);
    expect(await h.store.contacts.findByIdentity({ channel: 'web', externalId: 'visitor-silent' })).toBeUndefined();
    expect((await h.store.contacts.get('silent'))?.status).toBe('erased');
    expect(await h.store.sessions.load('silent')).toBeUndefined();
    for (const kept of ['recent', 'accepted', 'coordinator'])
      expect((await h.store.contacts.get(kept))?.status).not.toBe('erased');
  });
});
