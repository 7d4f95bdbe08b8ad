/**
 * TRUST_PROXY: whether X-Forwarded-For is believed. Off by default, so a client cannot choose the
 * address that login attempts are counted by; set to the proxies in front of the bot, it is.
 */
import { parseTrustProxy, readConfig } from '../../src/config';
import { createEmbeddedStore } from '../../src/store/embedded';
import { account } from '../support/factories';
import { startApp } from '../support/server';
import { postForm } from '../support/sign-in-form';

async function failedLoginsFrom21Addresses(env: NodeJS.ProcessEnv): Promise<number[]> {
  const running = await startApp({ env });
  try {
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      const response = await postForm(
        running.url,
        '/admin/login',
        { email: `guess-${i}@example.org`, password: 'not the password' },
        { 'x-forwarded-for': `203.0.113.${i + 1}` },
      );
      statuses.push(response.status);
    }
    return statuses;
  } finally {
    await running.close();
  }
}

describe('TRUST_PROXY', () => {
  it('reads off, a number of proxies, or their addresses, and refuses anything else', () => {
    expect(parseTrustProxy(undefined)).toBe(false);
    expect(parseTrustProxy('off')).toBe(false);
    expect(parseTrustProxy('1')).toBe(1);
    expect(parseTrustProxy('10.0.0.1, 192.168.0.0/16, loopback, ::1')).toEqual([
      '10.0.0.1',
      '192.168.0.0/16',
      'loopback',
      '::1',
    ]);
    for (const wrong of ['yes please', '10.0.0.0/33', 'proxy.example', '10.0.0.1/8/1'])
      expect(parseTrustProxy(wrong)).toBeUndefined();
    expect(() => readConfig({ TRUST_PROXY: 'yes please' })).toThrow(/TRUST_PROXY must be off, a number of proxies/);
    expect(readConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(readConfig({}).trustProxy).toBeUndefined();
  });

  it('ignores X-Forwarded-For by default: the 21st failed login from one connection is refused', async () => {
    expect((await failedLoginsFrom21Addresses({})).at(-1)).toBe(429);
  }, 30_000);

  it('believes the proxy when told there is one: each forwarded address counts on its own', async () => {
    expect((await failedLoginsFrom21Addresses({ TRUST_PROXY: '1' })).at(-1)).toBe(401);
  }, 30_000);
});

describe('bearer token guessing', () => {
  it('refuses an address that tried 20 wrong tokens, for a while, saying when to come back', async () => {
    const running = await startApp();
    try {
      const call = (token: string) =>
        fetch(`${running.url}/api/admin/me`, { headers: { authorization: `Bearer ${token}` } });
      for (let i = 0; i < 20; i++) expect((await call(`wrong-${i}`)).status).toBe(401);
      const refused = await call('wrong-20');
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      // Without any token, the answer stays "authenticate": that is no guess.
      expect((await fetch(`${running.url}/api/admin/opportunities`)).status).toBe(401);
    } finally {
      await running.close();
    }
  });
});

describe('password guessing', () => {
  it('slows the guesser down without locking the owner out', async () => {
    const store = createEmbeddedStore();
    await store.accounts.create(
      await account({ id: 'coord', email: 'coord@example.org', role: 'coordinator', organisationId: 'org' }),
    );
    const running = await startApp({ store, env: { TRUST_PROXY: '1' } });
    try {
      const login = (from: string, password: string) =>
        postForm(running.url, '/admin/login', { email: 'Coord@example.org', password }, { 'x-forwarded-for': from });
      const guesses = [];
      for (let i = 0; i < 8; i++) guesses.push((await login('198.51.100.7', `guess-${i}`)).status);
      expect(guesses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
      expect((await login('198.51.100.7', 'correct horse battery')).status).toBe(429);
      // The owner, from their own address, signs in at once.
      expect((await login('203.0.113.20', 'correct horse battery')).status).toBe(303);
    } finally {
      await running.close();
    }
  }, 30_000);
});
