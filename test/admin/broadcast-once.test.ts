/**
 * A broadcast confirmed twice from its review page (a click again while the first is answered, a
 * browser sending the form again), or posted twice to the API with one `Idempotency-Key`, is made
 * and sent once: nobody receives the message twice.
 */
import type { Store } from '../../src/domain/ports';
import { createEmbeddedStore } from '../../src/store/embedded';
import { addAccount, signInCookie } from '../support/accounts';
import { callAdminApi } from '../support/admin-api';
import { startApp, type RunningApp } from '../support/server';

describe('confirming a broadcast', () => {
  let running: RunningApp;
  let store: Store;
  const cookies: Record<string, string> = {};
  const tokens: Record<string, string> = {};

  const post = (who: string, fields: Record<string, string>) =>
    fetch(`${running.url}/admin/broadcasts`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies[who] },
      body: new URLSearchParams(fields).toString(),
    });

  /** The fields of the compose form, filled, with the account's form token. */
  const composed = async (who: string, text: string) => {
    const form = await fetch(`${running.url}/admin/broadcasts`, { headers: { cookie: cookies[who] } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1];
    return { _csrf: csrf, 'text.fr': text, 'text.en': '', 'audience.region': 'occitanie', sendAt: '' };
  };

  /** What the review page's "send" button posts: every field it carries, hidden ones included. */
  const reviewed = async (who: string, fields: Record<string, string>): Promise<Record<string, string>> => {
    const review = await (await post(who, { ...fields, intent: 'review' })).text();
    const form = review.slice(review.lastIndexOf('<form method="post" action="/admin/broadcasts"'));
    const carried = [...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)];
    return { ...Object.fromEntries(carried.map(([, name, value]) => [name, value])), intent: 'send' };
  };

  beforeAll(async () => {
    store = createEmbeddedStore();
    running = await startApp({ store, env: { DEMO_DATA: 'false' } });
    for (const name of ['a', 'b']) {
      await store.organisations.save({ id: `org-${name}`, name: `Asso ${name}`, createdAt: '2026-11-01T00:00:00Z' });
      await addAccount(store, { id: `acc-${name}`, email: `${name}@example.org`, organisationId: `org-${name}` });
      cookies[name] = (await signInCookie(running.url, `${name}@example.org`))!;
      tokens[name] = await running.app.admin.accounts.ownApiToken({
        accountId: `acc-${name}`,
        name,
        role: 'coordinator',
        organisationId: `org-${name}`,
      });
    }
  });
  afterAll(() => running.close());

  it('makes one broadcast of the same review sent twice at once, and sends both browsers to it', async () => {
    const send = await reviewed('a', await composed('a', 'Venez samedi !'));
    expect(send.submission).toMatch(/^[0-9A-Za-z]{16}$/);
    const [first, second] = await Promise.all([post('a', send), post('a', send)]);
    expect([first.status, second.status]).toEqual([303, 303]);
    expect(second.headers.get('location')).toBe(first.headers.get('location'));
    const made = (await store.broadcasts.list('org-a')).filter((b) => b.text === 'Venez samedi !');
    expect(made).toHaveLength(1);
    expect(first.headers.get('location')).toBe(`/admin/broadcasts/${made[0].id}`);
    // Sent again later (the browser's back button, then "resend"): still the one broadcast.
    expect((await post('a', send)).headers.get('location')).toBe(first.headers.get('location'));
    expect((await store.broadcasts.list('org-a')).filter((b) => b.text === 'Venez samedi !')).toHaveLength(1);
  });

  it('gives each review its own broadcast: reviewing again is a new one', async () => {
    const fields = await composed('a', 'Deux fois exprès');
    const once = await reviewed('a', fields);
    const again = await reviewed('a', fields);
    expect(again.submission).not.toBe(once.submission);
    await post('a', once);
    await post('a', again);
    expect((await store.broadcasts.list('org-a')).filter((b) => b.text === 'Deux fois exprès')).toHaveLength(2);
  });

  it('never hands one account the broadcast another made with the same id', async () => {
    const theirs = await reviewed('a', await composed('a', 'À nous'));
    await post('a', theirs);
    const original = (await store.broadcasts.list('org-a')).find((b) => b.text === 'À nous')!;
    const mine = await reviewed('b', await composed('b', 'À moi'));
    const sent = await post('b', { ...mine, submission: theirs.submission });
    expect(sent.status).toBe(303);
    expect(sent.headers.get('location')).not.toBe(`/admin/broadcasts/${original.id}`);
    expect(await store.broadcasts.get(original.id)).toEqual(original);
    expect((await store.broadcasts.list('org-b')).map((b) => b.text)).toEqual(['À moi']);
  });

  describe('over the API', () => {
    type Created = { broadcast?: { id: string }; error?: string };
    const create = (who: string, text: string, key?: string) =>
      callAdminApi<Created>(
        running.url,
        'POST',
        '/broadcasts',
        tokens[who],
        { text, audience: { region: 'occitanie' } },
        key === undefined ? {} : { 'Idempotency-Key': key },
      );

    it('makes one broadcast of a request retried with the same Idempotency-Key, even at once', async () => {
      const key = '0b5a3f7e-8c1d-4e2a-9f60-2d7c1e9a4b11';
      const [first, second] = await Promise.all([create('a', 'Par l’API', key), create('a', 'Par l’API', key)]);
      expect([first.status, second.status]).toEqual([201, 201]);
      expect(second.body.broadcast!.id).toBe(first.body.broadcast!.id);
      expect((await create('a', 'Par l’API', key)).body.broadcast!.id).toBe(first.body.broadcast!.id);
      expect((await store.broadcasts.list('org-a')).filter((b) => b.text === 'Par l’API')).toHaveLength(1);
      // Without a key, each request is a broadcast of its own.
      await create('a', 'Sans clé');
      await create('a', 'Sans clé');
      expect((await store.broadcasts.list('org-a')).filter((b) => b.text === 'Sans clé')).toHaveLength(2);
    });

    it("keeps one account's key its own, and refuses a key that is not short visible text", async () => {
      const key = 'shared-key-1';
      const mine = await create('a', 'Clé de A', key);
      const theirs = await create('b', 'Clé de B', key);
      expect(theirs.status).toBe(201);
      expect(theirs.body.broadcast!.id).not.toBe(mine.body.broadcast!.id);
      expect((await store.broadcasts.get(mine.body.broadcast!.id))?.text).toBe('Clé de A');
      for (const bad of ['a b', 'x'.repeat(256), 'clé']) {
        const refused = await create('a', 'Refusé', bad);
        expect(refused.status).toBe(400);
        expect(refused.body.error).toMatch(/Idempotency-Key/);
      }
      expect((await store.broadcasts.list('org-a')).filter((b) => b.text === 'Refusé')).toHaveLength(0);
    });
  });
});
