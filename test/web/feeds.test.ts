/** Calendar and Atom feeds of published opportunities, parsed by libraries that implement the RFCs. */
import ICAL from 'ical.js';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Store } from '../../src/domain/ports';
import { createEmbeddedStore } from '../../src/store/embedded';
import { opportunity } from '../support/factories';
import { startApp, type RunningApp } from '../support/server';

describe('feeds', () => {
  let running: RunningApp;
  let store: Store;
  const get = async (path: string) => {
    const response = await fetch(`${running.url}${path}`, { headers: { 'accept-language': 'fr' } });
    return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
  };

  beforeAll(async () => {
    store = createEmbeddedStore();
    for (const id of ['a', 'b'])
      await store.organisations.save({ id: `org-${id}`, name: `Asso ${id} & co`, createdAt: '2026-11-01T00:00:00Z' });
    const dated = (id: string, organisationId: string, startsAt: string, extra = {}) =>
      store.opportunities.save(
        opportunity({
          id,
          organisationId,
          title: { fr: `Titre ${id}, avec ; virgule` },
          startsAt,
          endsAt: new Date(Date.parse(startsAt) + 3 * 3600_000).toISOString(),
          ...extra,
        }),
      );
    await dated('garden', 'org-a', '2026-12-05T09:00:00.000Z');
    await dated('meeting', 'org-b', '2026-12-10T17:00:00.000Z');
    await dated('past', 'org-a', '2026-10-01T09:00:00.000Z');
    await dated('draft', 'org-a', '2026-12-12T09:00:00.000Z', { status: 'draft' });
    await store.opportunities.save(opportunity({ id: 'ongoing', organisationId: 'org-a', startsAt: undefined }));
    running = await startApp({ store, env: { DEMO_DATA: 'false' } });
  });
  afterAll(() => running.close());

  const events = (text: string) =>
    new ICAL.Component(ICAL.parse(text) as unknown[])
      .getAllSubcomponents('vevent')
      .map((vevent) => new ICAL.Event(vevent));

  it('gives every published dated opportunity as a valid iCalendar, each linking to its page', async () => {
    const all = await get('/calendar.ics');
    expect(all.type).toBe('text/calendar; charset=utf-8');
    const parsed = events(all.text);
    expect(parsed.map((event) => event.uid).sort()).toEqual(['garden@mobilisation-bot', 'meeting@mobilisation-bot']);
    const garden = parsed.find((event) => event.uid.startsWith('garden'))!;
    expect(garden.summary).toBe('Titre garden, avec ; virgule');
    expect(garden.startDate.toJSDate().toISOString()).toBe('2026-12-05T09:00:00.000Z');
    expect(garden.component.getFirstPropertyValue('url')).toBe('https://bot.example/o/garden');
    const one = events((await get('/associations/org-b/calendar.ics')).text);
    expect(one.map((event) => event.uid)).toEqual(['meeting@mobilisation-bot']);
    expect((await get('/associations/nobody/calendar.ics')).status).toBe(404);
  });

  it('gives an Atom feed per network and per association, well-formed, each entry linking to its page', async () => {
    const all = await get('/feed.xml');
    expect(all.type).toBe('application/atom+xml; charset=utf-8');
    expect(XMLValidator.validate(all.text)).toBe(true);
    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });
    const feed = (parser.parse(all.text) as { feed: Record<string, unknown> }).feed;
    expect(feed.xmlns).toBe('http://www.w3.org/2005/Atom');
    expect(feed.id).toBe('https://bot.example/feed.xml');
    const entries = feed.entry as Array<{
      id: string;
      title: string;
      link: { href: string };
      author: { name: string };
    }>;
    // Ongoing ones are in the feed (not in the calendar); drafts and past ones in neither.
    expect(entries.map((entry) => entry.id).sort()).toEqual([
      'https://bot.example/o/garden',
      'https://bot.example/o/meeting',
      'https://bot.example/o/ongoing',
    ]);
    expect(entries.find((entry) => entry.id.endsWith('garden'))).toMatchObject({
      title: 'Titre garden, avec ; virgule',
      link: { href: 'https://bot.example/o/garden' },
      author: { name: 'Asso a & co' },
    });
    const one = (parser.parse((await get('/associations/org-b/feed.xml')).text) as { feed: Record<string, unknown> })
      .feed;
    expect(one.title).toBe('Asso b & co');
    expect((one.entry as { id: string }).id).toBe('https://bot.example/o/meeting');
  });
});
