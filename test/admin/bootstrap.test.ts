/**
 * Signing in before there is a session: the sign-in and set-up forms carry a CSRF token (double
 * submit), and ADMIN_TOKEN creates the first administrator, then can be turned off.
 */
import type { Store } from '../../src/domain/ports';
import { createEmbeddedStore } from '../../src/store/embedded';
import type { Logger } from '../../src/util/logger';
import { account, TEST_PASSWORD } from '../support/factories';
import { startApp } from '../support/server';
import { openForm, postForm } from '../support/sign-in-form';

const PASSWORD = TEST_PASSWORD;

async function withAccount(): Promise<Store> {
  const store = createEmbeddedStore();
  await store.accounts.create(await account());
  return store;
}

function recorder(): Logger & { lines: { message: string; fields?: Record<string, unknown> }[] } {
  const lines: { message: string; fields?: Record<string, unknown> }[] = [];
  const record = (message: string, fields?: Record<string, unknown>) => void lines.push({ message, fields });
  return { lines, info: record, warn: record, error: record };
}

const me = (url: string, token: string) =>
  fetch(`${url}/api/admin/me`, { headers: { authorization: `Bearer ${token}` } });

describe('forms before signing in', () => {
  it('refuses a sign-in posted without the form token (from another site), and takes it with', async () => {
    const running = await startApp({ store: await withAccount() });
    try {
      const fields = { email: 'root@example.org', password: PASSWORD };
      const bare = await fetch(`${running.url}/admin/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      });
      expect(bare.status).toBe(403);
      expect(await bare.text()).toContain('Le formulaire a expiré ou ne vient pas de ce site');
      expect(bare.headers.get('set-cookie') ?? '').not.toContain('mobot_admin=');

      const { cookie, csrf } = await openForm(running.url, '/admin/login');
      expect(cookie).toMatch(/^mobot_form=/);
      const forged = await fetch(`${running.url}/admin/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
        body: new URLSearchParams({ ...fields, _csrf: `${csrf.slice(0, -1)}x` }).toString(),
      });
      expect(forged.status).toBe(403);

      const signedIn = await postForm(running.url, '/admin/login', fields);
      expect(signedIn.status).toBe(303);
      expect(signedIn.headers.get('set-cookie')).toContain('mobot_admin=');
    } finally {
      await running.close();
    }
  });

  it('refuses the set-up form without its token', async () => {
    const running = await startApp({ env: { ADMIN_TOKEN: 'bootstrap-token-0123456789' } });
    try {
      const fields = { token: 'bootstrap-token-0123456789', name: 'Root', email: 'r@example.org', password: PASSWORD };
      const bare = await fetch(`${running.url}/admin/setup`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      });
      expect(bare.status).toBe(403);
      expect(await running.app.store.accounts.count()).toBe(0);
      expect((await postForm(running.url, '/admin/setup', fields)).status).toBe(201);
      expect(await running.app.store.accounts.count()).toBe(1);
    } finally {
      await running.close();
    }
  });
});

describe('ADMIN_TOKEN', () => {
  it('unset without accounts: a token for this run is printed and creates the first administrator', async () => {
    const logger = recorder();
    const running = await startApp({ logger });
    try {
      const printed = logger.lines.find((line) => line.fields?.adminToken)?.fields?.adminToken as string;
      expect(printed).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect((await me(running.url, printed)).status).toBe(200);
      expect(await (await fetch(`${running.url}/admin/login`)).text()).toContain('href="/admin/setup"');
    } finally {
      await running.close();
    }
  });

  it('is off once an account exists and it is not set: no token printed, none accepted, set-up closed', async () => {
    const logger = recorder();
    const running = await startApp({ store: await withAccount(), logger });
    try {
      expect(logger.lines.filter((line) => line.fields?.adminToken)).toEqual([]);
      expect((await me(running.url, 'bootstrap-token-0123456789')).status).toBe(401);
      expect(await (await fetch(`${running.url}/admin/login`)).text()).not.toContain('/admin/setup');
      const setup = await postForm(running.url, '/admin/setup', {
        token: 'anything',
        name: 'Intruder',
        email: 'i@example.org',
        password: PASSWORD,
      });
      expect(setup.status).toBe(409);
    } finally {
      await running.close();
    }
  });

  it('left set once accounts exist, still works and is warned about at start', async () => {
    const logger = recorder();
    const running = await startApp({
      store: await withAccount(),
      logger,
      env: { ADMIN_TOKEN: 'bootstrap-token-0123456789' },
    });
    try {
      expect(logger.lines.map((line) => line.message)).toContain(
        'ADMIN_TOKEN is set and acts as an administrator: unset it once your administrators have accounts',
      );
      expect((await me(running.url, 'bootstrap-token-0123456789')).status).toBe(200);
    } finally {
      await running.close();
    }
  });
});
