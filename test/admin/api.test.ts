/**
 * The admin JSON API: authentication, organisation scope on every route, opportunities, broadcasts,
 * questions, statistics.
 */
import { receiptKey } from '../../src/domain/channel-state';
import type { Router } from 'express';
import { adminApiRouter, ADMIN_API } from '../../src/admin/api';
import { createEmbeddedStore } from '../../src/store/embedded';
import type { Store } from '../../src/domain/ports';
import { contact, outboxEntry } from '../support/factories';
import { startApp, type RunningApp } from '../support/server';

const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';

interface Json {
  [key: string]: unknown;
}

describe('admin API', () => {
  let running: RunningApp;
  let store: Store;
  const call = async (method: string, path: string, token: string | undefined, body?: unknown) => {
    const response = await fetch(`${running.url}${ADMIN_API}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body !== undefined && method !== 'GET' ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: (text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as Json & Json[],
    };
  };
  let orgA: string;
  let orgB: string;
  let tokenA: string;
  let tokenB: string;

  beforeAll(async () => {
    store = createEmbeddedStore();
    running = await startApp({ store, env: { ADMIN_TOKEN } });
    orgA = (await call('POST', '/organisations', ADMIN_TOKEN, { name: 'Les Jardins' })).body.id as string;
    orgB = (await call('POST', '/organisations', ADMIN_TOKEN, { name: 'Solidarité Sud' })).body.id as string;
    for (const [org, email] of [
      [orgA, 'a@example.org'],
      [orgB, 'b@example.org'],
    ]) {
      const account = await call('POST', '/accounts', ADMIN_TOKEN, {
        email,
        name: email,
        password: 'correct horse battery',
        role: 'coordinator',
        organisationId: org,
      });
      expect(account.status).toBe(201);
      expect(account.body.passwordHash).toBeUndefined();
      const token = (await call('POST', `/accounts/${account.body.id as string}/token`, ADMIN_TOKEN)).body
        .token as string;
      if (org === orgA) tokenA = token;
      else tokenB = token;
    }
  });
  afterAll(() => running.close());

  it('refuses requests without a valid bearer token, and tells how to authenticate', async () => {
    expect(await call('GET', '/opportunities', undefined)).toEqual({
      status: 401,
      body: { error: 'a valid bearer token is required (Authorization: Bearer <token>)' },
    });
    expect((await call('GET', '/opportunities', 'wrong')).status).toBe(401);
    expect((await call('GET', '/me', tokenA)).body).toMatchObject({ role: 'coordinator', organisationId: orgA });
  });

  it('refuses a malformed account by field, with the rules the dashboard uses', async () => {
    const refused = await call('POST', '/accounts', ADMIN_TOKEN, {
      email: 'not-an-address',
      name: ' ',
      password: 'short',
      role: 'owner',
    });
    expect(refused.status).toBe(400);
    expect((refused.body.errors as Array<{ field: string }>).map((error) => error.field).sort()).toEqual([
      'email',
      'name',
      'password',
      'role',
    ]);
    const mixedCase = await call('POST', '/accounts', ADMIN_TOKEN, {
      email: '  Zoe@Example.ORG ',
      name: 'Zoé',
      password: 'correct horse battery',
      role: 'admin',
    });
    expect(mixedCase.body).toMatchObject({ email: 'zoe@example.org', role: 'admin' });
  });

  it('keeps administration to administrators', async () => {
    expect((await call('POST', '/organisations', tokenA, { name: 'Mine' })).status).toBe(403);
    expect((await call('GET', '/accounts', tokenA)).status).toBe(403);
    expect((await call('GET', '/organisations', tokenA)).body.map((o: Json) => o.id)).toEqual([orgA]);
  });

  it("creates an opportunity in the coordinator's organisation, with share links; names bad fields", async () => {
    const bad = await call('POST', '/opportunities', tokenA, {
      kind: 'party',
      title: { fr: '' },
      startsAt: '2026-12-05T14:00:00Z',
      endsAt: '2026-12-05T12:00:00Z',
      capacity: -1,
    });
    expect(bad.status).toBe(400);
    expect((bad.body.errors as Json[]).map((e) => e.field)).toEqual(expect.arrayContaining(['kind', 'capacity']));
    const missing = await call('POST', '/opportunities', tokenA, {
      kind: 'volunteering',
      region: 'nouvelle-aquitaine',
      summary: { fr: 'x' },
      startsAt: '2026-12-05T14:00:00Z',
      endsAt: '2026-12-05T12:00:00Z',
    });
    expect((missing.body.errors as Json[]).map((e) => [e.field, e.code])).toEqual([
      ['title.fr', 'required'],
      ['endsAt', 'before_start'],
    ]);

    const created = await call('POST', '/opportunities', tokenA, {
      organisationId: orgB,
      kind: 'volunteering',
      title: { fr: 'Chantier nature', en: 'Nature work camp' },
      summary: { fr: 'Une journée au grand air' },
      region: 'nouvelle-aquitaine',
      themes: ['environment'],
      startsAt: '2026-12-05T13:00:00Z',
      capacity: 10,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ organisationId: orgA, status: 'draft' });
    // Only the channels the bot runs (here the web chat alone): no Telegram link that is a web link.
    expect(created.body.links).toEqual({
      page: `https://bot.example/o/${created.body.id as string}`,
      web: expect.stringMatching(/^https:\/\/bot\.example\/chat\?start=o/),
    });
    const published = await call('PATCH', `/opportunities/${created.body.id as string}`, tokenA, {
      status: 'published',
      capacity: 12,
    });
    expect(published.body).toMatchObject({ status: 'published', capacity: 12 });
    expect((await call('GET', `/opportunities/${created.body.id as string}`, tokenB)).status).toBe(404);
    expect((await call('GET', '/opportunities', tokenB)).body).toEqual([]);
  });

  it("walks every route: none answers without a token, none shows another organisation's records", async () => {
    const opportunity = (
      await call('POST', '/opportunities', tokenA, {
        kind: 'meeting',
        title: { fr: 'Réunion' },
        summary: { fr: 'Infos' },
        region: 'ile-de-france',
      })
    ).body;
    const signup = await store.signups.request({
      id: 'su-1',
      contactId: 'c1',
      opportunityId: opportunity.id as string,
      channel: 'web',
      joinWaitlist: false,
      now: '2026-11-24T09:00:00.000Z',
    });
    const broadcast = (await call('POST', '/broadcasts', tokenA, { text: 'Bonjour', audience: {} })).body
      .broadcast as Json;
    await store.questions.add({
      id: 'q-a',
      contactId: 'c1',
      channel: 'web',
      text: '?',
      status: 'open',
      organisationId: orgA,
      createdAt: '2026-11-24T09:00:00.000Z',
    });
    const ids: Record<string, string> = { id: opportunity.id as string };
    const router: Router = adminApiRouter(running.app.admin, { api: () => () => undefined } as never, 'Europe/Paris');
    const routes = (router.stack as unknown as Array<{ route?: { path: string; methods: Record<string, boolean> } }>)
      .filter((layer) => layer.route)
      .map((layer) => ({ path: layer.route!.path, method: Object.keys(layer.route!.methods)[0].toUpperCase() }))
      // The API's description is public: it says what may be asked, never anything stored.
      .filter(({ path }) => path !== `${ADMIN_API}/openapi.json`);
    expect(routes.length).toBeGreaterThan(20);
    for (const { path, method } of routes) {
      const url = path.replace(ADMIN_API, '');
      const concrete = url
        .replace('/signups/:id', `/signups/${signup.signup!.id}`)
        .replace('/broadcasts/:id', `/broadcasts/${broadcast.id as string}`)
        .replace('/questions/:id', '/questions/q-a')
        .replace('/accounts/:id', '/accounts/x')
        .replace(':id', ids.id);
      expect([method, url, (await call(method, concrete, undefined, {})).status]).toEqual([method, url, 401]);
      if (path.includes(':id')) {
        const status = (await call(method, concrete, tokenB, { attended: true, text: 'x' })).status;
        expect([method, url, [403, 404].includes(status)]).toEqual([method, url, true]);
      }
    }
  });

  it('sizes an audience, sends a broadcast with progress and per-channel results, and can cancel one', async () => {
    const add = async (id: string, channel: 'telegram' | 'web' | 'messenger', externalId: string, extra: object = {}) =>
      store.contacts.findOrCreate({ channel, externalId }, () =>
        contact({
          id,
          identities: [{ channel, externalId }],
          consentAt: '2026-11-01T00:00:00.000Z',
          lastInboundChannel: channel,
          follows: [orgA],
          ...extra,
        }),
      );
    await add('w1', 'web', 'visitor-aaaaaaaaaaaaaaaa', { region: 'occitanie' });
    // In the network, in the region, but with no link to association A: A's broadcasts leave them out.
    await add('x1', 'web', 'visitor-xxxxxxxxxxxxxxxx', { region: 'occitanie', follows: [orgB] });
    await add('w2', 'web', 'visitor-bbbbbbbbbbbbbbbb', { region: 'occitanie', locale: 'en' });
    await add('w3', 'web', 'visitor-cccccccccccccccc', { region: 'occitanie', status: 'stopped' });
    await add('m1', 'messenger', 'psid-1', { region: 'occitanie', lastInboundAt: '2026-11-24T08:00:00.000Z' });
    const size = await call('POST', '/audience', tokenA, { audience: { region: 'occitanie' } });
    expect(size.body).toEqual({
      total: 4,
      active: 3,
      byChannel: { telegram: 0, messenger: 1, web: 2 },
      messengerWindowOpen: 1,
      excluded: { stopped: 1, unreachable: 0, unrelated: 1 },
    });
    expect(
      (await call('POST', '/audience', tokenA, { audience: { region: 'occitanie', locale: 'en' } })).body.total,
    ).toBe(1);
    // Regions as people write them, as well as slugs; a name that is no region is refused.
    for (const written of ['Occitanie', 'occitanie ', 'OCCITANIE'])
      expect((await call('POST', '/audience', tokenA, { audience: { region: written } })).body.total).toBe(4);
    expect((await call('POST', '/audience', tokenA, { audience: { region: 'Atlantide' } })).status).toBe(400);
    expect((await call('POST', '/audience', tokenA, { audience: { planet: 'mars' } })).status).toBe(400);
    // An administrator says for which association (sign-up history is the association's), and
    // reaches the whole network.
    expect((await call('POST', '/audience', ADMIN_TOKEN, { audience: { region: 'occitanie' } })).status).toBe(400);
    expect(
      (await call('POST', '/audience', ADMIN_TOKEN, { organisationId: orgA, audience: { region: 'occitanie' } })).body
        .total,
    ).toBe(5);
    // Association B's coordinator reaches only B's people: here the one who follows B.
    expect((await call('POST', '/audience', tokenB, { audience: {} })).body).toMatchObject({
      total: 1,
      excluded: { unrelated: 4 },
    });

    const created = await call('POST', '/broadcasts', tokenA, {
      text: 'Rendez-vous samedi !',
      audience: { region: 'occitanie', channel: 'web' },
    });
    expect(created.status).toBe(201);
    expect((created.body.broadcast as Json).status).toBe('sending');
    // Queued in the background; the person who said STOP is queued too, and skipped with the reason.
    await running.app.admin.broadcastQueue.idle();
    const queued = await call('GET', `/broadcasts/${(created.body.broadcast as Json).id as string}`, tokenA);
    expect(queued.body.progress).toEqual({ total: 3, done: 0, open: 3 });
    await running.app.dispatcher.drain();
    const report = await call('GET', `/broadcasts/${(created.body.broadcast as Json).id as string}`, tokenA);
    expect(report.body.progress).toEqual({ total: 3, done: 3, open: 0 });
    expect((report.body.broadcast as Json).status).toBe('sent');
    expect((report.body.channels as Json).web).toEqual({
      sent: 2,
      delivered: null,
      read: null,
      skipped: { stopped: 1 },
      failed: 0,
      pending: 0,
    });
    const mailbox = await store.mailbox.list('visitor-bbbbbbbbbbbbbbbb', undefined, 5);
    expect(mailbox[0].messages[0]).toEqual({ kind: 'text', text: 'Les Jardins — Rendez-vous samedi !' });

    const later = await call('POST', '/broadcasts', tokenA, {
      text: 'Plus tard',
      sendAt: '2026-12-01T09:00:00Z',
      audience: { region: 'occitanie' },
    });
    expect((later.body.broadcast as Json).status).toBe('scheduled');
    const cancelled = await call('POST', `/broadcasts/${(later.body.broadcast as Json).id as string}/cancel`, tokenA);
    expect((cancelled.body.broadcast as Json).status).toBe('cancelled');
    expect((await call('GET', `/broadcasts/${(later.body.broadcast as Json).id as string}`, tokenB)).status).toBe(404);

    // Words in both languages: { fr, en }; French is required, a plain string is French alone.
    const bilingual = await call('POST', '/broadcasts', tokenA, {
      text: { fr: 'Plus tard', en: 'Later' },
      sendAt: '2026-12-01T09:00:00Z',
      audience: { region: 'occitanie' },
    });
    expect(bilingual.body.broadcast).toMatchObject({ text: 'Plus tard', textEn: 'Later' });
    expect((later.body.broadcast as Json).textEn).toBeUndefined();
    const englishOnly = await call('POST', '/broadcasts', tokenA, { text: { en: 'Later' }, audience: {} });
    expect(englishOnly.status).toBe(400);
    expect(JSON.stringify(englishOnly.body)).toContain('text.fr');
  });

  it('measures what a broadcast with an opportunity brought among the people it reached', async () => {
    const opportunity = (
      await call('POST', '/opportunities', tokenA, {
        kind: 'meeting',
        title: { fr: 'Apport' },
        summary: { fr: 's' },
        region: 'corse',
        status: 'published',
      })
    ).body;
    const id = opportunity.id as string;
    for (const n of ['1', '2', '3']) {
      await store.contacts.findOrCreate({ channel: 'web', externalId: `visitor-corse-0000000${n}` }, () =>
        contact({
          id: `corse${n}`,
          identities: [{ channel: 'web', externalId: `visitor-corse-0000000${n}` }],
          region: 'corse',
          consentAt: '2026-11-01T00:00:00.000Z',
          follows: [orgA],
        }),
      );
    }
    const created = await call('POST', '/broadcasts', tokenA, {
      text: 'Venez !',
      opportunityId: id,
      audience: { region: 'corse' },
    });
    await running.app.admin.broadcastQueue.idle();
    await running.app.dispatcher.drain();
    const later = '2026-11-24T12:00:00.000Z';
    await store.metrics.record({
      id: 'o1',
      type: 'details_opened',
      opportunityId: id,
      contactId: 'corse1',
      channel: 'web',
      at: later,
    });
    await store.metrics.record({
      id: 'o2',
      type: 'details_opened',
      opportunityId: id,
      contactId: 'someone-else',
      channel: 'web',
      at: later,
    });
    await store.metrics.record({
      id: 'o3',
      type: 'share_arrival',
      opportunityId: id,
      contactId: 'friend',
      sharedBy: 'corse2',
      channel: 'web',
      at: later,
    });
    await store.signups.request({
      id: 'su-corse1',
      contactId: 'corse1',
      opportunityId: id,
      channel: 'web',
      joinWaitlist: false,
      now: later,
    });
    await store.signups.setAttendance('su-corse1', true, undefined, later);
    const report = await call('GET', `/broadcasts/${(created.body.broadcast as Json).id as string}`, tokenA);
    expect(report.body.outcome).toEqual({
      reached: 3,
      details_opened: 1,
      shared: 0,
      arrivals: 1,
      signups: 1,
      attended: 1,
    });
  });

  it('starts scheduled broadcasts when due, and finishes queueing one a stopped process left half done', async () => {
    const base = {
      organisationId: orgA,
      text: 'Planifiée',
      audience: { region: 'occitanie', channel: 'web' as const },
      createdBy: 'x',
      createdAt: '2026-11-20T00:00:00.000Z',
    };
    await store.broadcasts.save({
      ...base,
      id: 'b-due',
      status: 'scheduled',
      sendAt: '2026-11-24T08:00:00.000Z',
      updatedAt: '2026-11-20T00:00:00.000Z',
    });
    await store.broadcasts.save({
      ...base,
      id: 'b-future',
      status: 'scheduled',
      sendAt: '2026-12-24T08:00:00.000Z',
      updatedAt: '2026-11-20T00:00:00.000Z',
    });
    await store.broadcasts.save({
      ...base,
      id: 'b-stale',
      status: 'sending',
      sendAt: '2026-11-24T07:00:00.000Z',
      updatedAt: '2026-11-24T07:00:00.000Z',
    });
    expect(await running.app.admin.broadcastQueue.sendDue()).toBe(2);
    await running.app.admin.broadcastQueue.idle();
    expect(await store.broadcasts.get('b-due')).toMatchObject({ status: 'sending', queued: 3 });
    expect((await store.broadcasts.get('b-stale'))?.queued).toBe(3);
    expect((await store.broadcasts.get('b-future'))?.status).toBe('scheduled');
    expect((await store.outbox.counts('broadcast:b-stale')).reduce((sum, c) => sum + c.count, 0)).toBe(3);
    // Nothing more to start or resume.
    expect(await running.app.admin.broadcastQueue.sendDue()).toBe(0);
  });

  it("counts Messenger deliveries and reads from the watermarks people's apps send back", async () => {
    await running.app.dispatcher.drain();
    const sentAt = '2026-11-24T10:00:00.000Z';
    await store.broadcasts.save({
      id: 'b-m',
      organisationId: orgA,
      text: 'x',
      audience: {},
      status: 'sending',
      queued: 2,
      sendAt: sentAt,
      createdBy: 'x',
      createdAt: sentAt,
      updatedAt: sentAt,
    });
    for (const [id, delivered, read] of [
      ['pm1', '2026-11-24T09:01:00.000Z', '2026-11-24T09:05:00.000Z'],
      ['pm2', '2026-11-24T09:02:00.000Z', undefined],
    ] as const) {
      await store.contacts.findOrCreate({ channel: 'messenger', externalId: id }, () =>
        contact({
          id,
          identities: [{ channel: 'messenger', externalId: id }],
        }),
      );
      const receipt = { channel: 'messenger' as const, savedAt: sentAt, owner: id };
      const at = (time: string) => time.replace('T09', 'T10');
      await store.channelState.put({ ...receipt, key: receiptKey('delivered', id), value: at(delivered) });
      if (read) await store.channelState.put({ ...receipt, key: receiptKey('read', id), value: at(read) });
      await store.outbox.enqueue([
        outboxEntry({
          id: `e-${id}`,
          key: `broadcast:b-m:${id}`,
          group: 'broadcast:b-m',
          contactId: id,
          channel: 'messenger',
          externalId: id,
        }),
      ]);
    }
    const claimed = await store.outbox.claim({
      owner: 't',
      now: sentAt,
      leaseUntil: '2026-11-24T11:00:00.000Z',
      limit: 10,
      priority: 'bulk',
    });
    expect(claimed.map((entry) => entry.group)).toEqual(['broadcast:b-m', 'broadcast:b-m']);
    for (const entry of claimed)
      await store.outbox.settle(
        entry.id,
        't',
        { status: 'sent', partsSent: 1, channel: 'messenger', externalId: entry.externalId },
        sentAt,
      );
    const report = await call('GET', '/broadcasts/b-m', tokenA);
    expect((report.body.channels as Json).messenger).toMatchObject({ sent: 2, delivered: 2, read: 1 });
    expect((report.body.broadcast as Json).status).toBe('sent');
    // Its figures outlive the outbox's entries once they are purged.
    expect(await store.outbox.purgeSettled('2026-12-31T00:00:00.000Z')).toBeGreaterThan(0);
    const later = await call('GET', '/broadcasts/b-m', tokenA);
    expect((later.body.channels as Json).messenger).toMatchObject({ sent: 2, delivered: 2, read: 1 });
    expect(later.body.progress).toEqual({ total: 2, done: 2, open: 0 });
  });

  it("answers a question on the person's channel, once", async () => {
    await store.contacts.findOrCreate({ channel: 'web', externalId: 'visitor-question-000001' }, () =>
      contact({ id: 'asker', identities: [{ channel: 'web', externalId: 'visitor-question-000001' }] }),
    );
    await store.questions.add({
      id: 'q1',
      contactId: 'asker',
      channel: 'web',
      text: 'Faut-il des gants ?',
      status: 'open',
      organisationId: orgA,
      createdAt: '2026-11-24T08:00:00.000Z',
    });
    const listed = await call('GET', '/questions?status=open', tokenA);
    expect(listed.body.map((q: Json) => q.id)).toContain('q1');
    expect((await call('GET', '/questions?status=open', tokenB)).body.map((q: Json) => q.id)).not.toContain('q1');
    expect((await call('POST', '/questions/q1/answer', tokenA, { text: 'Oui, on en prête.' })).body).toMatchObject({
      status: 'answered',
      answer: { text: 'Oui, on en prête.' },
    });
    expect((await call('POST', '/questions/q1/answer', tokenA, { text: 'Encore' })).status).toBe(400);
    await running.app.dispatcher.drain();
    const [item] = await store.mailbox.list('visitor-question-000001', undefined, 5);
    expect(item.messages[0]).toMatchObject({ kind: 'text', text: '💬 Réponse de Les Jardins :\nOui, on en prête.' });
  });

  it('gives statistics per opportunity, per channel and per day, in JSON and CSV', async () => {
    const opportunity = (
      await call('POST', '/opportunities', tokenA, {
        kind: 'meeting',
        title: { fr: 'Stats' },
        summary: { fr: 's' },
        region: 'occitanie',
        status: 'published',
      })
    ).body;
    const id = opportunity.id as string;
    const record = (
      n: string,
      type: 'details_opened' | 'share_link_created' | 'share_arrival',
      channel: 'web' | 'telegram',
      at: string,
      sharedBy?: string,
    ) =>
      store.metrics.record({
        id: n,
        type,
        opportunityId: id,
        contactId: type === 'share_link_created' ? 'w1' : `person-${n}`,
        channel,
        at,
        ...(sharedBy ? { sharedBy } : {}),
      });
    await record('e1', 'details_opened', 'web', '2026-11-23T10:00:00.000Z');
    await record('e2', 'details_opened', 'telegram', '2026-11-24T10:00:00.000Z');
    await record('e3', 'share_link_created', 'web', '2026-11-24T10:00:00.000Z');
    await record('e4', 'share_arrival', 'telegram', '2026-11-24T11:00:00.000Z', 'w1');
    // w1 shared twice: still one person who shared.
    await record('e5', 'share_link_created', 'web', '2026-11-24T12:00:00.000Z');
    const stats = await call('GET', `/opportunities/${id}/stats`, tokenA);
    expect(stats.body.totals).toMatchObject({ details_opened: 2, shared: 1, arrivals: 1 });
    expect((stats.body.byChannel as Json).details_opened).toEqual({ telegram: 1, messenger: 0, web: 1 });
    expect((stats.body.byDay as Json[]).map((row) => [row.day, row.details_opened])).toEqual([
      ['2026-11-23', 1],
      ['2026-11-24', 1],
    ]);
    const csv = await call('GET', `/opportunities/${id}/stats?format=csv`, tokenA);
    expect(csv.body).toBe(
      'day,reached,details_opened,page_views,shares,arrivals,signups,signups_from_links\r\n' +
        '2026-11-23,0,1,0,0,0,0,0\r\n2026-11-24,0,1,0,1,1,0,0\r\n',
    );
  });
});

