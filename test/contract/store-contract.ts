/**
 * One behaviour for every store. Each implementation's test file calls this with a factory.
 */
import type { Store } from '../../src/domain/ports';
import { broadcast as broadcastOf, contact, NOW, opportunity, outboxEntry } from '../support/factories';

const LATER = '2026-11-24T10:05:00.000Z';

export function describeStoreContract(name: string, makeStore: () => Promise<Store>): void {
  describe(`${name} store contract`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
    });

    describe('opportunities', () => {
      it('saves, reads back and replaces a whole record', async () => {
        await store.opportunities.save(opportunity());
        await store.opportunities.save(opportunity({ city: 'Talence' }));
        expect((await store.opportunities.get('opp1'))?.city).toBe('Talence');
        expect(await store.opportunities.get('missing')).toBeUndefined();
        const announcement = {
          at: NOW,
          results: [
            { channel: 'telegram' as const, ok: true },
            { channel: 'messenger' as const, ok: false, error: 'token expired' },
          ],
        };
        await store.opportunities.save(opportunity({ announcement }));
        expect((await store.opportunities.get('opp1'))?.announcement).toEqual(announcement);
      });

      it('cannot be changed through a record it returned', async () => {
        await store.opportunities.save(opportunity());
        const copy = await store.opportunities.get('opp1');
        try {
          copy!.themes.push('changed');
        } catch {
          // Frozen snapshots refuse the change; copies take it without affecting the store. Both are fine.
        }
        expect((await store.opportunities.get('opp1'))?.themes).toEqual(['environment']);
      });

      it('filters by status, kind, region, remote and theme, and pages', async () => {
        await store.opportunities.save(opportunity({ id: 'a', startsAt: '2026-12-02T10:00:00Z' }));
        await store.opportunities.save(opportunity({ id: 'b', startsAt: '2026-12-01T10:00:00Z' }));
        await store.opportunities.save(opportunity({ id: 'c', kind: 'placement', region: 'ile-de-france' }));
        await store.opportunities.save(opportunity({ id: 'd', remote: true, themes: ['digital'] }));
        await store.opportunities.save(opportunity({ id: 'e', status: 'draft' }));
        const ids = async (query: Parameters<Store['opportunities']['search']>[0]) =>
          (await store.opportunities.search(query)).items.map((item) => item.id);
        expect(await ids({})).toEqual(['b', 'a', 'c', 'd']);
        expect(await ids({ kind: 'placement' })).toEqual(['c']);
        expect(await ids({ region: 'nouvelle-aquitaine' })).toEqual(['b', 'a', 'd']);
        expect(await ids({ remote: true })).toEqual(['d']);
        expect(await ids({ theme: 'digital' })).toEqual(['d']);
        expect(await ids({ status: 'draft' })).toEqual(['e']);
        const page = await store.opportunities.search({ offset: 1, limit: 2 });
        expect(page.items.map((item) => item.id)).toEqual(['a', 'c']);
        expect(page.total).toBe(4);
      });

      it('leaves out what has ended but keeps ongoing roles', async () => {
        await store.opportunities.save(
          opportunity({ id: 'past', startsAt: '2026-11-01T10:00:00Z', endsAt: '2026-11-01T12:00:00Z' }),
        );
        await store.opportunities.save(
          opportunity({ id: 'running', startsAt: '2026-11-01T10:00:00Z', endsAt: '2026-12-31T12:00:00Z' }),
        );
        await store.opportunities.save(opportunity({ id: 'ongoing' }));
        const result = await store.opportunities.search({ notEndedBefore: NOW });
        expect(result.items.map((item) => item.id)).toEqual(['running', 'ongoing']);
      });

      it('finds free text whatever the accents and case', async () => {
        await store.opportunities.save(opportunity({ id: 'garden' }));
        await store.opportunities.save(
          opportunity({
            id: 'school',
            kind: 'school_intervention',
            title: { fr: 'Intervenir au collège' },
            summary: {},
            description: {},
            themes: ['education'],
          }),
        );
        const ids = async (text: string) => (await store.opportunities.search({ text })).items.map((item) => item.id);
        expect(await ids('benevolat')).toEqual(['garden']);
        expect(await ids('BÉNÉVOLAT')).toEqual(['garden']);
        expect(await ids('college')).toEqual(['school']);
        expect(await ids('je cherche du bénévolat à Bordeaux')).toEqual(['garden']);
        expect(await ids('zzzz')).toEqual([]);
        expect(await ids('   ')).toEqual([]);
        // Inside words, as people type the start of one: the same on every store.
        expect(await ids('jardin')).toEqual(['garden']);
        expect(await ids('benevol')).toEqual(['garden']);
        expect(await ids('partag')).toEqual(['garden']);
        expect(await ids('Collè')).toEqual(['school']);
      });

      it('lists the distinct regions and themes a query matches', async () => {
        await store.opportunities.save(
          opportunity({ id: 'a', region: 'auvergne-rhone-alpes', themes: ['culture', 'sport'] }),
        );
        await store.opportunities.save(
          opportunity({ id: 'b', kind: 'placement', region: 'ile-de-france', themes: ['health'] }),
        );
        expect(await store.opportunities.distinct('region', {})).toEqual(['auvergne-rhone-alpes', 'ile-de-france']);
        expect(await store.opportunities.distinct('themes', { kind: 'volunteering' })).toEqual(['culture', 'sport']);
      });
    });

    describe('contacts', () => {
      it('finds or creates one contact per channel identity, even when asked at the same instant', async () => {
        const identity = { channel: 'telegram' as const, externalId: '42' };
        let n = 0;
        const results = await Promise.all(
          Array.from({ length: 5 }, () =>
            store.contacts.findOrCreate(identity, () => contact({ id: `c${++n}`, identities: [identity] })),
          ),
        );
        expect(results.filter((result) => result.created)).toHaveLength(1);
        expect(new Set(results.map((result) => result.contact.id)).size).toBe(1);
        expect(await store.contacts.count()).toBe(1);
        expect((await store.contacts.findByIdentity(identity))?.id).toBe(results[0].contact.id);
        expect(await store.contacts.findByIdentity({ channel: 'messenger', externalId: '42' })).toBeUndefined();
      });

      it('updates with a patch and finds the contact by a newly added identity', async () => {
        await store.contacts.findOrCreate({ channel: 'web', externalId: 'browser-1' }, () => contact());
        const updated = await store.contacts.update('c1', {
          locale: 'en',
          identities: [
            { channel: 'web', externalId: 'browser-1' },
            { channel: 'telegram', externalId: '7' },
          ],
        });
        expect(updated?.locale).toBe('en');
        expect((await store.contacts.findByIdentity({ channel: 'telegram', externalId: '7' }))?.id).toBe('c1');
        expect(await store.contacts.update('missing', { locale: 'en' })).toBeUndefined();
        // The associations a person follows, kept and given back in order.
        await store.contacts.update('c1', { follows: ['org-a', 'org-b'] });
        expect((await store.contacts.get('c1'))?.follows).toEqual(['org-a', 'org-b']);
        await store.contacts.update('c1', { follows: ['org-b'] });
        expect((await store.contacts.get('c1'))?.follows).toEqual(['org-b']);
      });
    });

    describe('sign-ups', () => {
      const request = (contactId: string, overrides: Partial<Parameters<Store['signups']['request']>[0]> = {}) => ({
        id: `s-${contactId}`,
        contactId,
        opportunityId: 'opp1',
        channel: 'web' as const,
        capacity: 10,
        joinWaitlist: true,
        now: NOW,
        ...overrides,
      });

      it('fifty concurrent sign-ups for ten places confirm exactly ten', async () => {
        const results = await Promise.all(
          Array.from({ length: 50 }, (_, i) => store.signups.request(request(`c${i}`))),
        );
        expect(results.filter((result) => result.outcome === 'confirmed')).toHaveLength(10);
        expect(results.filter((result) => result.outcome === 'waitlisted')).toHaveLength(40);
        expect(await store.signups.countConfirmed('opp1')).toBe(10);
      });

      it('offers a freed place to the first on the waiting list, holding it until they answer', async () => {
        await store.signups.request(request('a', { capacity: 1, now: '2026-11-24T10:00:00.000Z' }));
        await store.signups.request(request('b', { capacity: 1, now: '2026-11-24T10:01:00.000Z' }));
        await store.signups.request(request('c', { capacity: 1, now: '2026-11-24T10:02:00.000Z' }));
        expect(await store.signups.offerNext('opp1', 1, LATER, NOW)).toBeUndefined();
        await store.signups.cancel('s-a', NOW);
        const offered = await store.signups.offerNext('opp1', 1, LATER, NOW);
        expect(offered).toMatchObject({ id: 's-b', status: 'offered', offerExpiresAt: LATER });
        // The place is held: nobody else gets it, and a second offer finds none.
        expect((await store.signups.request(request('d', { capacity: 1, joinWaitlist: false }))).outcome).toBe('full');
        expect(await store.signups.offerNext('opp1', 1, LATER, NOW)).toBeUndefined();
        expect(await store.signups.countConfirmed('opp1')).toBe(1);
        expect(await store.signups.answerOffer('s-b', true, NOW)).toMatchObject({
          answer: 'confirmed',
          signup: { status: 'confirmed' },
        });
        expect((await store.signups.get('s-b'))?.offerExpiresAt).toBeUndefined();
        expect((await store.signups.answerOffer('s-b', true, NOW)).answer).toBe('not_offered');
      });

      it('withdraws offers past their deadline and frees the place; a declined offer frees it too', async () => {
        await store.signups.request(request('a', { capacity: 1 }));
        await store.signups.request(request('b', { capacity: 1, now: '2026-11-24T10:01:00.000Z' }));
        await store.signups.request(request('c', { capacity: 1, now: '2026-11-24T10:02:00.000Z' }));
        await store.signups.cancel('s-a', NOW);
        await store.signups.offerNext('opp1', 1, LATER, NOW);
        expect((await store.signups.answerOffer('s-b', true, LATER)).answer).toBe('expired');
        expect(await store.signups.expireOffers(NOW)).toEqual([]);
        expect((await store.signups.expireOffers(LATER)).map((signup) => [signup.id, signup.status])).toEqual([
          ['s-b', 'cancelled'],
        ]);
        expect(await store.signups.countConfirmed('opp1')).toBe(0);
        expect((await store.signups.offerNext('opp1', 1, '2026-11-25T10:00:00.000Z', LATER))?.id).toBe('s-c');
        expect((await store.signups.answerOffer('s-c', false, LATER)).answer).toBe('declined');
        expect(await store.signups.countConfirmed('opp1')).toBe(0);
        expect((await store.signups.get('s-c'))?.status).toBe('cancelled');
      });

      it('records whether the person came and how it went', async () => {
        await store.signups.request(request('a'));
        expect(await store.signups.setAttendance('s-a', true, 'great', LATER)).toMatchObject({
          attended: true,
          feedback: 'great',
        });
        expect(await store.signups.setAttendance('s-a', false, undefined, LATER)).toMatchObject({
          attended: false,
          feedback: 'great',
        });
        expect(await store.signups.setAttendance('missing', true, undefined, LATER)).toBeUndefined();
      });

      it('reports full without joining the waiting list when not asked to', async () => {
        await store.signups.request(request('a', { capacity: 1 }));
        const result = await store.signups.request(request('b', { capacity: 1, joinWaitlist: false }));
        expect(result).toEqual({ outcome: 'full' });
        expect(await store.signups.listByOpportunity('opp1')).toHaveLength(1);
      });

      it('gives the place back when someone whose offer expired signs up again before the expiry job', async () => {
        await store.signups.request(request('a', { capacity: 1 }));
        await store.signups.request(request('b', { capacity: 1, now: '2026-11-24T10:01:00.000Z' }));
        await store.signups.cancel('s-a', NOW);
        await store.signups.offerNext('opp1', 1, LATER, NOW);
        const again = await store.signups.request(request('b', { capacity: 1, now: '2026-11-24T10:06:00.000Z' }));
        expect(again.outcome).toBe('confirmed');
        expect(await store.signups.countConfirmed('opp1')).toBe(1);
        const confirmed = (await store.signups.listByOpportunity('opp1')).filter((s) => s.status === 'confirmed');
        expect(confirmed.map((signup) => signup.contactId)).toEqual(['b']);
        expect(await store.signups.expireOffers('2026-11-24T10:07:00.000Z')).toEqual([]);
      });

      it('takes one place when one person signs up twice at once, from one channel or two', async () => {
        const twice = await Promise.all([
          store.signups.request(request('a', { capacity: 5 })),
          store.signups.request(request('a', { capacity: 5 })),
        ]);
        expect(twice.map((result) => result.outcome).sort()).toEqual(['already_confirmed', 'confirmed']);
        const twoChannels = await Promise.all([
          store.signups.request(request('b', { capacity: 5, channel: 'web' })),
          store.signups.request(request('b', { capacity: 5, channel: 'telegram', id: 's-b-telegram' })),
        ]);
        expect(twoChannels.map((result) => result.outcome).sort()).toEqual(['already_confirmed', 'confirmed']);
        expect(await store.signups.countConfirmed('opp1')).toBe(2);
        expect(await store.signups.listByOpportunity('opp1')).toHaveLength(2);
        // Again after cancelling: a cancelled sign-up taken back twice at once still takes one place.
        await store.signups.cancel('s-a', NOW);
        const back = await Promise.all([
          store.signups.request(request('a', { capacity: 5, now: LATER })),
          store.signups.request(request('a', { capacity: 5, now: LATER })),
        ]);
        expect(back.map((result) => result.outcome).sort()).toEqual(['already_confirmed', 'confirmed']);
        expect(await store.signups.countConfirmed('opp1')).toBe(2);
      });

      it("pages an opportunity's sign-ups, questions and events in their order", async () => {
        for (let i = 0; i < 5; i++) {
          const at = `2026-11-24T10:0${i}:00.000Z`;
          await store.signups.request(request(`p${i}`, { now: at }));
          await store.questions.add({
            id: `q${i}`,
            contactId: `p${i}`,
            channel: 'web',
            text: `Question ${i}`,
            status: 'open',
            createdAt: at,
          });
          await store.metrics.record({
            id: `m${i}`,
            type: 'details_opened',
            opportunityId: 'opp1',
            channel: 'web',
            at,
          });
        }
        const contacts = async (window: { limit?: number; offset?: number }) =>
          (await store.signups.listByOpportunity('opp1', window)).map((signup) => signup.contactId);
        expect(await contacts({ limit: 2 })).toEqual(['p0', 'p1']);
        expect(await contacts({ limit: 2, offset: 2 })).toEqual(['p2', 'p3']);
        expect(await contacts({ offset: 4 })).toEqual(['p4']);
        expect(await contacts({})).toHaveLength(5);
        const questions = await store.questions.list({}, { limit: 2, offset: 1 });
        expect(questions.map((question) => question.id)).toEqual(['q3', 'q2']);
        const events = await store.metrics.listByOpportunity('opp1', { limit: 3, offset: 3 });
        expect(events.map((event) => event.id)).toEqual(['m3', 'm4']);
      });

      it('does not sign the same person up twice, and cancelling frees the place', async () => {
        const first = await store.signups.request(request('a', { capacity: 1, firstName: 'Lina' }));
        expect(first.outcome).toBe('confirmed');
        expect((await store.signups.request(request('a', { capacity: 1 }))).outcome).toBe('already_confirmed');
        expect((await store.signups.request(request('b', { capacity: 1 }))).outcome).toBe('waitlisted');
        expect((await store.signups.request(request('b', { capacity: 1 }))).outcome).toBe('already_waitlisted');

        const cancelled = await store.signups.cancel(first.signup!.id, NOW);
        expect(cancelled?.status).toBe('cancelled');
        expect(await store.signups.cancel(first.signup!.id, NOW)).toBeUndefined();
        expect(await store.signups.countConfirmed('opp1')).toBe(0);
        expect((await store.signups.request(request('b', { capacity: 1 }))).outcome).toBe('confirmed');
        expect((await store.signups.listByContact('a'))[0]).toMatchObject({ status: 'cancelled', firstName: 'Lina' });
      });

      it('forgets a contact: active sign-ups cancelled, names removed, others untouched', async () => {
        await store.signups.request(request('a', { capacity: 1, firstName: 'Lina' }));
        await store.signups.request(request('b', { capacity: 1, firstName: 'Sam' }));
        await store.signups.forgetContact('a', NOW);
        const [forgotten] = await store.signups.listByContact('a');
        expect(forgotten.status).toBe('cancelled');
        expect(forgotten.firstName).toBeUndefined();
        expect(await store.signups.countConfirmed('opp1')).toBe(0);
        expect((await store.signups.listByContact('b'))[0]).toMatchObject({ status: 'waitlisted', firstName: 'Sam' });
      });

      it('has no limit when the capacity is absent', async () => {
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) => store.signups.request(request(`c${i}`, { capacity: undefined }))),
        );
        expect(results.every((result) => result.outcome === 'confirmed')).toBe(true);
      });

      it("keeps the age bracket and an under-15's parent agreement with the sign-up", async () => {
        const parentConsent = { at: '2026-11-24T09:00:00.000Z', channel: 'telegram' as const };
        const { signup } = await store.signups.request(
          request('kid', { capacity: undefined, ageBracket: 'under15', parentConsent }),
        );
        expect(await store.signups.get(signup!.id)).toMatchObject({ ageBracket: 'under15', parentConsent });
      });
    });

    describe('subscriptions', () => {
      it('adds once per criteria, lists, removes only the owner’s', async () => {
        const sub = { id: 'sub1', contactId: 'c1', criteria: { region: 'ile-de-france' }, createdAt: NOW };
        expect((await store.subscriptions.add(sub)).id).toBe('sub1');
        expect((await store.subscriptions.add({ ...sub, id: 'sub2' })).id).toBe('sub1');
        await store.subscriptions.add({ ...sub, id: 'sub3', criteria: { theme: 'sport' } });
        expect((await store.subscriptions.listByContact('c1')).map((s) => s.id)).toEqual(['sub1', 'sub3']);
        expect(await store.subscriptions.remove('sub1', 'someone-else')).toBe(false);
        expect(await store.subscriptions.remove('sub1', 'c1')).toBe(true);
        expect(await store.subscriptions.removeAllForContact('c1')).toBe(1);
        expect(await store.subscriptions.listByContact('c1')).toEqual([]);
      });
    });

    describe('sessions', () => {
      it('saves with compare-and-set on the version', async () => {
        expect(await store.sessions.load('c1')).toBeUndefined();
        expect(await store.sessions.save('c1', { node: 'a' }, 0)).toBe(true);
        expect(await store.sessions.save('c1', { node: 'b' }, 0)).toBe(false);
        expect(await store.sessions.load('c1')).toEqual({ state: { node: 'a' }, version: 1 });
        expect(await store.sessions.save('c1', { node: 'b' }, 1)).toBe(true);
        await store.sessions.remove('c1');
        expect(await store.sessions.load('c1')).toBeUndefined();
      });
    });

    describe('questions, inbox, payload references and metrics', () => {
      it('keeps questions per contact and removes them all', async () => {
        await store.questions.add({
          id: 'q1',
          contactId: 'c1',
          channel: 'web',
          text: 'Bonjour ?',
          status: 'open',
          createdAt: NOW,
        });
        expect(await store.questions.listByContact('c1')).toHaveLength(1);
        expect(await store.questions.removeAllForContact('c1')).toBe(1);
        expect(await store.questions.listByContact('c1')).toEqual([]);
      });

      it('keeps webhook events in an inbox until they are done, oldest first, per channel', async () => {
        await store.inbox.add({ id: 'e1', channel: 'messenger', payload: { n: 1 }, receivedAt: NOW });
        await store.inbox.add({ id: 'e2', channel: 'telegram', payload: { n: 2 }, receivedAt: NOW });
        await store.inbox.add({ id: 'e3', channel: 'messenger', payload: { n: 3 }, receivedAt: NOW });
        expect((await store.inbox.pending('messenger', 10)).map((e) => e.id)).toEqual(['e1', 'e3']);
        expect((await store.inbox.pending('messenger', 1)).map((e) => e.id)).toEqual(['e1']);
        await store.inbox.done('e1');
        expect((await store.inbox.pending('messenger', 10)).map((e) => [e.id, e.payload])).toEqual([['e3', { n: 3 }]]);
      });

      it("keeps each channel's own state by key, and forgets what belongs to a person", async () => {
        const long = 'discover.show_results/details/a-very-long-opportunity-id';
        await store.channelState.put({ channel: 'telegram', key: 'r:abc', value: long, savedAt: NOW });
        await store.channelState.put({ channel: 'telegram', key: 'r:abc', value: long, savedAt: NOW });
        expect(await store.channelState.get('telegram', 'r:abc')).toBe(long);
        expect(await store.channelState.get('messenger', 'r:abc')).toBeUndefined();
        expect(await store.channelState.get('telegram', 'r:none')).toBeUndefined();
        const receipt = { channel: 'messenger' as const, savedAt: NOW, owner: 'PSID1' };
        await store.channelState.put({ ...receipt, key: 'receipt:read:PSID1', value: NOW });
        await store.channelState.put({ ...receipt, key: 'receipt:read:PSID1', value: LATER });
        await store.channelState.put({ ...receipt, key: 'receipt:delivered:PSID1', value: NOW });
        expect(await store.channelState.get('messenger', 'receipt:read:PSID1')).toBe(LATER);
        expect(await store.channelState.forget({ channel: 'telegram', externalId: 'PSID1' })).toBe(0);
        expect(await store.channelState.forget({ channel: 'messenger', externalId: 'PSID1' })).toBe(2);
        expect(await store.channelState.get('messenger', 'receipt:read:PSID1')).toBeUndefined();
        expect(await store.channelState.get('telegram', 'r:abc')).toBe(long);
      });

      it('counts metric events by type, opportunity and sharer', async () => {
        await store.metrics.record({
          id: 'm1',
          type: 'share_arrival',
          opportunityId: 'opp1',
          channel: 'web',
          sharedBy: 'c1',
          at: NOW,
        });
        await store.metrics.record({
          id: 'm2',
          type: 'share_arrival',
          opportunityId: 'opp1',
          channel: 'web',
          sharedBy: 'c2',
          at: NOW,
        });
        await store.metrics.record({
          id: 'm3',
          type: 'details_opened',
          opportunityId: 'opp2',
          channel: 'web',
          at: NOW,
        });
        expect(await store.metrics.count({ type: 'share_arrival' })).toBe(2);
        expect(await store.metrics.count({ type: 'share_arrival', opportunityId: 'opp1', sharedBy: 'c1' })).toBe(1);
        expect(await store.metrics.count({ type: 'details_opened', opportunityId: 'opp1' })).toBe(0);
      });

      it('finds metric events by person and by sharer, oldest first, and pages them', async () => {
        const arrival = (id: string, contactId: string, at: string, sharedBy?: string) =>
          store.metrics.record({
            id,
            type: 'share_arrival',
            opportunityId: 'opp1',
            contactId,
            channel: 'telegram',
            ...(sharedBy ? { sharedBy, sharedOn: 'web' as const } : {}),
            at,
          });
        await arrival('a2', 'friend', LATER, 'c2');
        await arrival('a1', 'friend', NOW, 'c1');
        await arrival('a3', 'other', NOW);
        const mine = await store.metrics.find({ type: 'share_arrival', opportunityId: 'opp1', contactId: 'friend' });
        expect(mine.map((event) => event.id)).toEqual(['a1', 'a2']);
        expect(mine[0]).toMatchObject({ sharedBy: 'c1', sharedOn: 'web', contactId: 'friend' });
        expect(
          (await store.metrics.find({ type: 'share_arrival', contactId: 'friend' }, { limit: 1, offset: 1 })).map(
            (event) => event.id,
          ),
        ).toEqual(['a2']);
        expect((await store.metrics.find({ type: 'share_arrival', sharedBy: 'c2' })).map((event) => event.id)).toEqual([
          'a2',
        ]);
        expect(await store.metrics.find({ type: 'signup', contactId: 'friend' })).toEqual([]);
      });

      it('keeps the first value of a setting, even when two keep it at once', async () => {
        const kept = await Promise.all([
          store.settings.keep('share_secret', 'first'),
          store.settings.keep('share_secret', 'second'),
        ]);
        expect(new Set(kept).size).toBe(1);
        expect(await store.settings.keep('share_secret', 'third')).toBe(kept[0]);
      });
    });

    describe('outbox', () => {
      it('enqueues once per key, whoever enqueues it again', async () => {
        expect(
          await store.outbox.enqueue([outboxEntry({ id: 'a', key: 'k1' }), outboxEntry({ id: 'b', key: 'k2' })]),
        ).toBe(2);
        expect(
          await store.outbox.enqueue([
            outboxEntry({ id: 'c', key: 'k1', externalId: 'other' }),
            outboxEntry({ id: 'd', key: 'k3' }),
          ]),
        ).toBe(1);
        expect((await store.outbox.get('k1'))?.externalId).toBe('42');
        expect(await store.outbox.get('nothing')).toBeUndefined();
      });

      it('claims due entries once, high priority first, and not those due later', async () => {
        await store.outbox.enqueue([
          outboxEntry({ id: 'bulk', key: 'bulk', priority: 'bulk' }),
          outboxEntry({ id: 'high', key: 'high', priority: 'high' }),
          outboxEntry({ id: 'later', key: 'later', notBefore: LATER }),
        ]);
        const first = await store.outbox.claim({ owner: 'd1', now: NOW, leaseUntil: LATER, limit: 1 });
        expect(first.map((entry) => [entry.id, entry.status, entry.owner, entry.attempts])).toEqual([
          ['high', 'sending', 'd1', 1],
        ]);
        const rest = await store.outbox.claim({ owner: 'd2', now: NOW, leaseUntil: LATER, limit: 10 });
        expect(rest.map((entry) => entry.id)).toEqual(['bulk']);
        expect(await store.outbox.claim({ owner: 'd3', now: NOW, leaseUntil: LATER, limit: 10 })).toEqual([]);
        expect(
          (await store.outbox.claim({ owner: 'd3', now: LATER, leaseUntil: LATER, limit: 10 })).map(
            (entry) => entry.id,
          ),
        ).toEqual(['later']);
      });

      it('forgets a contact: waiting entries skipped, no entry keeps address or text, counts kept', async () => {
        await store.outbox.enqueue([
          outboxEntry({ id: 'w', key: 'w', contactId: 'gone', group: 'g', priority: 'bulk' }),
          outboxEntry({ id: 's', key: 's', contactId: 'gone', group: 'g', priority: 'high' }),
          outboxEntry({ id: 'o', key: 'o', contactId: 'other', group: 'g', priority: 'bulk', notBefore: LATER }),
        ]);
        const [claimed] = await store.outbox.claim({ owner: 'd1', now: NOW, leaseUntil: LATER, limit: 1 });
        expect(claimed.id).toBe('s');
        await store.outbox.settle(
          's',
          'd1',
          { status: 'sent', partsSent: 1, channel: 'telegram', externalId: '42' },
          NOW,
        );
        expect(await store.outbox.forgetContact('gone', LATER)).toBe(1);
        expect(await store.outbox.get('w')).toMatchObject({
          status: 'skipped',
          reason: 'erased',
          externalId: '',
          messages: [],
        });
        expect(await store.outbox.get('s')).toMatchObject({ status: 'sent', externalId: '', messages: [] });
        expect(await store.outbox.get('o')).toMatchObject({ status: 'pending', externalId: '42' });
        const total = (await store.outbox.counts('g')).reduce((sum, row) => sum + row.count, 0);
        expect(total).toBe(3);
      });

      it('gives each entry to one of many concurrent claimers', async () => {
        await store.outbox.enqueue(Array.from({ length: 40 }, (_, i) => outboxEntry({ id: `e${i}`, key: `k${i}` })));
        const claims = await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            store.outbox.claim({ owner: `d${i}`, now: NOW, leaseUntil: LATER, limit: 10 }),
          ),
        );
        const ids = claims.flat().map((entry) => entry.id);
        expect(ids).toHaveLength(40);
        expect(new Set(ids).size).toBe(40);
      });

      it('settles only what the owner holds, and drops the text of settled entries', async () => {
        await store.outbox.enqueue([outboxEntry({ id: 'a', key: 'ka' })]);
        await store.outbox.claim({ owner: 'd1', now: NOW, leaseUntil: LATER, limit: 1 });
        expect(await store.outbox.settle('a', 'someone-else', { status: 'skipped', reason: 'stopped' }, NOW)).toBe(
          false,
        );
        expect(
          await store.outbox.settle(
            'a',
            'd1',
            { status: 'sent', partsSent: 1, channel: 'telegram', externalId: '42' },
            NOW,
          ),
        ).toBe(true);
        expect(
          await store.outbox.settle(
            'a',
            'd1',
            { status: 'sent', partsSent: 1, channel: 'telegram', externalId: '42' },
            NOW,
          ),
        ).toBe(false);
        const entry = await store.outbox.get('ka');
        expect(entry).toMatchObject({ status: 'sent', sentAt: NOW, messages: [], partsSent: 1 });
        expect(entry?.owner).toBeUndefined();
      });

      it('retries a failed entry when it is due again, keeping what was already sent', async () => {
        await store.outbox.enqueue([outboxEntry({ id: 'a', key: 'ka' })]);
        await store.outbox.claim({ owner: 'd1', now: NOW, leaseUntil: LATER, limit: 1 });
        await store.outbox.settle(
          'a',
          'd1',
          { status: 'failed', error: 'HTTP 502', partsSent: 0, notBefore: LATER },
          NOW,
        );
        expect(await store.outbox.claim({ owner: 'd1', now: NOW, leaseUntil: LATER, limit: 1 })).toEqual([]);
        const [again] = await store.outbox.claim({ owner: 'd2', now: LATER, leaseUntil: LATER, limit: 1 });
        expect(again).toMatchObject({
          id: 'a',
          attempts: 2,
          lastError: 'HTTP 502',
          messages: [{ kind: 'text', text: 'Bonjour' }],
        });
      });

      it('resolves entries left sending past their lease as dead, never to be sent again', async () => {
        await store.outbox.enqueue([outboxEntry({ id: 'a', key: 'ka' }), outboxEntry({ id: 'b', key: 'kb' })]);
        await store.outbox.claim({ owner: 'd1', now: NOW, leaseUntil: LATER, limit: 1 });
        expect(await store.outbox.releaseExpired(NOW)).toBe(0);
        expect(await store.outbox.releaseExpired('2026-11-24T10:06:00.000Z')).toBe(1);
        expect((await store.outbox.get('ka'))?.status).toBe('dead');
        expect(
          await store.outbox.settle(
            'a',
            'd1',
            { status: 'sent', partsSent: 1, channel: 'telegram', externalId: '42' },
            LATER,
          ),
        ).toBe(false);
        expect((await store.outbox.get('kb'))?.status).toBe('pending');
      });

      it('cancels what is still waiting in a group and counts the group', async () => {
        await store.outbox.enqueue([
          outboxEntry({ id: 'a', key: 'ka' }),
          outboxEntry({ id: 'b', key: 'kb', channel: 'messenger' }),
          outboxEntry({ id: 'c', key: 'kc', group: 'other' }),
        ]);
        await store.outbox.claim({ owner: 'd1', now: NOW, leaseUntil: LATER, limit: 1 });
        await store.outbox.settle(
          'a',
          'd1',
          { status: 'sent', partsSent: 1, channel: 'telegram', externalId: '42' },
          NOW,
        );
        expect(await store.outbox.cancelPending('broadcast:b1', 'cancelled', NOW)).toBe(1);
        const counts = await store.outbox.counts('broadcast:b1');
        expect(counts.sort((x, y) => x.channel.localeCompare(y.channel))).toEqual([
          { channel: 'messenger', status: 'skipped', reason: 'cancelled', count: 1 },
          { channel: 'telegram', status: 'sent', count: 1 },
        ]);
        expect((await store.outbox.get('kc'))?.status).toBe('pending');
      });
    });

    describe('link tokens', () => {
      it('gives the contact once, and never after expiry', async () => {
        await store.linkTokens.create('t1', 'c1', LATER);
        await store.linkTokens.create('t2', 'c2', LATER);
        const twice = await Promise.all([store.linkTokens.consume('t1', NOW), store.linkTokens.consume('t1', NOW)]);
        expect(twice.sort()).toEqual(['c1', undefined]);
        expect(await store.linkTokens.consume('t2', LATER)).toBeUndefined();
        expect(await store.linkTokens.consume('unknown', NOW)).toBeUndefined();
      });

      it('purges tokens past their expiry that nobody used', async () => {
        await store.linkTokens.create('old', 'c1', NOW);
        await store.linkTokens.create('fresh', 'c2', LATER);
        expect(await store.linkTokens.purgeExpired(NOW)).toBe(1);
        expect(await store.linkTokens.consume('fresh', NOW)).toBe('c2');
      });
    });

    it('goes through every subscription in batches', async () => {
      for (let i = 0; i < 7; i++)
        await store.subscriptions.add({ id: `s${i}`, contactId: `c${i}`, criteria: { region: 'r' }, createdAt: NOW });
      const sizes: number[] = [];
      const ids: string[] = [];
      for await (const batch of store.subscriptions.batches(3)) {
        sizes.push(batch.length);
        ids.push(...batch.map((subscription) => subscription.id));
      }
      expect(sizes).toEqual([3, 3, 1]);
      expect(ids.sort()).toEqual(['s0', 's1', 's2', 's3', 's4', 's5', 's6']);
    });

    describe('coordinators', () => {
      const account = (id: string, email: string, extra: object = {}) => ({
        id,
        email,
        name: id,
        role: 'coordinator' as const,
        organisationId: 'org1',
        passwordHash: 'scrypt$x',
        locale: 'fr' as const,
        createdAt: NOW,
        ...extra,
      });

      it('keeps one account per e-mail, found by e-mail or token hash', async () => {
        expect(await store.accounts.create(account('a1', 'lea@example.org'))).toBe(true);
        expect(await store.accounts.create(account('a2', 'lea@example.org'))).toBe(false);
        await store.accounts.create(account('a3', 'tom@example.org', { organisationId: 'org2' }));
        expect((await store.accounts.findByEmail('LEA@example.org'))?.id).toBe('a1');
        await store.accounts.update('a1', { apiTokenHash: 'h1', alertsTo: { channel: 'telegram', externalId: '42' } });
        expect((await store.accounts.findByTokenHash('h1'))?.alertsTo).toEqual({
          channel: 'telegram',
          externalId: '42',
        });
        expect(await store.accounts.findByTokenHash('nope')).toBeUndefined();
        expect((await store.accounts.list('org2')).map((a) => a.id)).toEqual(['a3']);
        expect(await store.accounts.count()).toBe(2);
      });

      it('keeps dashboard sessions until removed', async () => {
        await store.adminSessions.create({ id: 's1', accountId: 'a1', csrf: 'c', expiresAt: LATER });
        expect((await store.adminSessions.get('s1'))?.csrf).toBe('c');
        await store.adminSessions.remove('s1');
        expect(await store.adminSessions.get('s1')).toBeUndefined();
        await store.adminSessions.create({ id: 'old', accountId: 'a1', csrf: 'c', expiresAt: NOW });
        await store.adminSessions.create({ id: 'fresh', accountId: 'a1', csrf: 'c', expiresAt: LATER });
        expect(await store.adminSessions.purgeExpired(NOW)).toBe(1);
        expect(await store.adminSessions.get('old')).toBeUndefined();
        expect(await store.adminSessions.get('fresh')).toBeDefined();
        await store.adminSessions.create({ id: 'other', accountId: 'a2', csrf: 'c', expiresAt: LATER });
        await store.adminSessions.create({ id: 'second', accountId: 'a1', csrf: 'c', expiresAt: LATER });
        expect(await store.adminSessions.removeForAccount('a1')).toBe(2);
        expect(await store.adminSessions.get('fresh')).toBeUndefined();
        expect(await store.adminSessions.get('other')).toBeDefined();
      });

      it('starts a scheduled broadcast once, when due', async () => {
        const broadcast = broadcastOf();
        await store.broadcasts.save(broadcast);
        await store.broadcasts.save({ ...broadcast, id: 'b2', organisationId: 'org2', createdAt: LATER });
        expect(await store.broadcasts.dueScheduled(NOW)).toEqual([]);
        expect(await store.broadcasts.startIfDue('b1', NOW)).toBe(false);
        expect((await store.broadcasts.dueScheduled(LATER)).map((b) => b.id).sort()).toEqual(['b1', 'b2']);
        const twice = await Promise.all([
          store.broadcasts.startIfDue('b1', LATER),
          store.broadcasts.startIfDue('b1', LATER),
        ]);
        expect(twice.sort()).toEqual([false, true]);
        expect((await store.broadcasts.get('b1'))?.status).toBe('sending');
        expect((await store.broadcasts.list()).map((b) => b.id)).toEqual(['b2', 'b1']);
        expect((await store.broadcasts.list('org1')).map((b) => b.id)).toEqual(['b1']);
        // Left sending with its audience not all queued: found by the scheduler once untouched long enough.
        expect(await store.broadcasts.stalledSending(NOW)).toEqual([]);
        expect((await store.broadcasts.stalledSending(LATER)).map((b) => b.id)).toEqual(['b1']);
        await store.broadcasts.save({ ...(await store.broadcasts.get('b1'))!, queued: 3 });
        expect(await store.broadcasts.stalledSending(LATER)).toEqual([]);
      });

      it('keeps uploaded files byte for byte (above 16 MB too) and lists an association’s own', async () => {
        const picture = {
          id: 'm-pic',
          organisationId: 'org1',
          contentType: 'image/jpeg' as const,
          name: 'affiche.jpg',
          size: 4,
          createdAt: NOW,
        };
        await store.media.save(picture, Uint8Array.from([0xff, 0xd8, 0xff, 0xd9]));
        const big = new Uint8Array(17 * 1024 * 1024).map((_, index) => index % 251);
        const video = {
          ...picture,
          id: 'm-vid',
          contentType: 'video/mp4' as const,
          size: big.length,
          createdAt: LATER,
        };
        await store.media.save(video, big);
        await store.media.save({ ...picture, id: 'm-other', organisationId: 'org2' }, Uint8Array.from([1]));
        await store.media.save({ ...picture, id: 'm-other', organisationId: 'org2' }, Uint8Array.from([2]));
        expect(Buffer.from((await store.media.get('m-other'))!.bytes)).toEqual(Buffer.from([2]));
        expect(await store.media.get('m-pic')).toEqual({ file: picture, bytes: expect.anything() });
        expect(Buffer.from((await store.media.get('m-pic'))!.bytes)).toEqual(Buffer.from([0xff, 0xd8, 0xff, 0xd9]));
        expect(Buffer.from((await store.media.get('m-vid'))!.bytes).equals(Buffer.from(big))).toBe(true);
        expect((await store.media.list('org1')).map((file) => file.id)).toEqual(['m-vid', 'm-pic']);
        expect(await store.media.get('nothing')).toBeUndefined();
      });

      it('inserts a new broadcast once: the same id again changes nothing, even at the same instant', async () => {
        const broadcast = broadcastOf({ id: 'b-once', text: 'Première' });
        const both = await Promise.all([
          store.broadcasts.insert(broadcast),
          store.broadcasts.insert({ ...broadcast, text: 'Seconde' }),
        ]);
        expect(both.sort()).toEqual([false, true]);
        const kept = (await store.broadcasts.get('b-once'))!;
        expect(await store.broadcasts.insert({ ...kept, text: 'Troisième', status: 'cancelled' })).toBe(false);
        expect(await store.broadcasts.get('b-once')).toEqual(kept);
        expect(['Première', 'Seconde']).toContain(kept.text);
        expect((await store.broadcasts.list()).filter((b) => b.id === 'b-once')).toHaveLength(1);
      });

      it('changes a scheduled broadcast only while it has not started', async () => {
        const broadcast = broadcastOf({ id: 'b-edit', text: 'Avant' });
        await store.broadcasts.save(broadcast);
        expect(await store.broadcasts.replaceIfScheduled({ ...broadcast, text: 'Après', textEn: 'After' })).toBe(true);
        expect(await store.broadcasts.get('b-edit')).toMatchObject({ text: 'Après', textEn: 'After' });
        expect(await store.broadcasts.startIfDue('b-edit', LATER)).toBe(true);
        // The scheduler got there first: the edit is refused and the broadcast goes as it was.
        expect(await store.broadcasts.replaceIfScheduled({ ...broadcast, text: 'Trop tard' })).toBe(false);
        expect(await store.broadcasts.get('b-edit')).toMatchObject({ text: 'Après', status: 'sending' });
        expect(await store.broadcasts.replaceIfScheduled({ ...broadcast, id: 'nobody' })).toBe(false);
        expect(await store.broadcasts.get('nobody')).toBeUndefined();
      });

      it('lists an organisation’s own questions (not those asked of the network), and answers each once', async () => {
        await store.questions.add({
          id: 'q1',
          contactId: 'c1',
          channel: 'web',
          text: 'A ?',
          status: 'open',
          organisationId: 'org1',
          createdAt: NOW,
        });
        await store.questions.add({
          id: 'q2',
          contactId: 'c1',
          channel: 'web',
          text: 'B ?',
          status: 'open',
          organisationId: 'org2',
          createdAt: NOW,
        });
        await store.questions.add({
          id: 'q3',
          contactId: 'c2',
          channel: 'web',
          text: 'C ?',
          status: 'open',
          createdAt: LATER,
        });
        expect((await store.questions.list({ organisationId: 'org1' })).map((q) => q.id)).toEqual(['q1']);
        expect((await store.questions.list({})).map((q) => q.id)).toEqual(['q3', 'q1', 'q2']);
        const answers = await Promise.all([
          store.questions.answer('q1', { text: 'Oui', by: 'a1', at: LATER }),
          store.questions.answer('q1', { text: 'Non', by: 'a2', at: LATER }),
        ]);
        expect(answers.filter(Boolean)).toHaveLength(1);
        expect((await store.questions.list({ status: 'open' })).map((q) => q.id).sort()).toEqual(['q2', 'q3']);
        expect((await store.questions.get('q1'))?.status).toBe('answered');
      });

      it("gives contacts, outbox entries and an opportunity's events in batches or in order", async () => {
        for (let i = 0; i < 5; i++)
          await store.contacts.findOrCreate({ channel: 'web', externalId: `v${i}` }, () =>
            contact({ id: `k${i}`, identities: [{ channel: 'web', externalId: `v${i}` }] }),
          );
        const seen: string[] = [];
        for await (const batch of store.contacts.batches(2)) seen.push(...batch.map((c) => c.id));
        expect(seen.sort()).toEqual(['k0', 'k1', 'k2', 'k3', 'k4']);
        await store.outbox.enqueue([
          outboxEntry({ id: 'e1', key: 'x1' }),
          outboxEntry({ id: 'e2', key: 'x2' }),
          outboxEntry({ id: 'e3', key: 'x3', group: 'other' }),
        ]);
        const entries: string[] = [];
        for await (const batch of store.outbox.entries('broadcast:b1', 1)) entries.push(...batch.map((e) => e.key));
        expect(entries.sort()).toEqual(['x1', 'x2']);
        await store.metrics.record({ id: 'm2', type: 'signup', opportunityId: 'opp1', channel: 'web', at: LATER });
        await store.metrics.record({
          id: 'm1',
          type: 'details_opened',
          opportunityId: 'opp1',
          channel: 'web',
          at: NOW,
        });
        await store.metrics.record({
          id: 'm3',
          type: 'details_opened',
          opportunityId: 'opp2',
          channel: 'web',
          at: NOW,
        });
        expect((await store.metrics.listByOpportunity('opp1')).map((m) => m.id)).toEqual(['m1', 'm2']);
      });
    });

    it('purges what is past retention: settled outbox entries, mailbox items, unused button references', async () => {
      const OLD = '2026-08-01T00:00:00.000Z';
      await store.outbox.enqueue([
        outboxEntry({ id: 'a', key: 'ka', notBefore: OLD, createdAt: OLD, updatedAt: OLD }),
        outboxEntry({ id: 'b', key: 'kb', notBefore: OLD }),
      ]);
      const [claimed] = await store.outbox.claim({ owner: 'd', now: OLD, leaseUntil: LATER, limit: 1 });
      await store.outbox.settle(
        claimed.id,
        'd',
        { status: 'sent', partsSent: 1, channel: 'telegram', externalId: '42' },
        OLD,
      );
      expect(await store.outbox.purgeSettled('2026-09-01T00:00:00.000Z')).toBe(1);
      expect(await store.outbox.get(claimed.key)).toBeUndefined();
      expect(await store.outbox.get(claimed.key === 'ka' ? 'kb' : 'ka')).toBeDefined();

      await store.mailbox.add({ id: 'm1', externalId: 'v1', messages: [], at: OLD });
      await store.mailbox.add({ id: 'm2', externalId: 'v1', messages: [], at: NOW });
      expect(await store.mailbox.purgeBefore('2026-09-01T00:00:00.000Z')).toBe(1);
      expect((await store.mailbox.list('v1', undefined, 5)).map((item) => item.id)).toEqual(['m2']);

      await store.channelState.put({ channel: 'telegram', key: 'r:old', value: 'x', savedAt: OLD });
      await store.channelState.put({ channel: 'telegram', key: 'r:used', value: 'y', savedAt: OLD });
      await store.channelState.put({ channel: 'telegram', key: 'r:used', value: 'y', savedAt: NOW });
      expect(await store.channelState.purgeBefore('2026-09-01T00:00:00.000Z')).toBe(1);
      expect(await store.channelState.get('telegram', 'r:old')).toBeUndefined();
      expect(await store.channelState.get('telegram', 'r:used')).toBe('y');
    });

    describe('web mailbox', () => {
      it("lists a visitor's messages oldest first, after the last one seen", async () => {
        await store.mailbox.add({ id: 'm2', externalId: 'v1', messages: [{ kind: 'text', text: 'deux' }], at: LATER });
        await store.mailbox.add({ id: 'm1', externalId: 'v1', messages: [{ kind: 'text', text: 'un' }], at: NOW });
        await store.mailbox.add({ id: 'm3', externalId: 'v2', messages: [{ kind: 'text', text: 'autre' }], at: NOW });
        expect((await store.mailbox.list('v1', undefined, 10)).map((item) => item.id)).toEqual(['m1', 'm2']);
        expect((await store.mailbox.list('v1', 'm1', 10)).map((item) => item.id)).toEqual(['m2']);
        expect(await store.mailbox.removeAllFor('v1')).toBe(2);
        expect(await store.mailbox.list('v1', undefined, 10)).toEqual([]);
      });
    });

    it('reports its health', async () => {
      expect((await store.health()).ok).toBe(true);
    });
  });
}
