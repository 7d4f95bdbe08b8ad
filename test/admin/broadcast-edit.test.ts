/**
 * A scheduled broadcast changed before it goes (words, audience, time), over the API and in the
 * dashboard, and refused once the scheduler has started it.
 */
import type { Store } from '../../src/domain/ports';
import { createEmbeddedStore } from '../../src/store/embedded';
import { callAdminApi } from '../support/admin-api';
import { startApp, type RunningApp } from '../support/server';
import { addAccount, signInCookie } from '../support/accounts';

interface Json {
  [key: string]: unknown;
}

describe('changing a scheduled broadcast', () => {
  let running: RunningApp;
  let store: Store;
  let cookie: string;
  const tokens: Record<string, string> = {};

  const call = (method: string, path: string, token: string, body?: unknown) =>
    callAdminApi<Json>(running.url, method, path, token, body);
  const page = async (path: string) => {
    const response = await fetch(`${running.url}${path}`, { headers: { cookie }, redirect: 'manual' });
    return { status: response.status, location: response.headers.get('location'), text: await response.text() };
  };
  const post = (path: string, fields: Record<string, string>) =>
    fetch(`${running.url}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams(fields).toString(),
    });
  const schedule = async (text: string) =>
    (
      await call('POST', '/broadcasts', tokens.a, {
        text,
        sendAt: '2026-12-01T09:00:00Z',
        audience: { region: 'occitanie' },
      })
    ).body.broadcast as Json;

  beforeAll(async () => {
    store = createEmbeddedStore();
    running = await startApp({ store, env: { ADMIN_TOKEN: 'admin-token-for-tests-0123456789' } });
    for (const name of ['a', 'b']) {
      await store.organisations.save({ id: `org-${name}`, name: `Asso ${name}`, createdAt: '2026-11-01T00:00:00Z' });
      await addAccount(store, { id: `acc-${name}`, email: `${name}@example.org`, organisationId: `org-${name}` });
      tokens[name] = await running.app.admin.accounts.ownApiToken({
        accountId: `acc-${name}`,
        name,
        role: 'coordinator',
        organisationId: `org-${name}`,
      });
    }
    cookie = (await signInCookie(running.url, 'a@example.org'))!;
  });
  afterAll(() => running.close());

  it('takes new words, audience and time over the API until the scheduler starts it, then answers 409', async () => {
    const broadcast = await schedule('Samedi');
    const path = `/broadcasts/${broadcast.id as string}`;
    const changed = await call('PUT', path, tokens.a, {
      text: { fr: 'Dimanche plutôt', en: 'Sunday instead' },
      sendAt: '2026-12-02T17:30:00Z',
      audience: { region: 'bretagne' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.broadcast).toMatchObject({
      id: broadcast.id,
      organisationId: 'org-a',
      text: 'Dimanche plutôt',
      textEn: 'Sunday instead',
      sendAt: '2026-12-02T17:30:00.000Z',
      audience: { region: 'bretagne' },
      status: 'scheduled',
      createdAt: broadcast.createdAt,
    });
    expect((await call('PUT', path, tokens.b, { text: 'Pris', audience: {} })).status).toBe(404);
    const refused = await call('PUT', path, tokens.a, { text: '', audience: {} });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('text.fr');

    expect(await store.broadcasts.startIfDue(broadcast.id as string, '2026-12-02T17:30:00.000Z')).toBe(true);
    const late = await call('PUT', path, tokens.a, { text: 'Trop tard', audience: {} });
    expect(late.status).toBe(409);
    expect(late.body.error).toMatch(/started/);
    expect((await store.broadcasts.get(broadcast.id as string))?.text).toBe('Dimanche plutôt');
  });

  it('sends at once a broadcast moved to a time already past', async () => {
    const broadcast = await schedule('Bientôt');
    const now = await call('PUT', `/broadcasts/${broadcast.id as string}`, tokens.a, {
      text: 'Maintenant',
      sendAt: '2026-11-24T08:00:00Z',
      audience: {},
    });
    expect(now.status).toBe(200);
    expect((now.body.broadcast as Json).status).not.toBe('scheduled');
    await running.app.admin.broadcastQueue.idle();
  });

  it('lets a coordinator change and reschedule it in the dashboard, through the same review', async () => {
    const broadcast = await schedule('Réunion samedi');
    const id = broadcast.id as string;
    const shown = await page(`/admin/broadcasts/${id}`);
    expect(shown.text).toContain(`href="/admin/broadcasts/${id}/edit"`);
    const form = await page(`/admin/broadcasts/${id}/edit`);
    expect(form.status).toBe(200);
    expect(form.text).toContain(`action="/admin/broadcasts/${id}"`);
    expect(form.text).toContain('>Réunion samedi</textarea>');
    // Paris is an hour ahead of UTC in December: the form shows the coordinator's own clock.
    expect(form.text).toContain('value="2026-12-01T10:00"');
    expect(form.text).toMatch(/<option value="occitanie" selected/);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1];
    const fields = {
      _csrf: csrf,
      'text.fr': 'Réunion dimanche',
      'text.en': 'Meeting on Sunday',
      'audience.region': 'occitanie',
      sendAt: '2026-12-06T15:00',
    };
    const review = await post(`/admin/broadcasts/${id}`, { ...fields, intent: 'review' });
    const reviewText = await review.text();
    expect(reviewText).toContain(`action="/admin/broadcasts/${id}"`);
    expect(reviewText).toContain('Réunion dimanche');
    expect(reviewText).toContain('dim. 6 déc. 2026, 15:00');
    const before = (await store.broadcasts.list('org-a')).length;
    const sent = await post(`/admin/broadcasts/${id}`, { ...fields, intent: 'send' });
    expect(sent.status).toBe(303);
    expect(sent.headers.get('location')).toBe(`/admin/broadcasts/${id}`);
    expect(await store.broadcasts.get(id)).toMatchObject({
      text: 'Réunion dimanche',
      textEn: 'Meeting on Sunday',
      sendAt: '2026-12-06T14:00:00.000Z',
      status: 'scheduled',
    });
    expect((await store.broadcasts.list('org-a')).length).toBe(before);

    // Once started, the form is gone and the page says why.
    expect(await store.broadcasts.startIfDue(id, '2026-12-06T14:00:00.000Z')).toBe(true);
    const gone = await page(`/admin/broadcasts/${id}/edit`);
    expect(gone.status).toBe(303);
    const explained = await page(gone.location!);
    expect(explained.text).toContain('Cette diffusion a déjà commencé');
    expect(explained.text).not.toContain(`/admin/broadcasts/${id}/edit`);
    const late = await post(`/admin/broadcasts/${id}`, { ...fields, 'text.fr': 'Trop tard', intent: 'send' });
    expect(late.status).toBe(303);
    expect((await store.broadcasts.get(id))?.text).toBe('Réunion dimanche');
  });

  it('keeps another association’s broadcast out of reach', async () => {
    const broadcast = await schedule('Privé');
    const otherCookie = (await signInCookie(running.url, 'b@example.org'))!;
    const response = await fetch(`${running.url}/admin/broadcasts/${broadcast.id as string}/edit`, {
      headers: { cookie: otherCookie },
    });
    expect(response.status).toBe(404);
  });
});