describe('coordinators on Telegram', () => {
  it("links a coordinator's Telegram with a one-time link, then tells of new sign-ups and questions", async () => {
    const store = createEmbeddedStore();
    const running = await startApp({ store, env: { ADMIN_TOKEN } });
    try {
      const { admin, engine } = running.app;
      await store.organisations.save({ id: 'org-a', name: 'Les Jardins', createdAt: '2026-11-01T00:00:00.000Z' });
      await store.accounts.create({
        id: 'acc-a',
        email: 'a@example.org',
        name: 'Léa',
        role: 'coordinator',
        organisationId: 'org-a',
        passwordHash: 'x',
        locale: 'fr',
        createdAt: '2026-11-01T00:00:00.000Z',
      });
      await store.opportunities.save({
        ...(await import('../support/factories')).opportunity({
          id: 'garden',
          organisationId: 'org-a',
          signupFields: [],
        }),
      });
      const principal = { accountId: 'acc-a', role: 'coordinator' as const, organisationId: 'org-a', name: 'Léa' };
      const parameter = await admin.accounts.telegramLinkToken(principal);
      const reply = await engine.conversation.handle({
        channel: 'telegram',
        externalId: 'coord-chat',
        input: { type: 'start', linkToken: parameter.slice('link_'.length) },
      });
      expect(reply.messages[0]).toMatchObject({
        kind: 'text',
        text: expect.stringContaining('nouvelles inscriptions et questions de votre association'),
      });
      expect((await store.accounts.get('acc-a'))?.alertsTo).toEqual({ channel: 'telegram', externalId: 'coord-chat' });

      const person = { channel: 'web' as const, externalId: 'visitor-zzzzzzzzzzzzzzzz' };
      for (const input of [
        { type: 'start' as const },
        { type: 'choice' as const, payload: 'welcome.hello/accept' },
        { type: 'choice' as const, payload: 'welcome.age/young' },
        { type: 'choice' as const, payload: 'discover.show_results/signup/garden' },
      ]) {
        await engine.conversation.handle({ ...person, input });
      }
      const [signup] = await store.signups.listByOpportunity('garden');
      const notice = await store.outbox.get(`coordinator:acc-a:${signup.id}`);
      expect(notice).toMatchObject({
        channel: 'telegram',
        externalId: 'coord-chat',
        messages: [{ kind: 'text', text: '🙋 Nouvelle inscription : — pour « Bénévolat au jardin partagé ».' }],
      });
    } finally {
      await running.close();
    }
  });
});
