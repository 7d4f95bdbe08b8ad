import { EVENT_MEMORY_MS } from '../../src/engine/conversation';
import { ShareReferences } from '../../src/domain/share';
import { signedRef } from '../support/sharing';
import type { OutboundMessage } from '../../src/engine/types';
import { createTestBot, type TestBot } from '../support/bot';
import { opportunity } from '../support/factories';

const texts = (messages: OutboundMessage[]) => messages.map((m) => (m.kind === 'text' ? m.text : m.kind));

async function consented(bot: TestBot, externalId: string): Promise<void> {
  await bot.send({ type: 'start' }, { externalId });
  await bot.send({ type: 'choice', payload: 'welcome.hello/accept' }, { externalId });
  await bot.send({ type: 'choice', payload: 'welcome.age/young' }, { externalId });
}

describe('conversation runner', () => {
  it('answers a redelivered event once; repeats the answer to a retry where replies go in the response', async () => {
    const bot = createTestBot();
    const event = {
      channel: 'web' as const,
      externalId: 'p',
      eventId: 'm1',
      replyInResponse: true,
      input: { type: 'start' as const },
    };
    const first = await bot.engine.conversation.handle(event);
    const again = await bot.engine.conversation.handle(event);
    expect(first.duplicate).toBe(false);
    expect(again.duplicate).toBe(true);
    expect(again.messages).toEqual(first.messages);
    expect((await bot.store.sessions.load(first.contactId))?.version).toBe(1);
  });

  it('recognises a platform’s redelivery: not handled again, the same reply given back marked duplicate', async () => {
    const bot = createTestBot();
    const event = {
      channel: 'telegram' as const,
      externalId: '42',
      eventId: 'update:7',
      input: { type: 'start' as const },
    };
    const first = await bot.engine.conversation.handle(event);
    expect(first.messages.length).toBeGreaterThan(0);
    // Whether any of it is sent again is the channel's reply journal's call (test/channels/reply-journal).
    expect(await bot.engine.conversation.handle(event)).toEqual({ ...first, duplicate: true });
    const version = (await bot.store.sessions.load(first.contactId))?.version;
    await bot.engine.conversation.handle(event);
    expect((await bot.store.sessions.load(first.contactId))?.version).toBe(version);
  });

  it('records the time the person sent the message, by the platform’s clock, when the channel knows it', async () => {
    const bot = createTestBot();
    const { contactId } = await bot.engine.conversation.handle({
      channel: 'messenger',
      externalId: 'p',
      sentAt: '2026-11-24T08:00:00.000Z',
      input: { type: 'start' },
    });
    expect((await bot.store.contacts.get(contactId))?.lastInboundAt).toBe('2026-11-24T08:00:00.000Z');
    await bot.engine.conversation.handle({
      channel: 'messenger',
      externalId: 'p',
      sentAt: '2026-11-24T08:30:00.000Z',
      input: { type: 'text', text: 'menu' },
    });
    expect((await bot.store.contacts.get(contactId))?.lastInboundAt).toBe('2026-11-24T08:30:00.000Z');
  });

  it('keeps the last inbound time to the minute without rewriting the contact for every message', async () => {
    const bot = createTestBot();
    const { contactId } = await bot.engine.conversation.handle({
      channel: 'web',
      externalId: 'p',
      input: { type: 'start' },
    });
    const first = (await bot.store.contacts.get(contactId))!.lastInboundAt;
    bot.clock.now = new Date(bot.clock.now.getTime() + 30_000);
    await bot.send({ type: 'text', text: 'menu' }, { externalId: 'p' });
    expect((await bot.store.contacts.get(contactId))!.lastInboundAt).toBe(first);
    bot.clock.now = new Date(bot.clock.now.getTime() + 31_000);
    await bot.send({ type: 'text', text: 'menu' }, { externalId: 'p' });
    expect((await bot.store.contacts.get(contactId))!.lastInboundAt).toBe(bot.clock.now.toISOString());
  });

  it('processes two messages from one person at the same instant one after the other', async () => {
    const bot = createTestBot();
    await consented(bot, 'p');
    const [a, b] = await Promise.all([
      bot.engine.conversation.handle({
        channel: 'web',
        externalId: 'p',
        eventId: 'x1',
        input: { type: 'text', text: 'menu' },
      }),
      bot.engine.conversation.handle({
        channel: 'web',
        externalId: 'p',
        eventId: 'x2',
        input: { type: 'text', text: 'aide' },
      }),
    ]);
    expect(a.duplicate || b.duplicate).toBe(false);
    const stored = await bot.store.sessions.load(a.contactId);
    expect(stored?.version).toBe(5);
    const seen = (stored?.state as { seenEvents: [string, number][] }).seenEvents;
    expect(seen.map(([id]) => id)).toEqual(['x1', 'x2']);
  });

  it('recognises a redelivery after many newer events, for as long as platforms redeliver', async () => {
    const bot = createTestBot();
    await consented(bot, 'p');
    const send = (eventId: string) =>
      bot.engine.conversation.handle({
        channel: 'messenger',
        externalId: 'p',
        eventId,
        input: { type: 'text', text: 'aide' },
      });
    expect((await send('old')).duplicate).toBe(false);
    for (let i = 0; i < 40; i++) {
      bot.clock.now = new Date(bot.clock.now.getTime() + 60_000);
      await send(`newer-${i}`);
    }
    expect((await send('old')).duplicate).toBe(true);
    bot.clock.now = new Date(bot.clock.now.getTime() + EVENT_MEMORY_MS + 1);
    await send('one-more');
    const stored = await bot.store.sessions.load((await send('one-more')).contactId);
    expect((stored?.state as { seenEvents: unknown[] }).seenEvents).toHaveLength(1);
  });

  it('keeps only the web page’s last 8 ids: it retries its own unanswered message, nothing older', async () => {
    const bot = createTestBot();
    await consented(bot, 'visitor');
    let contactId = '';
    for (let i = 0; i < 40; i++)
      ({ contactId } = await bot.engine.conversation.handle({
        channel: 'web',
        externalId: 'visitor',
        eventId: `w${i}`,
        replyInResponse: true,
        input: { type: 'text', text: 'aide' },
      }));
    const stored = await bot.store.sessions.load(contactId);
    const seen = (stored?.state as { seenEvents: [string, number][] }).seenEvents;
    expect(seen.map(([id]) => id)).toEqual(Array.from({ length: 8 }, (_, i) => `w${i + 32}`));
  });

  it('keeps a teenager on the results when an old button asks to sign up for an 18+ mission', async () => {
    const bot = createTestBot();
    await bot.store.organisations.save({ id: 'org1', name: 'Asso', createdAt: '2026-01-01T00:00:00Z' });
    await bot.store.opportunities.save(opportunity({ minAge: 18, startsAt: '2026-12-01T09:00:00Z' }));
    await bot.send({ type: 'start' }, { externalId: 'teen' });
    await bot.send({ type: 'choice', payload: 'welcome.hello/accept' }, { externalId: 'teen' });
    await bot.send({ type: 'choice', payload: 'welcome.age/teen' }, { externalId: 'teen' });
    const reply = await bot.send(
      { type: 'choice', payload: 'discover.show_results/signup/opp1' },
      { externalId: 'teen' },
    );
    const texts = reply.map((message) => (message.kind === 'text' ? message.text : ''));
    expect(texts[0]).toMatch(/demande d'être plus âgé·e/);
    const last = reply.at(-1);
    expect(last?.kind === 'text' ? last.choices?.map((choice) => choice.label) : []).toEqual([
      'Retour aux résultats',
      'Menu',
    ]);
    expect(await bot.store.signups.countConfirmed('opp1')).toBe(0);
  });

  it("records an under-15's parent agreement with the sign-up: when, and on which channel", async () => {
    const bot = createTestBot();
    await bot.store.organisations.save({ id: 'org1', name: 'Asso', createdAt: '2026-01-01T00:00:00Z' });
    await bot.store.opportunities.save(opportunity({ startsAt: '2026-12-01T09:00:00Z', signupFields: [] }));
    const who = { externalId: 'kid', channel: 'telegram' as const };
    await bot.send({ type: 'start' }, who);
    await bot.send({ type: 'choice', payload: 'welcome.hello/accept' }, who);
    await bot.send({ type: 'choice', payload: 'welcome.age/under15' }, who);
    await bot.send({ type: 'choice', payload: 'discover.show_results/signup/opp1' }, who);
    await bot.send({ type: 'choice', payload: 'signup.ask_parent/yes' }, who);
    const [signup] = await bot.store.signups.listByOpportunity('opp1');
    expect(signup).toMatchObject({
      status: 'confirmed',
      ageBracket: 'under15',
      parentConsent: { at: bot.clock.now.toISOString(), channel: 'telegram' },
    });
  });

  it('signs up exactly as many people as there are places, then offers the waiting list', async () => {
    const bot = createTestBot();
    await bot.store.organisations.save({ id: 'org1', name: 'Asso', createdAt: '2026-01-01T00:00:00Z' });
    await bot.store.opportunities.save(
      opportunity({ capacity: 10, startsAt: '2026-12-01T09:00:00Z', signupFields: [] }),
    );
    const people = Array.from({ length: 50 }, (_, i) => `p${i}`);
    await Promise.all(people.map((p) => consented(bot, p)));
    const replies = await Promise.all(
      people.map((p) => bot.send({ type: 'choice', payload: 'discover.show_results/signup/opp1' }, { externalId: p })),
    );
    const confirmed = replies.filter((r) => texts(r)[0].startsWith("C'est noté, tu es inscrit·e"));
    const offered = replies.filter((r) => texts(r)[0].startsWith("Oh, il n'y a plus de place"));
    expect(confirmed).toHaveLength(10);
    expect(offered).toHaveLength(40);
    expect(await bot.store.signups.countConfirmed('opp1')).toBe(10);

    const turnedAway = people[replies.indexOf(offered[0])];
    const waitlisted = await bot.send(
      { type: 'choice', payload: 'signup.offer_waitlist/join' },
      { externalId: turnedAway },
    );
    expect(texts(waitlisted)[0]).toMatch(/^Tu es sur la liste d'attente/);
    // No promise of a reminder the waiting list never gets, and no calendar for a place not held.
    expect(texts(waitlisted).join('\n')).not.toMatch(/rappellerai/);
    const choices = waitlisted.flatMap((message) => ('choices' in message ? (message.choices ?? []) : []));
    expect(choices.filter((choice) => 'url' in choice)).toEqual([]);
    expect(await bot.store.signups.countConfirmed('opp1')).toBe(10);
  });

  it('speaks the platform’s language to a new contact, and French when it does not know it', async () => {
    const bot = createTestBot();
    expect(texts(await bot.send({ type: 'start' }, { externalId: 'en', localeHint: 'en-GB' }))[0]).toMatch(/^Hi!/);
    expect(texts(await bot.send({ type: 'start' }, { externalId: 'de', localeHint: 'de-DE' }))[0]).toMatch(/^Salut/);
  });

  it('apologises and goes back to the menu when an action throws', async () => {
    const bot = createTestBot();
    await consented(bot, 'p');
    bot.store.opportunities.search = () => Promise.reject(new Error('disk on fire'));
    const reply = await bot.send({ type: 'text', text: 'jardin' }, { externalId: 'p' });
    expect(texts(reply)).toEqual([
      "Oups, quelque chose n'a pas marché de mon côté. On reprend depuis le menu.",
      'Que veux-tu faire ?',
    ]);
  });

  it('counts arrivals through share links with who shared them, but not people opening their own link', async () => {
    const bot = createTestBot();
    await bot.store.opportunities.save(opportunity());
    await bot.send({ type: 'start', shareRef: signedRef('opp1', 'sharer') }, { externalId: 'friend' });
    // Opening the same link again is the same arrival.
    await bot.send({ type: 'start', shareRef: signedRef('opp1', 'sharer') }, { externalId: 'friend' });
    const sharer = await bot.store.contacts.findOrCreate({ channel: 'web', externalId: 'self' }, () => ({
      id: 'self-id',
      identities: [{ channel: 'web', externalId: 'self' }],
      locale: 'fr',
      interests: [],
      status: 'active',
      createdAt: 'x',
      updatedAt: 'x',
    }));
    await bot.send({ type: 'start', shareRef: signedRef('opp1', sharer.contact.id) }, { externalId: 'self' });
    expect(await bot.store.metrics.count({ type: 'share_arrival', opportunityId: 'opp1', sharedBy: 'sharer' })).toBe(1);
    expect(await bot.store.metrics.count({ type: 'share_arrival', opportunityId: 'opp1' })).toBe(1);
    expect(await bot.store.metrics.count({ type: 'share_arrival', opportunityId: 'opp1', sharedBy: 'self-id' })).toBe(
      0,
    );
  });

  it('opens a removed association’s widget on the usual discovery, and a current one’s on its list', async () => {
    const bot = createTestBot();
    await bot.store.organisations.save({ id: 'gone', name: 'Partie', createdAt: 'x', removedAt: 'y' });
    await bot.store.organisations.save({ id: 'here', name: 'Les Jardins', createdAt: 'x' });
    await bot.store.opportunities.save(opportunity({ organisationId: 'here' }));
    const welcomed = async (externalId: string, shareRef: string) => {
      await bot.send({ type: 'start', shareRef }, { externalId });
      await bot.send({ type: 'choice', payload: 'welcome.hello/accept' }, { externalId });
      return texts(await bot.send({ type: 'choice', payload: 'welcome.age/young' }, { externalId }));
    };
    expect(await welcomed('a', 'agone')).toContain("Qu'est-ce qui t'intéresse ?");
    expect(await welcomed('b', 'ahere')).toContain('Voici ce que propose Les Jardins :');
  });

  it('opens a forged reference’s opportunity as an anonymous visit, crediting no one', async () => {
    const bot = createTestBot();
    await bot.store.opportunities.save(opportunity());
    const genuine = signedRef('opp1', 'sharer');
    const forged = new ShareReferences('not-the-bot-s-secret').sign({
      opportunityId: 'opp1',
      sharedBy: 'victim',
      channel: 'web',
    });
    for (const [n, ref] of [forged, genuine.replace('sharer', 'victim')].entries()) {
      const { contactId } = await bot.engine.conversation.handle({
        channel: 'web',
        externalId: `visitor-${n}`,
        input: { type: 'start', shareRef: ref },
      });
      // The opportunity still opens, once the newcomer has said yes to the welcome.
      const saved = (await bot.store.sessions.load(contactId))?.state as { session: { vars: Record<string, unknown> } };
      expect(saved.session.vars.pendingOpportunity).toBe('opp1');
    }
    const arrivals = await bot.store.metrics.find({ type: 'share_arrival', opportunityId: 'opp1' });
    expect(arrivals).toHaveLength(2);
    expect(arrivals.every((arrival) => arrival.sharedBy === undefined)).toBe(true);
    // A link to an opportunity that does not exist leaves no arrival behind.
    await bot.send({ type: 'start', shareRef: signedRef('made-up', 'sharer') }, { externalId: 'visitor-x' });
    expect(await bot.store.metrics.count({ type: 'share_arrival', opportunityId: 'made-up' })).toBe(0);
  });

  it('makes an unreachable contact active again when they write, but keeps a stopped one stopped', async () => {
    const bot = createTestBot();
    const { contactId } = await bot.engine.conversation.handle({
      channel: 'web',
      externalId: 'p',
      input: { type: 'start' },
    });
    await bot.store.contacts.update(contactId, { status: 'unreachable' });
    await bot.send({ type: 'text', text: 'menu' }, { externalId: 'p' });
    expect((await bot.store.contacts.get(contactId))?.status).toBe('active');
    await bot.store.contacts.update(contactId, { status: 'stopped' });
    await bot.send({ type: 'text', text: 'menu' }, { externalId: 'p' });
    const contact = await bot.store.contacts.get(contactId);
    expect(contact?.status).toBe('stopped');
    expect(contact?.lastInboundAt).toBe(bot.clock.now.toISOString());
  });

  it('starts afresh from a session saved by an incompatible version', async () => {
    const bot = createTestBot();
    const { contactId } = await bot.engine.conversation.handle({
      channel: 'web',
      externalId: 'p',
      input: { type: 'start' },
    });
    const stored = await bot.store.sessions.load(contactId);
    await bot.store.sessions.save(contactId, { session: { schema: 0, step: 3 } }, stored!.version);
    expect(texts(await bot.send({ type: 'choice', payload: 'welcome.hello/accept' }, { externalId: 'p' }))[0]).toMatch(
      /Quel âge/,
    );
  });

  describe('nobody is trapped', () => {
    async function parked(bot: TestBot, node: string): Promise<void> {
      await consented(bot, 'p');
      const contact = await bot.store.contacts.findByIdentity({ channel: 'web', externalId: 'p' });
      const stored = await bot.store.sessions.load(contact!.id);
      const state = stored!.state as { session: Record<string, unknown> };
      const prompt = [{ label: 'Vieux bouton', payload: `${node}/old` }];
      const session = { ...state.session, flow: 'discover', node: node.split('.')[1], waiting: 'input', prompt };
      await bot.store.sessions.save(contact!.id, { ...state, session }, stored!.version);
    }

    it('keeps and handles what a person typed on a node an update removed, after an apology', async () => {
      const bot = createTestBot();
      await bot.store.organisations.save({ id: 'org1', name: 'Asso', createdAt: '2026-01-01T00:00:00Z' });
      await bot.store.opportunities.save(opportunity({ startsAt: '2026-12-01T09:00:00Z' }));
      await parked(bot, 'discover.removed_node');
      const reply = await bot.send({ type: 'text', text: 'jardin' }, { externalId: 'p' });
      expect(texts(reply)[0]).toBe("Désolé, j'ai été mis à jour entre-temps et cette étape n'existe plus.");
      expect(reply.some((message) => message.kind === 'cards')).toBe(true);
    });

    it('brings a tap on a removed node’s button back to the menu, and a live button still works', async () => {
      const bot = createTestBot();
      await parked(bot, 'discover.removed_node');
      const dead = await bot.send({ type: 'choice', payload: 'discover.removed_node/old' }, { externalId: 'p' });
      expect(texts(dead)).toEqual([
        "Désolé, j'ai été mis à jour entre-temps et cette étape n'existe plus.",
        'Que veux-tu faire ?',
      ]);
      await parked(bot, 'discover.removed_node');
      const live = await bot.send({ type: 'choice', payload: 'main.more/help' }, { externalId: 'p' });
      expect(texts(live)[1]).toMatch(/^Voici comment je fonctionne/);
    });

    it('lets a person leave a strict confirmation by typing: asked again once, then their search is done', async () => {
      const bot = createTestBot();
      await bot.store.organisations.save({ id: 'org1', name: 'Asso', createdAt: '2026-01-01T00:00:00Z' });
      await bot.store.opportunities.save(opportunity({ startsAt: '2026-12-01T09:00:00Z', signupFields: [] }));
      await consented(bot, 'p');
      await bot.send({ type: 'choice', payload: 'discover.show_results/signup/opp1' }, { externalId: 'p' });
      await bot.send({ type: 'command', name: 'signups' }, { externalId: 'p' });
      const [signup] = await bot.store.signups.listByOpportunity('opp1');
      const cancel = { type: 'choice' as const, payload: `signups.show/cancel/${signup.id}` };
      expect(texts(await bot.send(cancel, { externalId: 'p' }))[0]).toMatch(/annuler/i);
      const once = await bot.send({ type: 'text', text: 'jardin' }, { externalId: 'p' });
      expect(texts(once)[0]).toBe("Choisis une des options ci-dessous, s'il te plaît :");
      const again = await bot.send({ type: 'text', text: 'jardin' }, { externalId: 'p' });
      expect(again.some((message) => message.kind === 'cards')).toBe(true);
      expect((await bot.store.signups.get(signup.id))?.status).toBe('confirmed');
    });

    it('answers an old "Annuler" on a sign-up cancelled since without asking to confirm', async () => {
      const bot = createTestBot();
      await bot.store.organisations.save({ id: 'org1', name: 'Asso', createdAt: '2026-01-01T00:00:00Z' });
      await bot.store.opportunities.save(opportunity({ startsAt: '2026-12-01T09:00:00Z', signupFields: [] }));
      await consented(bot, 'p');
      await bot.send({ type: 'choice', payload: 'discover.show_results/signup/opp1' }, { externalId: 'p' });
      const [signup] = await bot.store.signups.listByOpportunity('opp1');
      const cancel = { type: 'choice' as const, payload: `signups.show/cancel/${signup.id}` };
      await bot.send(cancel, { externalId: 'p' });
      await bot.send({ type: 'choice', payload: 'signups.confirm_cancel/yes' }, { externalId: 'p' });
      expect((await bot.store.signups.get(signup.id))?.status).toBe('cancelled');
      const old = await bot.send(cancel, { externalId: 'p' });
      expect(texts(old)[0]).toBe('Cette inscription est déjà annulée : rien à faire de plus.');
      expect(
        old.flatMap((message) => ('choices' in message ? (message.choices ?? []) : [])).map((c) => c.label),
      ).not.toContain('Oui, annuler');
    });
  });
});
