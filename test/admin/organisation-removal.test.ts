/**
 * Administrators remove an association that has nothing published, and give a coordinator a new
 * provisional password: over the API and in the dashboard, with who keeps access checked each time.
 */
import type { Store } from '../../src/domain/ports';
import { createEmbeddedStore } from '../../src/store/embedded';
import { opportunity } from '../support/factories';
import { callAdminApi } from '../support/admin-api';
import { startApp, type RunningApp } from '../support/server';
import { addAccount, signInCookie } from '../support/accounts';

describe('removing an association and resetting a password', () => {
  let running: RunningApp;
  let store: Store;
  let adminToken: string;

  const call = (method: string, path: string, token: string) =>
    callAdminApi<Record<string, unknown>>(running.url, method, path, token);
  const signIn = (email: string, password?: string) => signInCookie(running.url, email, password);
  const page = async (path: string, cookie: string) => {
    const response = await fetch(`${running.url}${path}`, { headers: { cookie }, redirect: 'manual' });
    return { status: response.status, text: await response.text() };
  };
  const post = async (path: string, cookie: string) => {
    const form = await page(path, cookie);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1];
    const response = await fetch(`${running.url}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ _csrf: csrf }).toString(),
    });
    return { status: response.status, text: await response.text() };
  };

  beforeAll(async () => {
    store = createEmbeddedStore();
    running = await startApp({ store, env: { ADMIN_TOKEN: 'admin-token-for-tests-0123456789' } });
    await addAccount(store, { id: 'root', email: 'root@example.org', name: 'Root', role: 'admin' });
    adminToken = await running.app.admin.accounts.ownApiToken({ accountId: 'root', role: 'admin', name: 'Root' });
    for (const name of ['left', 'active', 'mistake']) {
      await store.organisations.save({ id: name, name: `Asso ${name}`, createdAt: '2026-11-01T00:00:00.000Z' });
      await addAccount(store, {
        id: `acc-${name}`,
        email: `${name}@example.org`,
        name: `Coordination ${name}`,
        organisationId: name,
      });
    }
    await store.opportunities.save(opportunity({ id: 'old', organisationId: 'left', status: 'archived' }));
    await store.opportunities.save(opportunity({ id: 'live', organisationId: 'active' }));
  });
  afterAll(() => running.close());

  it('refuses while something is published or on its way, then signs its coordinators out for good', async () => {
    const coordinator = await running.app.admin.accounts.ownApiToken({
      accountId: 'acc-left',
      role: 'coordinator',
      name: 'c',
      organisationId: 'left',
    });
    const cookie = (await signIn('left@example.org'))!;
    expect((await page('/admin/opportunities', cookie)).status).toBe(200);

    const busy = await call('DELETE', '/organisations/active', adminToken);
    expect(busy.status).toBe(400);
    expect(JSON.stringify(busy.body)).toContain('still_published');
    expect((await call('DELETE', '/organisations/left', coordinator)).status).toBe(403);

    expect((await call('DELETE', '/organisations/left', adminToken)).body).toEqual({ removed: true });
    expect((await call('GET', '/organisations', adminToken)).body).not.toContainEqual(
      expect.objectContaining({ id: 'left' }),
    );
    expect((await call('GET', '/me', coordinator)).status).toBe(401);
    expect((await page('/admin/opportunities', cookie)).status).toBe(303);
    expect(await signIn('left@example.org')).toBeUndefined();
    expect((await call('DELETE', '/organisations/left', adminToken)).status).toBe(404);
    // The archived opportunity stays, for the history of those who signed up.
    expect((await store.opportunities.get('old'))?.status).toBe('archived');
    // Its name is free again, and it takes no new coordinator.
    const create = await callAdminApi(running.url, 'POST', '/organisations', adminToken, { name: 'Asso left' });
    expect(create.status).toBe(201);
    const coordinator2 = await callAdminApi(running.url, 'POST', '/accounts', adminToken, {
      email: 'new@example.org',
      name: 'Nouvelle',
      password: 'a long enough password',
      role: 'coordinator',
      organisationId: 'left',
    });
    expect(coordinator2.status).toBe(400);
  });

  it('removes an association from the dashboard after a confirmation that says what it means', async () => {
    const cookie = (await signIn('root@example.org'))!;
    const shown = await page('/admin/organisation?id=mistake', cookie);
    expect(shown.text).toContain('href="/admin/organisation/mistake/remove"');
    const confirmation = await page('/admin/organisation/mistake/remove', cookie);
    expect(confirmation.text).toContain('Retirer Asso mistake ?');
    expect(confirmation.text).toContain('Ses coordinateur·rices (1) ne pourront plus se connecter.');
    const removed = await post('/admin/organisation/mistake/remove', cookie);
    expect(removed.status).toBe(200);
    expect(removed.text).toContain('Asso mistake a été retirée.');
    expect(removed.text).not.toContain('href="/admin/organisation?id=mistake"');
    const refused = await post('/admin/organisation/active/remove', cookie);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('encore des propositions publiées');
    expect((await store.organisations.get('active'))?.removedAt).toBeUndefined();
  });

  it('gives a coordinator a provisional password, shown once, and ends their sessions', async () => {
    const before = (await signIn('active@example.org'))!;
    const cookie = (await signIn('root@example.org'))!;
    const list = await page('/admin/organisation', cookie);
    expect(list.text).toContain('href="/admin/accounts/acc-active/password"');
    const done = await post('/admin/accounts/acc-active/password', cookie);
    const provisional = /<code id="provisional-password">([^<]+)<\/code>/.exec(done.text)![1];
    expect(provisional.length).toBeGreaterThanOrEqual(12);
    expect((await page('/admin/opportunities', before)).status).toBe(303);
    expect(await signIn('active@example.org')).toBeUndefined();
    expect(await signIn('active@example.org', provisional)).toBeDefined();
    const api = await call('POST', '/accounts/acc-active/password', adminToken);
    expect(typeof api.body.password).toBe('string');
    expect(api.body.password).not.toBe(provisional);
  });
});
