/**
 * The dashboard's lists: search, filters, sort and pages of 50 for opportunities, sign-ups,
 * broadcasts and questions; places taken on each opportunity.
 */
import type { Store } from '../../src/domain/ports';
import { createEmbeddedStore } from '../../src/store/embedded';
import { opportunity } from '../support/factories';
import { startApp, type RunningApp } from '../support/server';
import { addAccount, signInCookie } from '../support/accounts';

const CREATED = '2026-11-20T09:00:00.000Z';

describe('dashboard lists', () => {
  let running: RunningApp;
  let store: Store;
  let cookie: string;

  const list = async (path: string) => {
    const text = await (await fetch(`${running.url}${path}`, { headers: { cookie } })).text();
    const pager = /<p class="pager" id="list-pager">([^<]*)/.exec(text)?.[1] ?? '';
    return { text, pager: pager.replace(/\s+/g, ' ').trim() };
  };
  const titles = (text: string) =>
    [...text.matchAll(/<h2><a href="\/admin\/opportunities\/([^"]+)">/g)].map((m) => m[1]);

  beforeAll(async () => {
    store = createEmbeddedStore();
    await store.organisations.save({ id: 'org', name: 'Les Jardins', createdAt: CREATED });
    await addAccount(store, { id: 'acc', email: 'acc@example.org', organisationId: 'org' });
    const dated = (id: string, startsAt: string, extra: Parameters<typeof opportunity>[0] = {}) =>
      store.opportunities.save(opportunity({ id, organisationId: 'org', startsAt, endsAt: startsAt, ...extra }));
    await dated('soon', '2026-11-28T14:00:00.000Z', { kind: 'meeting', region: 'occitanie', capacity: 10 });
    await dated('later', '2027-01-15T14:00:00.000Z', { kind: 'placement', region: 'bretagne' });
    await dated('gone', '2026-10-01T14:00:00.000Z', { kind: 'meeting', region: 'occitanie', status: 'archived' });
    await store.opportunities.save(
      opportunity({
        id: 'always',
        organisationId: 'org',
        startsAt: undefined,
        endsAt: undefined,
        kind: 'volunteering',
      }),
    );
    for (let n = 1; n <= 53; n++)
      await store.signups.request({
        id: `s${n}`,
        contactId: `c${n}`,
        opportunityId: 'always',
        channel: 'web',
        firstName: n === 7 ? 'Léonie' : `Personne ${n}`,
        joinWaitlist: false,
        now: CREATED,
      });
    for (let n = 1; n <= 4; n++)
      await store.signups.request({
        id: `t${n}`,
        contactId: `d${n}`,
        opportunityId: 'soon',
        channel: 'web',
        capacity: 3,
        joinWaitlist: true,
        now: CREATED,
      });
    for (const [id, text, status] of [
      ['b1', 'Rendez-vous au jardin samedi', 'sent'],
      ['b2', 'Stage en Bretagne', 'scheduled'],
    ] as const)
      await store.broadcasts.save({
        id,
        organisationId: 'org',
        text,
        audience: {},
        status,
        sendAt: CREATED,
        createdBy: 'acc',
        createdAt: CREATED,
        updatedAt: CREATED,
      });
    await store.questions.add({
      id: 'q1',
      contactId: 'c1',
      channel: 'web',
      text: 'Faut-il apporter des gants ?',
      status: 'open',
      organisationId: 'org',
      createdAt: CREATED,
    });
    await store.questions.add({
      id: 'q2',
      contactId: 'c2',
      channel: 'web',
      text: 'Le stage est-il payé ?',
      status: 'open',
      organisationId: 'org',
      createdAt: CREATED,
    });
    await store.questions.answer('q2', { text: 'Oui, gratifié.', by: 'acc', at: CREATED });
    running = await startApp({ store });
    cookie = (await signInCookie(running.url, 'acc@example.org'))!;
  });
  afterAll(() => running.close());

  it('filters opportunities by kind, region and date, sorts them by date, and shows the places taken', async () => {
    expect(titles((await list('/admin/opportunities?kind=meeting')).text).sort()).toEqual(['gone', 'soon']);
    expect(titles((await list('/admin/opportunities?region=bretagne')).text)).toEqual(['later']);
    expect(titles((await list('/admin/opportunities?when=upcoming')).text).sort()).toEqual(['later', 'soon']);
    expect(titles((await list('/admin/opportunities?when=past')).text)).toEqual(['gone']);
    expect(titles((await list('/admin/opportunities?when=undated')).text)).toEqual(['always']);
    expect(titles((await list('/admin/opportunities?sort=soonest')).text)).toEqual(['gone', 'soon', 'later', 'always']);
    expect(titles((await list('/admin/opportunities?sort=latest')).text)).toEqual(['later', 'soon', 'gone', 'always']);
    // An unknown value is no filter at all, never an error.
    expect(titles((await list('/admin/opportunities?kind=spaceflight')).text)).toHaveLength(4);
    const all = (await list('/admin/opportunities')).text;
    expect(all).toContain('3 / 10 places prises');
    expect(all).toContain('53 inscrit·es');
    expect(all).toMatch(/<option value="meeting">/);
  });

  it('finds a sign-up by first name and status, fifty to a page', async () => {
    const first = await list('/admin/opportunities/always/signups');
    expect(first.pager).toContain('53 résultats · page 1 sur 2');
    expect((first.text.match(/<tr><td>/g) ?? []).length).toBe(50);
    const second = await list('/admin/opportunities/always/signups?page=2');
    expect((second.text.match(/<tr><td>/g) ?? []).length).toBe(3);
    const found = await list('/admin/opportunities/always/signups?q=leonie');
    expect(found.pager).toContain('1 résultat');
    expect(found.text).toContain('<td>Léonie</td>');
    const waiting = await list('/admin/opportunities/soon/signups?status=waitlisted');
    expect(waiting.pager).toContain('1 résultat');
  });

  it('finds broadcasts by their words and status', async () => {
    const found = await list('/admin/broadcasts?q=JARDIN');
    expect(found.pager).toContain('1 résultat');
    expect(found.text).toContain('Rendez-vous au jardin samedi');
    expect(found.text).not.toContain('Stage en Bretagne</a>');
    expect((await list('/admin/broadcasts?status=scheduled')).text).toContain('Stage en Bretagne</a>');
    expect((await list('/admin/broadcasts?status=cancelled')).pager).toContain('Aucun résultat');
  });

  it('finds questions by their words, the answer’s too, and whether they are answered', async () => {
    expect((await list('/admin/questions?status=open')).text).toContain('Faut-il apporter des gants ?');
    expect((await list('/admin/questions?status=open')).text).not.toContain('Le stage est-il payé ?');
    expect((await list('/admin/questions?q=gratifie')).text).toContain('Le stage est-il payé ?');
    expect((await list('/admin/questions?q=gratifie')).pager).toContain('1 résultat');
  });
});
