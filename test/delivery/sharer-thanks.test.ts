/**
 * The sharer hears it worked: a sign-up through their verified link calls the hook, which leaves one
 * thank-you a day in the outbox, naming the newcomer only when both are 15 or over.
 */
import { thankSharer, type SharedLinkWorked } from '../../src/delivery/sharer-thanks';
import { contactSkipReason } from '../../src/delivery/routing';
import type { AgeBracket } from '../../src/domain/model';
import type { Store } from '../../src/domain/ports';
import { createEmbeddedStore } from '../../src/store/embedded';
import { createTestBot, FIXED_NOW } from '../support/bot';
import { contact, opportunity } from '../support/factories';
import { signedRef } from '../support/sharing';

describe('thanking the sharer', () => {
  it('calls the hook when someone signs up through a verified link, not through an anonymous one', async () => {
    const calls: SharedLinkWorked[] = [];
    const bot = createTestBot({ hooks: { sharedLinkWorked: async (event) => void calls.push(event) } });
    await bot.store.opportunities.save(opportunity({ id: 'opp1', signupFields: [] }));
    const signUp = async (externalId: string, shareRef: string) => {
      await bot.send({ type: 'start', shareRef }, { externalId });
      await bot.send({ type: 'choice', payload: 'welcome.hello/accept' }, { externalId });
      const age = await bot.send({ type: 'choice', payload: 'welcome.age/young' }, { externalId });
      const choices = age.flatMap((message) => ('choices' in message ? (message.choices ?? []) : []));
      const signup = choices.find((choice) => choice.label === "Je m'inscris")!;
      await bot.send({ type: 'choice', payload: signup.payload! }, { externalId });
    };
    await signUp('friend', signedRef('opp1', 'sharer-id'));
    await signUp('stranger', 'o' + Buffer.from('opp1|sharer-id').toString('base64url'));
    expect(calls).toEqual([expect.objectContaining({ sharerId: 'sharer-id', opportunityId: 'opp1' })]);
    const signups = await bot.store.metrics.find({ type: 'signup', opportunityId: 'opp1' });
    expect(signups.map((event) => event.sharedBy)).toEqual(['sharer-id', undefined]);
  });

  describe('the thank-you', () => {
    let store: Store;
    const bot = createTestBot();
    const deps = () => ({
      store,
      notices: bot.engine.notices,
      newId: () => `e${Math.random()}`,
      timezone: 'Europe/Paris',
    });
    const people = async (sharerAge?: AgeBracket, newcomerAge?: AgeBracket) => {
      await store.contacts.findOrCreate({ channel: 'telegram', externalId: '42' }, () =>
        contact({
          id: 'sharer',
          identities: [{ channel: 'telegram', externalId: '42' }],
          ...(sharerAge ? { ageBracket: sharerAge } : {}),
        }),
      );
      await store.contacts.findOrCreate({ channel: 'web', externalId: 'friend' }, () =>
        contact({
          id: 'friend',
          identities: [{ channel: 'web', externalId: 'friend' }],
          ...(newcomerAge ? { ageBracket: newcomerAge } : {}),
        }),
      );
    };
    const worked = { sharerId: 'sharer', newcomerId: 'friend', opportunityId: 'opp1', newcomerName: 'Yanis' };
    const thanks = async () =>
      await store.outbox.claim({
        owner: 't',
        now: FIXED_NOW.toISOString(),
        limit: 10,
        leaseUntil: '2030-01-01T00:00:00.000Z',
      });

    beforeEach(async () => {
      store = createEmbeddedStore();
      await store.opportunities.save(opportunity({ id: 'opp1', title: { fr: 'Maraude' } }));
    });
    afterEach(() => store.close());

    it('names the newcomer to the sharer when both are 15 or over, at most once a day', async () => {
      await people('18to25', '15to17');
      expect(await thankSharer(deps(), worked, FIXED_NOW)).toBe(true);
      expect(
        await thankSharer(deps(), { ...worked, newcomerName: 'Lina' }, new Date(FIXED_NOW.getTime() + 3600_000)),
      ).toBe(false);
      const [entry, ...others] = await thanks();
      expect(others).toEqual([]);
      expect(entry).toMatchObject({ channel: 'telegram', externalId: '42', purpose: 'notice', contactId: 'sharer' });
      expect(entry.messages[0]).toMatchObject({
        kind: 'text',
        text: expect.stringContaining("Yanis s'est inscrit·e à « Maraude »"),
      });
      expect(await thankSharer(deps(), worked, new Date(FIXED_NOW.getTime() + 86_400_000))).toBe(true);
    });

    it.each([
      ['the newcomer is under 15', '18to25', 'under15'],
      ['the sharer is under 15', 'under15', '18to25'],
      ['an age is not known', undefined, '18to25'],
    ] as const)('names nobody when %s', async (_case, sharerAge, newcomerAge) => {
      await people(sharerAge, newcomerAge);
      await thankSharer(deps(), worked, FIXED_NOW);
      const [entry] = await thanks();
      expect(JSON.stringify(entry.messages)).not.toContain('Yanis');
      expect(entry.messages[0]).toMatchObject({ text: expect.stringContaining("Quelqu'un s'est inscrit") });
    });

    it('is silenced by STOP', async () => {
      await people('18to25', '18to25');
      await store.contacts.update('sharer', { status: 'stopped' });
      expect(await thankSharer(deps(), worked, FIXED_NOW)).toBe(false);
      // And one already waiting when they said STOP is skipped by the dispatcher's rule.
      expect(contactSkipReason(contact({ status: 'stopped' }), { purpose: 'notice' } as never)).toBe('stopped');
    });
  });
});
