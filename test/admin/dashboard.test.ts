/** The dashboard over HTTP: sign-in, rate limiting, CSRF, escaping, scope, languages. */
import { hashPassword } from '../../src/admin/passwords';
import type { Store } from '../../src/domain/ports';
import { createEmbeddedStore } from '../../src/store/embedded';
import { opportunity } from '../support/factories';
import { startApp, type RunningApp } from '../support/server';
import { postForm } from '../support/sign-in-form';

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describe('dashboard', () => {
  let running: RunningApp;
  let store: Store;

  beforeAll(async () => {
    store = createEmbeddedStore();
    await store.organisations.save({ id: 'org-a', name: 'Les <Jardins>', createdAt: '2026-11-01T00:00:00.000Z' });
    await store.organisations.save({ id: 'org-b', name: 'Autre', createdAt: '2026-11-01T00:00:00.000Z' });
    const passwordHash = await hashPassword('correct horse battery');
    await store.accounts.create({
      id: 'root',
      email: 'root@example.org',
      name: 'Root',
      role: 'admin',
      passwordHash,
      locale: 'fr',
      createdAt: '2026-11-01T00:00:00.000Z',
    });
    for (const [id, org] of [
      ['acc-a', 'org-a'],
      ['acc-b', 'org-b'],
    ]) {
      await store.accounts.create({
        id,
        email: `${id}@example.org`,
        name: id,
        role: 'coordinator',
        organisationId: org,
        passwordHash,
        locale: 'fr',
        createdAt: '2026-11-01T00:00:00.000Z',
      });
    }
    await store.opportunities.save(
      opportunity({ id: 'mine', organisationId: 'org-a', title: { fr: '<script>alert(1)</script> Jardin' } }),
    );
    await store.opportunities.save(opportunity({ id: 'theirs', organisationId: 'org-b' }));
    running = await startApp({ store, env: { ADMIN_TOKEN: 'bootstrap-token-0123456789' } });
  });
  afterAll(() => running.close());

  const post = (path: string, body: Record<string, string>, cookie?: string) =>
    path === '/admin/login' && !cookie
      ? postForm(running.url, path, body)
      : fetch(`${running.url}${path}`, {
          method: 'POST',
          redirect: 'manual',
          headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
          body: form(body),
        });
  // One session per account for the whole file: signing in again each time would meet the
  // sign-in throttle (tested on its own above), not what these tests are about.
  const sessions = new Map<string, string>();
  const signIn = async (email: string) => {
    const kept = sessions.get(email);
    if (kept) return kept;
    const response = await post('/admin/login', {
      email,
      password: 'correct horse battery',
      next: '/admin/opportunities',
    });
    expect(response.status).toBe(303);
    const cookie = response.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    sessions.set(email, cookie.split(';')[0]);
    return cookie.split(';')[0];
  };
  const csrfOf = async (cookie: string) =>
    /name="_csrf" value="([^"]+)"/.exec(
      await (await fetch(`${running.url}/admin/opportunities`, { headers: { cookie } })).text(),
    )![1];

  it('sends visitors who are not signed in to the login page, and refuses their posts', async () => {
    const page = await fetch(`${running.url}/admin/broadcasts`, { redirect: 'manual' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/admin/login?next=%2Fadmin%2Fbroadcasts');
    expect((await post('/admin/opportunities/mine/status?to=archived', {})).status).toBe(401);
  });

  it('slows down password guessing: from the fifth wrong attempt in a row, the wait grows', async () => {
    const statuses = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await post('/admin/login', { email: 'acc-b@example.org', password: `guess-${i}` })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const refused = await post('/admin/login', { email: 'acc-b@example.org', password: 'correct horse battery' });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.text()).toContain('Trop de tentatives. Réessayez dans 1 seconde(s).');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await post('/admin/login', { email: 'acc-b@example.org', password: 'guess-6' })).status).toBe(401);
    const longer = await post('/admin/login', { email: 'acc-b@example.org', password: 'guess-7' });
    expect([longer.status, longer.headers.get('retry-after')]).toEqual([429, '2']);
  });

  it("refuses a form without the session's CSRF token, and takes it with", async () => {
    const cookie = await signIn('acc-a@example.org');
    const forged = await post('/admin/opportunities/mine/status?to=archived', {}, cookie);
    expect(forged.status).toBe(403);
    expect((await store.opportunities.get('mine'))?.status).toBe('published');
    const csrf = await csrfOf(cookie);
    const accepted = await post('/admin/opportunities/mine/status?to=draft', { _csrf: csrf }, cookie);
    expect(accepted.status).toBe(303);
    expect((await store.opportunities.get('mine'))?.status).toBe('draft');
  });

  it("shows each sign-up's age bracket and, under 15, when and where a parent's agreement was given", async () => {
    await store.signups.request({
      id: 'su-minor',
      contactId: 'c-minor',
      opportunityId: 'mine',
      channel: 'telegram',
      firstName: 'Noé',
      ageBracket: 'under15',
      parentConsent: { at: '2026-11-24T09:30:00.000Z', channel: 'telegram' },
      joinWaitlist: false,
      now: '2026-11-24T09:30:00.000Z',
    });
    const cookie = await signIn('acc-a@example.org');
    const page = await (await fetch(`${running.url}/admin/opportunities/mine/signups`, { headers: { cookie } })).text();
    const row = /<tr><td>Noé<\/td>.*?<\/tr>/s.exec(page)?.[0] ?? '';
    expect(row).toContain('<td>Moins de 15 ans</td>');
    // 09:30 UTC is 10:30 in Paris: times are the bot's wall time, and the page says which.
    expect(row).toContain('<td>Donné le mar. 24 nov. 2026, 10:30 (Telegram)</td>');
    expect(row).toContain('<time datetime="2026-11-24T09:30:00.000Z">mar. 24 nov. 2026, 10:30</time>');
    expect(page).toContain('Toutes les heures sont à l’heure de Europe/Paris.');
    // An event entered at 14:00 is listed at 14:00, and its form shows 14:00.
    const dated = await store.opportunities.get('mine');
    await store.opportunities.save({ ...dated!, startsAt: '2026-12-12T13:00:00.000Z' });
    const list = await (await fetch(`${running.url}/admin/opportunities`, { headers: { cookie } })).text();
    expect(list).toContain('<time datetime="2026-12-12T13:00:00.000Z">sam. 12 déc. 2026, 14:00</time>');
    const edit = await (await fetch(`${running.url}/admin/opportunities/mine`, { headers: { cookie } })).text();
    expect(edit).toContain('value="2026-12-12T14:00"');
    await store.opportunities.save(dated!);
    const csv = await (
      await fetch(`${running.url}/admin/opportunities/mine/signups.csv`, { headers: { cookie } })
    ).text();
    const [header, ...rows] = csv.trim().split('\r\n');
    expect(header).toBe(
      'id,status,firstName,ageBracket,parentConsentAt,parentConsentChannel,channel,createdAt,attended,feedback',
    );
    expect(rows).toContain(
      'su-minor,confirmed,Noé,under15,2026-11-24T10:30:00+01:00,telegram,telegram,2026-11-24T10:30:00+01:00,,',
    );
    await store.signups.cancel('su-minor', '2026-11-24T10:00:00.000Z');
  });

  it('escapes what coordinators typed, and shows only their own organisation', async () => {
    const cookie = await signIn('acc-a@example.org');
    const list = await (await fetch(`${running.url}/admin/opportunities`, { headers: { cookie } })).text();
    expect(list).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Jardin');
    expect(list).not.toContain('<script>alert(1)</script>');
    expect(list).not.toContain('/admin/opportunities/theirs');
    expect((await fetch(`${running.url}/admin/opportunities/theirs`, { headers: { cookie } })).status).toBe(404);
    expect((await fetch(`${running.url}/admin/opportunities/theirs/signups.csv`, { headers: { cookie } })).status).toBe(
      404,
    );
  });

  it('shows errors next to the fields they are about, keeping what was typed', async () => {
    const cookie = await signIn('acc-a@example.org');
    const csrf = await csrfOf(cookie);
    const response = await post(
      '/admin/opportunities',
      {
        _csrf: csrf,
        kind: 'volunteering',
        'title.fr': '',
        'summary.fr': 'Résumé',
        region: 'occitanie',
        startsAt: '2026-12-05T14:00',
        endsAt: '2026-12-05T12:00',
        mediaUrl: 'http://photos.example.org/camp.jpg',
      },
      cookie,
    );
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toContain('<p class="error" id="f-title-fr-error">Ce champ est obligatoire.</p>');
    // A link's error says what is wrong with it.
    expect(page).toMatch(/id="f-mediaUrl-error">L(&#39;|')adresse doit commencer par https:\/\/\.<\/p>/);
    expect(page).toContain('aria-describedby="f-endsAt-error"');
    expect(page).toContain('La fin doit venir après le début.');
    expect(page).toContain('value="Résumé"');
  });

  it('speaks English when asked', async () => {
    const cookie = await signIn('acc-a@example.org');
    const csrf = await csrfOf(cookie);
    const switched = await post('/admin/language', { _csrf: csrf }, cookie);
    const language = switched.headers.get('set-cookie')!.split(';')[0];
    const page = await (
      await fetch(`${running.url}/admin/opportunities`, { headers: { cookie: `${cookie}; ${language}` } })
    ).text();
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('New opportunity');
  });

  it('lets an administrator add an association and its coordinator, who sets where to publish', async () => {
    const admin = await signIn('root@example.org');
    let csrf = await csrfOf(admin);
    const created = await post('/admin/organisations', { _csrf: csrf, name: 'Scouts du Sud' }, admin);
    expect(created.status).toBe(303);
    const organisation = (await store.organisations.list()).find((o) => o.name === 'Scouts du Sud')!;
    const account = await post(
      '/admin/accounts',
      {
        _csrf: csrf,
        name: 'Zoé',
        email: 'zoe@scouts.example',
        organisationId: organisation.id,
        password: 'a long enough password',
      },
      admin,
    );
    expect(account.status).toBe(200);
    expect(await account.text()).toContain('Créé.');
    expect((await store.accounts.findByEmail('zoe@scouts.example'))?.organisationId).toBe(organisation.id);
    expect(
      (
        await post(
          '/admin/accounts',
          { _csrf: csrf, name: 'X', email: 'x@example.org', organisationId: organisation.id, password: 'short' },
          admin,
        )
      ).status,
    ).toBe(400);
    // The same rules as the API's: a malformed address is refused, and the page says which field.
    const malformed = await post(
      '/admin/accounts',
      {
        _csrf: csrf,
        name: 'Y',
        email: 'not-an-address',
        organisationId: organisation.id,
        password: 'long enough, yes',
      },
      admin,
    );
    expect(malformed.status).toBe(400);
    expect(await malformed.text()).toContain('Adresse e-mail : Cette valeur n&#39;est pas valable.');
    expect((await store.accounts.list()).some((account) => account.email === 'not-an-address')).toBe(false);

    const coordinator = await signIn('acc-a@example.org');
    csrf = await csrfOf(coordinator);
    expect((await fetch(`${running.url}/admin/organisation`, { headers: { cookie: coordinator } })).status).toBe(200);
    expect((await post('/admin/organisations', { _csrf: csrf, name: 'Mine' }, coordinator)).status).toBe(403);
    const refused = await post(
      '/admin/organisation/org-a/publishing',
      { _csrf: csrf, telegramChannel: 'not a channel' },
      coordinator,
    );
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Cette valeur n&#39;est pas valable.');
    expect(
      (
        await post(
          '/admin/organisation/org-a/publishing',
          { _csrf: csrf, telegramChannel: '@jardins_news' },
          coordinator,
        )
      ).status,
    ).toBe(303);
    expect((await store.organisations.get('org-a'))?.publishTo).toEqual({ telegramChannel: '@jardins_news' });
    expect(
      (
        await post(
          '/admin/organisation/org-b/publishing',
          { _csrf: csrf, telegramChannel: '@other_channel' },
          coordinator,
        )
      ).status,
    ).toBe(404);
  });

  it("walks every page: none opens without a session, none shows another organisation's records", async () => {
    const { dashboardRouter } = await import('../../src/admin/dashboard/router');
    const router = dashboardRouter({
      admin: running.app.admin,
      auth: { dashboard: () => () => undefined } as never,
      texts: {} as never,
      clock: () => new Date(),
      publicDir: '.',
      timezone: 'Europe/Paris',
      bootstrapToken: 'x',
    });
    const open = ['/admin/login', '/admin/setup', '/admin'];
    const routes = (router.stack as unknown as Array<{ route?: { path: string; methods: Record<string, boolean> } }>)
      .filter((layer) => layer.route && !open.includes(layer.route.path))
      .map((layer) => ({ path: layer.route!.path, method: Object.keys(layer.route!.methods)[0].toUpperCase() }));
    expect(routes.length).toBeGreaterThan(20);
    const theirs = await store.signups.request({
      id: 'su-theirs',
      contactId: 'c9',
      opportunityId: 'theirs',
      channel: 'web',
      joinWaitlist: false,
      now: '2026-11-24T09:00:00.000Z',
    });
    await store.broadcasts.save({
      id: 'b-theirs',
      organisationId: 'org-b',
      text: 'x',
      audience: {},
      status: 'sent',
      sendAt: '2026-11-24T09:00:00.000Z',
      createdBy: 'acc-b',
      createdAt: '2026-11-24T09:00:00.000Z',
      updatedAt: '2026-11-24T09:00:00.000Z',
    });
    await store.questions.add({
      id: 'q-theirs',
      contactId: 'c9',
      channel: 'web',
      text: '?',
      status: 'open',
      organisationId: 'org-b',
      createdAt: '2026-11-24T09:00:00.000Z',
    });
    const concrete = (path: string) =>
      path
        .replace('/opportunities/:id', '/opportunities/theirs')
        .replace('/signups/:id', `/signups/${theirs.signup!.id}`)
        .replace('/broadcasts/:id', '/broadcasts/b-theirs')
        .replace('/questions/:id', '/questions/q-theirs')
        .replace('/organisation/:id', '/organisation/org-b');
    const coordinator = await signIn('acc-a@example.org');
    const csrf = await csrfOf(coordinator);
    for (const { path, method } of routes) {
      const url = `${running.url}${concrete(path)}`;
      const anonymous = method === 'GET' ? await fetch(url, { redirect: 'manual' }) : await post(concrete(path), {});
      expect([method, path, anonymous.status]).toEqual([method, path, method === 'GET' ? 303 : 401]);
      if (path.includes(':id')) {
        const other =
          method === 'GET'
            ? await fetch(url, { redirect: 'manual', headers: { cookie: coordinator } })
            : await post(concrete(path), { _csrf: csrf, text: 'x', telegramChannel: '@other_channel' }, coordinator);
        expect([method, path, [403, 404].includes(other.status)]).toEqual([method, path, true]);
      }
    }
    expect((await store.opportunities.get('theirs'))?.status).toBe('published');
    expect((await store.questions.get('q-theirs'))?.status).toBe('open');
  });

  it('never redirects outside the dashboard after signing in or switching language', async () => {
    const { ownPage } = await import('../../src/admin/dashboard/router');
    expect(ownPage('/admin/broadcasts')).toBe('/admin/broadcasts');
    for (const target of [
      '//evil.example/x',
      '/admin//evil.example',
      '/admin/\\evil.example',
      'https://evil.example/admin/x',
      '/chat',
      undefined,
    ])
      expect(ownPage(target)).toBe('/admin/opportunities');
    const response = await post('/admin/login', {
      email: 'acc-a@example.org',
      password: 'correct horse battery',
      next: '//evil.example/admin/x',
    });
    expect(response.headers.get('location')).toBe('/admin/opportunities');
  });

  it('lets an administrator choose the association of a new opportunity', async () => {
    const admin = await signIn('root@example.org');
    const csrf = await csrfOf(admin);
    const form = await (await fetch(`${running.url}/admin/opportunities/new`, { headers: { cookie: admin } })).text();
    expect(form).toContain('<option value="org-b">Autre</option>');
    const created = await post(
      '/admin/opportunities',
      {
        _csrf: csrf,
        organisationId: 'org-b',
        kind: 'meeting',
        'title.fr': 'Réunion',
        'summary.fr': 'Infos',
        region: 'corse',
      },
      admin,
    );
    expect(created.status).toBe(303);
    const id = created.headers.get('location')!.split('/').pop()!.split('?')[0];
    expect((await store.opportunities.get(id))?.organisationId).toBe('org-b');
  });

  it('says what archiving and unpublishing will do, with how many people, before doing it', async () => {
    await store.opportunities.save(
      opportunity({
        id: 'to-archive',
        organisationId: 'org-a',
        title: { fr: 'Chantier' },
        startsAt: '2027-01-10T09:00:00Z',
      }),
    );
    for (const n of [1, 2, 3])
      await store.signups.request({
        id: `arch-${n}`,
        contactId: `c-${n}`,
        opportunityId: 'to-archive',
        channel: 'web',
        joinWaitlist: false,
        now: '2026-11-24T09:30:00.000Z',
      });
    const cookie = await signIn('acc-a@example.org');
    const details = await (
      await fetch(`${running.url}/admin/opportunities/to-archive`, { headers: { cookie } })
    ).text();
    // The buttons lead to a page that asks; nothing changes by following them.
    expect(details).toContain('href="/admin/opportunities/to-archive/status?to=archived"');
    const ask = await (
      await fetch(`${running.url}/admin/opportunities/to-archive/status?to=archived`, { headers: { cookie } })
    ).text();
    expect(ask).toContain('les 3 personnes inscrites seront prévenues et leurs inscriptions annulées');
    expect(ask).toContain('Oui, archiver et prévenir');
    expect((await store.opportunities.get('to-archive'))?.status).toBe('published');
    const unpublish = await (
      await fetch(`${running.url}/admin/opportunities/to-archive/status?to=draft`, { headers: { cookie } })
    ).text();
    expect(unpublish).toContain('Les 3 personnes inscrites gardent leur place et ne seront pas prévenues');
    const csrf = await csrfOf(cookie);
    expect((await post('/admin/opportunities/to-archive/status?to=archived', { _csrf: csrf }, cookie)).status).toBe(
      303,
    );
    expect((await store.opportunities.get('to-archive'))?.status).toBe('archived');
  });

  it('refuses to publish an opportunity whose date is past, and says why', async () => {
    await store.opportunities.save(
      opportunity({ id: 'old', organisationId: 'org-a', status: 'draft', startsAt: '2020-01-11T09:00:00Z' }),
    );
    const cookie = await signIn('acc-a@example.org');
    const csrf = await csrfOf(cookie);
    const refused = await post('/admin/opportunities/old/status?to=published', { _csrf: csrf }, cookie);
    expect(refused.headers.get('location')).toBe('/admin/opportunities/old?refused=in_the_past');
    expect((await store.opportunities.get('old'))?.status).toBe('draft');
    const page = await (
      await fetch(`${running.url}${refused.headers.get('location')}`, { headers: { cookie } })
    ).text();
    expect(page).toContain('Pas publié : la date est passée. Change la date, puis publie.');
  });

  it('gives every element of a page its own id, so each label names its own field', async () => {
    const cookie = await signIn('root@example.org');
    const pages = [
      '/admin/opportunities',
      '/admin/opportunities/new',
      '/admin/opportunities/mine',
      '/admin/broadcasts',
    ];
    for (const path of [...pages, '/admin/questions', '/admin/organisation', '/admin/telegram']) {
      const page = await (await fetch(`${running.url}${path}`, { headers: { cookie } })).text();
      const ids = [...page.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1]);
      const repeated = ids.filter((id, index) => ids.indexOf(id) !== index);
      expect({ path, repeated }).toEqual({ path, repeated: [] });
    }
  });

  it('refuses a second association of the same name, however it is written', async () => {
    const cookie = await signIn('root@example.org');
    const csrf = await csrfOf(cookie);
    expect((await post('/admin/organisations', { _csrf: csrf, name: 'Les Castors' }, cookie)).status).toBe(303);
    const again = await post('/admin/organisations', { _csrf: csrf, name: '  les castors ' }, cookie);
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('Une association porte déjà ce nom.');
    expect((await store.organisations.list()).filter((o) => o.name.toLowerCase().includes('castors'))).toHaveLength(1);
  });

  it('shows a scheduled broadcast’s send time and audience on its page', async () => {
    await store.broadcasts.save({
      id: 'b-later',
      organisationId: 'org-a',
      text: 'Rendez-vous',
      textEn: 'See you',
      audience: { region: 'occitanie', locale: 'en' },
      status: 'scheduled',
      sendAt: '2026-12-20T08:00:00.000Z',
      createdBy: 'acc-a',
      createdAt: '2026-11-24T09:00:00.000Z',
      updatedAt: '2026-11-24T09:00:00.000Z',
    });
    const cookie = await signIn('acc-a@example.org');
    const page = await (await fetch(`${running.url}/admin/broadcasts/b-later`, { headers: { cookie } })).text();
    expect(page).toContain('Envoi prévu : <time datetime="2026-12-20T08:00:00.000Z">dim. 20 déc. 2026, 09:00</time>');
    expect(page).toContain('<dt>Région</dt><dd>Occitanie</dd>');
    expect(page).toContain('<dt>Langue</dt><dd>English</dd>');
    expect(page).toContain('See you');
    await store.broadcasts.save({ ...(await store.broadcasts.get('b-later'))!, status: 'cancelled' });
  });

  it('lets a coordinator replace their provisional password, once they prove they know it', async () => {
    await store.accounts.create({
      id: 'acc-new',
      email: 'acc-new@example.org',
      name: 'Nouvelle',
      role: 'coordinator',
      organisationId: 'org-a',
      passwordHash: await hashPassword('provisional password'),
      locale: 'fr',
      createdAt: '2026-11-01T00:00:00.000Z',
    });
    const login = (password: string) =>
      post('/admin/login', { email: 'acc-new@example.org', password, next: '/admin' });
    const cookie = (await login('provisional password')).headers.get('set-cookie')!.split(';')[0];
    const page = await (await fetch(`${running.url}/admin/account`, { headers: { cookie } })).text();
    expect(page).toContain('Mot de passe actuel');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1];
    const change = (current: string, password: string) =>
      post('/admin/account', { _csrf: csrf, current, password }, cookie);
    const wrong = await change('not it at all', 'a brand new passphrase');
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toMatch(/Ce n(&#39;|')est pas le mot de passe actuel\./);
    expect((await change('provisional password', 'short')).status).toBe(400);
    const changed = await change('provisional password', 'a brand new passphrase');
    expect(changed.headers.get('location')).toBe('/admin/account?changed=1');
    expect((await login('provisional password')).status).toBe(401);
    expect((await login('a brand new passphrase')).status).toBe(303);
  });

  it('finds opportunities by title and status, fifty to a page', async () => {
    for (let n = 1; n <= 55; n++)
      await store.opportunities.save(
        opportunity({ id: `bulk-${n}`, organisationId: 'org-a', status: 'draft', title: { fr: `Atelier vélo ${n}` } }),
      );
    const cookie = await signIn('acc-a@example.org');
    const list = async (query: string) => {
      const page = await (await fetch(`${running.url}/admin/opportunities?${query}`, { headers: { cookie } })).text();
      return { page, cards: (page.match(/<li class="card">/g) ?? []).length };
    };
    const first = await list('q=atelier+velo');
    expect(first.page).toContain('55 résultats · page 1 sur 2');
    expect(first.cards).toBe(50);
    expect(first.page).toContain('href="/admin/opportunities?q=atelier+velo&amp;page=2" rel="next"');
    expect((await list('q=atelier+velo&page=2')).cards).toBe(5);
    expect((await list('q=atelier+velo&status=published')).page).toContain('Aucun résultat');
    expect((await list('q=ATELIER%20V%C3%A9LO%2012')).cards).toBe(1);
    for (let n = 1; n <= 55; n++)
      await store.opportunities.save(
        opportunity({
          id: `bulk-${n}`,
          organisationId: 'org-a',
          status: 'archived',
          title: { fr: `Atelier vélo ${n}` },
        }),
      );
  });

  it('says Telegram is not set up rather than offering a link that is not there', async () => {
    const cookie = await signIn('acc-a@example.org');
    const page = await (await fetch(`${running.url}/admin/telegram`, { headers: { cookie } })).text();
    expect(page).toMatch(/Ce bot n(&#39;|')a pas de compte Telegram/);
    expect(page).not.toContain('class="button" href=""');
    // The foot of every page says which channels run: here only the web chat (no platform token).
    expect(page).toContain('<p id="live-channels">Canaux en service : Chat web.</p>');
  });

  it('lets an administrator rename an association, never to another one’s name', async () => {
    const cookie = await signIn('root@example.org');
    const page = await (await fetch(`${running.url}/admin/organisation?id=org-b`, { headers: { cookie } })).text();
    const ids = [...page.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1]);
    expect(ids.filter((id, index) => ids.indexOf(id) !== index)).toEqual([]);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1];
    const taken = (await store.organisations.get('org-a'))!.name;
    const refused = await post('/admin/organisation/org-b/name', { _csrf: csrf, name: taken.toUpperCase() }, cookie);
    expect(refused.status).toBe(400);
    const renamed = await post('/admin/organisation/org-b/name', { _csrf: csrf, name: 'Les Hirondelles' }, cookie);
    expect(renamed.status).toBe(303);
    expect((await store.organisations.get('org-b'))?.name).toBe('Les Hirondelles');
    const coordinator = await signIn('acc-a@example.org');
    const notAllowed = await post(
      '/admin/organisation/org-a/name',
      { _csrf: await csrfOf(coordinator), name: 'X' },
      coordinator,
    );
    expect(notAllowed.status).toBe(403);
  });
});
