/** The association overview: totals over 30 and 90 days, a chart per local day, each association its own. */
import type { Store } from '../../src/domain/ports';
import { createEmbeddedStore } from '../../src/store/embedded';
import { opportunity } from '../support/factories';
import { startApp, type RunningApp } from '../support/server';
import { addAccount, signInCookie } from '../support/accounts';

// The test clock is 2026-11-24T09:00Z.
const DAYS_AGO = (n: number, hour = 12) => new Date(Date.UTC(2026, 10, 24 - n, hour)).toISOString();

describe('association overview', () => {
  let running: RunningApp;
  let store: Store;
  const cookies: Record<string, string> = {};

  const view = async (who: string, query = '') => {
    const response = await fetch(`${running.url}/admin/overview${query}`, { headers: { cookie: cookies[who] } });
    const text = await response.text();
    const total = (key: string) => Number(new RegExp(`data-total="${key}">(\\d+)<`).exec(text)?.[1]);
    return { status: response.status, text, total };
  };

  beforeAll(async () => {
    store = createEmbeddedStore();
    for (const name of ['a', 'b']) {
      await store.organisations.save({ id: `org-${name}`, name: `Asso ${name}`, createdAt: DAYS_AGO(200) });
      await addAccount(store, { id: `acc-${name}`, email: `${name}@example.org`, organisationId: `org-${name}` });
    }
    await addAccount(store, { id: 'root', email: 'root@example.org', role: 'admin' });
    await store.opportunities.save(
      opportunity({ id: 'recent', organisationId: 'org-a', createdAt: DAYS_AGO(10), startsAt: DAYS_AGO(3) }),
    );
    await store.opportunities.save(
      opportunity({ id: 'older', organisationId: 'org-a', status: 'archived', createdAt: DAYS_AGO(60) }),
    );
    await store.opportunities.save(opportunity({ id: 'theirs', organisationId: 'org-b', createdAt: DAYS_AGO(5) }));
    const signUp = (id: string, opportunityId: string, daysAgo: number) =>
      store.signups.request({
        id,
        contactId: `c-${id}`,
        opportunityId,
        channel: 'web',
        joinWaitlist: false,
        now: DAYS_AGO(daysAgo),
      });
    await signUp('s1', 'recent', 5);
    await signUp('s2', 'recent', 5);
    await signUp('s3', 'older', 50);
    await signUp('s4', 'theirs', 2);
    await store.signups.setAttendance('s1', true, undefined, DAYS_AGO(2));
    let n = 0;
    const event = (type: 'share_link_created' | 'share_arrival', opportunityId: string, daysAgo: number) =>
      store.metrics.record({
        id: `m${++n}`,
        type,
        opportunityId,
        // A different person each time: the overview counts people, not taps.
        contactId: `person-${n}`,
        channel: 'web',
        at: DAYS_AGO(daysAgo),
      });
    await event('share_link_created', 'recent', 4);
    await event('share_link_created', 'recent', 4);
    await event('share_link_created', 'older', 70);
    await event('share_arrival', 'recent', 4);
    await event('share_link_created', 'theirs', 1);
    running = await startApp({ store });
    cookies.a = (await signInCookie(running.url, 'a@example.org'))!;
    cookies.root = (await signInCookie(running.url, 'root@example.org'))!;
  });
  afterAll(() => running.close());

  it('counts the association’s own activity over 30 days, and more over 90', async () => {
    const month = await view('a');
    expect(month.status).toBe(200);
    expect(['published', 'created', 'signups', 'attended', 'shares', 'arrivals'].map(month.total)).toEqual([
      1, 1, 2, 1, 2, 1,
    ]);
    const quarter = await view('a', '?days=90');
    expect(['created', 'signups', 'shares'].map(quarter.total)).toEqual([2, 3, 3]);
    // A coordinator cannot look at another association by changing the address.
    expect((await view('a', '?id=org-b')).total('signups')).toBe(2);
  });

  it('draws one bar per day of the period, and the figures as a table', async () => {
    const month = await view('a');
    expect(month.text).toContain('<svg viewBox="0 0 720 200" role="img"');
    expect((month.text.match(/<rect class="chart-signups"/g) ?? []).length).toBe(30);
    expect(month.text).toContain('<title>2026-11-19 : 2 inscriptions</title>');
    expect(month.text).toContain('<tr><th scope="row">2026-11-20</th><td>0</td><td>2</td></tr>');
    expect((await view('a', '?days=90')).text.match(/<rect class="chart-signups"/g)).toHaveLength(90);
    expect((await view('a', '?days=7')).text.match(/<rect class="chart-signups"/g)).toHaveLength(30);
  });

  it('draws the funnel of the period and sharing per channel, people counted once', async () => {
    const month = await view('a');
    expect(month.text).toContain('<figure class="funnel"');
    expect(month.text).toContain('<span data-funnel="views">0</span>');
    expect(month.text).toContain('<span data-funnel="arrivals">1</span>');
    // The two people signed up did not come through a link.
    expect(month.text).toContain('<span data-funnel="signups">0</span>');
    expect(month.text).toContain('<td data-channel="shares-web">2</td>');
    expect(month.text).toContain('<td data-channel="arrivals-web">1</td>');
    expect(month.text).toContain('<td data-channel="shares-telegram">0</td>');
  });

  it('lets an administrator pick the association', async () => {
    const other = await view('root', '?id=org-b');
    expect(other.total('signups')).toBe(1);
    expect(other.text).toMatch(/<option value="org-b" selected>Asso b<\/option>/);
    expect((await view('root', '?id=unknown')).status).toBe(404);
  });
});
